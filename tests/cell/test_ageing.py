"""Oxidative interphase growth in the cell: coated vs bare NCM111, 100 cycles (Review section 7.1).

SPMe is used for the 100-cycle runs (8 s each); test_dfn_and_spme_agree_on_bare_fade checks that the DFN
grows the same interphase and fades by the same order over 10 cycles (bounds and measured gap there).
"""
import dataclasses

import numpy as np
import pytest

from cellsim.errors import StoichiometryRangeWarning
from cellsim.cell import CellModel, default_protocol
from cellsim.cell.model import (BARE_FILM_M, NO_OXIDATION_LIMIT_V,
                                cathode_film_inputs, coating_resistivity)
from cellsim.constants import FARADAY


def _bare(design):
    return dataclasses.replace(design, coating=dataclasses.replace(design.coating, material="none"))


@pytest.fixture(scope="module")
def hundred_cycles(default_design):
    out = {}
    out["coated"] = CellModel(default_design, model="SPMe").cycle(default_protocol(default_design, cycles=100), 373.15)
    bare = _bare(default_design)
    # the bare cathode's interphase growth releases Li that ends up in NCM111: its discharges lithiate it past the
    # BPX fit's lithiated end (x_BPX 0.962): the fade run warns (the coated cell must not: warnings are errors)
    with pytest.warns(StoichiometryRangeWarning, match="cathode stoichiometry"):
        out["bare"] = CellModel(bare, model="SPMe").cycle(default_protocol(bare, cycles=100), 373.15)
    return out


def test_onset_is_the_oxidation_limit_of_the_material_touching_the_cathode(default_design):
    from cellsim.cell.model import CellMaterials

    coated = cathode_film_inputs(CellMaterials.load(default_design), 373.15)
    bare = cathode_film_inputs(CellMaterials.load(_bare(default_design)), 373.15)
    # Al2O3 holds no Li: no oxidation limit (parameter_sets/windows/coatings.toml); the electrolyte's is 3.15 V
    assert coated["interphase_onset_V"] == NO_OXIDATION_LIMIT_V
    assert bare["interphase_onset_V"] == pytest.approx(3.15)
    # the coating enters as the film thickness with the same area-specific resistance at the film resistivity
    from cellsim.parameters import load_coating

    lif = dataclasses.replace(default_design, coating=dataclasses.replace(default_design.coating, material="LiF"))
    film = cathode_film_inputs(CellMaterials.load(lif), 373.15)
    asr = default_design.coating.thickness * coating_resistivity(load_coating("LiF"), 373.15)
    assert film["film_initial_thickness_m"] * film["film_resistivity_Ohm_m"] == pytest.approx(asr, rel=1e-12)
    # thinner equivalents are floored at BARE_FILM_M (Al2O3: 2.3e-12 m -> 1e-11 m, still 0.1 Ohm.cm2)
    assert coated["film_initial_thickness_m"] == BARE_FILM_M


def test_interphase_needs_a_window_for_the_material_touching_the_cathode(default_design):
    from cellsim.cell.model import CellMaterials
    from cellsim.errors import ParameterError

    bare = dataclasses.replace(_bare(default_design), electrolyte="Li2(OH)Br", grain_size=None)  # no window entry
    with pytest.raises(ParameterError, match="stability window"):
        cathode_film_inputs(CellMaterials.load(bare), 373.15)
    free = dataclasses.replace(bare, interphase=None)  # no [interphase]: nothing grows, no window needed
    assert cathode_film_inputs(CellMaterials.load(free), 373.15)["interphase_exchange_current_A_m2"] == 0


def test_coated_cell_keeps_80_percent_after_100_cycles(hundred_cycles):
    # Review section 7.1: the Figure 19 cell keeps > 80 % after 100 cycles at 100 degC and 25 mA/g
    s = hundred_cycles["coated"].summary
    assert len(s) == 100
    assert s.capacity_retention.iloc[-1] >= 0.80
    assert s.cathode_interphase_nm.iloc[-1] == pytest.approx(0.0, abs=1e-9)  # nothing grows on Al2O3


def test_calibration_bare_cathode_keeps_0_79_after_100_cycles(hundred_cycles):
    # a calibration, not a prediction: the interphase exchange current density (parameter_sets/cells/default.toml,
    # [interphase], "fitted:") was fitted to this number (SPMe, 100 degC, 25 mA/g, default protocol, 1.0-2.78 V;
    # 6.34e-11 A/m2 gives 0.790). If the cell changes, refit that number: do not move this target.
    assert hundred_cycles["bare"].summary.capacity_retention.iloc[-1] == pytest.approx(0.79, abs=0.005)


def test_bare_cathode_fades_faster_with_oxidation_signatures(hundred_cycles):
    coated, bare = hundred_cycles["coated"].summary, hundred_cycles["bare"].summary
    assert bare.capacity_retention.iloc[-1] < coated.capacity_retention.iloc[-1] - 0.10
    film = bare.cathode_interphase_nm.to_numpy()
    assert np.all(np.diff(film) > 0) and film[-1] > 50
    # anodic side current: charge in exceeds charge out (CE < 1) and resistance grows (hysteresis)
    assert np.all(bare.coulombic_efficiency.iloc[1:] < 1.0)  # defined from cycle 2 on
    # from cycle 2, the first whose charge starts at the cut-off state (cycle 1 starts as made and also carries
    # the first, largest interphase current): measured 0.242 -> 0.318 V (1.31x) as the film resistance grows
    # (0.177 -> 0.273 V, 1.54x, with the Yao 2024 LTO fit, whose steep knee kept the released Li in the anode; the
    # regular-solution LTO empties on every discharge and returns it to the cathode)
    assert bare.hysteresis_V.iloc[-1] > 1.25 * bare.hysteresis_V.iloc[1]


def test_film_growth_matches_the_lithium_released(hundred_cycles, default_design):
    # conservation (Faraday): every Li+ the oxidation releases ends in the particles, and the film grows by
    # V_m / z per mole of it: dL = V_m * dN_Li / (z * a * L_p * A), a = 3 eps / r
    from cellsim.cell.model import CellMaterials

    res, mats = hundred_cycles["bare"], CellMaterials.load(_bare(default_design))
    d, ip = default_design, default_design.interphase
    ts = res.timeseries
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
    bare = _bare(default_design)
    # the bare cathode's fade takes NCM111 past its fit's lithiated end (see hundred_cycles): both models warn
    ret, runs = [], []
    for m in ("SPMe", "DFN"):
        with pytest.warns(StoichiometryRangeWarning, match="cathode stoichiometry"):
            res = CellModel(bare, model=m).cycle(default_protocol(bare, cycles=10), 373.15)
        ret.append(res.summary.capacity_retention.iloc[-1])
        runs.append(res)
    # the mechanism agrees: both models grow the same interphase (10 cycles, fitted rate: DFN 482.2 nm, SPMe
    # 475.0 nm, 1.5 %; the DFN's is resolved across the electrode, the SPMe's from one averaged potential; at 25 mA/g
    # the DFN's surface potential spreads only ~13 mV across the cathode, against a 148 mV/dec Tafel slope). The
    # released Li returns to the cathode on every discharge (the regular-solution LTO empties), so the capacity
    # first grows (cycle 1 -> 2: SPMe 153.5 -> 159.5, DFN 149.2 -> 157.9 mAh/g) and then falls as the film's
    # resistance grows; by cycle 10 the models agree to 0.6 % (148.2 vs 147.3 mAh/g; hysteresis 0.251 vs 0.258 V).
    # Retention (cycle 10 over cycle 1: SPMe 0.965, DFN 0.987) is a ratio to cycle 1, which carries the first,
    # largest interphase current and differs by 2.9 % between the models: compared here only by its sign (with the
    # Yao 2024 LTO fit the retentions were 0.977 and 0.968 and agreed within 0.015)
    film = [r.summary.cathode_interphase_nm.iloc[-1] for r in runs]
    cap = [r.summary.discharge_capacity_mAh_per_g.to_numpy() for r in runs]
    assert ret[0] < 0.99 and ret[1] < 0.99
    assert film[1] == pytest.approx(film[0], rel=0.05)
    # 0.6 % before the interface resistances; 1.9 % with them (cycle 10: DFN 144.1, SPMe 146.9 mAh/g): the DFN
    # spreads the interface's and film's current across the cathode, the SPMe averages it
    assert cap[1][-1] == pytest.approx(cap[0][-1], rel=0.03)
    for c in cap:  # grows on the released Li, then falls with the film's resistance
        # the peak at cycle 2 or 3 (DFN with the interface resistances: cycle 3), then monotone
        k = int(np.argmax(c))
        assert 1 <= k <= 2 and np.all(np.diff(c[k:]) < 0)
