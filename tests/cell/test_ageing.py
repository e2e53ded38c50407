"""Oxidative interphase growth in the cell: coated vs bare NCM111, 100 cycles (Review section 7.1).

SPMe is used for the 100-cycle runs (~6-12 s each); test_dfn_and_spme_agree_on_bare_fade checks that the DFN
grows the same interphase and fades alike (bounds and measured gap there).
"""
import dataclasses

import numpy as np
import pytest

from cellsim.cell import CellModel, default_protocol
from cellsim.cell.model import (BARE_FILM_M, CellMaterials, inputs_at,
                                cathode_film_inputs, coating_resistivity, film_resistivity)
from cellsim.constants import FARADAY


def _bare(design):
    return dataclasses.replace(design, coating=dataclasses.replace(design.coating, material="none"))


def _covered(design, coverage):
    return dataclasses.replace(design, coating=dataclasses.replace(design.coating, coverage=coverage))


@pytest.fixture(scope="module")
def hundred_cycles(default_design):
    out = {}
    # the interphase releases Li that ends up in NCM111: discharges lithiate it past the BPX fit's lithiated end
    # onto the sourced MSMR tail; neither run may warn (pytest turns warnings into errors)
    for name, design in (("coated", default_design), ("bare", _bare(default_design)),
                         ("half", _covered(default_design, 0.5)), ("complete", _covered(default_design, 1.0))):
        out[name] = CellModel(design, model="SPMe").solve(default_protocol(design, cycles=100), 373.15)
    return out


def test_onset_is_the_electrolytes_oxidation_limit_and_the_coating_exposes_a_fraction(default_design):
    from cellsim.cell.model import CellMaterials
    from cellsim.stability.interphase import protection_factor

    coated = cathode_film_inputs(CellMaterials.load(default_design), 373.15)
    bare = cathode_film_inputs(CellMaterials.load(_bare(default_design)), 373.15)
    # the electrolyte oxidises in both cells (3.15 V, parameter_sets/windows); the coating exposes the uncovered
    # fraction plus what tunnels through it: (1 - theta) + theta exp(-2 nm / 0.11 nm), 1.27e-8 at full coverage
    assert coated["interphase_onset_V"] == bare["interphase_onset_V"] == pytest.approx(3.15)
    c = default_design.coating
    assert coated["interphase_exposed_fraction"] == pytest.approx(
        float(protection_factor(c.coverage, c.thickness, c.electron_decay_length)), rel=1e-12)
    assert coated["interphase_exposed_fraction"] == pytest.approx(
        1 - c.coverage + c.coverage * np.exp(-2e-9 / 0.11e-9), rel=1e-9)
    assert bare["interphase_exposed_fraction"] == 1.0
    # the coating enters as the film thickness with the same area-specific resistance at the film resistivity
    from cellsim.parameters import load_coating

    lif = dataclasses.replace(default_design, coating=dataclasses.replace(default_design.coating, material="LiF"))
    film = cathode_film_inputs(CellMaterials.load(lif), 373.15)
    asr = default_design.coating.thickness * coating_resistivity(load_coating("LiF"), 373.15)
    assert film["film_initial_thickness_m"] * film["film_resistivity_Ohm_m"] == pytest.approx(asr, rel=1e-12)
    # so does the default Al2O3 (2.3e-6 Ohm.m2: 1.3e-10 m of film at its 1.7e4 Ohm.m at 100 degC); thinner
    # equivalents are floored at BARE_FILM_M (the bare cell's)
    al2o3 = default_design.coating.thickness * coating_resistivity(CellMaterials.load(default_design).coating, 373.15)
    assert coated["film_initial_thickness_m"] * coated["film_resistivity_Ohm_m"] == pytest.approx(al2o3, rel=1e-12)
    assert coated["film_initial_thickness_m"] > BARE_FILM_M == bare["film_initial_thickness_m"]
    # the film's resistivity is the interphase's at 100 degC: 1e6 Ohm.m at 25 degC over exp(50 kJ/mol / R
    # (1/298.15 K - 1/373.15 K)) = 57.6 (computed by hand)
    assert coated["film_resistivity_Ohm_m"] == pytest.approx(1e6 / 57.60, rel=1e-3)


def test_bad_coating_numbers_fail_early(default_design):
    from cellsim.cell.model import CellMaterials
    from cellsim.errors import ParameterError

    def inputs(**coat):
        d = dataclasses.replace(default_design, coating=dataclasses.replace(default_design.coating, **coat))
        return cathode_film_inputs(CellMaterials.load(d), 373.15)

    with pytest.raises(ParameterError, match=r"coating.coverage.*1.2.*0 <= coating.coverage <= 1"):
        inputs(coverage=1.2)
    with pytest.raises(ParameterError, match=r"coating.electron_decay_length.*-1e-10.*> 0 m"):
        inputs(electron_decay_length=-1e-10)
    with pytest.raises(ParameterError, match=r"coating.coverage.*\[interphase\]"):
        inputs(coverage=None)


@pytest.mark.parametrize("entry, match", [
    ('{value = -5, unit = "kJ.mol-1", source = "assumed: test"}',
     r"interphase.resistivity_activation_energy' = '-5 kJ.mol-1'.*a value in \[0.0, 300000.0\] J.mol-1"),
    ('{value = 50, source = "assumed: test"}', r"resistivity_activation_energy"),
    ('{value = 50, unit = "Ohm.m", source = "assumed: test"}', r"resistivity_activation_energy.unit")])
def test_bad_film_resistivity_activation_energy_fails_early(tmp_path, entry, match):
    # the film resistivity's temperature law (issue 14): a negative activation energy, one without a unit or with
    # a unit of another dimension is refused while the cell file is read, naming the parameter
    from cellsim.errors import ParameterError
    from cellsim.parameters import builtin_dir, load_cell_design

    text = (builtin_dir() / "cells" / "default.toml").read_text()
    start = text.index("resistivity_activation_energy = ")
    end = text.index("\n", start)
    cell = tmp_path / "bad.toml"
    cell.write_text(text[:start] + "resistivity_activation_energy = " + entry + text[end:])
    with pytest.raises(ParameterError, match=match):
        load_cell_design(str(cell))


def test_interphase_needs_a_window_for_the_material_touching_the_cathode(default_design):
    from cellsim.cell.model import CellMaterials
    from cellsim.errors import ParameterError

    bare = dataclasses.replace(_bare(default_design), electrolyte="Li2(OH)Br", grain_size=None)  # no window entry
    with pytest.raises(ParameterError, match="stability window"):
        cathode_film_inputs(CellMaterials.load(bare), 373.15)
    free = dataclasses.replace(bare, interphase=None)  # no [interphase]: nothing grows, no window needed
    assert cathode_film_inputs(CellMaterials.load(free), 373.15)["interphase_exchange_current_A_m2"] == 0


def test_calibration_default_coated_cell_keeps_80_to_90_percent_after_100_cycles(hundred_cycles):
    # a calibration, not a prediction: the coverage (0.189) and R_ct were fitted together (studies/fit_coverage.py,
    # DFN) to the review's 0.1 V first-cycle hysteresis and 0.85 after 100 cycles at 100 degC, 25 mA/g (Review
    # section 7.1: "over 80 %"; issue 14: 80-90 %). The SPMe, which was not fitted, keeps 0.8418 (its own fit would
    # be coverage 0.209); the DFN's own numbers are checked in test_calibration_dfn_coated_cell_meets_both_targets
    s = hundred_cycles["coated"].summary
    assert len(s) == 100
    assert 0.80 < s.capacity_retention.iloc[-1] < 0.90
    assert s.hysteresis_V.iloc[0] == pytest.approx(0.100, abs=0.005)  # measured 0.0967 (SPMe)


def test_complete_coverage_keeps_all_after_100_cycles(hundred_cycles):
    # a prediction: with complete coverage only tunnelling through 2 nm of Al2O3 reaches the electrolyte, 1.3e-8 of
    # the bare rate, so the cell keeps all (measured 1.0001, 0.1 nm grown): a closed coating cannot fade this way,
    # which is why the coverage, not the coating's thickness, carries the coated cell's fade
    s = hundred_cycles["complete"].summary
    assert len(s) == 100
    assert s.capacity_retention.iloc[-1] == pytest.approx(1.0, abs=0.002)
    assert s.cathode_interphase_nm.iloc[-1] < 0.5


def test_partial_coverage_protects_part_of_the_surface(hundred_cycles):
    # a prediction: half the surface exposed grows less interphase and fades less than the bare cathode (the
    # transport-limited rate goes as f^2 on the exposed fraction f: cellsim.stability.interphase)
    half, bare = hundred_cycles["half"].summary, hundred_cycles["bare"].summary
    assert half.cathode_interphase_nm.iloc[-1] < bare.cathode_interphase_nm.iloc[-1]
    assert half.capacity_retention.iloc[-1] > bare.capacity_retention.iloc[-1] + 0.02


def test_calibration_bare_cathode_keeps_0_79_after_100_cycles(hundred_cycles):
    # a calibration, not a prediction: the interphase exchange current density (parameter_sets/cells/default.toml,
    # [interphase], "fitted:") was fitted to this number (SPMe, 100 degC, 25 mA/g, default protocol, 1.0-2.77 V;
    # 9.72e-8 A/m2 gives 0.790; 6.93e-8, fitted before the film resistivity followed its Arrhenius law and the
    # interfaces, coverage and cut-off were refitted, now gives 0.7945).
    # If the cell changes, refit that number: do not move this target.
    assert hundred_cycles["bare"].summary.capacity_retention.iloc[-1] == pytest.approx(0.79, abs=0.005)


def test_bare_cathode_fades_faster_with_oxidation_signatures(hundred_cycles):
    # a prediction for the bare cell's signatures (its retention is the interphase rate's calibration); it loses
    # more than the coated cell (measured 0.790 vs 0.842, SPMe) and grows more film (744 vs 695 nm)
    coated, bare = hundred_cycles["coated"].summary, hundred_cycles["bare"].summary
    assert bare.capacity_retention.iloc[-1] < coated.capacity_retention.iloc[-1] - 0.03
    film = bare.cathode_interphase_nm.to_numpy()
    assert np.all(np.diff(film) > 0) and film[-1] > film_coated_end(coated)
    # anodic side current: charge in exceeds charge out (CE < 1) and resistance grows (hysteresis)
    assert np.all(bare.coulombic_efficiency.iloc[1:] < 1.0)  # defined from cycle 2 on
    # from cycle 2, the first whose charge starts at the cut-off state (cycle 1 starts as made and also carries
    # the first, largest interphase current): measured 0.178 -> 0.813 V as the film (0.135 V each way at cycle
    # 100) and the cathode electrolyte's loss (its ohmic drop 0.008 -> 0.221 V) grow
    assert bare.hysteresis_V.iloc[-1] > 1.25 * bare.hysteresis_V.iloc[1]


def film_coated_end(summary):
    return summary.cathode_interphase_nm.iloc[-1]


def test_interphase_passivates(hundred_cycles):
    # transport through the product limits growth: the per-cycle increment falls (parabolic: ~1/sqrt(n)), and the
    # electrolyte used up slows it further (bare cell, 100 degC)
    film = hundred_cycles["bare"].summary.cathode_interphase_nm.to_numpy()
    inc = np.diff(film)
    assert np.all(np.diff(inc[5:]) < 0)
    assert inc[-1] < 0.2 * inc[0]


def _electrolyte_balance(run, design):
    """(electrolyte consumed, interphase formed) in mol and m3 from the solution's variables."""
    sol, ip, V = run._solution, design.interphase, design.area * design.cathode.thickness
    eps = sol["X-averaged positive electrode porosity"].entries
    L = sol["X-averaged positive SEI thickness [m]"].entries
    a = sol["X-averaged positive electrode surface area to volume ratio [m-1]"].entries
    li = sol["Loss of lithium to positive SEI [mol]"].entries  # PyBaMM's c_sei bookkeeping (sign trick: < 0)
    n_interphase = -(li[-1] - li[0]) / ip.lithium_per_formula
    n_electrolyte = (eps[0] - eps[-1]) * V / ip.electrolyte_molar_volume
    return {"mol": (n_electrolyte, ip.electrolyte_per_formula * n_interphase),
            "m3": ((eps[0] - eps[-1]) * V, n_interphase * ip.electrolyte_per_formula * ip.electrolyte_molar_volume),
            "film_m3": (a[-1] * (L[-1] - L[0]) * V, n_interphase * ip.molar_volume)}


@pytest.mark.parametrize("cell", ["bare", "half"])
def test_electrolyte_lost_equals_interphase_formed(hundred_cycles, default_design, cell):
    # conservation: the electrolyte fraction lost (porosity) equals nu mol of electrolyte per mol of interphase
    # counted by PyBaMM's own state (c_sei), in moles and in volume; the film volume a dL V equals n V_m
    bal = _electrolyte_balance(hundred_cycles[cell], default_design)
    for key, (lost, formed) in bal.items():
        assert formed > 0
        assert lost == pytest.approx(formed, rel=0.01), key
    # and a real fraction of the cathode's electrolyte is gone (bare: eps 0.38 -> 0.037, measured)
    eps = hundred_cycles[cell]._solution["X-averaged positive electrode porosity"].entries
    assert eps[-1] < 0.3


def test_growth_over_1000_cycles_is_bounded_by_the_electrolyte(hundred_cycles, default_design):
    # the same growth law integrated for 1,000 repetitions of the bare cell's first-cycle reaction rate
    # (cellsim.stability.interphase.grow_over_cycles): never beyond the electrolyte available
    from cellsim.constants import GAS_CONSTANT
    from cellsim.stability.interphase import (electrolyte_volume_ratio, grow_over_cycles, maximum_thickness,
                                              transport_coefficient)

    run, ip, d = hundred_cycles["bare"], default_design.interphase, default_design
    T = 373.15
    arr = np.exp(ip.activation_energy / GAS_CONSTANT * (1 / 298.15 - 1 / T))
    cyc = run._solution.cycles[0]
    t = cyc["Time [s]"].entries
    dphi = cyc["X-averaged positive electrode surface potential difference [V]"].entries
    j = cyc["X-averaged positive electrode interfacial current density [A.m-2]"].entries
    L = cyc["X-averaged positive SEI thickness [m]"].entries
    rho = film_resistivity(ip.resistivity, ip.resistivity_activation_energy, T)
    eta = dphi - 3.15 - j * L * rho
    j_r = ip.exchange_current_density * arr * np.exp(ip.transfer_coefficient * FARADAY * eta / (GAS_CONSTANT * T))
    K = arr * transport_coefficient(ip.parabolic_rate_constant, ip.molar_volume, ip.lithium_per_formula)
    a = 3 * d.cathode.active_volume_fraction / run.cell_model.materials.cathode.particle_radius
    ratio = electrolyte_volume_ratio(ip.electrolyte_per_formula, ip.electrolyte_molar_volume, ip.molar_volume)
    eps0 = d.cathode.electrolyte_volume_fraction
    grown = grow_over_cycles(t, j_r, 1000, K, ip.molar_volume, ip.lithium_per_formula, eps0, a, ratio)
    L_max = maximum_thickness(eps0, a, ratio)
    # the first cycle reproduces the cell's own growth (same law, same potentials): within 2 %
    film_1 = hundred_cycles["bare"].summary.cathode_interphase_nm.iloc[0] * 1e-9
    assert grown[0] == pytest.approx(film_1, rel=0.02)
    assert np.all(grown <= L_max) and grown[-1] > 0.9 * L_max
    assert grown[-1] - grown[-2] < 1e-3 * grown[0]


def test_film_growth_matches_the_lithium_released(hundred_cycles, default_design):
    # conservation (Faraday): every Li+ the oxidation releases ends in the particles, and the film grows by
    # V_m / z per mole of it: dL = V_m * dN_Li / (z * a * L_p * A), a = 3 eps / r
    from cellsim.cell.model import CellMaterials

    res, mats = hundred_cycles["bare"], CellMaterials.load(_bare(default_design))
    d, ip = default_design, default_design.interphase
    ts = res.result().timeseries
    n_li = lambda row: sum(row[f"{k}_stoichiometry"] * mats.electrode_capacity_Ah(k) * 3600 / FARADAY
                           for k in ("cathode", "anode"))
    released_mol = n_li(ts.iloc[-1]) - n_li(ts.iloc[0])
    area = 3 * d.cathode.active_volume_fraction / mats.cathode.particle_radius * d.cathode.thickness * d.area
    grown_nm = 1e9 * ip.molar_volume * released_mol / (ip.lithium_per_formula * area)
    measured_nm = ts.cathode_interphase_nm.iloc[-1] - ts.cathode_interphase_nm.iloc[0]
    assert measured_nm > 50
    assert measured_nm == pytest.approx(grown_nm, rel=0.01)


@pytest.mark.slow
def test_dfn_and_spme_agree_on_bare_fade(default_design):
    # the interphase rate was fitted with the SPMe: the DFN must agree. Measured over 100 cycles at 100 degC: bare
    # DFN 0.7960 / SPMe 0.7901 (0.006 apart), films 742.7 / 743.7 nm (0.1 %); the DFN completes all 100 cycles
    # (with IDA's separate consistent initialisation at step changes it stopped at cycle 66, where a filled cathode
    # surface met the next charge: cellsim.cell.model.SOLVER_OPTIONS). Bounds: 0.03 and 1 %
    bare = _bare(default_design)
    ret, film, n_cycles = [], [], []
    for m in ("SPMe", "DFN"):
        s = CellModel(bare, model=m).cycle(default_protocol(bare, cycles=100), 373.15).summary
        n_cycles.append(len(s))
        ret.append(s.capacity_retention.iloc[-1])
        film.append(s.cathode_interphase_nm.iloc[-1])
    assert ret[0] < 0.85 and ret[1] < 0.85 and n_cycles == [100, 100]
    assert abs(ret[0] - ret[1]) < 0.03
    assert film[1] == pytest.approx(film[0], rel=0.01)


@pytest.mark.slow
@pytest.mark.parametrize("celsius", [60, 90, 120])
def test_coated_and_bare_retention_from_60_to_120C(default_design, celsius):
    # predictions (the coated cell was fitted at 100 degC only, the bare cell's interphase rate at 100 degC only):
    # the coated cell keeps more than the bare one at every temperature (issue 14). Measured, SPMe, 100 cycles,
    # coated / bare: 1.149 / 1.113 at 60 degC, 0.912 / 0.853 at 90, 0.842 / 0.790 at 100, 0.732 / 0.175 at 120
    # (the bare composite's electrolyte is used up; DFN: 1.144 / 1.124, 0.922 / 0.864, 0.850 / 0.796,
    # 0.678 / 0.334). Almost by construction: with growth transport-limited, a coverage theta scales the film by
    # ~(1 - theta). At 60 degC both GAIN capacity, so there two gains are compared, not protection: the Li+ the
    # oxidation releases relithiates the cathode (as made at x 0.896, short of full) onto the borrowed NMC622 tail
    # faster than film and electrolyte loss take capacity away
    ret = {}
    for name, design in (("coated", default_design), ("bare", _bare(default_design))):
        s = CellModel(design, model="SPMe").cycle(default_protocol(design, cycles=100), 273.15 + celsius).summary
        ret[name] = s.capacity_retention.iloc[-1]
    assert ret["coated"] > ret["bare"] + 0.02
    if celsius >= 90:
        assert ret["coated"] < 0.95
    else:
        assert 1.0 < ret["bare"] < ret["coated"] < 1.2


def test_bare_fade_is_not_the_film_resistance(hundred_cycles, default_design):
    # What the fitted 0.79 rests on (SPMe, 100 degC). The oxidation releases one Li+ per formula of product (Li3OCl
    # proxy), which the cathode takes back on each discharge: by cycle 50 the cathode ends each discharge full
    # (measured x 0.9996) and the anode ends each charge full (0.999), so the cyclable window is pinned at both
    # ends; meanwhile the cathode's electrolyte fraction falls 0.38 -> 0.037 and its ohmic drop grows
    # 0.008 -> 0.221 V each way (Bruggeman), with the film's 0.135 V at cycle 100 (hysteresis 0.16 -> 0.81 V). The
    # film's resistance is a small part of the capacity loss: with it divided by 1e4 (the coating's drop kept) the
    # cell keeps 0.795 instead of 0.790. The Li inventory and the electrolyte's conductivity loss are not separated
    # by a counterfactual here (holding the conductivity would need a model without the Bruggeman coupling)
    run = hundred_cycles["bare"]
    sol = run._solution
    cyc = sol.cycles[49]
    assert cyc["Average positive particle stoichiometry"].entries.max() > 0.999
    assert cyc["Average negative particle stoichiometry"].entries.max() > 0.99
    cell = run.cell_model
    base = inputs_at(cell.materials, 373.15)
    no_film = {"film_resistivity_Ohm_m": base.film_resistivity_Ohm_m / 1e4,
               "film_initial_thickness_m": base.film_initial_thickness_m * 1e4}
    other = cell.solve(default_protocol(cell.design, cycles=100), 373.15, inputs=no_film).summary
    fade, fade_no_film = (1 - s.capacity_retention.iloc[-1] for s in (run.summary, other))
    assert abs(fade - fade_no_film) < 0.02 and fade > 0.15


def test_thin_coating_lets_the_interphase_through(hundred_cycles, default_design):
    # a prediction (nothing fitted to completely covered cells): electrons tunnel through a coating thinner than a
    # few decay lengths (0.11 nm), so a uniform interphase grows over the fully covered surface at exp(-L / lambda)
    # of the bare reaction rate, in series with transport through all of it (film area 1).
    # 0.05 nm (f = 0.635): measured 0.796 after 100 cycles, 739 nm; 2 nm (f = 1.3e-8): 1.000, 0.2 nm grown
    # (studies/sweeps/coating_protection.toml has the whole sweep)
    complete = _covered(default_design, 1.0)
    thin = dataclasses.replace(complete, coating=dataclasses.replace(complete.coating, thickness=5e-11))
    inputs = cathode_film_inputs(CellMaterials.load(thin), 373.15)
    assert inputs["interphase_exposed_fraction"] == pytest.approx(np.exp(-0.05 / 0.11), rel=1e-9)
    assert inputs["interphase_film_area_fraction"] == pytest.approx(1.0, rel=1e-12)
    cell = hundred_cycles["complete"].cell_model  # coating thickness is an input: the same built model
    s = cell.solve(default_protocol(thin, cycles=100), 373.15, inputs=inputs).summary
    coated = hundred_cycles["complete"].summary
    assert s.cathode_interphase_nm.iloc[-1] > 500 > 0.5 > coated.cathode_interphase_nm.iloc[-1]
    assert s.capacity_retention.iloc[-1] < coated.capacity_retention.iloc[-1] - 0.05


def _partly_covered(cell, coverage, r_ct, film_resistivity=None, design=None):
    """The cell's 100 degC inputs with ``coverage`` and both interfaces at ``r_ct`` [Ohm.m2] (film at
    ``film_resistivity`` [Ohm.m], default the file's at 100 degC; the coating's equivalent thickness scaled so its
    own drop is unchanged)."""
    d = design if design is not None else cell.design
    film = cathode_film_inputs(CellMaterials.load(_covered(d, coverage)), 373.15)
    film_resistivity = film_resistivity or film["film_resistivity_Ohm_m"]
    scale = film_resistivity / film["film_resistivity_Ohm_m"]
    return inputs_at(cell.materials, 373.15).replace(
        interphase_exposed_fraction=film["interphase_exposed_fraction"],
        interphase_film_area_fraction=film["interphase_film_area_fraction"],
        film_resistivity_Ohm_m=film_resistivity,
        film_initial_thickness_m=max(film["film_initial_thickness_m"] / scale, BARE_FILM_M),
        anode_charge_transfer_resistance_Ohm_m2=r_ct, cathode_charge_transfer_resistance_Ohm_m2=r_ct)


def test_film_resistivity_held_at_25C_would_floor_the_coated_fade(hundred_cycles):
    # why the interphase's resistivity falling with temperature matters for issue 14 item 2: held at its 25 degC
    # value (1e6 Ohm.m, 57.6x the file's at 100 degC) the joint fit of coverage and R_ct to the review's 0.1 V and
    # 0.85 has no solution with R_ct >= 0 (studies/fit_coverage.py): with R_ct at 1e-3 Ohm.m2 the hysteresis
    # reaches 0.100 V only from coverage 0.252 on, where the cell keeps 0.8675 (SPMe). With the file's resistivity
    # the same R_ct gives less than 0.1 V: the fit has room (root at coverage 0.209, SPMe)
    cell = hundred_cycles["coated"].cell_model
    protocol = default_protocol(cell.design, cycles=100)
    edge = cell.solve(protocol, 373.15, inputs=_partly_covered(cell, 0.252, 1e-3, film_resistivity=1e6)).summary
    assert edge.hysteresis_V.iloc[0] == pytest.approx(0.100, abs=0.001)
    assert edge.capacity_retention.iloc[-1] > 0.86
    one = default_protocol(cell.design, cycles=1)
    below = cell.solve(one, 373.15, inputs=_partly_covered(cell, 0.2, 1e-3, film_resistivity=1e6))
    assert below.summary.hysteresis_V.iloc[0] > 0.102
    warm = cell.solve(one, 373.15, inputs=_partly_covered(cell, 0.2, 1e-3))
    assert warm.summary.hysteresis_V.iloc[0] < 0.095


@pytest.mark.slow  # ~17-30 s: one 100-cycle DFN run
def test_calibration_dfn_coated_cell_meets_both_targets(default_design):
    # a calibration: the cell file's coverage and R_ct are the DFN's joint fit (studies/fit_coverage.py) to the
    # review's 0.1 V first-cycle hysteresis and 0.85 after 100 cycles (100 degC, 25 mA/g): measured 0.1000 V,
    # 0.8501, 146.2 mAh/g in cycle 1 (the review: ~150, section 7.1). All 100 cycles must complete, also once the
    # released Li fills the cathode at the end of each discharge (cellsim.cell.model.SOLVER_OPTIONS)
    s = CellModel(default_design, model="DFN").cycle(default_protocol(default_design, cycles=100), 373.15).summary
    assert len(s) == 100
    assert s.hysteresis_V.iloc[0] == pytest.approx(0.100, abs=0.001)
    assert s.capacity_retention.iloc[-1] == pytest.approx(0.85, abs=0.005)
    assert 140 < s.discharge_capacity_mAh_per_g.iloc[0] < 160


@pytest.mark.slow  # ~10 s: two 100-cycle SPMe runs
def test_partly_covered_cell_fades_by_the_released_lithium(hundred_cycles, default_design):
    # Issue 14 item 2, the mechanism of the default coated cell's fade (studies/coated_fade.py; coverage 0.189, it
    # keeps 0.8415 after 100 cycles, SPMe, 100 degC). The oxidation on the uncovered surface releases one Li+ per
    # formula of product (Li3OCl proxy); each discharge empties the LTO anode into the cathode until the cathode is
    # full, and from ~cycle 30 the anode also ends each charge full (N/P ~1.2): the window is pinned at both ends
    # and each further Li released costs capacity. Counterfactuals (measured): twice the anode (room for the Li)
    # 1.028, i.e. all of the loss and more recovered (the released Li then adds capacity); film resistance off
    # 0.8417 (its resistivity at 100 degC, 1.7e4 Ohm.m, leaves the film's drop small); the electrolyte
    # consumption off 0.536 (it caps the growth: without it more Li is released)
    run = hundred_cycles["coated"]
    cell = run.cell_model
    protocol = default_protocol(default_design, cycles=100)
    base = run.summary.capacity_retention.iloc[-1]
    last = run._solution.cycles[99]
    assert last["Average positive particle stoichiometry"].entries.max() > 0.999
    assert last["Average negative particle stoichiometry"].entries.max() > 0.99
    # with the window pinned the capacity is C_p + C_n - N_Li: from cycle 50 to 100 the discharge capacity lost
    # equals the Li the oxidation released (Faraday, from the film's growth), measured 12.66 vs 12.66 mAh/g
    s, ip = run.summary, default_design.interphase
    area_m2 = (3 * default_design.cathode.active_volume_fraction / cell.materials.cathode.particle_radius
               * default_design.cathode.thickness * default_design.area)
    grams = s.discharge_capacity_mAh_per_cm2.iloc[0] / s.discharge_capacity_mAh_per_g.iloc[0] * default_design.area * 1e4
    film_m = 1e-9 * (s.cathode_interphase_nm.iloc[99] - s.cathode_interphase_nm.iloc[49])
    released_mAh_g = film_m * area_m2 / ip.molar_volume * ip.lithium_per_formula * FARADAY / 3.6 / grams
    lost_mAh_g = s.discharge_capacity_mAh_per_g.iloc[49] - s.discharge_capacity_mAh_per_g.iloc[99]
    assert released_mAh_g > 10
    assert lost_mAh_g == pytest.approx(released_mAh_g, rel=0.02)
    roomy = dataclasses.replace(default_design, anode=dataclasses.replace(
        default_design.anode, thickness=2 * default_design.anode.thickness))
    other = CellModel(roomy, model="SPMe")
    more_anode = other.solve(default_protocol(roomy, cycles=100), 373.15).summary
    assert (more_anode.capacity_retention.iloc[-1] - base) / (1 - base) > 0.8  # the Li carries the loss
    no_film = cell.solve(protocol, 373.15, inputs=_partly_covered(cell, default_design.coating.coverage,
                                                                  default_design.cathode.interface
                                                                  .charge_transfer_resistance,
                                                                  film_resistivity=1e0)).summary
    assert abs(no_film.capacity_retention.iloc[-1] - base) < 0.02
