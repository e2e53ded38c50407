"""Cycling results: a per-cycle summary and time series as pandas DataFrames, saved as CSV and a figure.

Capacities and energies of each step come from PyBaMM's integrated states ("Discharge capacity
[A.h]" and "Discharge energy [W.h]") at the step ends, so the summary does not depend on the output
grid. Sign convention: current is positive on discharge (PyBaMM's), capacities are positive numbers.

The first cycle is special: the cell starts from its as-made state (the design's initial stoichiometries), not
from where a discharge to the lower cut-off ends. Its charge therefore starts deeper than its discharge ends, and
the difference is Li left behind at the cut-off (it comes back at a slower rate), not Li lost. The summary names
the two ratios apart (:func:`cycle_summary`): ``first_cycle_efficiency`` (cycle 1 only, including that offset)
and ``coulombic_efficiency`` (cycle 2 on, what a loss of Li shows in), and it takes the hysteresis over the
stored-charge window charge and discharge share (:func:`shared_window`), so cycle 1's does not include the
offset's low-voltage segment either.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import warnings
import weakref

import numpy as np

from ..errors import StoichiometryRangeWarning
from ..files import atomic_write
from ._pybamm import pybamm as _import_pybamm

SUMMARY_COLUMNS = ("cycle", "charge_capacity_mAh_per_g", "discharge_capacity_mAh_per_g",
                   "charge_capacity_mAh_per_cm2", "discharge_capacity_mAh_per_cm2", "first_cycle_efficiency",
                   "coulombic_efficiency", "hysteresis_V", "mean_charge_voltage_V", "mean_discharge_voltage_V",
                   "discharge_energy_Wh_per_kg", "cathode_interphase_nm", "capacity_retention")
_FILM = "X-averaged positive SEI thickness [m]"
_POTENTIALS = {"cathode": "Positive electrode surface potential difference [V]",
               "anode": "Negative electrode surface potential difference [V]"}
_STOICHIOMETRY = {"cathode": "Average positive particle stoichiometry",
                  "anode": "Average negative particle stoichiometry"}


#: how far (in x = c / c_max) a run may leave an electrode's fitted stoichiometry range before it warns
STOICHIOMETRY_TOLERANCE = 0.01
_STOICHIOMETRY_CHECKED = {"cathode": ("Positive particle surface stoichiometry", "Average positive particle stoichiometry"),
                          "anode": ("Negative particle surface stoichiometry", "Average negative particle stoichiometry")}
#: what the per-cycle summary reads (:func:`cycle_summary`)
SUMMARY_VARIABLES = ("Discharge capacity [A.h]", "Discharge energy [W.h]", "Voltage [V]", _FILM)
#: what every :class:`CellRun` reads when it is made: the stoichiometry range check's and the summary's variables
RUN_VARIABLES = tuple(dict.fromkeys([v for pair in _STOICHIOMETRY_CHECKED.values() for v in pair]
                                    + list(SUMMARY_VARIABLES)))
#: what the time series reads (:func:`time_series`)
TIMESERIES_VARIABLES = ("Time [s]", "Current [A]", "Voltage [V]", "Discharge capacity [A.h]", *_POTENTIALS.values(),
                        _FILM, *_STOICHIOMETRY.values())


def stoichiometry_excursions(solution, materials, tolerance: float = STOICHIOMETRY_TOLERANCE, data=None) -> dict:
    """Electrodes whose surface or particle-average stoichiometry left the OCP's range by over ``tolerance``.

    The range is the fit's ``stoichiometry_min`` .. ``stoichiometry_max``, or up to ``stoichiometry_tail_max``
    when a tail borrowed from a related material continues the fit (NCM111: the NMC622 MSMR site to x = 1,
    :func:`cellsim.cell.ocp.ncm111_bpx_msmr_tail`).

    ``data``: the solution's :class:`StepData`, whose whole-run arrays are then shared with the tables.

    Returns
    -------
    dict
        ``{electrode: (lowest x reached, highest x reached, stoichiometry_min, the range's top)}`` for each
        electrode out of range (empty when the run stayed inside ``[min - tolerance, max + tolerance]``).
    """
    out = {}
    for name, variables in _STOICHIOMETRY_CHECKED.items():
        mat = materials.cathode if name == "cathode" else materials.anode
        values = [np.asarray(data.whole(v) if data is not None else solution[v].entries) for v in variables]
        lo, hi = min(float(np.min(v)) for v in values), max(float(np.max(v)) for v in values)
        top = mat.stoichiometry_max if mat.stoichiometry_tail_max is None else mat.stoichiometry_tail_max
        if lo < mat.stoichiometry_min - tolerance or hi > top + tolerance:
            out[name] = (lo, hi, mat.stoichiometry_min, top)
    return out


def stoichiometry_messages(excursions: dict, temperature_K: float) -> list[str]:
    """One sentence per electrode of ``excursions`` (:func:`stoichiometry_excursions`) saying where it went."""
    return [f"the {name} stoichiometry reached {lo:.4f}..{hi:.4f} at T = {temperature_K} K, outside its OCP's "
            f"range {smin:.4f}..{smax:.4f} (its fit, and a related material's tail where given) by more than "
            f"{STOICHIOMETRY_TOLERANCE}: the OCP there is an extrapolation"
            for name, (lo, hi, smin, smax) in excursions.items()]


def warn_stoichiometry(excursions: dict, temperature_K: float) -> None:
    """Warn (:class:`~cellsim.errors.StoichiometryRangeWarning`) about each electrode of ``excursions``."""
    for message in stoichiometry_messages(excursions, temperature_K):
        warnings.warn(message, StoichiometryRangeWarning, stacklevel=3)


def is_skipped(step) -> bool:
    """True for a step PyBaMM skipped (an ``EmptySolution``: the step's cut-off was already passed at its start,
    e.g. a 5C discharge whose first voltage lies below the lower cut-off). It passes no charge and has no
    variables; the summary and time series leave it out."""
    return type(step).__name__ == "EmptySolution"


def steps_of(cycle) -> list:
    """The steps of a PyBaMM cycle solution that ran (:func:`is_skipped` ones left out)."""
    return [s for s in cycle.steps if not is_skipped(s)]


def skipped_steps(cycles) -> list[dict]:
    """Where PyBaMM skipped a step: ``[{"cycle": n, "step": k, "reason": ...}]`` (1-based)."""
    return [{"cycle": n, "step": k, "reason": str(s.termination)} for n, c in enumerate(cycles, start=1)
            for k, s in enumerate(c.steps, start=1) if is_skipped(s)]


def skipped_summary(skipped: list[dict], protocol=None) -> str:
    """One line saying which steps PyBaMM skipped and why ('' if none)."""
    if not skipped:
        return ""
    first = skipped[0]
    why = ("its cut-off was already passed when it started (at this current the overpotential alone crosses the "
           "voltage limit)") if "initial conditions" in first["reason"] else first["reason"]
    more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
    return f"step {first['step']} of cycle {first['cycle']} was skipped{more}: {why}"


def _entries(step, variable):
    """A variable's values over one PyBaMM step solution (PyBaMM evaluates it for this step alone)."""
    return step[variable].entries


#: combined CasADi functions of :func:`observe_together`, per PyBaMM model (its observer cache) and variable list
_COMBINED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


#: an affine row with more non-zero state coefficients than this is evaluated as a dot product over the contiguous
#: block of states it reads (a particle average: ~100 states); the others as weighted sums of the states they read
_DENSE_ROW_NNZ = 16


class _AffineAt:
    """:class:`_Affine`'s rows at one input vector p: ``J y + c t + b`` on a sub-solution's states, read in place.

    PyBaMM stores a sub-solution's states Fortran-ordered (n_y, n_t), each time point's states contiguous. The
    states the rows read are gathered once; a row reading a few of them (surface stoichiometries, potentials, the
    voltage: <= :data:`_DENSE_ROW_NNZ`) is a weighted sum of those rows, rows with equally many terms together; a
    row reading many (a particle average) is a dot product over its block of states. Nothing goes through BLAS: a
    dense (rows x states) product is ~10x the arithmetic (most coefficients are zero), and multi-threaded BLAS on
    a machine whose cores are busy took up to 3 s instead of 0.06 s for a 100-cycle DFN run (measured).
    """

    def __init__(self, J, c, b):
        self.c, self.b = c, b[:, None]
        self.t_rows = np.flatnonzero(c)
        nnz = np.count_nonzero(J, axis=1)
        dense = nnz > _DENSE_ROW_NNZ
        sparse = np.flatnonzero(~dense)
        self.cols = np.flatnonzero(np.any(J[sparse] != 0, axis=0))
        local = np.full(J.shape[1], -1)
        local[self.cols] = np.arange(self.cols.size)
        self.groups = []  # (rows, (rows, k) indices into the gathered states, (rows, k) weights) per term count k
        for k in np.unique(nnz[sparse]):
            rows = sparse[nnz[sparse] == k]
            where = np.array([np.flatnonzero(J[r]) for r in rows], dtype=int).reshape(len(rows), k)
            self.groups.append((rows, local[where], J[rows[:, None], where][..., None]))
        self.dense = []
        for r in np.flatnonzero(dense):
            nz = np.flatnonzero(J[r])
            self.dense.append((r, nz[0], nz[-1] + 1, J[r, nz[0]:nz[-1] + 1].copy()))

    def __call__(self, ys, ts):
        """The rows at the points of one sub-solution: states ``ys`` (n_y, n_t), times ``ts`` (n_t,)."""
        out = np.empty((len(self.b), ys.shape[1]))
        read = ys[self.cols]
        for rows, where, weights in self.groups:
            if where.shape[1] == 0:
                out[rows] = 0.0
                continue
            acc = read[where[:, 0]] * weights[:, 0]
            for m in range(1, where.shape[1]):
                acc += read[where[:, m]] * weights[:, m]
            out[rows] = acc
        for r, lo, hi, w in self.dense:
            out[r] = np.einsum("ij,i->j", ys[lo:hi], w)
        out += self.b
        if self.t_rows.size:
            out[self.t_rows] += self.c[self.t_rows, None] * ts
        return out


@dataclasses.dataclass(eq=False)
class _Affine:
    """Rows affine in the states and the time for fixed inputs: ``J(p) y + c(p) t + b(p)`` (the coefficients may
    depend on the inputs: a temperature, a conductivity). ``coef(p)`` gives (J, c, b); one :class:`_AffineAt` per
    input vector seen is kept (a batch's runs have their own). Not thread-safe, as CasADi is not: one
    :func:`observe_many` at a time per process (the Dask workers hold a lock)."""

    rows: np.ndarray
    coef: object
    _at: dict = dataclasses.field(default_factory=dict)

    #: input vectors whose coefficients are kept (a batch's runs; a sweep's points each have their own, so the
    #: oldest are dropped: the memory stays flat over a sweep)
    KEEP = 64

    def at(self, p) -> _AffineAt:
        p = np.asarray(p, dtype=float).ravel()
        key = p.tobytes()
        if key not in self._at:
            J, c, b = (np.asarray(m.full()) for m in self.coef(p))
            while len(self._at) >= self.KEEP:
                self._at.pop(next(iter(self._at)))
            self._at[key] = _AffineAt(J, c.ravel(), b.ravel())
        return self._at[key]


@dataclasses.dataclass(eq=False)  # hashed by identity: a key of the observation chunks
class _Joined:
    """The variables of one PyBaMM model, evaluated together: the rows affine in the states and the time for fixed
    inputs (:class:`_Affine`: stoichiometries, integrated capacity and energy, a galvanostatic current, the time,
    and in the DFN the voltage and the electrode potentials), read from each sub-solution's states in place, and the others in one serialised CasADi function for PyBaMM's observer kernel (``fn``; None if every
    row is affine), on chunks of sub-solutions. Row indices refer to the stacked variables of ``layout``."""

    fn: object
    vm_rows: np.ndarray
    affine: _Affine | None

    def evaluate(self, idaklu, is_f_contiguous, ts, yp):
        """The CasADi function's rows at the points ``ts`` (states and inputs ``yp``, Fortran order):
        (len(vm_rows), len(ts))."""
        return idaklu.observe(idaklu.VectorRealtypeNdArray([ts]), idaklu.VectorRealtypeNdArray([yp]),
                              idaklu.VectorRealtypeNdArray([np.zeros(1)]), [self.fn], is_f_contiguous([yp]),
                              [len(self.vm_rows), len(ts)])


#: CasADi operations that switch at a threshold: an expression of the states or the time that still holds one
#: once the inputs are fixed is not read as affine (:func:`_affine_part`)
_THRESHOLD_OPS = ("OP_LT", "OP_LE", "OP_EQ", "OP_NE", "OP_NOT", "OP_AND", "OP_OR", "OP_IF_ELSE_ZERO", "OP_FLOOR",
                  "OP_CEIL", "OP_SIGN", "OP_COPYSIGN", "OP_FMOD", "OP_REMAINDER", "OP_FMIN", "OP_FMAX")


def _affine_part(leaf, casadi, probe):
    """CasADi function p -> (J, c, b) when ``leaf(t, y, p)`` is ``J(p) y + c(p) t + b(p)``, else None.

    Decided from the expression: the Jacobian with respect to (t, y) must not depend on t or y (CasADi's
    ``is_linear`` first, as a quick filter; it calls fmin/fmax linear, the Jacobian does not), and with the inputs
    fixed no threshold may remain (a comparison, ``if_else``, floor, sign ... of the states or the time has a zero
    derivative and would pass the Jacobian test: :data:`_THRESHOLD_OPS`; thresholds on the inputs alone fold to
    constants). Checked at ``probe`` = (y, p) of the solution, at t = 0 and t = 1000 s: finite, and equal to the
    leaf's value within 1e-12 relative.
    """
    t, y, p = (leaf.sx_in(i) for i in range(3))
    ty = casadi.vertcat(t, y)
    out = leaf(t, y, p)
    if not casadi.is_linear(out, ty):  # quick: most nonlinear variables end here
        return None
    jac = casadi.jacobian(out, ty)
    if casadi.depends_on(jac, ty):
        return None
    y0, p0 = probe
    fixed = casadi.Function("fixed", [t, y], [casadi.substitute(out, p, casadi.DM(p0))])
    thresholds = {getattr(casadi, op) for op in _THRESHOLD_OPS if hasattr(casadi, op)}
    if any(fixed.instruction_id(k) in thresholds for k in range(fixed.n_instructions())):
        return None
    n_y = y.numel()
    zero = casadi.substitute(out, ty, casadi.DM.zeros(ty.numel()))
    coef = casadi.Function("affine", [p], [casadi.densify(jac[:, 1:]), casadi.densify(jac[:, 0]), zero])
    J, c, b = (np.asarray(m.full()) for m in coef(p0))
    c, b = c.ravel(), b.ravel()
    for t0 in (0.0, 1000.0):
        value = np.asarray(leaf(t0, y0, p0).full()).ravel()
        at_probe = J @ y0 + c * t0 + b
        if not (np.all(np.isfinite(J)) and np.all(np.isfinite(at_probe)) and J.shape[1] == n_y
                and np.allclose(at_probe, value, rtol=1e-12, atol=1e-300)):
            return None
    return coef


def _combined_function(solution, model, ys_shape, inputs, names, probe):
    """(:class:`_Joined` evaluating all of ``names`` stacked, [(name, rows, shape kind)]) for one PyBaMM model, or None.

    The parts are PyBaMM's own per-variable CasADi functions (its observer cache, so the values are PyBaMM's to the
    bit: each keeps PyBaMM's conversion, including its ``(v - 1) + 1``); joined in one function with common
    subexpression elimination, terms several variables share (OCPs, overpotentials) are computed once per point.
    Variables affine in the states and the time for fixed inputs (:func:`_affine_part`: in the DFN every variable
    the tables read, the voltage and electrode potentials included, whose OCP terms at the reference state depend
    on the temperature input only; in the SPMe all but those, which take logarithms of the states) are read from
    the states in place instead (:class:`_Affine`),
    equal to PyBaMM's to round-off (summation order; measured <= 1e-15 relative); the virtual machine's variables
    stay equal to the bit. ``probe``: one state and input vector of the model's solution, where each affine part
    is checked.
    Only variables PyBaMM reads as 0-D or 1-D (in x) ProcessedVariables are joined; anything else returns None.
    """
    import casadi

    pybamm = _import_pybamm()
    try:
        from pybamm.solvers.observation import ObserverCache
    except ImportError:  # a PyBaMM without it: its own path
        return None
    cache = ObserverCache.of(model)
    per_model = _COMBINED.setdefault(cache, {})
    key = tuple(names)
    if key not in per_model:
        try:
            per_model[key] = _join(solution, model, cache, ys_shape, inputs, names, casadi, pybamm, probe)
        except Exception:  # anything PyBaMM's own path reads but this cannot join: read there, one by one
            per_model[key] = None
    return per_model[key]


def _plain_leaf(var, inputs, ys_shape, casadi, pybamm):
    """PyBaMM's CasADi function of one discretised variable (``Solution.process_casadi_var``'s conversion) in its
    virtual-machine form, also when the solve compiled its own; (function, var, time integral)."""
    time_integral = pybamm.ProcessedVariableTimeIntegral.from_pybamm_var(var, ys_shape[0])
    if time_integral is not None:
        return None, var, time_integral
    t, y = casadi.MX.sym("t"), casadi.MX.sym("y", ys_shape[0])
    p = casadi.MX.sym("p", sum(np.size(v) for v in inputs.values()))
    p_parts, at = {}, 0
    for key, value in inputs.items():
        p_parts[key] = p[at:at + np.size(value)]
        at += np.size(value)
    value = var.to_casadi(t, y, inputs=p_parts)
    return casadi.Function("variable", [t, y, p], [(value - 1.0) + 1.0]).expand(), var, None


def _join(solution, model, cache, ys_shape, inputs, names, casadi, pybamm, probe):
    """:func:`_combined_function`'s work: PyBaMM's leaves of ``names`` joined, or None. When the solve compiled
    its functions (``CellModel(compile=True)``), PyBaMM's leaves are compiled libraries that cannot be joined: the
    joined function is built from the variables' expressions and compiled as a whole (round-off-level
    differences from PyBaMM's compiled leaves, as the compiled solve has from the virtual machine's)."""
    compiled = bool(getattr(solution, "_options", {}).get("compile"))
    leaves, layout = [], []
    for name in names:
        var = model.get_processed_variable_or_event(name)
        if isinstance(var, pybamm.VectorField):
            return None
        if compiled:
            leaf, var, time_integral = _plain_leaf(var, inputs, ys_shape, casadi, pybamm)
        else:
            leaf, var, time_integral = cache.casadi_leaf(solution, name, var, inputs, ys_shape)
        shape = var.shape
        if time_integral is not None or leaf.size2_out(0) != 1:
            return None
        if len(shape) == 0 or shape[0] == 1:
            kind = "0D"
        elif var.mesh is not None and shape[0] in (var.mesh.npts, var.mesh.npts + 1) and hasattr(var.mesh, "nodes") \
                and not hasattr(var.mesh, "edges_lr") and not isinstance(var.mesh, pybamm.UnstructuredSubMesh) \
                and "current collector" not in var.domain:
            kind = "1D"
        else:
            return None
        leaves.append(leaf)
        layout.append((name, leaf.size1_out(0), kind))
    n_y, n_p = leaves[0].size1_in(1), leaves[0].size1_in(2)
    starts = np.concatenate([[0], np.cumsum([size for _, size, _ in layout])]).astype(int)
    probe = (np.asarray(probe[0], dtype=float).ravel(), np.asarray(probe[1], dtype=float).ravel())
    affine = [None if compiled else _affine_part(leaf, casadi, probe) for leaf in leaves]
    vm = [k for k, part in enumerate(affine) if part is None]
    rows = lambda ks: np.concatenate([np.arange(starts[k], starts[k + 1]) for k in ks] or [np.zeros(0, int)])
    fn = None
    if vm:
        t = casadi.MX.sym("t")
        yp = casadi.MX.sym("yp", n_y + n_p)  # the states with the inputs below them: one chunk may mix input sets
        unused = casadi.MX.sym("unused", 1)
        y, p = yp[:n_y], yp[n_y:]
        joined = casadi.Function("joined", [t, yp, unused],
                                 [casadi.vertcat(*[leaves[k](t, y, p) for k in vm])]).expand()
        sx = joined.sx_in()
        joined = casadi.Function("joined", sx, joined.call(sx), {"cse": True})
        if compiled:
            from pybamm.codegen.compilation import aot_compile

            joined = aot_compile(joined)
        fn = joined.serialize()
    aff = [k for k, part in enumerate(affine) if part is not None]
    joined_affine = None
    if aff:
        p = casadi.SX.sym("p", n_p)
        parts = [affine[k](p) for k in aff]
        coef = casadi.Function("affine", [p], [casadi.vertcat(*[part[i] for part in parts]) for i in range(3)])
        joined_affine = _Affine(rows(aff), coef)
    return _Joined(fn, rows(vm), joined_affine), layout


#: most time points evaluated in one observer call. PyBaMM's kernel rebuilds the CasADi function from its serialised
#: form once per sub-solution handed to it (~1.4 ms for the DFN's joined variables, 0.5 ms for the SPMe's: for a
#: 100-cycle run, or a batch of one-cycle runs, more than evaluating them), so the sub-solutions of one model are
#: joined into chunks of up to this many points (their states copied side by side)
OBSERVE_CHUNK_POINTS = 16384


def _observation_chunks(plans):
    """(function, t, [y; p], [(run k, columns of run k, columns of the chunk)]) per chunk: the sub-solutions of
    all runs with the same joined function, in the order they ran, each input vector copied below its states, at
    most :data:`OBSERVE_CHUNK_POINTS` points a chunk (a longer sub-solution is a chunk of its own)."""
    groups: dict = {}
    for k, (solution, segments) in enumerate(plans):
        starts = np.concatenate([[0], np.cumsum([len(t) for t in solution.all_ts])]).astype(int)
        for i, fn in segments:
            groups.setdefault(fn, []).append((k, solution, i, starts[i], starts[i + 1]))
    buffer = np.empty(0)  # reused from chunk to chunk (a fresh array per chunk costs its page faults again)
    for fn, members in groups.items():
        chunk: list = []
        for m in members + [None]:
            size = sum(b - a for _, _, _, a, b in chunk)
            if chunk and (m is None or size + m[4] - m[3] > OBSERVE_CHUNK_POINTS):
                sol0, i0 = chunk[0][1], chunk[0][2]
                n_y, n_p = sol0.all_ys[i0].shape[0], np.size(sol0.all_inputs_stacked[i0])
                ts = np.concatenate([sol.all_ts[i] for _, sol, i, _, _ in chunk])
                if buffer.size < (n_y + n_p) * size:
                    buffer = np.empty((n_y + n_p) * max(size, min(OBSERVE_CHUNK_POINTS, 4 * size)))
                yp = buffer[:(n_y + n_p) * size].reshape((n_y + n_p, size), order="F")
                where, at = [], 0
                for k, sol, i, a, b in chunk:
                    yp[:n_y, at:at + b - a] = sol.all_ys[i]
                    yp[n_y:, at:at + b - a] = np.asarray(sol.all_inputs_stacked[i], dtype=float).reshape(-1, 1)
                    where.append((k, slice(a, b), slice(at, at + b - a)))
                    at += b - a
                yield fn, ts, yp, where
                chunk = []
            if m is not None:
                chunk.append(m)


def observe_together(solution, names) -> dict:
    """Several variables of a PyBaMM solution over its whole time grid, in one pass: ``{name: entries}``
    (:func:`observe_many` of one solution)."""
    return observe_many([solution], names)[0]


def observe_many(solutions, names) -> list[dict]:
    """Several variables of several PyBaMM solutions over their whole time grids, in one pass: per solution
    ``{name: entries}``.

    PyBaMM evaluates each variable on its own (one CasADi function per variable and sub-solution, looped over
    every time point in C++); a voltage and the electrode potentials then recompute the same OCPs and
    overpotentials, ~3x the work. Here the variables are joined in one CasADi function per model
    (:func:`_combined_function`): the rows affine in the states (for the DFN, all the tables read) are
    read from each sub-solution's states in place (:class:`_Affine`, equal to PyBaMM's to round-off), the others
    evaluated by the same IDAKLU kernel PyBaMM uses (``idaklu.observe``) on chunks of sub-solutions
    (:func:`_observation_chunks`; e.g. all runs of a batched solve, which share their step models), equal to
    ``solution[name].entries`` to the bit (tests/cell/test_observe.py). A solution
    this does not cover (outputs-only solves, sensitivities, variables other than 0-D or 1-D in x) gets {}: the
    caller then uses PyBaMM's path.
    """
    solutions, names = list(solutions), list(names)
    _import_pybamm()
    try:
        from pybamm.solvers.variable_observer import _is_f_contiguous
        from pybammsolvers import idaklu
    except ImportError:  # a PyBaMM without these internals: evaluate one by one
        return [{} for _ in solutions]
    plans, layouts = [], []
    for solution in solutions:
        segments, layout = [], None
        if names and not solution.variables_returned and not solution.sensitivities:
            for i, t in enumerate(solution.all_ts):
                if len(t) == 0:  # PyBaMM skips empty sub-solutions too
                    continue
                combined = _combined_function(solution, solution.all_models[i], solution.all_ys[i].shape,
                                              solution.all_inputs[i], names,
                                              (solution.all_ys[i][:, 0], solution.all_inputs_stacked[i]))
                if combined is None or (layout is not None and combined[1] != layout):
                    segments = []
                    break
                segments.append((i, combined[0]))
                layout = combined[1]
        if not segments or sum(len(solution.all_ts[i]) for i, _ in segments) != len(solution.t):
            segments, layout = [], None
        plans.append((solution, segments))
        layouts.append(layout)
    rows = [None if lay is None else sum(size for _, size, _ in lay) for lay in layouts]
    # as the kernel returns them (Fortran order: reductions over x then sum alike)
    values = [None if r is None else np.empty((r, len(sol.t)), order="F") for r, sol in zip(rows, solutions)]
    for k, (solution, segments) in enumerate(plans):  # the affine rows: from each sub-solution's states in place
        starts = np.concatenate([[0], np.cumsum([len(t) for t in solution.all_ts])]).astype(int)
        for i, joined in segments:
            if joined.affine is not None:
                at = joined.affine.at(solution.all_inputs_stacked[i])
                values[k][joined.affine.rows, starts[i]:starts[i + 1]] = at(solution.all_ys[i], solution.all_ts[i])
    vm_plans = [(solution, [(i, joined) for i, joined in segments if joined.fn is not None])
                for solution, segments in plans]
    for joined, ts, yp, where in _observation_chunks(vm_plans):  # the others: PyBaMM's kernel on chunks
        out = joined.evaluate(idaklu, _is_f_contiguous, ts, yp)
        for k, run_cols, chunk_cols in where:
            values[k][joined.vm_rows, run_cols] = out[:, chunk_cols]
    results = []
    for layout, vals in zip(layouts, values):
        entries, start = {}, 0
        for name, size, kind in layout or ():
            entries[name] = vals[start, :] if kind == "0D" else vals[start:start + size, :]
            start += size
        results.append(entries)
    return results


class StepData:
    """Variables of every step of a solution, each evaluated once over the whole run and sliced per step.

    Evaluating a variable per step costs one PyBaMM observation per step and variable (200 steps x 10 variables
    for 100 cycles: seconds); evaluated on the whole solution it is one call per variable. Falls back to per-step
    evaluation if the steps do not tile the solution's time grid.
    """

    def __init__(self, solution, loaded: dict | None = None):
        self._solution = solution
        steps = [s for c in solution.cycles if c is not None for s in steps_of(c)]
        lengths = [len(s.t) for s in steps]
        self._tiles = sum(lengths) == len(solution.t)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(int)
        self._slices = {id(s): slice(a, a + n) for s, a, n in zip(steps, starts, lengths)}
        self._full: dict = dict(loaded or {})

    def whole(self, variable):
        """A variable over the whole run (evaluated once, then cached)."""
        if variable not in self._full:
            self._full[variable] = self._solution[variable].entries
        return self._full[variable]

    def load(self, variables) -> None:
        """Evaluate several variables over the whole run in one pass (:func:`observe_together`); those it cannot
        take (or all, if the solution is not one it reads) are left to :meth:`whole`, one by one."""
        names = [v for v in dict.fromkeys(variables) if v not in self._full]
        if names:
            self._full.update(observe_together(self._solution, names))

    def span(self, steps):
        """The slice of the whole run that ``steps`` cover, if they follow one another without gaps; else None."""
        if not self._tiles or not steps or any(id(s) not in self._slices for s in steps):
            return None
        spans = [self._slices[id(s)] for s in steps]
        if any(a.stop != b.start for a, b in zip(spans, spans[1:])):
            return None
        return slice(spans[0].start, spans[-1].stop)

    def __call__(self, step, variable):
        if not self._tiles or id(step) not in self._slices:
            return _entries(step, variable)
        return self.whole(variable)[..., self._slices[id(step)]]


def _step_totals(step, data=_entries):
    q = data(step, "Discharge capacity [A.h]")
    e = data(step, "Discharge energy [W.h]")
    return float(q[-1] - q[0]), float(e[-1] - e[0])


def _film_start(cycles, data=_entries) -> float:
    """Cathode film thickness at the start of the run [m] (coating equivalent, see cathode_film_inputs)."""
    return float(data(steps_of(cycles[0])[0], _FILM)[0])


def complete_cycles(solution) -> list:
    """The cycles of a PyBaMM solution that ran all their steps (a failed last cycle is left out)."""
    cycles = [c for c in solution.cycles if c is not None]
    n_steps = max((len(c.steps) for c in cycles), default=0)
    return [c for c in cycles if len(c.steps) == n_steps]


def shared_window(charge_ranges, discharge_ranges) -> tuple[float, float]:
    """The stored-charge window that the charge and the discharge of a cycle both cover [A.h].

    Parameters
    ----------
    charge_ranges, discharge_ranges : iterable of (float, float)
        (start, end) of PyBaMM's integrated "Discharge capacity [A.h]" q over each charging / discharging step (q
        grows on discharge).

    Returns
    -------
    (float, float)
        ``(lo, hi)``, the overlap of the two halves' q ranges; ``lo >= hi`` when they do not overlap.

    Notes
    -----
    Cycle 1 charges from the as-made state, q_a, to the top of charge, q_b < q_a, and discharges from q_b to
    the cut-off, q_c; the window is [q_b, min(q_a, q_c)]. From cycle 2 on the charge starts where the previous
    discharge ended, and the window is the whole cycle unless Li is lost or gained.

    Examples
    --------
    >>> shared_window([(0.0, -1.00)], [(-1.00, -0.02)])   # charge 1.00 A.h from as-made, discharge 0.98 A.h
    (-1.0, -0.02)
    """
    def span(ranges):
        ranges = [sorted(r) for r in ranges]
        return (min(r[0] for r in ranges), max(r[1] for r in ranges)) if ranges else (np.nan, np.nan)

    (c_lo, c_hi), (d_lo, d_hi) = span(charge_ranges), span(discharge_ranges)
    return float(max(c_lo, d_lo)), float(min(c_hi, d_hi))


def energy_in_window(q, e, lo: float, hi: float, v=None) -> float:
    """Energy passed while the integrated charge q of one step lies in [lo, hi] [W.h] (absolute value).

    ``q`` [A.h] and ``e`` [W.h] are PyBaMM's integrated "Discharge capacity" and "Discharge energy" over the
    step (q monotonic), ``v`` the voltage at the same points [V]. Inside the step's range e is exact at the
    output points; at a window end inside the step it is interpolated: with ``v``, by the cubic Hermite
    polynomial through (q, e) with slope de/dq = V (exact: dE = V dq), fourth order in the output spacing (on
    a 600 s grid at 25 mA/g the hysteresis moves < 0.1 %); without, linearly.

    Examples
    --------
    >>> energy_in_window([0.0, 1.0, 2.0], [0.0, 2.0, 5.0], 0.5, 1.5)   # 1 W.h at 2 V, then 1.5 W.h at 3 V
    2.5
    """
    q, e = np.asarray(q, dtype=float), np.asarray(e, dtype=float)
    v = None if v is None else np.asarray(v, dtype=float)
    if q[0] > q[-1]:
        q, e = q[::-1], e[::-1]
        v = None if v is None else v[::-1]
    a, b = max(lo, q[0]), min(hi, q[-1])
    if not b > a:
        return 0.0
    if v is None or len(q) < 2:
        return float(abs(np.interp(b, q, e) - np.interp(a, q, e)))
    from scipy.interpolate import CubicHermiteSpline

    keep = np.concatenate([[True], np.diff(q) > 0])  # strictly increasing nodes for the spline
    spline = CubicHermiteSpline(q[keep], e[keep], v[keep])
    return float(abs(spline(b) - spline(a)))


def cycle_summary(cycles, active_mass_kg: float, data=_entries, area_m2: float | None = None):
    """Per-cycle table from a list of PyBaMM cycle solutions (``data``: a :class:`StepData` of their solution).

    Parameters
    ----------
    cycles : list
        Complete PyBaMM cycle solutions, the first being the run's first cycle.
    active_mass_kg : float
        Cathode active mass [kg]: specific values are per this mass (A.h.kg-1 = mAh/g).
    data : callable(step, variable), optional
        How to read a variable over a step (a :class:`StepData` of the solution).
    area_m2 : float, optional
        Electrode area [m2] for the areal capacities (mAh/cm2); without it those columns are NaN.

    Notes
    -----
    - ``first_cycle_efficiency`` = Q_dis / Q_ch of cycle 1 (NaN on later rows). The run starts from the as-made
      state, so Q_ch(1) includes Li that the discharge leaves behind at the lower cut-off because of its
      overpotentials (at 25 mA/g on the default cell ~0.5 %, at 4C > 50 %): an initial-state offset, not a loss.
    - ``coulombic_efficiency`` = Q_dis(n) / Q_ch(n) for n >= 2 (NaN on cycle 1): each charge starts where the
      previous discharge ended, so the ratio differs from 1 only by Li lost (< 1) or released (> 1) in the cycle.
    - Mean voltage of a half cycle = its energy / its charge (capacity-weighted mean over the whole half).
    - ``hysteresis_V`` = mean charge voltage minus mean discharge voltage over the stored-charge window both
      halves cover (:func:`shared_window`): for cycle 1 the charge segment below where the discharge ended is
      left out (it would lower the mean charge voltage and made cycle 1's hysteresis smaller than cycle 2's, or
      negative at slow rates). Where the windows coincide it equals mean_charge_voltage_V - mean_discharge_voltage_V.
      The window is aligned at the top of charge: where a side reaction passes charge (a growing interphase), the
      charge passed is not Li moved alone, and cycle 1's value also carries the first, largest side current.
    - ``cathode_interphase_nm`` is the oxidative interphase grown on the cathode particles since the start of the
      run (averaged over the electrode), at the end of the cycle.
    - ``capacity_retention`` = discharge capacity / cycle 1's.
    """
    import pandas as pd

    rows = []
    film_0 = _film_start(cycles, data)
    per_cm2 = 1.0 / (area_m2 * 1e4) if area_m2 else np.nan  # A.h -> A.h/cm2 (x 1e3: mAh/cm2)
    for n, cyc in enumerate(cycles, start=1):
        q_ch = e_ch = q_dis = e_dis = 0.0
        halves = {"charge": [], "discharge": []}
        for step in steps_of(cyc):
            dq, de = _step_totals(step, data)
            if dq < 0:
                q_ch, e_ch = q_ch - dq, e_ch - de
            elif dq > 0:
                q_dis, e_dis = q_dis + dq, e_dis + de
            if dq != 0:
                halves["charge" if dq < 0 else "discharge"].append(step)
        v_ch = e_ch / q_ch if q_ch > 0 else np.nan
        v_dis = e_dis / q_dis if q_dis > 0 else np.nan
        hysteresis = np.nan
        if halves["charge"] and halves["discharge"]:
            qe = {h: [(data(st, "Discharge capacity [A.h]"), data(st, "Discharge energy [W.h]"),
                       data(st, "Voltage [V]")) for st in steps] for h, steps in halves.items()}
            lo, hi = shared_window([(q[0], q[-1]) for q, _, _ in qe["charge"]],
                                   [(q[0], q[-1]) for q, _, _ in qe["discharge"]])
            if hi > lo:
                mean = {h: sum(energy_in_window(q, e, lo, hi, v) for q, e, v in parts) / (hi - lo)
                        for h, parts in qe.items()}
                hysteresis = mean["charge"] - mean["discharge"]
        ratio = q_dis / q_ch if q_ch > 0 else np.nan
        rows.append({
            "cycle": n,
            "charge_capacity_mAh_per_g": q_ch / active_mass_kg,
            "discharge_capacity_mAh_per_g": q_dis / active_mass_kg,
            "charge_capacity_mAh_per_cm2": 1e3 * q_ch * per_cm2,
            "discharge_capacity_mAh_per_cm2": 1e3 * q_dis * per_cm2,
            "first_cycle_efficiency": ratio if n == 1 else np.nan,
            "coulombic_efficiency": ratio if n > 1 else np.nan,
            "hysteresis_V": hysteresis,
            "mean_charge_voltage_V": v_ch,
            "mean_discharge_voltage_V": v_dis,
            "discharge_energy_Wh_per_kg": e_dis / active_mass_kg,
            "cathode_interphase_nm": 1e9 * (float(data(steps_of(cyc)[-1], _FILM)[-1]) - film_0),
        })
    # one DataFrame from whole columns (from a list of row dicts, and a column added after, ~3x slower)
    columns = {c: np.array([r[c] for r in rows]) for c in SUMMARY_COLUMNS[:-1]}
    q_dis = columns["discharge_capacity_mAh_per_g"]
    with np.errstate(invalid="ignore", divide="ignore"):  # a cycle 1 without discharge: NaN, as pandas gave
        columns["capacity_retention"] = q_dis / q_dis[0]
    return pd.DataFrame(columns)


def time_series(cycles, active_mass_kg: float, data=_entries):
    """Time series of a run: time, current, voltage, capacity and electrode potentials vs Li/Li+.

    The electrode potentials are phi_s - phi_e at the particle surfaces (what the electrolyte next to the
    electrode sees, measured against a Li/Li+ reference in the electrolyte), given as the mean, the
    maximum and the minimum over the electrode thickness. Stoichiometries x = c/c_max are averaged over
    all particles of an electrode (cathode: Li in NCM, 0 = fully delithiated; anode: Li in LTO).
    """
    import pandas as pd

    ran = [(n, k, step) for n, cyc in enumerate(cycles, start=1) for k, step in enumerate(cyc.steps, start=1)
           if not is_skipped(step)]
    if isinstance(data, StepData):
        data.load(TIMESERIES_VARIABLES)
    film_0 = _film_start(cycles, data)
    whole = data.span([step for _, _, step in ran]) if isinstance(data, StepData) else None
    if whole is not None:  # the steps are one stretch of the run: whole columns, no loop over steps
        return pd.DataFrame(_time_series_columns(
            lambda var: data.whole(var)[..., whole], active_mass_kg, film_0, np.array([n for n, _, _ in ran]),
            np.array([k for _, k, _ in ran]), [len(step.t) for _, _, step in ran]))
    parts = [_time_series_columns(lambda var, step=step: data(step, var), active_mass_kg, film_0, np.array([n]),
                                  np.array([k]), [len(step.t)]) for n, k, step in ran]
    # one DataFrame from whole columns (a frame per step and a concat cost ~1 s per 100 cycles)
    return pd.DataFrame({name: np.concatenate([p[name] for p in parts]) for name in (parts[0] if parts else {})})


def _time_series_columns(get, active_mass_kg, film_0, cycle_numbers, step_numbers, lengths) -> dict:
    """:func:`time_series`'s columns from ``get(variable)``, the variables over a stretch of steps (a whole run
    or one step) of the cycle and step numbers given, each repeated over its step's ``lengths`` points."""
    columns = {"cycle": np.repeat(cycle_numbers, lengths), "step": np.repeat(step_numbers, lengths),
               "time_s": get("Time [s]"), "current_A": get("Current [A]"), "voltage_V": get("Voltage [V]"),
               "charge_stored_mAh_per_g": -get("Discharge capacity [A.h]") / active_mass_kg}
    for name, var in _POTENTIALS.items():
        phi = np.atleast_2d(get(var))
        columns[f"{name}_potential_V"] = phi.mean(axis=0)
        columns[f"{name}_potential_max_V"] = phi.max(axis=0)
        columns[f"{name}_potential_min_V"] = phi.min(axis=0)
    columns["cathode_interphase_nm"] = 1e9 * (get(_FILM) - film_0)
    for name, var in _STOICHIOMETRY.items():
        columns[f"{name}_stoichiometry"] = get(var)
    return columns


def design_metadata(materials) -> dict:
    """The design numbers a cycling run is read against (:func:`cellsim.cell.balance.design_numbers`), in the
    engineering units of ``run.json``: area [cm2], loadings [mg/cm2], nominal areal capacity [mAh/cm2], nominal
    specific capacity [mAh/g], N/P ratio [1] and which electrode limits, 1C current [mA]."""
    from .balance import design_numbers

    d = design_numbers(materials)
    return {"area_cm2": d.area_m2 * 1e4, "cathode_loading_mg_per_cm2": d.cathode_loading_kg_m2 * 100,
            "anode_loading_mg_per_cm2": d.anode_loading_kg_m2 * 100,
            "nominal_areal_capacity_mAh_per_cm2": d.areal_capacity_Ah_m2 * 0.1,
            "nominal_specific_capacity_mAh_per_g": d.cathode_specific_capacity_Ah_kg,
            "np_ratio": d.np_ratio, "limiting_electrode": d.limiting_electrode,
            "one_c_current_mA": d.one_c_current_A * 1e3}


class CellRun:
    """One solved protocol of a built cell, as cellsim sees it (the PyBaMM solution stays inside cellsim.cell).

    Attributes
    ----------
    cell_model : CellModel
    protocol : Protocol
    temperature_K : float
    wall_time_s : float
        Seconds the solve took.

    ``timeseries=True`` evaluates the time series' variables with the summary's when the run is made (one pass
    instead of two: for a caller that will ask for :meth:`result`); ``loaded``: whole-run entries of variables
    already evaluated (:func:`observe_many` of a batch). The values are the same either way.
    """

    def __init__(self, solution, cell_model, protocol, temperature_K: float, wall_time_s: float | None = None,
                 timeseries: bool = False, loaded: dict | None = None):
        self._solution = solution
        self.cell_model, self.protocol, self.temperature_K = cell_model, protocol, temperature_K
        self.wall_time_s = wall_time_s
        self._cycles = self._summary = self._result = None
        self._data = StepData(solution, loaded)
        # what the range check and the summary read (the summary is nearly always asked for), and with
        # ``timeseries`` (the caller will ask for result()) the time series' too, in one pass
        self._data.load(list(RUN_VARIABLES) + (list(TIMESERIES_VARIABLES) if timeseries else []))
        #: electrodes that left their fitted stoichiometry range (:func:`stoichiometry_excursions`); warned about
        self.stoichiometry_excursions = stoichiometry_excursions(solution, cell_model.materials, data=self._data)
        warn_stoichiometry(self.stoichiometry_excursions, temperature_K)

    @property
    def _complete(self) -> list:
        if self._cycles is None:
            self._cycles = complete_cycles(self._solution)
        return self._cycles

    @property
    def cycles_completed(self) -> int:
        """Number of cycles that ran all their steps."""
        return len(self._complete)

    @property
    def summary(self):
        """Per-cycle table (:func:`cycle_summary`), computed on first use."""
        if self._summary is None:
            self._summary = cycle_summary(self._complete, self.cell_model.materials.cathode_active_mass_kg,
                                          self._data, area_m2=self.cell_model.design.area)
        return self._summary

    def voltage_components(self):
        """Terminal voltage split into open circuit and one overpotential per loss, per time point [V]
        (:func:`cellsim.cell.components.voltage_components`; the components sum to ``voltage_V``)."""
        from .components import voltage_components

        return voltage_components(self._complete, self.cell_model.design, self._data)

    def result(self) -> "CyclingResult":
        """The full :class:`CyclingResult` (summary, time series, metadata), computed on first use."""
        if self._result is None:
            self._result = CyclingResult.from_solution(self._solution, self.cell_model, self.protocol,
                                                       self.temperature_K, wall_time_s=self.wall_time_s,
                                                       data=self._data, summary=self._summary,
                                                       excursions=self.stoichiometry_excursions)
        return self._result


@dataclasses.dataclass
class CyclingResult:
    """The outcome of one cycling run.

    Attributes
    ----------
    summary : pandas.DataFrame
        One row per cycle (columns :data:`SUMMARY_COLUMNS`).
    timeseries : pandas.DataFrame
        Time series (time_s, current_A, voltage_V, charge_stored_mAh_per_g, electrode potentials).
    metadata : dict
        Cell, model, temperature, protocol, mesh, tolerances and wall time.
    """

    summary: object
    timeseries: object
    metadata: dict

    @classmethod
    def from_solution(cls, solution, cell_model, protocol, temperature_K, wall_time_s=None, data=None, summary=None,
                      excursions=None):
        """The result of a PyBaMM solution (``data``: its :class:`StepData`; ``summary``, ``excursions``: if
        already computed)."""
        data = data or StepData(solution)
        if excursions is None:
            excursions = stoichiometry_excursions(solution, cell_model.materials, data=data)
        mass = cell_model.materials.cathode_active_mass_kg
        complete = complete_cycles(solution)  # a failed last cycle is dropped, the rest kept
        meta = {
            "cell": cell_model.design.name, "model": cell_model.model_type,
            "temperature_K": temperature_K, "protocol": dataclasses.asdict(protocol),
            "current_A": cell_model.current_A(protocol), "cathode_active_mass_kg": mass,
            "mesh": cell_model.mesh, "mesh_stretch": cell_model.mesh_stretch, "rtol": cell_model.rtol,
            "atol": cell_model.atol, **({"compiled": True} if getattr(cell_model, "compile", False) else {}),
            "cycles_completed": len(complete), "wall_time_s": wall_time_s,
            "termination": solution.termination,
            "stoichiometry_excursions": {k: dict(zip(("x_low", "x_high", "fit_min", "fit_max"), v))
                                         for k, v in excursions.items()},
            "design": design_metadata(cell_model.materials),
            "skipped_steps": skipped_steps(complete),
        }
        summary = cycle_summary(complete, mass, data, area_m2=cell_model.design.area) if summary is None \
            else summary
        return cls(summary, time_series(complete, mass, data), meta)

    def save(self, out_dir, figure: bool = True) -> dict:
        """Write summary.csv, timeseries.csv, run.json and cycling.png into ``out_dir``.

        Files are written to temporary names and renamed when complete (:func:`cellsim.files.atomic_write`), so
        an interrupted save never leaves a half-written file under the final name; modes honour the umask.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {"summary": out / "summary.csv", "timeseries": out / "timeseries.csv", "metadata": out / "run.json"}
        writers = {"summary": lambda p: self.summary.to_csv(p, index=False),
                   "timeseries": lambda p: self.timeseries.to_csv(p, index=False),
                   "metadata": lambda p: Path(p).write_text(json.dumps(self.metadata, indent=2, default=str))}
        if figure:
            paths["figure"] = out / "cycling.png"
            writers["figure"] = lambda p: self.plot(save_to=p)
        for key, path in paths.items():
            atomic_write(path, writers[key])
        return paths

    def plot(self, cycles=None, save_to=None):
        """Voltage vs specific capacity for selected cycles, and capacity vs cycle."""
        from .. import plots

        return plots.cycling_figure(self.summary, self.timeseries, self.metadata, cycles=cycles, save_to=save_to)
