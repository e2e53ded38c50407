"""Residual stress -> conductivity -> cell (issue 14 item 3) and contact loss of a design."""

import numpy as np
import pandas as pd
import pytest

from cellsim.analysis import stress_coupling as sc
from cellsim.analysis.stress_coupling import (activation_volume, cathode_contact_loss, cell_stress_effect,
                                              conductivity_stress_table, effective_conductivity_factor,
                                              matrix_mean_pressure)
from cellsim.constants import BOLTZMANN
from cellsim.errors import ParameterError


def test_matrix_mean_pressure_obeys_the_average_stress_theorem():
    P, f = 85e6, 0.61
    p_m = matrix_mean_pressure(P, f)
    # volume-averaged hydrostatic stress of the load-free composite vanishes: f(-P) + (1-f)(-p_m) = 0
    assert f * (-P) + (1 - f) * (-p_m) == pytest.approx(0.0, abs=1e-6)
    assert matrix_mean_pressure(P, 0.0) == 0.0
    with pytest.raises(ParameterError, match="volume_fraction"):
        matrix_mean_pressure(P, 1.0)


def test_uniform_factor_is_returned_unchanged(default_design):
    table = pd.DataFrame({"component": ["cathode composite", "anode composite", "separator on cathode",
                                        "separator on anode"], "conductivity_ratio": [1.7] * 4})
    assert effective_conductivity_factor(default_design, table) == pytest.approx(1.7, rel=1e-12)


def test_cell_electrolyte_uses_a_migration_volume_not_the_frenkel_volume():
    # Li1.9(OH)Cl0.9 -> Li2(OH)Cl entry: 2.8 A3 (assumed from LLTO's measured 1.65 cm3/mol, migration_volume.toml),
    # a few A3 as physics.md says for extrinsic carriers, not Li3OCl's 21.9 A3 half Frenkel volume
    dv, basis = activation_volume("Li1.9(OH)Cl0.9")
    assert dv == pytest.approx(2.8e-30, rel=1e-12)
    assert "migration volume" in basis


def test_li3ocl_activation_volume_is_its_migration_volume():
    # referee (issue 14): the electrolyte file's 21.85 A3 (half the Frenkel-pair volume) overrode the 2.8 A3
    # migration entry; Li3OCl's 0.26 eV (extrinsic vacancies) calls for the migration volume
    dv, basis = activation_volume("Li3OCl")
    assert dv == pytest.approx(2.8e-30, rel=1e-12)
    assert basis.startswith("migration volume: assumed:")


def test_default_cell_factor_is_within_the_acceptance_band(default_design):
    # issue 14 acceptance: the default cell's conductivity factor from residual stress between 0.8 and 1.25, both
    # for the fresh cell (no time at temperature) and over its protocol (3 cycles, relaxed).
    # Note (referee): this band cannot discriminate between models: with a 2.8 A3 migration volume the factor is
    # 1.017 fresh and 1.003 relaxed (random texture; 1.000004 relaxed with aligned hops), far inside 0.8-1.25.
    # The crack verdict, which switches the gain off, is tested for its sensitivity to the assumed relaxation time
    # and cooling rate in test_crack_verdict_sensitivity_to_relaxation_time_and_cooling_rate.
    for t in (0.0, None):
        table = conductivity_stress_table(default_design, time_at_temperature_s=t)
        k = effective_conductivity_factor(default_design, table)
        assert 0.8 <= k <= 1.25
        assert not table.cracked.any()  # 5 K/min cooling relaxes the 243-267 MPa elastic peaks to ~80-90 MPa
        sep = table[table.direction == "through-plane (random texture)"]
        # in-plane tension in the polycrystalline separator: with nu = 0.24 < 1/4 the orientation-averaged
        # through-plane factor is barely above 1 (ln = (2 - 8 nu) s dV / (5 (1 - 2 nu) kT))
        assert (sep.mean_stress_Pa > 0).all() and (sep.conductivity_ratio > 1).all()
        assert (sep.conductivity_ratio < 1.005).all()
        comp = table[table.direction == "isotropic"]
        assert (comp.pressure_Pa < 0).all() and (comp.conductivity_ratio > 1).all()


@pytest.mark.parametrize("texture", ["random", "aligned"])
def test_fresh_separator_factor_by_hand(default_design, texture):
    # separator on cathode, no time at temperature: s = cooling factor x elastic film stress; nu 0.24
    # (Li2(OH)Cl, Review Table 3), dV 2.8 A3, T 373.15 K. Random texture (default, melt-cast polycrystal):
    # exp((2 - 8 nu) s dV / (5 (1 - 2 nu) k T)); aligned hops (textured film): exp(-2 nu s dV / ((1 - 2 nu) k T))
    t = conductivity_stress_table(default_design, time_at_temperature_s=0.0, texture=texture).set_index("component")
    row = t.loc["separator on cathode"]
    s = row.cooling_factor * row.elastic_stress_Pa
    assert row.mean_stress_Pa == pytest.approx(s, rel=1e-12)
    x = s * 2.8e-30 / (BOLTZMANN * 373.15)
    if texture == "random":
        expected = np.exp((2 - 8 * 0.24) * x / (5 * (1 - 2 * 0.24)))
        assert 1.0 < row.conductivity_ratio < 1.005
    else:
        expected = np.exp(-2 * 0.24 * x / (1 - 2 * 0.24))
        assert 0.9 < row.conductivity_ratio < 1.0
    assert row.conductivity_ratio == pytest.approx(expected, rel=1e-12)
    assert row.direction == f"through-plane ({texture} texture)"


def test_unknown_texture_is_refused(default_design):
    with pytest.raises(ParameterError, match="texture.*random"):
        conductivity_stress_table(default_design, texture="epitaxial")


def test_cracked_region_gets_no_gain(default_design, monkeypatch):
    # without relaxation during cooling (factor 1) every region's elastic peak (243-267 MPa) exceeds the
    # 225 MPa fracture strength: all cracked, every factor exactly 1, the cell factor 1
    monkeypatch.setattr(sc, "cooling_relaxation_factor", lambda *a, **k: 1.0)
    table = conductivity_stress_table(default_design, time_at_temperature_s=0.0)
    assert table.cracked.all()
    assert (table.peak_tensile_stress_Pa >= table.fracture_strength_Pa).all()
    assert (table.conductivity_ratio == 1.0).all()
    assert effective_conductivity_factor(default_design, table) == 1.0


def _hand_cooling_factor(rate_K_s, tau_scale):
    """sigma/sigma_el after linear cooling with Maxwell relaxation, by quadrature of the closed form:
    f = (1/dT) int_{T1}^{T0} exp(-int_{T1}^{T} dT' / (r tau(T'))) dT, tau(T) = tau_ref exp(Q/R (1/T - 1/T_ref))."""
    from scipy.integrate import quad

    from cellsim.constants import GAS_CONSTANT
    from cellsim.parameters.mechanics import load_relaxation

    r = load_relaxation()["Li1.9(OH)Cl0.9"]
    tau = lambda T: tau_scale * r["relaxation_time"] * np.exp(  # noqa: E731
        r["creep_activation_energy"] / GAS_CONSTANT * (1 / T - 1 / r["relaxation_reference_temperature"]))
    T0, T1 = 573.15, 373.15  # solidification (Li1.9(OH)Cl0.9 melting point) and operating temperature
    inner = lambda T: np.exp(-quad(lambda x: 1 / (rate_K_s * tau(x)), T1, T)[0])  # noqa: E731
    return quad(inner, T1, T0, limit=200)[0] / (T0 - T1)


@pytest.mark.parametrize("scale, cracked", [
    (1, []),  # default: 5 K/min, tau 6.4 h at 100 degC: f = 0.335, peaks 82-90 MPa against 225 MPa
    (10, []),  # f = 0.551: peaks 134-147 MPa, still 0.65 of the strength at most
    (150, ["separator on anode"]),  # f = 0.854: 0.854 x 267.3 = 228 MPa > 225 MPa; anode composite 224.5 MPa
    (300, ["anode composite (electrolyte matrix)", "separator on cathode", "separator on anode"]),  # f = 0.914
    (1000, ["cathode composite (electrolyte matrix)", "anode composite (electrolyte matrix)",
            "separator on cathode", "separator on anode"]),  # f = 0.971: every region
])
@pytest.mark.parametrize("what", ["relaxation time", "cooling rate"])
def test_crack_verdict_sensitivity_to_relaxation_time_and_cooling_rate(default_design, monkeypatch, scale, cracked,
                                                                      what):
    # Both assumptions enter the cooling only through r tau (the exponent is int dT / (r tau(T))), so x10 tau and
    # x10 the cooling rate give the same factor and the same verdicts. The verdict is robust: it takes a ~150x
    # slower relaxation (or faster cooling) than assumed before the first region (the separator on the anode,
    # elastic peak 267 MPa) cracks, and ~1000x before all do.
    rate = sc.DEFAULT_COOLING_RATE_K_S
    if what == "cooling rate":
        rate *= scale
    else:
        original = sc.relaxation_time
        monkeypatch.setattr(sc, "relaxation_time", lambda *a, **k: scale * original(*a, **k))
    t = conductivity_stress_table(default_design, time_at_temperature_s=0.0, cooling_rate_K_s=rate)
    f = _hand_cooling_factor(sc.DEFAULT_COOLING_RATE_K_S * scale, 1.0)
    assert t.cooling_factor.iloc[0] == pytest.approx(f, abs=2e-4)  # 400 temperature steps vs quadrature
    assert sorted(t.component[t.cracked]) == sorted(cracked)
    assert (t.conductivity_ratio[t.cracked] == 1.0).all()


def test_relaxation_data_range_is_enforced(default_design):
    with pytest.raises(ParameterError, match="temperature_K"):
        conductivity_stress_table(default_design, temperature_K=300.0)  # below 313.15 K of relaxation.toml


def test_default_contact_loss_is_bounded_and_steady(default_design):
    loss, info = cathode_contact_loss(default_design, cycles=20)
    # cooling leaves 0.335 of the 84.9 MPa thermal pressure; the charge swing (-64 MPa) exceeds it: tension
    assert info["start_pressure_Pa"] == pytest.approx(info["cooling_factor"] * info["thermal_pressure_elastic_Pa"])
    assert info["start_pressure_Pa"] + info["chemical_pressure_at_top_Pa"] < 0
    assert (loss.peak_tension_Pa > 0).all()
    # fixed strengths: the lost fraction follows the highest peak so far, phi F(max T) (referee: 0.069 % for
    # the default cell at 100 degC with T 30.3-31.0 MPa; 5.1 % with a strength redrawn every cycle). With the
    # as-made cathode at the BPX fit's end (x_BPX 0.9621, was 0.97) the charge swing from the reference is
    # smaller: T_max 30.42 MPa, 0.056 %; from x_BPX 0.9550 (the interface resistances' 60 degC lithiated-end
    # margin) smaller again: 29.87 MPa, 0.047 %
    T_max = loss.peak_tension_Pa.max()
    assert 29.5e6 < T_max < 31.5e6
    assert loss.final_lost_fraction == pytest.approx(0.5 * (1 - np.exp(-(T_max / 60e6) ** 10)), rel=1e-12)
    assert 4e-4 < loss.final_lost_fraction < 8e-4
    assert np.all(loss.loss_per_cycle >= 0) and np.all(np.diff(loss.lost_fraction) >= 0)


def test_stress_effect_on_hysteresis_is_the_ohmic_change(default_design, monkeypatch):
    # only the electrolyte resistance changes: d(hysteresis) = 2 I R_ion (1 - 1/k), R_ion = (L_s/eps_s^b +
    # L_p/(3 eps_p^b) + L_n/(3 eps_n^b)) / (sigma A) (Newman & Tobias 1962 third rule: within 10 %). A factor
    # of 1.5 is imposed (the default cell's own is ~1.000, too small to measure against the solver noise).
    from cellsim.cell.model import CellMaterials, CellModel, default_protocol, inputs_at

    # The design without [interphase]: the claim is that only the ohmic term changes (a growing interphase would
    # follow the changed potentials and add its own change)
    import dataclasses

    monkeypatch.setattr(sc, "effective_conductivity_factor", lambda design, table: 1.5)
    d, T = dataclasses.replace(default_design, interphase=None), 373.15
    eff = cell_stress_effect(d, T)
    k = eff["factor"]
    sigma = inputs_at(CellMaterials.load(d), T).electrolyte_conductivity_S_m
    weight = lambda e: e.thickness / e.electrolyte_volume_fraction ** e.bruggeman_exponent  # noqa: E731
    r_ion = (weight(d.separator) + weight(d.cathode) / 3 + weight(d.anode) / 3) / (sigma * d.area)
    current = CellModel(d, model="SPMe").current_A(default_protocol(d))
    drop = eff["stress_free"]["hysteresis_V"] - eff["stressed"]["hysteresis_V"]
    assert drop == pytest.approx(2 * current * r_ion * (1 - 1 / k), rel=0.10)


def test_verdict_columns(default_design):
    t = conductivity_stress_table(default_design)
    assert (t.residual_verdict == np.where(t.cracked, "crack", "safe")).all()
    assert (t.elastic_verdict == "crack").all()  # the unrelaxed elastic stresses all exceed 225 MPa
