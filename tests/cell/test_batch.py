"""Batched solves (CellModel.solve_many, cellsim.cell.batch) against the Experiment path (CellModel.solve).

Expected numbers: CellModel.solve of the same built model and inputs, one set at a time (PyBaMM's own Experiment
stepping); the batched path runs the same step models with the same initial states, so its per-cycle summaries
(from "Discharge capacity [A.h]" / "Discharge energy [W.h]" at the step ends) agree to rel 1e-4 (measured: ~1e-13).
"""
import contextlib
import warnings

import numpy as np
import pytest

from cellsim.errors import StoichiometryRangeWarning
from cellsim.cell import CellModel, default_protocol
from cellsim.cell import batch
from cellsim.cell.model import coating_inputs
from cellsim.cell.results import CellRun
from cellsim.errors import SolverFailure

COLUMNS = ("charge_capacity_mAh_per_g", "discharge_capacity_mAh_per_g", "first_cycle_efficiency",
           "coulombic_efficiency", "hysteresis_V",
           "mean_charge_voltage_V", "mean_discharge_voltage_V", "discharge_energy_Wh_per_kg",
           "cathode_interphase_nm")


@pytest.fixture(scope="module")
def spme(default_design):
    return CellModel(default_design, model="SPMe")


def assert_same_summary(batched, reference):
    a, b = reference.summary, batched.summary
    assert len(a) == len(b)
    for col in COLUMNS:
        # interphase thickness may be ~0: compare it on an absolute scale of 1e-4 nm
        np.testing.assert_allclose(b[col], a[col], rtol=1e-4, atol=1e-4 if col == "cathode_interphase_nm" else 0,
                                   err_msg=col)


def test_private_pybamm_api_is_as_expected(spme, default_design):
    # fails loudly when a PyBaMM release changes what cellsim.cell.batch relies on
    batch.check_private_api(spme.simulation(default_protocol(default_design, cycles=1)))


@pytest.mark.parametrize("protocol_kw", [
    {"cycles": 2},
    {"cycles": 2, "rest_s": 600.0, "cv_hold_current_fraction": 0.1},
])
def test_batched_summaries_match_experiment_path(spme, default_design, protocol_kw):
    protocol = default_protocol(default_design, **protocol_kw)
    temps = [333.15, 353.15, 373.15, 353.15, 373.15, 393.15]
    coatings = [None, None, None, "none", "Li3PO4", "LiTaO3"]  # own coating; bare (interphase grows); others
    inputs = [None if c is None else coating_inputs(default_design, c, T) for c, T in zip(coatings, temps)]
    # with the CV hold at the cut-off, the 60 degC run (the hold brings NCM111 to its cut-off OCV, past 4.29 V)
    # leaves the BPX fit: both paths warn, and they must record the same excursions. The bare cathode (353.15 K) is
    # relithiated by the Li its interphase releases past the fit's lithiated end, onto the sourced MSMR tail: no
    # excursion there (with the CV hold its charged end passes 4.29 V, like the 60 degC run's)
    expect = protocol_kw.get("cv_hold_current_fraction") is not None
    with pytest.warns(StoichiometryRangeWarning, match="cathode stoichiometry") if expect \
            else contextlib.nullcontext():
        runs = spme.solve_many(protocol, temps, inputs)
    assert all(isinstance(r, CellRun) for r in runs), runs
    bare = runs[3].stoichiometry_excursions.get("cathode")  # (lowest x, highest x, fit min, sourced max)
    assert bare is None or (bare[1] <= bare[3] + 0.01 and expect)
    grown = 0.0
    for T, inp, run in zip(temps, inputs, runs):
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always", StoichiometryRangeWarning)
            ref = spme.solve(protocol, T, inputs=inp)
        assert run.cycles_completed == ref.cycles_completed == protocol.cycles
        # the same initial state to the bit (the batch restarts each set from the model's initial-condition
        # function, PyBaMM's step re-converts it per solve)
        assert np.array_equal(run._solution.all_ys[0][:, 0], ref._solution.all_ys[0][:, 0])
        assert set(run.stoichiometry_excursions) == set(ref.stoichiometry_excursions)
        for k, v in ref.stoichiometry_excursions.items():
            np.testing.assert_allclose(run.stoichiometry_excursions[k], v, rtol=1e-4)
        assert_same_summary(run, ref)
        grown = max(grown, float(run.summary.cathode_interphase_nm.iloc[-1]))
        # the time series too: same time grid, same voltages
        ts, ts_ref = run.result().timeseries, ref.result().timeseries
        np.testing.assert_allclose(ts.time_s, ts_ref.time_s, rtol=1e-6)
        np.testing.assert_allclose(ts.voltage_V, ts_ref.voltage_V, rtol=1e-4)
    assert grown > 0  # at least one set grows an interphase, so the film states are exercised


def test_batched_dfn_matches_experiment_path(dfn_default, default_design):
    protocol = default_protocol(default_design, cycles=1)
    temps = [343.15, 373.15]
    for T, run in zip(temps, dfn_default.solve_many(protocol, temps)):
        assert_same_summary(run, dfn_default.solve(protocol, T))


def test_a_failed_set_does_not_sink_the_batch(spme, default_design):
    protocol = default_protocol(default_design, cycles=1)
    # a near-insulating electrolyte: the voltage leaves the window at once, no cycle completes
    bad = {"electrolyte_conductivity_S_m": 1e-9}
    runs = spme.solve_many(protocol, [353.15, 353.15, 373.15], [None, bad, None])
    assert isinstance(runs[0], CellRun) and isinstance(runs[2], CellRun)
    assert isinstance(runs[1], SolverFailure)
    with pytest.raises(SolverFailure):
        spme.solve(protocol, 353.15, inputs=bad)
    assert_same_summary(runs[2], spme.solve(protocol, 373.15))


def test_solve_many_of_nothing(spme, default_design):
    assert spme.solve_many(default_protocol(default_design), []) == []
