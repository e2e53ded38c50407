"""Variables read together (cellsim.cell.results.observe_together) against PyBaMM's own per-variable evaluation.

Expected numbers: ``solution[name].entries`` of the same PyBaMM solution. observe_together joins PyBaMM's own
per-variable CasADi functions into one (shared subexpressions computed once) and runs PyBaMM's observer kernel, so
those entries must agree to the bit; variables affine in the states and the time (for fixed inputs) are read from the
states in place instead, equal to round-off (summation order; measured <= 1e-15 relative, tested to 1e-13). Checked for every
variable the summary, the time series, the stoichiometry range check and the voltage components read.
"""
import warnings

import numpy as np
import pytest

from cellsim.cell import CellModel, default_protocol
from cellsim.cell import results
from cellsim.cell.components import _VARS
from cellsim.errors import StoichiometryRangeWarning

READ = list(dict.fromkeys([*results.TIMESERIES_VARIABLES, *results.SUMMARY_VARIABLES,
                           *[v for pair in results._STOICHIOMETRY_CHECKED.values() for v in pair],
                           *_VARS.values(), "Time [s]", "Current [A]"]))


@pytest.fixture(scope="module")
def spme_run(default_design):
    # a CV hold and rests: four step models in one solution
    protocol = default_protocol(default_design, cycles=2, rest_s=600.0, cv_hold_current_fraction=0.1)
    with warnings.catch_warnings():  # the CV hold may take NCM111 past its fit's range: not what is tested here
        warnings.simplefilter("ignore", StoichiometryRangeWarning)
        return CellModel(default_design, model="SPMe").solve(protocol, 333.15)


def _linear_names(solution, every=False):
    """The variables of READ that a step model of the solution reads as affine in the states (results._Affine);
    ``every``: those every step model reads so."""
    found = []
    for i, model in enumerate(solution.all_models):
        if len(solution.all_ts[i]) == 0:
            continue
        joined, layout = results._combined_function(solution, model, solution.all_ys[i].shape,
                                                    solution.all_inputs[i], READ,
                                                    (solution.all_ys[i][:, 0], solution.all_inputs_stacked[i]))
        starts = np.cumsum([0] + [size for _, size, _ in layout])
        rows = set(joined.affine.rows.tolist()) if joined.affine is not None else set()
        found.append({name for (name, _, _), a in zip(layout, starts) if a in rows})
    return set.intersection(*found) if every else set.union(*found)


def _assert_equal(got, ref, name, linear):
    assert got.shape == ref.shape, name
    if name in linear:  # round-off of the terms summed: for a potential difference (an ohmic loss of ~1e-6 V)
        # that of the potentials, up to ~5 V (measured <= 1.1e-15 V)
        scale = max(np.abs(ref).max(), 5.0 if "[V]" in name else 0.0)
        np.testing.assert_allclose(got, ref, rtol=1e-13, atol=1e-13 * scale, err_msg=name)
    else:
        assert np.array_equal(got, ref), name


#: read as affine in every model: the averaged stoichiometries, the capacity (an integrated state), the time
AFFINE = {"Average positive particle stoichiometry", "Discharge capacity [A.h]", "Time [s]"}
#: and in the DFN, the voltage and the electrode potentials (differences of potential states; their OCP terms at the
#: reference state depend on the temperature input only); the SPMe's are not (log and asinh of the states)
AFFINE_DFN = {"Voltage [V]", "Positive electrode surface potential difference [V]",
              "Negative electrode surface potential difference [V]"}


def _assert_bitwise(solution, affine=AFFINE):
    got = results.observe_together(solution, READ)
    assert set(got) == set(READ)
    linear = _linear_names(solution)
    assert affine <= _linear_names(solution, every=True)
    assert set(READ) - linear  # an overpotential (asinh of the states) goes through PyBaMM's kernel
    for name in READ:
        _assert_equal(got[name], solution[name].entries, name, linear)


def test_observe_together_equals_pybamm_entries_spme(spme_run):
    assert len({id(m) for m in spme_run._solution.all_models}) >= 3
    _assert_bitwise(spme_run._solution)


def test_observe_together_equals_pybamm_entries_dfn(dfn_default, default_design):
    run = dfn_default.solve(default_protocol(default_design, cycles=1), 373.15)
    _assert_bitwise(run._solution, AFFINE | AFFINE_DFN)


def test_variables_it_cannot_join_fall_back_to_pybamm(spme_run):
    sol = spme_run._solution
    particle = "Negative particle concentration [mol.m-3]"  # 2-D (r, x): not joined
    assert results.observe_together(sol, ["Voltage [V]", particle]) == {}
    data = results.StepData(sol)
    data.load(["Voltage [V]", particle])  # nothing loaded; read one by one by PyBaMM
    assert np.array_equal(data.whole(particle), sol[particle].entries)
    assert np.array_equal(data.whole("Voltage [V]"), sol["Voltage [V]"].entries)


def test_tables_equal_pybamm_path(spme_run, monkeypatch):
    # the summary, time series and voltage components from the joined evaluation against the same tables with
    # every variable read by PyBaMM one by one (observe_together switched off)
    run = spme_run
    with warnings.catch_warnings():  # the tables re-check the range: the CV hold's excursion (see spme_run)
        warnings.simplefilter("ignore", StoichiometryRangeWarning)
        fast = results.CellRun(run._solution, run.cell_model, run.protocol, run.temperature_K, timeseries=True)
        fast_tables = (fast.summary, fast.result().timeseries, fast.voltage_components())
        monkeypatch.setattr(results, "observe_together", lambda solution, names: {})
        slow = results.CellRun(run._solution, run.cell_model, run.protocol, run.temperature_K)
        slow_tables = (slow.summary, slow.result().timeseries, slow.voltage_components())
    for a, b in zip(fast_tables, slow_tables):
        assert list(a.columns) == list(b.columns) and len(a) == len(b) > 1
        for col in a.columns:  # capacities and stoichiometries from the matrix product: round-off
            np.testing.assert_allclose(a[col].to_numpy(), b[col].to_numpy(), rtol=1e-12, atol=1e-15, err_msg=col)


@pytest.mark.parametrize("chunk", [1, 500])
def test_sub_solutions_joined_in_chunks_of_any_size(spme_run, monkeypatch, chunk):
    # 1: every sub-solution alone; 500: some joined, some not (sub-solutions of ~400 points)
    monkeypatch.setattr(results, "OBSERVE_CHUNK_POINTS", chunk)
    _assert_bitwise(spme_run._solution)


def test_observe_many_of_a_batch_equals_each_solutions_entries(spme_run, default_design):
    # the runs of a batched solve share their step models: their sub-solutions are evaluated in shared chunks,
    # with each run's own inputs (temperature, conductivity) carried below its states
    model = spme_run.cell_model
    runs = model.solve_many(default_protocol(default_design, cycles=1), [333.15, 353.15, 373.15],
                            [None, {"electrolyte_conductivity_S_m": 0.02}, None])
    solutions = [r._solution for r in runs]
    for got, sol in zip(results.observe_many(solutions, READ), solutions):
        assert set(got) == set(READ)
        linear = _linear_names(sol)
        for name in READ:
            _assert_equal(got[name], sol[name].entries, name, linear)
    assert not np.array_equal(runs[0].summary.hysteresis_V, runs[1].summary.hysteresis_V)


def test_time_series_whole_columns_equal_the_per_step_loop(spme_run):
    # time_series takes whole-run columns when the steps are one stretch of the run; the per-step loop (any other
    # data reader) must give the same table to the bit
    run = spme_run
    cycles = results.complete_cycles(run._solution)
    mass = run.cell_model.materials.cathode_active_mass_kg
    data = results.StepData(run._solution)
    fast = results.time_series(cycles, mass, data)
    slow = results.time_series(cycles, mass, lambda step, var: data(step, var))
    assert list(fast.columns) == list(slow.columns) and list(fast.dtypes) == list(slow.dtypes)
    assert len(fast) == len(run._solution.t) and set(fast.step) == {1, 2, 3, 4, 5}
    for col in fast.columns:
        assert np.array_equal(fast[col].to_numpy(), slow[col].to_numpy()), col


@pytest.mark.slow  # ~9 s: the C compiler runs on the SPMe's functions
def test_compiled_model_matches_the_virtual_machine(default_design, monkeypatch, tmp_path):
    # CellModel(compile=True): IDAKLU's C-compiled functions (or, without a C compiler, PyBaMM's virtual machine
    # again); the summary agrees to round-off (measured 2e-14 in capacity, 4e-10 in hysteresis), far inside 1e-8
    monkeypatch.setenv("PYBAMM_CASADI_AOT_CACHE", str(tmp_path))
    protocol = default_protocol(default_design, cycles=1)
    compiled_model = CellModel(default_design, model="SPMe", compile=True)
    compiled = compiled_model.cycle(protocol, 353.15)
    plain = CellModel(default_design, model="SPMe").cycle(protocol, 353.15)
    assert compiled.metadata["compiled"] is True and "compiled" not in plain.metadata
    # the joined variables are compiled too (PyBaMM's compiled leaves cannot be joined): all read in one pass
    run = compiled_model.solve(protocol, 353.15)
    assert set(results.observe_together(run._solution, READ)) == set(READ)
    for col in ("discharge_capacity_mAh_per_g", "hysteresis_V", "cathode_interphase_nm"):
        np.testing.assert_allclose(compiled.summary[col], plain.summary[col], rtol=1e-8, err_msg=col)


def test_affine_coefficients_kept_for_a_bounded_number_of_inputs(spme_run, monkeypatch):
    # a sweep's points each bring their own input vector: the coefficients of the oldest are dropped (memory flat)
    sol = spme_run._solution
    joined, _ = results._combined_function(sol, sol.all_models[0], sol.all_ys[0].shape, sol.all_inputs[0], READ,
                                           (sol.all_ys[0][:, 0], sol.all_inputs_stacked[0]))
    p = np.asarray(sol.all_inputs_stacked[0], dtype=float).ravel()
    first = joined.affine.at(p)
    for k in range(1, 2 * results._Affine.KEEP):
        joined.affine.at(p * (1 + 1e-9 * k))
    assert len(joined.affine._at) == results._Affine.KEEP
    assert joined.affine.at(p) is not first  # dropped, made again: equal values
    np.testing.assert_array_equal(joined.affine.at(p).b, first.b)


def test_thresholds_of_the_states_or_time_are_not_read_as_affine():
    # a comparison or if_else has a zero derivative, so the Jacobian test alone would take these as affine (found
    # by review: (V > 4.1) p + y1 gave 0.725 instead of 1.725 past the threshold); thresholds on the inputs alone
    # fold to constants once the inputs are fixed and stay affine
    import casadi

    t, y, p = casadi.SX.sym("t"), casadi.SX.sym("y", 2), casadi.SX.sym("p", 1)
    probe = (np.array([3.9, 0.5]), np.array([1.0]))

    def part(expr):
        return results._affine_part(casadi.Function("leaf", [t, y, p], [expr]), casadi, probe)

    assert part((y[0] > 4.1) * p + y[1]) is None
    assert part(casadi.if_else(t > 3600, 2, 1) * p + y[0]) is None
    assert part(casadi.floor(y[0]) + y[1]) is None
    coef = part(casadi.if_else(p > 0.5, 2, 1) * y[0] + p * t)  # a threshold on the input only
    assert coef is not None
    at = results._Affine(np.arange(1), coef).at(probe[1])
    ys, ts = np.array([[1.0, 5.0], [0.0, 0.0]]), np.array([0.0, 10.0])
    np.testing.assert_array_equal(at(ys, ts), [[2.0, 20.0]])  # 2 y0 + 1 t
