"""The PyBaMM cell: review acceptance numbers, verification against analytic limits, mesh convergence.

Mesh: DEFAULT_MESH (x_n 12, x_s 6, x_p 12, graded towards the electrode|separator faces; r_n 8, r_p 10);
IDAKLU rtol 1e-6, atol 1e-8. Against the same mesh 4x finer in x and 2x in r: capacity and hysteresis within
0.5 % (test_mesh_convergence).
"""
import dataclasses
import warnings

import numpy as np
import pytest

from cellsim.cell import CellModel, Protocol, default_protocol
from cellsim.cell.balance import equilibrium_capacity_Ah
from cellsim.cell.model import DEFAULT_MESH, IDEAL_INTERFACE, SPME_MESH, inputs_at
from cellsim.errors import StoichiometryRangeWarning


def test_default_cell_at_100C_capacity_fills_the_cathode_window(result_100C_ideal, result_100C, default_design):
    # Review section 7.1 / Figure 19 (Xiao 2021): ~150 mAh/g at 25 mA/g and 100 degC. Without side reactions the
    # cathode cycles inside the BPX NCM111 fit (x_BPX 0.424-0.962, 140.2 mAh/g in all: the nominal capacity): from
    # the as-made x = 0.896 (x_BPX 0.955, to which the regular-solution LTO's emptying returns it) to the 2.77 V
    # cut-off, set so the surfaces stop at the fit's delithiated end (x = 0.39802). That window holds
    # (0.896 - 0.39802) x 277.8 = 138.3 mAh/g; the ideal cell must deliver 98-100 % of it (the rest is the
    # solid-diffusion gradient at the cut-off)
    from cellsim.cell.balance import design_numbers
    from cellsim.cell.model import CellMaterials

    first = result_100C_ideal.summary.iloc[0]
    m = CellMaterials.load(default_design)
    nominal = design_numbers(m).cathode_specific_capacity_Ah_kg
    assert nominal == pytest.approx(140.2, abs=0.05)
    window = nominal * (default_design.cathode.initial_stoichiometry - m.cathode.stoichiometry_min) / (
        m.cathode.stoichiometry_max - m.cathode.stoichiometry_min)
    assert window == pytest.approx(138.3, abs=0.1)
    assert 0.98 * window <= first.discharge_capacity_mAh_per_g <= window
    # the default cell's first discharge exceeds the window: its interphase releases Li on the first charge (the
    # oxidation on the uncovered 81 % of the cathode, one Li+ per formula of product), which the anode takes and
    # gives back to the cathode (measured 146.2 mAh/g, 8.9 more than the ideal cell's 137.3, nearer the review's
    # ~150; the Li ledger is tested in tests/cell/test_ageing.py)
    real = result_100C.summary.iloc[0]
    assert first.discharge_capacity_mAh_per_g + 5 < real.discharge_capacity_mAh_per_g < 160


def test_calibration_default_cell_hysteresis_at_100C(result_100C):
    # a calibration, not a prediction: the interface charge-transfer resistance (parameter_sets/cells/default.toml,
    # [cathode.interface], "fitted:") was fitted to the Review's 0.1 V at 25 mA/g and 100 degC (section 7.1)
    assert result_100C.summary.iloc[0].hysteresis_V == pytest.approx(0.100, abs=0.002)


def test_coulombic_efficiency_is_one_without_side_reactions(result_100C_ideal):
    # cycle 1 starts from the as-assembled state, so from cycle 2 on charge in == charge out
    ce = result_100C_ideal.summary["coulombic_efficiency"]
    assert np.isnan(ce.iloc[0])  # cycle 1 has first_cycle_efficiency instead
    assert np.all(np.abs(ce.iloc[1:] - 1) < 1e-3)


def test_cell_at_60C_hysteresis_is_two_and_a_half_times_the_100C_value(dfn_default, default_design):
    # Review section 7.1: the cell "also worked well at 60 degC, delivering similarly small voltage hysteresis". With
    # the electrolyte's bulk Ea from cubic Li2(OH)Cl (0.326 eV) and the interfaces' taken equal to it, the model
    # predicts 2.46x the 100 degC hysteresis (issue 13's "at most twice" is not met: a result, see
    # studies/fit_review.py; measured 0.2461 V, 129.85 mAh/g; 3.04x when the interfaces carried the whole 0.1 V at
    # complete coverage)
    res = dfn_default.cycle(default_protocol(default_design, cycles=1), 333.15)
    first = res.summary.iloc[0]
    assert first.hysteresis_V == pytest.approx(2.46 * 0.100, rel=0.03)
    assert 126 < first.discharge_capacity_mAh_per_g < 134


def test_timeseries_columns_and_potentials(result_100C):
    ts = result_100C.timeseries
    for col in ("time_s", "current_A", "voltage_V", "charge_stored_mAh_per_g", "cathode_potential_V",
                "cathode_potential_max_V", "anode_potential_min_V"):
        assert col in ts
    assert np.all(np.diff(ts["time_s"]) >= 0)
    # cell voltage = cathode - anode potential minus ohmic drops (< 0.15 V here)
    gap = ts["cathode_potential_V"] - ts["anode_potential_V"] - ts["voltage_V"]
    assert np.max(np.abs(gap)) < 0.15
    assert np.all(ts["cathode_potential_max_V"] >= ts["cathode_potential_min_V"])
    assert 4.25 < ts["cathode_potential_max_V"].max() < 4.4  # NCM111 near 4.3 V vs Li at the upper cut-off


def test_summary_independent_of_output_grid(dfn_default, default_design):
    # capacities and energies come from integrated states, not from the sampled time series
    p = default_protocol(default_design, cycles=1)
    a = dfn_default.cycle(p, 373.15).summary.iloc[0]
    import cellsim.cell.model as m
    exp = dfn_default.experiment
    dfn_default.experiment = lambda prot: m._import_pybamm().Experiment(
        [exp(prot).cycles[0]], period="600 seconds")
    try:
        dfn_default._sims.clear()
        b = dfn_default.cycle(p, 373.15).summary.iloc[0]
    finally:
        dfn_default.experiment = exp
        dfn_default._sims.clear()
    assert b.hysteresis_V == pytest.approx(a.hysteresis_V, rel=1e-3)
    assert b.discharge_capacity_mAh_per_g == pytest.approx(a.discharge_capacity_mAh_per_g, rel=1e-4)


def test_capacity_approaches_equilibrium_as_rate_goes_to_zero(default_design):
    # the electrode balance's equilibrium capacity, so without side reactions (IDEAL_INTERFACE: no interphase)
    cell = CellModel(default_design, model="SPMe")
    p = default_design.protocol
    q_eq = equilibrium_capacity_Ah(cell.materials, p.lower_voltage, p.upper_voltage, 373.15)
    errors = []
    for rate in (0.2, 0.05, 0.01):
        # near zero rate the 2.77 V cut-off takes NCM111 to its OCV of 2.77 + 1.55 V = 4.32 V, past the BPX fit's
        # 4.29 V (the cut-off is set for 25 mA/g, where the charge overpotential keeps it inside): that warns
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", StoichiometryRangeWarning)
            res = cell.cycle(Protocol(c_rate=rate, cycles=2, lower_voltage_V=p.lower_voltage,
                                      upper_voltage_V=p.upper_voltage), 373.15, inputs=IDEAL_INTERFACE)
        q = res.summary["discharge_capacity_mAh_per_g"].iloc[-1] * cell.materials.cathode_active_mass_kg
        errors.append(abs(q - q_eq) / q_eq)
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 5e-3


def _separator_drop_error(design, model, mesh):
    """Relative error of the extra voltage when only the separator conductivity is halved, vs I L / (sigma A).

    Halving the separator's effective conductivity (eps 1 -> 0.5, Bruggeman exponent 1) leaves the electrode
    states unchanged at equal time, so the cell voltage must shift by exactly I * L / (sigma * A).
    """
    sep = dataclasses.replace(design.separator, electrolyte_volume_fraction=0.5, bruggeman_exponent=1.0)
    base, half = (CellModel(d, model=model, mesh=mesh) for d in
                  (design, dataclasses.replace(design, separator=sep)))
    prot = default_protocol(design, cycles=1)
    va, vb = (m.cycle(prot, 373.15).timeseries for m in (base, half))
    t = 0.5 * va["time_s"][va["current_A"] < 0].max()  # mid-charge
    dv = np.interp(t, vb["time_s"], vb["voltage_V"]) - np.interp(t, va["time_s"], va["voltage_V"])
    sigma = inputs_at(base.materials, 373.15).electrolyte_conductivity_S_m
    expected = base.current_A(prot) * design.separator.thickness / (sigma * design.area)
    return dv / expected - 1


def test_separator_ohmic_drop_spme_exact(default_design):
    # without the interphase: its growth follows the voltage history, which the halved separator shifts
    bare_of_side_reactions = dataclasses.replace(default_design, interphase=None)
    assert abs(_separator_drop_error(bare_of_side_reactions, "SPMe", None)) < 1e-6


def test_separator_ohmic_drop_dfn_converges(default_design):
    # DFN: the separator/electrode faces average the two porosities, an O(h) error (measured: 2.9 %, 1.4 %, 0.7 %
    # for 8, 16, 32 separator points); check first-order convergence towards I L / (sigma A)
    e1 = _separator_drop_error(default_design, "DFN", {"x_n": 16, "x_s": 8, "x_p": 16})
    e2 = _separator_drop_error(default_design, "DFN", {"x_n": 32, "x_s": 16, "x_p": 32})
    assert 0 < e2 < e1 < 0.04
    assert np.log2(e1 / e2) == pytest.approx(1.0, abs=0.1)


def test_dfn_and_spme_agree_at_low_rate(default_design, dfn_default):
    # 2.68 V: at C/20 the charge overpotential is too small for 2.71 V to keep NCM111 inside the BPX fit (4.29 V).
    # The charge then ends on the sloping part of the NCM111 OCP: dQ/dV of the equilibrium curve is ~100 mAh/g/V
    # at 2.68 V (143.08 -> 144.08 mAh/g from 2.68 to 2.69 V), three times the ~32 mAh/g/V at the former 2.8 V
    # cut-off. DFN's charge overpotential at C/20 is a few mV above SPMe's (hysteresis 17.3 vs 14.9 mV; the DFN
    # resolves the through-thickness reaction distribution), so a plain CC charge to 2.68 V stops ~0.58 mAh/g
    # (4e-3) earlier in the DFN and the discharge inherits it: the comparison would measure the cut-off's slope,
    # not the models. A CV hold at the cut-off down to C/400 (5 % of the current) takes both to the same
    # near-equilibrium charged state (measured: 142.85 vs 142.93 mAh/g, 5.6e-4; mean discharge voltage 1.4 mV).
    p = Protocol(c_rate=0.05, cycles=1, upper_voltage_V=2.68, cv_hold_current_fraction=0.05)
    a = dfn_default.cycle(p, 373.15).summary.iloc[0]
    b = CellModel(default_design, model="SPMe").cycle(p, 373.15).summary.iloc[0]
    assert b.discharge_capacity_mAh_per_g == pytest.approx(a.discharge_capacity_mAh_per_g, rel=2e-3)
    assert b.mean_discharge_voltage_V == pytest.approx(a.mean_discharge_voltage_V, abs=2e-3)


@pytest.mark.slow
def test_mesh_convergence(default_design, result_100C):
    # 4x finer across the cell and 2x in the particles: capacity and hysteresis of cycles 1 and 2 move by < 0.5 %
    # (measured: capacity 0.16 %, hysteresis 0.23 %; the uniform 48-point mesh it replaces was 1.3 % off in
    # hysteresis: first-order convergence)
    fine_mesh = {k: (4 if k.startswith("x") else 2) * v for k, v in DEFAULT_MESH.items()}
    fine = CellModel(default_design, model="DFN", mesh=fine_mesh).cycle(
        default_protocol(default_design, cycles=2), 373.15).summary
    for n in (0, 1):
        coarse = result_100C.summary.iloc[n]
        assert fine.discharge_capacity_mAh_per_g[n] == pytest.approx(coarse.discharge_capacity_mAh_per_g, rel=5e-3)
        assert fine.hysteresis_V[n] == pytest.approx(coarse.hysteresis_V, rel=5e-3)


@pytest.mark.slow
@pytest.mark.parametrize("temperature_K,c_rate,mesh,bound", [
    (333.15, None, None, 5e-3),  # the default protocol at 60 degC: the default mesh holds 0.5 %
    (333.15, 1.0, None, 2e-2),  # 1C at 60 degC: the default mesh is 1.7 % high in capacity (stated in DEFAULT_MESH)
    # ... 24 points per electrode -1.1 %, 36 points -0.4 % (with the Yao 2024 LTO fit 24 held -0.24 %)
    (333.15, 1.0, {"x_n": 36, "x_s": 18, "x_p": 36}, 5e-3),
])
def test_mesh_bound_at_60C_and_1C(default_design, temperature_K, c_rate, mesh, bound):
    p = default_protocol(default_design, cycles=1) if c_rate is None else Protocol(c_rate=c_rate, cycles=1)
    fine_mesh = {"x_n": 48, "x_s": 24, "x_p": 48, "r_n": 16, "r_p": 20}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", StoichiometryRangeWarning)
        a, b = (CellModel(default_design, model="DFN", mesh=m).cycle(p, temperature_K).summary.iloc[0]
                for m in (mesh, fine_mesh))
    # 1C: the NCM111 particle surfaces overshoot the BPX fit's lithiated end at the end of discharge (measured
    # surface x 0.951 > 0.90264 + 0.01), onto the sourced MSMR tail (to x = 1): no run here warns
    warned = [w for w in caught if issubclass(w.category, StoichiometryRangeWarning)]
    assert not warned, [str(w.message) for w in warned]
    assert a.discharge_capacity_mAh_per_g == pytest.approx(b.discharge_capacity_mAh_per_g, rel=bound)
    assert a.hysteresis_V == pytest.approx(b.hysteresis_V, rel=max(bound, 5e-3))


@pytest.mark.slow
def test_error_test_on_differential_states_only_changes_nothing(default_design, monkeypatch):
    # SOLVER_OPTIONS["suppress_algebraic_error"]: algebraic states out of IDA's local error test (3x fewer steps);
    # one DFN cycle with and without: hysteresis within 5e-4 relative (measured 14 uV of 70.6 mV, 2e-4; the mesh
    # error is 2e-3), capacity within 1e-5 (measured 1.1e-6)
    import cellsim.cell.model as model_module

    p = default_protocol(default_design, cycles=1)
    runs = []
    for suppress in (True, False):
        monkeypatch.setattr(model_module, "SOLVER_OPTIONS",
                            {**model_module.SOLVER_OPTIONS, "suppress_algebraic_error": suppress})
        runs.append(CellModel(default_design, model="DFN").cycle(p, 373.15).summary.iloc[0])
    assert runs[0].hysteresis_V == pytest.approx(runs[1].hysteresis_V, rel=5e-4)
    assert runs[0].discharge_capacity_mAh_per_g == pytest.approx(runs[1].discharge_capacity_mAh_per_g, rel=1e-5)


@pytest.mark.slow
def test_pybamm_initialisation_at_step_changes_equals_idas(default_design, monkeypatch):
    # SOLVER_OPTIONS["calc_ic"] False: PyBaMM's Newton solver initialises each step instead of IDA's IDACalcIC
    # (which stopped the bare DFN at cycle 66 of 100 when a filled cathode surface met the next charge). Three DFN
    # cycles with 600 s rests (charge, rest, discharge, rest: every kind of step change): summaries within 1e-5
    # mAh/g and 1e-5 V (measured 4.8e-6 and 7.6e-7), every output point within 1 mV (measured 0.16 mV)
    import cellsim.cell.model as model_module

    p = default_protocol(default_design, cycles=3, rest_s=600.0)
    runs = []
    for calc_ic in (False, True):
        monkeypatch.setattr(model_module, "SOLVER_OPTIONS", {**model_module.SOLVER_OPTIONS, "calc_ic": calc_ic})
        runs.append(CellModel(default_design, model="DFN").cycle(p, 373.15))
    a, b = (r.summary for r in runs)
    assert len(a) == len(b) == 3
    np.testing.assert_allclose(a.discharge_capacity_mAh_per_g, b.discharge_capacity_mAh_per_g, rtol=0, atol=1e-5)
    np.testing.assert_allclose(a.hysteresis_V, b.hysteresis_V, rtol=0, atol=1e-5)
    va, vb = (r.timeseries.voltage_V.to_numpy() for r in runs)
    assert len(va) == len(vb) and np.max(np.abs(va - vb)) < 1e-3


def test_whole_run_post_processing_equals_per_step(default_design):
    # StepData evaluates each variable once over the whole solution and slices it per step: same tables as
    # evaluating every step on its own (to round-off: capacities and stoichiometries are read as affine in the
    # states there, cellsim.cell.results._Affine; measured <= 1e-15)
    from cellsim.cell.results import cycle_summary, time_series

    run = CellModel(default_design, model="SPMe").solve(default_protocol(default_design, cycles=2), 373.15)
    mass = run.cell_model.materials.cathode_active_mass_kg
    fast = run.result()
    slow_summary = cycle_summary(run._complete, mass, area_m2=default_design.area)
    slow_ts = time_series(run._complete, mass)
    np.testing.assert_allclose(fast.summary.to_numpy(dtype=float)[:, :-1],
                               slow_summary.to_numpy(dtype=float)[:, :-1], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(fast.timeseries.to_numpy(dtype=float), slow_ts.to_numpy(dtype=float),
                               rtol=1e-12, atol=1e-15)


@pytest.mark.slow
def test_graded_mesh_removes_the_separator_face_error(default_design):
    # uniform meshes converge at first order in hysteresis (16 -> 32 points per electrode halves the error); the
    # graded default at 12 points is closer to the fine graded result than the uniform mesh at 32 points
    p = default_protocol(default_design, cycles=1)
    h = {name: CellModel(default_design, model="DFN", mesh=mesh, mesh_stretch=stretch).cycle(p, 373.15)
         .summary.hysteresis_V[0] for name, mesh, stretch in
         (("graded12", None, None), ("graded48", {"x_n": 48, "x_s": 24, "x_p": 48}, None),
          ("uniform16", {"x_n": 16, "x_s": 8, "x_p": 16}, 0.0), ("uniform32", {"x_n": 32, "x_s": 16, "x_p": 32}, 0.0))}
    e16, e32 = h["uniform16"] - h["graded48"], h["uniform32"] - h["graded48"]
    assert 0 < e32 < e16 and e16 / e32 == pytest.approx(2.0, rel=0.25)  # first order
    assert abs(h["graded12"] - h["graded48"]) < 0.3 * e32


def test_rebuild_not_needed_for_new_temperature(dfn_default, default_design):
    p = default_protocol(default_design, cycles=1)
    sim = dfn_default.simulation(p)
    dfn_default.cycle(p, 353.15)
    assert dfn_default.simulation(p) is sim


def test_spme_mesh_convergence(default_design):
    # SPME_MESH has 4x fewer points across the cell than the DFN's: refining x 4x moves capacity by < 1e-4
    # (measured 1e-5) and the steady cycle's hysteresis by < 0.5 % (cycle 2, measured 0.05 %). Cycle 1, which
    # starts from the as-made anode (x = 1e-4 on the regular solution's log branch), moves by 0.52 %: its
    # discharge's mean voltage is 0.37 mV lower than cycle 2's on the coarse mesh and equal on the fine one
    # (0.13 % with the Yao 2024 LTO fit; cause not separated further), so it gets < 1 %
    p = default_protocol(default_design, cycles=2)
    coarse = CellModel(default_design, model="SPMe").cycle(p, 373.15).summary
    fine_mesh = {k: 4 * v if k.startswith("x") else v for k, v in SPME_MESH.items()}
    fine = CellModel(default_design, model="SPMe", mesh=fine_mesh).cycle(p, 373.15).summary
    np.testing.assert_allclose(coarse.discharge_capacity_mAh_per_g, fine.discharge_capacity_mAh_per_g, rtol=1e-4)
    assert coarse.hysteresis_V.iloc[1] == pytest.approx(fine.hysteresis_V.iloc[1], rel=5e-3)
    assert coarse.hysteresis_V.iloc[0] == pytest.approx(fine.hysteresis_V.iloc[0], rel=1e-2)


def test_default_run_stays_in_fitted_stoichiometry_range(result_100C_ideal, result_100C):
    # the default protocol keeps both electrodes inside their OCPs' ranges (fit and borrowed tail) (to 0.01), with and without the
    # cathode's film and interphase: no StoichiometryRangeWarning (pytest turns warnings into errors) and nothing
    # recorded. NCM111's range reaches x = 1 (the MSMR tail past the BPX fit, cellsim.cell.ocp.ncm111_bpx_msmr_tail)
    assert result_100C_ideal.metadata["stoichiometry_excursions"] == {}
    assert result_100C.metadata["stoichiometry_excursions"] == {}


def test_charging_beyond_the_ncm111_fit_warns(default_design):
    # 2.9 V takes NCM111 to ~4.5 V vs Li, far past the BPX fit's 4.29 V (x 0.398): the run warns and records it
    cell = CellModel(default_design, model="SPMe")
    with pytest.warns(StoichiometryRangeWarning, match="cathode stoichiometry"):
        run = cell.solve(default_protocol(default_design, cycles=1, upper_voltage_V=2.9), 373.15)
    lo, hi, smin, smax = run.stoichiometry_excursions["cathode"]
    assert lo < smin - 0.01
    assert "anode" not in run.stoichiometry_excursions
    meta = run.result().metadata
    assert meta["stoichiometry_excursions"]["cathode"]["x_low"] == pytest.approx(lo)
