"""Fit cell parameters to measured cycling data: weighted least squares, 95 % intervals, identifiability.

The model is cellsim's cell, built once per structural variant and solved many times (the sweep engine's
:func:`~cellsim.sweep.evaluate.apply_changes` and input parameters): a parameter that is a PyBaMM input
(temperature, electrolyte conductivity, coating, interphase rate and resistivity) costs one solve per
evaluation, a structural one (a thickness, a volume fraction) one rebuild.

Data
----
Two kinds of CSV file, the columns ``cellsim cycle`` writes (so a run can be fitted back):

* a **time series** (``timeseries.csv``): ``cycle``, ``current_A`` (negative on charge, positive on discharge,
  PyBaMM's sign), ``voltage_V`` and ``charge_stored_mAh_per_g`` (charge stored per gram of cathode active material
  since the start of the run); the voltage is fitted against the charge passed within each charge or discharge,
  away from the steep ends (:func:`_smooth_part`), and each half cycle's charge passed is a target of its own
  (``time_s``, if present, must not decrease);
* a **per-cycle summary** (``summary.csv``): ``cycle`` and any of :data:`SUMMARY_TARGETS`.

The test conditions (temperature, rate, voltage limits, cycles) come from the ``run.json`` beside the file, as
``cellsim cycle`` writes it, or from the caller (``--temperature``/``--rate``), which wins.

Statistics
----------
Residuals are scaled by a noise level per data group (each file's voltages, each summary column): first the
default levels :data:`DEFAULT_NOISE`, then the levels the first fit's residuals give (feasible generalised least
squares, one re-weighting). The parameters are fitted in a unit box ``z`` (log scale for bounds spanning
>= a decade); the covariance is :math:`s^2 (J^T J)^{-1}` with :math:`s^2 = SSR / (n - p)` (J by central
differences at the optimum; :math:`s^2 = 1` and normal quantiles when every datum carries its own standard
deviation) and 95 % intervals
:math:`\\hat z \\pm t_{0.975, n-p} \\sqrt{C_{ii}}` mapped back to the parameter. A parameter is flagged not
identifiable when its Jacobian column is (numerically) zero, or its interval spans more than
:data:`IDENTIFIABLE_MAX_WIDTH` of its bounds (in ``z``) or more than :data:`IDENTIFIABLE_MAX_DECADES`, when
it sits at a bound, or when the Jacobian step hits a failed solve (the ``note`` column says which). The intervals
assume the model is exact and the noise independent: voltage-curve residuals of an inexact model are correlated,
so the intervals are lower bounds of the real uncertainty when the fit is poor (see the residual plot).
"""
from __future__ import annotations

import dataclasses
import datetime
import json
import math
import time
import warnings
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ..cell.model import INPUT_FIELDS, CellMaterials, CellModel, default_protocol, inputs_at
from ..cell.protocol import Protocol, parse_rate
from ..checks import check_temperature
from ..electrolyte.conductivity import total_conductivity
from ..errors import CellsimError, ParameterError, StoichiometryRangeWarning, UnknownNameError
from ..parameters import load_cell_design
from ..parameters.units import parse_quantity
from .evaluate import apply_changes, release_freed_memory
from .spec import convert_value, parameter_info, sweep_parameters

#: summary columns a per-cycle data file may carry, with their default noise level (same unit)
SUMMARY_TARGETS = {"discharge_capacity_mAh_per_g": 1.0, "charge_capacity_mAh_per_g": 1.0, "hysteresis_V": 0.002,
                   "capacity_retention": 0.005, "mean_discharge_voltage_V": 0.002, "mean_charge_voltage_V": 0.002}
#: default noise levels before re-weighting: voltage of a curve [V], and the summary columns
DEFAULT_NOISE = {"voltage_V": 0.005, "half_capacity_mAh_per_g": 0.5, **SUMMARY_TARGETS}
#: the smallest noise level a group is given after re-weighting (a perfect fit must not get infinite weight)
NOISE_FLOOR = {"voltage_V": 1e-5, "half_capacity_mAh_per_g": 1e-3, "discharge_capacity_mAh_per_g": 1e-3,
               "charge_capacity_mAh_per_g": 1e-3,
               "hysteresis_V": 1e-5, "capacity_retention": 1e-5, "mean_discharge_voltage_V": 1e-5,
               "mean_charge_voltage_V": 1e-5}
#: a parameter whose 95 % interval covers more than this fraction of its (scaled) bounds is not identifiable
IDENTIFIABLE_MAX_WIDTH = 0.5
#: a parameter this close to a bound (in the unit box) is reported as at the bound, not identifiable
BOUND_TOLERANCE = 1e-3
#: ... nor is one whose 95 % interval spans more than this many decades, whatever its bounds
IDENTIFIABLE_MAX_DECADES = 1.0
#: step in the unit box of the central differences that give the covariance at the optimum
JACOBIAN_STEP = 2e-3
#: target groups read from a run's half-cycle curves (the others from its per-cycle summary)
CURVE_GROUPS = ("voltage_V", "half_capacity_mAh_per_g")
#: voltage points steeper than this many times a curve's median |dV/dq| are left to the half-cycle charge target
STEEP_FACTOR = 10.0
#: points per charge or discharge a voltage curve is thinned to (evenly in charge passed)
CURVE_POINTS = 60
#: fit parameters that are not sweep parameters: the electrolyte's Arrhenius branch (a PyBaMM input)
MATERIAL_PARAMETERS = {"electrolyte.conductivity_ref": "S.m-1", "electrolyte.activation_energy": "eV"}
TIMESERIES_COLUMNS = ("cycle", "current_A", "voltage_V", "charge_stored_mAh_per_g")


# -- parameters -------------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class FitParameter:
    """A parameter to fit: its name, SI unit and bounds; ``log`` when fitted on a log scale."""

    name: str
    unit: str
    lo: float
    hi: float
    log: bool

    def to_z(self, value: float) -> float:
        if self.log:
            return (math.log(value) - math.log(self.lo)) / (math.log(self.hi) - math.log(self.lo))
        return (value - self.lo) / (self.hi - self.lo)

    def from_z(self, z: float) -> float:
        if self.log:
            return math.exp(math.log(self.lo) + z * (math.log(self.hi) - math.log(self.lo)))
        return self.lo + z * (self.hi - self.lo)


def parse_fit_parameter(text: str) -> FitParameter:
    """Parse ``NAME=LO:HI`` (bounds with units, as in sweep files), e.g. ``separator.thickness=50um:200um``.

    NAME is a numeric sweep parameter (``cellsim sweep --help``: design fields, ``temperature``) or one of
    :data:`MATERIAL_PARAMETERS`. Bounds of a parameter spanning a decade or more are fitted on a log scale, unless
    ``:linear`` follows them (``NAME=LO:HI:linear``; ``:log`` forces a log scale). The intervals are linearised
    in that scale, so choose the one in which the parameter's effect is closer to linear.

    Examples
    --------
    >>> p = parse_fit_parameter("separator.thickness=50um:200um")
    >>> p.name, p.unit, round(p.lo * 1e6), round(p.hi * 1e6), p.log
    ('separator.thickness', 'm', 50, 200, False)
    """
    name, sep, bounds = str(text).partition("=")
    lo_text, sep2, hi_text = bounds.partition(":")
    hi_text, _, scale = hi_text.partition(":")
    if scale not in ("", "log", "linear"):
        raise ParameterError(f"--fit {name.strip()}", scale, "a scale 'log' or 'linear' after the bounds "
                                                             "(NAME=LO:HI:log), or none")
    if not sep or not sep2 or not name.strip() or not lo_text.strip() or not hi_text.strip():
        raise ParameterError("--fit", text, "NAME=LO:HI with units, e.g. separator.thickness=50um:200um")
    name = name.strip()
    if name in MATERIAL_PARAMETERS:
        unit = MATERIAL_PARAMETERS[name]
        lo, hi = (_material_value(name, v.strip()) for v in (lo_text, hi_text))
    else:
        try:
            info = parameter_info(name)
        except UnknownNameError:
            numeric = [k for k, v in sweep_parameters().items() if v.unit is not None and v.kind in ("design", "temperature")]
            raise UnknownNameError("--fit parameter", name, [*numeric, *MATERIAL_PARAMETERS]) from None
        if info.unit is None or info.kind in ("model", "rate", "protocol"):
            raise ParameterError("--fit", name, "a numeric cell or material parameter (a design field with a unit, "
                                                "temperature, or " + ", ".join(MATERIAL_PARAMETERS) + ")")
        unit = info.unit
        lo, hi = (convert_value(info, v.strip(), key=f"--fit {name}") for v in (lo_text, hi_text))
    if not lo < hi:
        raise ParameterError(f"--fit {name}", text, "bounds LO < HI")
    if scale == "log" and not lo > 0:
        raise ParameterError(f"--fit {name}", text, "bounds > 0 for a log scale")
    log = (lo > 0 and hi / lo >= 10) if not scale else scale == "log"
    return FitParameter(name, unit, float(lo), float(hi), log=log)


def _material_value(name, text):
    if name == "electrolyte.activation_energy":
        return parse_quantity(text, "eV", f"--fit {name}")
    value = parse_quantity(text, "S.m-1", f"--fit {name}")
    if not value > 0:
        raise ParameterError(f"--fit {name}", text, "a conductivity > 0")
    return value


# -- data ------------------------------------------------------------------------------------------------------
@dataclasses.dataclass
class Dataset:
    """One data file with its test conditions."""

    path: Path
    kind: str  # "timeseries" or "summary"
    frame: object  # pandas.DataFrame
    temperature_K: float
    protocol: Protocol

    @property
    def label(self) -> str:
        return f"{self.path.name} ({self.temperature_K - 273.15:.0f} degC)"


def read_dataset(path, temperature=None, rate=None, design=None) -> Dataset:
    """Read a data file (or a ``cellsim cycle`` output folder) and its conditions; clear errors for bad data.

    Parameters
    ----------
    path : str or Path
        A CSV (see the module docstring) or a folder holding ``timeseries.csv`` (preferred) or ``summary.csv``.
    temperature : str or float, optional
        Test temperature ("100C" or K); default: ``run.json``'s.
    rate : str, optional
        Current ("25mA/g", "C/10"); default: ``run.json``'s.
    design : CellDesign
        The cell fitted (its protocol supplies the voltage limits when there is no ``run.json``).
    """
    import pandas as pd

    p = Path(path)
    if p.is_dir():
        for name in ("timeseries.csv", "summary.csv"):
            if (p / name).is_file():
                p = p / name
                break
        else:
            raise ParameterError("DATA", str(path), "a CSV file or a cellsim cycle output folder (with "
                                                    "timeseries.csv or summary.csv)")
    if not p.is_file():
        raise ParameterError("DATA", str(path), "an existing CSV file")
    try:
        df = pd.read_csv(p)
    except Exception as exc:
        raise ParameterError("DATA", str(p), f"a readable CSV file ({type(exc).__name__}: {exc})") from None
    if "voltage_V" in df.columns:
        kind, needed = "timeseries", TIMESERIES_COLUMNS
    else:
        kind, needed = "summary", ("cycle",)
    missing = [c for c in needed if c not in df.columns]
    if kind == "timeseries" and missing:
        raise ParameterError("DATA", str(p), f"a time series with columns {list(TIMESERIES_COLUMNS)} "
                                             f"(missing: {missing}; e.g. no capacity column charge_stored_mAh_per_g)")
    if kind == "summary":
        targets = [c for c in SUMMARY_TARGETS if c in df.columns]
        if missing or not targets:
            raise ParameterError("DATA", str(p), f"a time series with columns {list(TIMESERIES_COLUMNS)} or a "
                                                 f"summary with 'cycle' and any of {list(SUMMARY_TARGETS)} "
                                                 f"(found columns {list(df.columns)})")
        needed = ("cycle", *[c for c in df.columns if c.endswith("_sd") and c[:-3] in targets])
        for c in targets:  # a summary may leave a target blank on cycles where it has no value
            df[c] = pd.to_numeric(df[c], errors="coerce")
            if not np.isfinite(df[c].to_numpy(dtype=float)).any():
                raise ParameterError("DATA", str(p), f"at least one number in column {c!r}")
    for c in needed:
        values = pd.to_numeric(df[c], errors="coerce")
        bad = np.flatnonzero(~np.isfinite(values.to_numpy(dtype=float)))
        if bad.size:
            raise ParameterError("DATA", str(p), f"finite numbers in column {c!r} (row {int(bad[0]) + 2} of the file "
                                                 f"is {df[c].iloc[bad[0]]!r}; {bad.size} bad row(s))")
        df[c] = values.astype(float)
    if "time_s" in df.columns and kind == "timeseries":
        t = pd.to_numeric(df["time_s"], errors="coerce").to_numpy(dtype=float)
        if not np.all(np.isfinite(t)) or np.any(np.diff(t) < 0):
            i = int(np.flatnonzero(~np.isfinite(t) | np.r_[False, np.diff(t) < 0])[0])
            raise ParameterError("DATA", str(p), f"a non-decreasing, finite time_s column (row {i + 2} goes back "
                                                 f"in time or is not a number)")
    if df.empty:
        raise ParameterError("DATA", str(p), "at least one data row")
    run = {}
    if (p.parent / "run.json").is_file():
        try:
            run = json.loads((p.parent / "run.json").read_text())
        except ValueError:
            run = {}
    if temperature is not None:
        T = parse_quantity(temperature, "K", "--temperature") if isinstance(temperature, str) else float(temperature)
    elif "temperature_K" in run:
        T = float(run["temperature_K"])
    else:
        raise ParameterError("--temperature", None, f"the test temperature of {p} (no run.json beside it), e.g. 100C")
    T = check_temperature(T, "--temperature")
    cycles = int(df["cycle"].max())
    if "protocol" in run and rate is None:
        known = {f.name for f in dataclasses.fields(Protocol)}
        protocol = Protocol(**{k: v for k, v in run["protocol"].items() if k in known})
        protocol = dataclasses.replace(protocol, cycles=max(cycles, 1))
    else:
        if rate is None:
            raise ParameterError("--rate", None, f"the test current of {p} (no run.json beside it), e.g. 25mA/g")
        if design is None:
            raise ParameterError("design", None, "the cell design (its protocol gives the voltage limits)")
        protocol = default_protocol(design, cycles=max(cycles, 1), **parse_rate(rate))
    return Dataset(p, kind, df, T, protocol)


def _halves(df):
    """(cycle, direction, charge passed [mAh/g], voltage [V]) of each charge (-1) and discharge (+1) in a series."""
    out = []
    for cycle, group in df.groupby("cycle", sort=True):
        i = group["current_A"].to_numpy()
        q = group["charge_stored_mAh_per_g"].to_numpy()
        v = group["voltage_V"].to_numpy()
        for direction in (-1, 1):
            mask = np.sign(i) == direction
            if mask.sum() < 3:
                continue
            qq = np.abs(q[mask] - q[mask][0])
            out.append((int(cycle), direction, qq, v[mask]))
    return out


def _half_curves(run) -> dict:
    """{(cycle, direction): (charge passed, voltage)} of a solved run (:func:`_halves` of its time series)."""
    return {(c, dr): (q, v) for c, dr, q, v in _halves(run.timeseries)}


def _smooth_part(q, v, factor=STEEP_FACTOR):
    """Mask of the points of a half-cycle curve away from its steep ends: |dV/dq| at most ``factor`` times its
    median over the curve. Near a cut-off the voltage falls almost vertically, so a tiny shift of the end moves
    those residuals by volts and makes the least-squares surface rough; the end enters as the half cycle's charge
    (``half_capacity_mAh_per_g``) instead."""
    if len(q) < 5:
        return np.ones(len(q), dtype=bool)
    slope = np.abs(np.gradient(v, q, edge_order=1)) if np.all(np.diff(q) > 0) else np.zeros(len(q))
    return slope <= factor * max(float(np.median(slope)), 1e-12)


def _thin(q, v, n=CURVE_POINTS):
    """``n`` points evenly spaced in charge passed (the last point always kept)."""
    if len(q) <= n:
        return q, v
    idx = np.unique(np.searchsorted(q, np.linspace(q[0], q[-1], n)).clip(0, len(q) - 1))
    return q[idx], v[idx]


# -- the model -------------------------------------------------------------------------------------------------
class _Problem:
    """Residuals of all datasets at a parameter vector; models built once per structural variant."""

    def __init__(self, design, parameters, datasets, model="DFN", dirs=()):
        self.design, self.parameters, self.datasets, self.model, self.dirs = design, parameters, datasets, model, dirs
        self.models: OrderedDict = OrderedDict()
        self.solves = self.builds = self.failures = 0
        self.noise = {}
        self.targets = []  # (dataset index, group, cycle, direction or column, q data, y data)
        self.sd = {}  # target index -> the data's own standard deviations (a summary's <column>_sd)
        for k, d in enumerate(datasets):
            if d.kind == "timeseries":
                for cycle, direction, q, v in _halves(d.frame):
                    q, v = _thin(q, v)
                    smooth = _smooth_part(q, v)
                    self.targets.append((k, "voltage_V", cycle, direction, q[smooth], v[smooth]))
                    # the steep end (the cut-off) enters as the charge the half cycle passed, not as voltages
                    self.targets.append((k, "half_capacity_mAh_per_g", cycle, direction, np.array([0.0]),
                                         np.array([q[-1]])))
            else:
                for col in SUMMARY_TARGETS:
                    if col in d.frame.columns:
                        rows = d.frame[col].notna().to_numpy()
                        if f"{col}_sd" in d.frame.columns:
                            self.sd[len(self.targets)] = d.frame[f"{col}_sd"].to_numpy(dtype=float)[rows]
                        self.targets.append((k, col, None, None, d.frame["cycle"].to_numpy(dtype=int)[rows],
                                             d.frame[col].to_numpy(dtype=float)[rows]))
        for _, group, *_ in self.targets:
            self.noise.setdefault(group, DEFAULT_NOISE[group])
        #: groups whose every target has given standard deviations: not re-weighted
        self.fixed = {g for g in self.noise
                      if all(i in self.sd for i, t in enumerate(self.targets) if t[1] == g)}
        self.n = sum(len(t[5]) for t in self.targets)
        #: the group of every residual, in the order :meth:`residuals` returns them
        self.groups = np.concatenate([[t[1]] * len(t[5]) for t in self.targets])

    def values(self, z) -> dict:
        return {p.name: p.from_z(float(np.clip(zi, 0.0, 1.0))) for p, zi in zip(self.parameters, z)}

    def runs(self, values: dict):
        """The solved run of each dataset at ``values`` (an exception where the solve failed)."""
        design_changes = {k: v for k, v in values.items() if k not in MATERIAL_PARAMETERS and k != "temperature"}
        design = apply_changes(self.design, design_changes)
        structural = tuple(sorted((k, v) for k, v in design_changes.items() if k not in INPUT_FIELDS))
        key = (structural, self.model)
        cell = self.models.get(key)
        if cell is None:
            cell = CellModel(design, model=self.model, dirs=self.dirs)
            self.models[key] = cell
            self.builds += 1
            while len(self.models) > 4:
                self.models.popitem(last=False)
        materials = CellMaterials.load(design, self.dirs)
        out = []
        for d in self.datasets:
            T = values.get("temperature", d.temperature_K)
            try:
                inputs = inputs_at(materials, T, "ignore")
                sigma = _fitted_conductivity(inputs.electrolyte_conductivity_S_m, materials, T, values)
                self.solves += 1
                with warnings.catch_warnings():  # trial points may leave the OCP range; the optimum is reported
                    warnings.simplefilter("ignore", StoichiometryRangeWarning)
                    out.append(cell.solve(d.protocol, T, inputs=inputs.replace(electrolyte_conductivity_S_m=sigma),
                                          check_range="ignore", timeseries=True).result())
                release_freed_memory(every=16)
            except Exception as exc:  # a failed trial point is a large residual, the fit goes on
                self.failures += 1
                out.append(exc)
        return out

    def residuals(self, z, noise=None, runs=None) -> np.ndarray:
        """Scaled residuals (model - data) / noise of every target; failed solves give a large penalty."""
        noise = noise or self.noise
        runs = runs if runs is not None else self.runs(self.values(z))
        res = []
        curves = [None] * len(runs)  # each run's half cycles, split once per evaluation (not once per target)
        for i, (k, group, cycle, key, x, y) in enumerate(self.targets):
            scale = self.sd[i] if i in self.sd and noise is self.noise else noise[group]
            if curves[k] is None and group in CURVE_GROUPS and not isinstance(runs[k], Exception):
                curves[k] = _half_curves(runs[k])
            res.append((self.predict(runs[k], group, cycle, key, x, y, curves[k]) - y) / scale)
        return np.concatenate(res)

    @staticmethod
    def predict(run, group, cycle, key, x, y, halves=None):
        """The model's values at the data points ``x`` of one target (``halves``: :func:`_half_curves` of
        ``run``, if already split)."""
        if isinstance(run, Exception):
            return y + 1e3 * DEFAULT_NOISE[group]  # a failed solve: far from every datum, but finite
        if group in CURVE_GROUPS:
            halves = _half_curves(run) if halves is None else halves
            if (cycle, key) not in halves:  # the model stopped before this half-cycle
                return np.zeros_like(y) if group != "voltage_V" else \
                    np.full_like(y, run.timeseries["voltage_V"].iloc[-1])
            q, v = halves[(cycle, key)]
            if group == "half_capacity_mAh_per_g":
                return np.full_like(y, q.max())
            order = np.argsort(q, kind="stable")
            # beyond the model's end of charge/discharge it sits at its cut-off voltage
            return np.interp(x, q[order], v[order], left=v[order][0], right=v[order][-1])
        s = run.summary.set_index("cycle")
        model = s[group].reindex(x).to_numpy(dtype=float)
        return np.where(np.isfinite(model), model, y + 1e3 * DEFAULT_NOISE[group])


def _fitted_conductivity(sigma, materials, T, values):
    """The electrolyte conductivity input [S.m-1] with a fitted bulk Arrhenius branch (``conductivity_ref``
    sigma_ref' and ``activation_energy`` Ea' of :data:`MATERIAL_PARAMETERS`): the cell's own
    :func:`~cellsim.electrolyte.conductivity.total_conductivity` of the electrolyte with that branch, so grain
    boundaries (a boundary given as a ratio to the bulk moves with it), a low-temperature branch (kept as stored)
    and the grain-boundary model are those of every other run. ``sigma``: the stored value, returned when nothing of
    the electrolyte is fitted."""
    electrolyte = materials.electrolyte
    branch = electrolyte.conductivity
    if not any(k in values for k in MATERIAL_PARAMETERS) or branch is None:
        return sigma
    fitted = dataclasses.replace(electrolyte, conductivity=dataclasses.replace(
        branch, conductivity_ref=values.get("electrolyte.conductivity_ref", branch.conductivity_ref),
        activation_energy=values.get("electrolyte.activation_energy", branch.activation_energy)))
    d = materials.design
    return total_conductivity(fitted, T, d.grain_size, gb_model=d.grain_boundary_model, check_range="ignore")


# -- the fit ---------------------------------------------------------------------------------------------------
@dataclasses.dataclass
class FitResult:
    """Outcome of :func:`fit`: the table, correlation matrix, statistics and the runs at the optimum."""

    table: object  # pandas.DataFrame: parameter, value, ci_low, ci_high, unit, identifiable, note
    correlation: object  # pandas.DataFrame
    converged: bool
    message: str
    solves: int
    builds: int
    failures: int
    noise: dict
    rms: dict
    datasets: list
    runs: list
    wall_time_s: float
    problem: object = dataclasses.field(repr=False, default=None)

    def summary_line(self) -> str:
        state = "converged" if self.converged else "did NOT converge"
        failed = f", {self.failures} trial solves failed (penalised)" if self.failures else ""
        return (f"fit {state} after {self.solves} model solves ({self.builds} builds{failed}) in "
                f"{self.wall_time_s:.1f} s: {self.message}")


def fit(datasets, parameters, cell="default", model="DFN", dirs=(), max_evaluations=60, progress=None) -> FitResult:
    """Fit ``parameters`` (:class:`FitParameter`) of ``cell`` to ``datasets`` (:func:`read_dataset`).

    Trust-region reflective least squares (``scipy.optimize.least_squares``, bounds in the unit box, forward
    differences of step 1e-3 in z) from the middle of the box, then one re-weighting with the residuals' noise
    levels and a refit from the first optimum. Returns a :class:`FitResult`; a fit that stops at
    ``max_evaluations`` is returned with ``converged = False`` and what it reached.
    """
    import pandas as pd
    from scipy import optimize, stats

    start = time.perf_counter()
    design = cell if hasattr(cell, "cathode") else load_cell_design(cell, dirs)
    names = [p.name for p in parameters]
    if len(set(names)) != len(names):
        raise ParameterError("--fit", names, "each parameter once")
    if not parameters:
        raise ParameterError("--fit", None, "at least one NAME=LO:HI")
    if not datasets:
        raise ParameterError("DATA", None, "at least one data file")
    if any(p.name in MATERIAL_PARAMETERS for p in parameters) and \
            CellMaterials.load(design, dirs).electrolyte.conductivity is None:
        raise ParameterError("--fit", [p.name for p in parameters if p.name in MATERIAL_PARAMETERS],
                             f"a cell whose electrolyte has a bulk Arrhenius branch ({design.electrolyte} has none)")
    prob = _Problem(design, parameters, datasets, model, dirs)
    if prob.n <= len(parameters):
        raise ParameterError("DATA", prob.n, f"more data points than fitted parameters ({len(parameters)})")
    z0 = np.array([p.to_z(_initial(p, design)) for p in parameters])
    calls = [0]

    def fun(z):
        calls[0] += 1
        if progress:
            progress(calls[0])
        return prob.residuals(z)

    results = []
    for stage in range(2):
        r = optimize.least_squares(fun, z0, bounds=(0.0, 1.0), method="trf", diff_step=1e-3, x_scale=1.0,
                                   max_nfev=max_evaluations, xtol=1e-6, ftol=1e-8, gtol=1e-8)
        results.append(r)
        if stage == 0:  # re-weight: each group's noise from its own residuals
            runs = prob.runs(prob.values(r.x))
            raw = prob.residuals(r.x, noise={g: 1.0 for g in prob.noise}, runs=runs)
            prob.noise = {g: (prob.noise[g] if g in prob.fixed else
                              max(float(np.sqrt(np.mean(raw[prob.groups == g] ** 2))), NOISE_FLOOR[g]))
                          for g in prob.noise}
            z0 = r.x
    r = results[-1]
    converged = all(res.status > 0 for res in results)
    message = r.message if converged else f"stopped after {max_evaluations} evaluations ({r.message})"
    # least_squares' own jac is a modified, possibly stale matrix (trust-region scaling near the bounds): the
    # covariance uses central differences at the optimum instead (2 p more solves)
    J, jac_failed = _jacobian(prob, r.x, r.fun)
    res = r.fun
    n, p = len(res), len(parameters)
    known = set(prob.noise) <= prob.fixed  # every datum has its own given sd: no variance scale to estimate
    s2 = 1.0 if known else float(res @ res) / max(n - p, 1)
    norms = np.linalg.norm(J, axis=0)
    dead = (norms <= 1e-8 * max(float(norms.max()), 1e-300)) | jac_failed
    cov = np.full((p, p), np.nan)
    live = ~dead
    if live.any():
        JtJ = J[:, live].T @ J[:, live]
        try:
            cov_live = s2 * np.linalg.inv(JtJ)
        except np.linalg.LinAlgError:
            cov_live = s2 * np.linalg.pinv(JtJ)
        cov[np.ix_(live, live)] = cov_live
    tq = float(stats.norm.ppf(0.975)) if known else float(stats.t.ppf(0.975, max(n - p, 1)))
    rows = []
    for i, par in enumerate(parameters):
        value = par.from_z(float(r.x[i]))
        half = tq * math.sqrt(cov[i, i]) if np.isfinite(cov[i, i]) and cov[i, i] >= 0 else math.inf
        if math.isfinite(half):
            lo, hi = par.from_z(max(r.x[i] - half, 0.0)), par.from_z(min(r.x[i] + half, 1.0))
        else:
            lo, hi = par.lo, par.hi
        at_bound = bool(r.x[i] <= BOUND_TOLERANCE or r.x[i] >= 1 - BOUND_TOLERANCE)
        decades = math.log10(hi / lo) if lo > 0 and hi > 0 else 0.0
        identifiable = bool(not dead[i] and not at_bound and 2 * half <= IDENTIFIABLE_MAX_WIDTH
                            and decades <= IDENTIFIABLE_MAX_DECADES)
        note = "; ".join(t for t, on in (
            ("Jacobian step hit a failed solve: interval set to the bounds", bool(jac_failed[i])),
            ("no effect on the data", bool(dead[i] and not jac_failed[i])),
            ("at a bound: widen the bounds (the linearised interval is not valid there)", at_bound),
            (f"interval spans {decades:.1f} decades", decades > IDENTIFIABLE_MAX_DECADES),
            ("interval wider than half the bounds", math.isfinite(half) and 2 * half > IDENTIFIABLE_MAX_WIDTH))
            if on)
        rows.append({"parameter": par.name, "value": value, "ci_low": lo, "ci_high": hi, "unit": par.unit,
                     "identifiable": identifiable, "note": note})
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / np.outer(sd, sd)
    runs = prob.runs(prob.values(r.x))
    failed_here = [d.label for d, run in zip(datasets, runs) if isinstance(run, Exception)]
    if failed_here:  # a flat penalty plateau looks converged to scipy
        converged = False
        message = f"the model fails at the reached point for {', '.join(failed_here)} ({message})"
    for d, run in zip(datasets, runs):  # the fitted cell's excursions, once
        if not isinstance(run, Exception) and run.metadata.get("stoichiometry_excursions"):
            warnings.warn(f"at the fit, {d.label}: stoichiometry outside an OCP fit's range "
                          f"{run.metadata['stoichiometry_excursions']}", StoichiometryRangeWarning)
    raw = prob.residuals(r.x, noise={g: 1.0 for g in prob.noise}, runs=runs)
    rms = {g: float(np.sqrt(np.mean(raw[prob.groups == g] ** 2))) for g in prob.noise}
    return FitResult(pd.DataFrame(rows), pd.DataFrame(corr, index=names, columns=names), converged, message,
                     prob.solves, prob.builds, prob.failures, dict(prob.noise), rms, list(datasets), runs,
                     time.perf_counter() - start, prob)


def _jacobian(prob, z, f0, h=JACOBIAN_STEP):
    """d residuals / dz by central differences of step ``h`` (one-sided within ``h`` of a bound), and a mask of
    the columns whose differences hit a failed solve even after retrying one-sided with ``h / 4`` (their
    penalised residuals would fake a steep, falsely tight direction)."""
    cols, failed = [], []

    def call(x):
        before = prob.failures
        f = prob.residuals(x)
        return f, prob.failures > before

    for i in range(len(z)):
        col, bad = None, True
        for step in (h, h / 4):
            up, down = z.copy(), z.copy()
            up[i], down[i] = min(z[i] + step, 1.0), max(z[i] - step, 0.0)
            f_up, bad_up = call(up) if up[i] > z[i] else (f0, False)
            f_down, bad_down = call(down) if down[i] < z[i] else (f0, False)
            if not (bad_up or bad_down):
                col, bad = (f_up - f_down) / (up[i] - down[i]), False
                break
            if bad_up != bad_down:  # one side solves: one-sided difference from the optimum
                f_ok, dz = (f_down, down[i] - z[i]) if bad_up else (f_up, up[i] - z[i])
                col, bad = (f_ok - f0) / dz, False
                break
        cols.append(col if col is not None else np.zeros_like(f0))
        failed.append(bad)
    return np.column_stack(cols), np.array(failed)


def _initial(par: FitParameter, design) -> float:
    """Start value: the design's own value when inside the bounds, else the middle of the box."""
    if par.name in MATERIAL_PARAMETERS or par.name == "temperature":
        return par.from_z(0.5)
    obj = design
    for part in par.name.split("."):
        obj = getattr(obj, part, None)
    if isinstance(obj, (int, float)) and par.lo < obj < par.hi:
        return float(obj)
    return par.from_z(0.5)


# -- outputs ---------------------------------------------------------------------------------------------------
def write_outputs(result: FitResult, out_dir, cell_path=None, targets: str = "") -> dict:
    """Write fit.csv, correlation.csv, fit.json, fit.png (data and fit), residuals.png and fitted.toml."""
    from ..files import atomic_write, write_text
    from ..parameters.writer import fitted_cell_toml

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    paths["fit"] = atomic_write(out / "fit.csv",
                                lambda tmp: result.table.to_csv(tmp, index=False, float_format="%.6g"))
    paths["correlation"] = atomic_write(out / "correlation.csv",
                                        lambda tmp: result.correlation.to_csv(tmp, float_format="%.4f"))
    info = {"converged": result.converged, "message": result.message, "model_solves": result.solves,
            "model_builds": result.builds, "failed_solves": result.failures, "noise": result.noise,
            "rms_residual": result.rms, "wall_time_s": result.wall_time_s,
            "data": [str(d.path) for d in result.datasets]}
    write_text(out / "fit.json", json.dumps(info, indent=2))
    paths["json"] = out / "fit.json"
    paths.update(_plots(result, out))
    date = datetime.date.today().isoformat()
    files = ", ".join(d.path.name for d in result.datasets)
    source = f"fitted: cellsim fit on {files}, {targets or 'voltage curves'}, {date}"
    if cell_path is not None:
        write_text(out / "fitted.toml", fitted_cell_toml(cell_path, result.table, source, out))
        paths["toml"] = out / "fitted.toml"
    return paths


def _plots(result: FitResult, out: Path) -> dict:
    from ..files import atomic_write
    from ..plots import STYLE, _pyplot

    plt = _pyplot()
    plt.rcParams.update(STYLE)
    prob = result.problem
    n_sets = len(result.datasets)
    fig, axes = plt.subplots(1, n_sets, figsize=(5.2 * n_sets, 4.0), squeeze=False)
    fig_r, ax_r = plt.subplots(figsize=(6.4, 3.6))
    offset = 0
    for k, (d, run, ax) in enumerate(zip(result.datasets, result.runs, axes[0])):
        for _, group, cycle, key, x, y in (t for t in prob.targets if t[0] == k):
            model = prob.predict(run, group, cycle, key, x, y)
            label_d = "data" if not ax.get_legend_handles_labels()[1] else None
            if group == "voltage_V":
                ax.plot(x, y, "o", ms=2.5, color="0.35", label=label_d)
                ax.plot(x, model, "-", color="C3", lw=1.4, label="fit" if label_d else None)
                ax.set_xlabel("Charge passed (mAh/g)")
                ax.set_ylabel("Voltage (V)")
            else:
                ax.plot(x, y, "o", color="0.35", label=f"{group} data")
                ax.plot(x, model, "-", color="C3", label=f"{group} fit")
                ax.set_xlabel("Cycle")
            ax_r.plot(np.arange(offset, offset + len(y)), (model - y) / prob.noise[group], ".", ms=2,
                      label=f"{d.path.name}: {group}")
            offset += len(y)
        ax.set_title(d.label, fontsize=9)
        ax.legend(fontsize=8, frameon=False)
    ax_r.axhline(0, color="k", lw=0.6)
    ax_r.set_xlabel("Data point")
    ax_r.set_ylabel("Residual / noise level")
    ax_r.set_title("Scaled residuals at the fit", fontsize=9)
    ax_r.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    fig_r.tight_layout()
    for f, name in ((fig, "fit.png"), (fig_r, "residuals.png")):
        atomic_write(out / name, lambda tmp, f=f: f.savefig(tmp, format="png"))
    plt.close(fig)
    plt.close(fig_r)
    return {"figure": out / "fit.png", "residuals": out / "residuals.png"}


__all__ = ["FitParameter", "FitResult", "Dataset", "parse_fit_parameter", "read_dataset", "fit", "write_outputs",
           "CellsimError"]
