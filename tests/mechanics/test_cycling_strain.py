"""Tests of cellsim.mechanics.cycling_strain: superposition of chemical on thermal mismatch, contact opening."""
import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

import cellsim
from cellsim.errors import ParameterError
from cellsim.mechanics.cycling_strain import (
    chemical_volumetric_strain,
    design_interface_stress,
    interface_stress_history,
    material_properties,
    open_time_fraction,
)
from cellsim.mechanics.residual_stress import mismatch_interface_pressure, sphere_in_matrix_stress
from cellsim.parameters.mechanics import load_cycling_strain

# NCM111 in Li2(OH)Cl (parameter_sets/mechanics values; NCM moduli and all expansions "assumed")
E_P, NU_P, E_M, NU_M = 180e9, 0.25, 43.1e9, 0.24
ALPHA_P, ALPHA_M = 1.0e-5, 3.5e-5

# NCM111 stoichiometry x = c / c_max on the electrode file's theoretical c_max (49,243 mol/m3, density / molar mass);
# the hand values below were first checked on BPX's 46,200 mol/m3 scale (x_BPX: as-assembled 0.97, 4.3 V at 0.4206,
# lithiated end 1.0) and are the same Li contents on the new scale: x = x_BPX * S. The strain model is linear in x
# between the two end points, so scaling every x by S leaves each strain (a ratio of x differences) unchanged.
S = 46200 / 49243
X0, X_43, X_LITH = 0.910058, 0.394609, 0.938204  # 0.97 S, 0.4206 S, 1.0 S (the data file's and default cell's values)
SPAN = X_LITH - X_43  # 0.543595 = 0.5794 S


@pytest.fixture(scope="module")
def spme_timeseries():
    """Default cell, SPMe, one cycle at the design's 100 degC, 25 mA/g (about 10 s), with an ideal cathode interface
    (no interphase): the Li the default cell's interphase releases fills the cathode past the NCM111 strain data's
    lithiated end (x 0.943 > 0.938 after one cycle), which warns and extrapolates; the numbers here are checked by
    hand inside the data."""
    from cellsim.cell import CellModel, default_protocol
    from cellsim.cell.model import IDEAL_INTERFACE

    design = cellsim.load_cell("default")
    return CellModel(design, model="SPMe").cycle(default_protocol(design, cycles=1), 373.15,
                                                 inputs=IDEAL_INTERFACE).timeseries


@pytest.fixture(scope="module")
def ncm():
    return load_cycling_strain()["NCM111"]


def _series(x, t=None):
    x = np.asarray(x, dtype=float)
    t = np.arange(len(x), dtype=float) if t is None else np.asarray(t, dtype=float)
    return pd.DataFrame({"time_s": t, "cycle": 1, "charge_stored_mAh_per_g": 277.8 * (x[0] - x),  # theoretical, c_max
                         "cathode_stoichiometry": x, "anode_stoichiometry": 0.5})


def test_data_file_values(ncm):
    # Kondrakov et al. 2017: ~1.2 % between 3.0 and 4.3 V; 4.3 V is x_BPX = 0.4206 on the BPX OCP's own scale,
    # x = 0.394609 on the electrode file's c_max (material_ocp evaluates BPX at x * c_max / 46,200)
    from cellsim.cell.ocp import material_ocp, ncm111_bpx
    from cellsim.parameters import load

    assert ncm.volume_change_on_delithiation == pytest.approx(-0.012, abs=1e-12)
    material = load("electrode", "NCM111")
    assert material.maximum_concentration / material.ocp_reference_concentration == pytest.approx(1 / S, rel=1e-12)
    assert float(material_ocp(material)(ncm.stoichiometry_delithiated)) == pytest.approx(4.3, abs=2e-3)
    assert float(ncm111_bpx(ncm.stoichiometry_delithiated / S)) == pytest.approx(4.3, abs=2e-3)
    assert ncm.stoichiometry_lithiated == pytest.approx(S, abs=1e-6)  # x_BPX = 1 (3.0 V end)
    # the same Li content gives the same strain as on the former x_BPX scale (end points 1.0 / 0.4206, reference
    # 0.97): the end points are the old ones times S to 6 digits; the default cell's initial stoichiometry is
    # x_BPX 0.9550 times S, just inside the BPX fit's lithiated end 0.9621 (0.97 before the regular-solution LTO
    # OCP, which empties the anode on discharge and returns its Li to the cathode; 0.9621 before the interface
    # resistances, whose 60 degC surfaces then passed the fit's end by more than the warning tolerance)
    assert cellsim.load_cell("default").cathode.initial_stoichiometry == pytest.approx(0.9550 * S, abs=3e-5)
    for x_bpx in (1.0, 0.97, 0.8, 0.6, 0.43, 0.4206):
        old = -0.012 * (0.97 - x_bpx) / (1.0 - 0.4206)  # hand formula C1 on the old scale
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # x_BPX = 1.0 S is the lithiated end to 6 digits only
            new = chemical_volumetric_strain(x_bpx * S, ncm, X0)
        assert new == pytest.approx(old, rel=2e-5, abs=1e-8)  # 1e-8: 1e-6 of the 1.2 % swing
    lto = load_cycling_strain()["LTO"]
    assert abs(lto.volume_change_on_delithiation) <= 0.003  # "zero-strain": below 0.3 %
    assert all(s.strip() for s in ncm.sources.values())


@pytest.mark.parametrize("f", [0.0, 0.3, 0.612])
def test_zero_chemical_strain_reproduces_thermal_solution(ncm, f):
    thermal = sphere_in_matrix_stress(1.0, 1.0, ALPHA_P, ALPHA_M, E_P, NU_P, E_M, NU_M, 573.15, 373.15, f)
    # x constant at the reference: eps_chem = 0 exactly
    r = interface_stress_history(_series([X0, X0, X0]), "cathode", ncm, thermal, E_P, NU_P, E_M, NU_M,
                                 reference_stoichiometry=X0, volume_fraction=f)
    assert np.all(r.history.interface_pressure_Pa == thermal.interface_pressure)  # bit-identical
    assert np.allclose(r.history.radial_stress_Pa, thermal.radial, rtol=1e-14, atol=0)
    assert np.allclose(r.history.hoop_stress_Pa, thermal.hoop, rtol=1e-14, atol=0)
    assert not r.contact_opens and r.open_time_fraction == 0.0


def test_chemical_strain_alone_gives_lame_pressure():
    # Misfitting sphere in an infinite matrix (Lame): p = 4 G_m * 3 K_p eps* / (3 K_p + 4 G_m), hand-evaluated:
    # K_p = 180/(3*0.5) = 120 GPa, G_m = 43.1/(2*1.24) = 17.379 GPa, eps* = -0.012/3
    K_p, G_m, eps = 120e9, 43.1e9 / 2.48, -0.004
    p = 12 * G_m * K_p * eps / (3 * K_p + 4 * G_m)
    assert p / 1e6 == pytest.approx(-233.1, abs=0.05)
    assert mismatch_interface_pressure(eps, E_P, NU_P, E_M, NU_M) == pytest.approx(p, rel=1e-12)
    # the same strain posed as an equivalent thermal strain in the existing Selsing solution (f = 0.4)
    dT = -100.0
    s = sphere_in_matrix_stress(1.0, 1.0, ALPHA_M + eps / dT, ALPHA_M, E_P, NU_P, E_M, NU_M, 473.15, 373.15, 0.4)
    assert mismatch_interface_pressure(eps, E_P, NU_P, E_M, NU_M, 0.4) == pytest.approx(s.interface_pressure,
                                                                                        rel=1e-12)


def test_superposition_equals_single_solution_with_total_mismatch(ncm):
    f, x = 0.3, 0.6 * S
    eps_v = chemical_volumetric_strain(x, ncm, X0)
    thermal = sphere_in_matrix_stress(1.0, 1.0, ALPHA_P, ALPHA_M, E_P, NU_P, E_M, NU_M, 573.15, 373.15, f)
    r = interface_stress_history(_series([x, x]), "cathode", ncm, thermal, E_P, NU_P, E_M, NU_M,
                                 reference_stoichiometry=X0, volume_fraction=f)
    total = sphere_in_matrix_stress(1.0, 1.0, ALPHA_P + eps_v / 3 / -200.0, ALPHA_M, E_P, NU_P, E_M, NU_M,
                                    573.15, 373.15, f)
    assert r.history.interface_pressure_Pa.iloc[0] == pytest.approx(total.interface_pressure, rel=1e-12)


def test_delithiation_reduces_compression(ncm):
    thermal = sphere_in_matrix_stress(1.0, 1.0, ALPHA_P, ALPHA_M, E_P, NU_P, E_M, NU_M, 573.15, 373.15)
    r = interface_stress_history(_series(np.linspace(X0, 0.43 * S, 20)), "cathode", ncm, thermal, E_P, NU_P, E_M,
                                 NU_M, reference_stoichiometry=X0)
    p = r.history.interface_pressure_Pa.to_numpy()
    assert np.all(np.diff(p) < 0)  # NCM shrinks on charge: less compression
    assert chemical_volumetric_strain(0.43 * S, ncm, X0) < 0
    # full x_BPX 0.97 -> 0.43 swing (x 0.910058 -> 0.403428): 233.1 MPa * (0.54 S / 0.5794 S) = 233.1 * 0.506630 /
    # 0.543595, hand value 217.3 MPa as on the old scale
    assert (p[0] - p[-1]) / 1e6 == pytest.approx(233.1 * 0.54 / 0.5794, rel=1e-3)
    assert (p[0] - p[-1]) / 1e6 == pytest.approx(233.1 * (X0 - 0.43 * S) / SPAN, rel=1e-3)


def test_contact_opening_location_and_time_fraction(ncm):
    # 50 MPa thermal pressure; opening where the chemical part reaches -50 MPa:
    # dx = 50 / 233.1 * 0.543595 = 0.11660 -> x = 0.79346 (x_BPX 0.8457 = 0.97 - 50 / 233.1 * 0.5794, times S);
    # x linear in t from 0.910058 (t 0) to 0.403428 (t 2), i.e. x_BPX 0.97 -> 0.43
    x = np.linspace(X0, 0.43 * S, 3)
    r = interface_stress_history(_series(x, [0.0, 1.0, 2.0]), "cathode", ncm, 50e6, E_P, NU_P, E_M, NU_M,
                                 reference_stoichiometry=X0)
    assert r.contact_opens
    assert r.opening_stoichiometry == pytest.approx(0.79346, abs=2e-4)
    assert r.opening_stoichiometry == pytest.approx(0.8457 * S, abs=2e-4)  # the same Li content as before
    assert r.open_time_fraction == pytest.approx(1 - (X0 - 0.79346) / (X0 - 0.43 * S), abs=1e-3)
    assert r.opening_state_of_charge == pytest.approx((0.97 - 0.8457) / 0.54, abs=1e-3)  # scale-free
    # a 30 MPa interface strength delays the opening to dx = 80 / 233.1 * 0.543595
    r2 = interface_stress_history(_series(x, [0.0, 1.0, 2.0]), "cathode", ncm, 50e6, E_P, NU_P, E_M, NU_M,
                                  reference_stoichiometry=X0, interface_strength=30e6)
    assert r2.opening_stoichiometry == pytest.approx(X0 - 80 / 233.1 * SPAN, abs=2e-4)
    assert r2.opening_stoichiometry == pytest.approx((0.97 - 80 / 233.1 * 0.5794) * S, abs=2e-4)


def test_open_time_fraction_linear_crossings():
    assert open_time_fraction([0, 1, 2], [-1.0, 1.0, 1.0]) == pytest.approx(0.75, abs=1e-15)
    assert open_time_fraction([0, 2], [-1.0, -1.0]) == 0.0
    assert open_time_fraction([0, 1, 3], [1.0, 1.0, 1.0]) == 1.0
    assert open_time_fraction([0, 1], [1.0, -3.0]) == pytest.approx(0.25, abs=1e-15)


def test_real_cycle_default_cell(spme_timeseries):
    design = cellsim.load_cell("default")
    x = spme_timeseries.cathode_stoichiometry
    # the 2.77 V cut-off keeps NCM111 below 4.3 V vs Li (x >= 0.394609, the strain data's delithiated end): no
    # extrapolation warning (measured x_min 0.39677, x_BPX 0.4229)
    assert x.min() > X_43
    cat = design_interface_stress(spme_timeseries, design, "cathode")
    ano = design_interface_stress(spme_timeseries, design, "anode")
    # thermal part, Li1.9(OH)Cl0.9 (Li2(OH)Cl data) 573.15 -> 373.15 K, f = 0.6/0.98 (hand-checked 84.85 MPa)
    assert cat.thermal_interface_pressure / 1e6 == pytest.approx(84.85, abs=0.05)
    # minimum at the lowest x, maximum at the highest: thermal + Lame pressure of eps_v(x) / 3 with the same f. The
    # discharge ends just above the as-made x_ref (the regular-solution LTO empties and returns its Li: x_max
    # 0.902677 vs 0.902646), so the maximum lies 4 kPa above the thermal part (it was the thermal part while
    # x <= x_ref)
    f = 0.6 / 0.98
    strain, x_ref = load_cycling_strain()["NCM111"], design.cathode.initial_stoichiometry
    for x_end, p_end in ((x.min(), cat.interface_pressure_min), (x.max(), cat.interface_pressure_max)):
        eps_v = chemical_volumetric_strain(x_end, strain, x_ref)
        p = cat.thermal_interface_pressure + mismatch_interface_pressure(eps_v / 3, E_P, NU_P, E_M, NU_M, f)
        assert p_end == pytest.approx(p, rel=1e-12)
    assert 0 < cat.interface_pressure_max - cat.thermal_interface_pressure < 1e4
    # ~22.7 MPa: still compressive at 100 degC (20.6 MPa with the as-made x 0.902646, whose larger span to the
    # charged end contracts NCM111 more; 17 MPa with the former 2.8 V cut-off, x_BPX ~0.39)
    assert 21e6 < cat.interface_pressure_min < 24e6
    assert not cat.contact_opens and cat.open_time_fraction == 0.0
    # LTO: 0.2 % over x 0.01 -> 0.81 (0.85 with the former 2.8 V cut-off: 9.5 MPa) gives 9.5 * 0.80 / 0.84 =
    # ~9.0 MPa, seven times less than NCM111's ~64 MPa (now x 5e-5 -> 0.78: 8.85 MPa)
    assert (ano.interface_pressure_max - ano.interface_pressure_min) / 1e6 == pytest.approx(9.0, abs=0.3)
    h = cat.history
    assert h.state_of_charge[h.interface_pressure_Pa.idxmin()] == pytest.approx(1.0, abs=0.02)  # charged end
    # at 150 degC the thermal part is smaller (63.6 MPa). Measured from the as-made cathode (the strain reference)
    # at x_BPX 0.9550, the charge contracts it less than from the former x_BPX 0.97, and the charged cathode keeps
    # contact by 1.48 MPa at the top of charge (0.47 MPa from x_BPX 0.9621; from 0.97 it opened at 99 % state of
    # charge, x_BPX 0.427): the verdict at 150 degC hangs on the as-made Li content to within ~0.01 in x_BPX
    hot = design_interface_stress(spme_timeseries, design, "cathode", temperature_K=423.15)
    assert not hot.contact_opens and hot.open_time_fraction == 0.0
    assert 0 < hot.interface_pressure_min < 2e6
    x_ref = dataclasses.replace(design, cathode=dataclasses.replace(design.cathode, initial_stoichiometry=0.97 * S))
    hot_97 = design_interface_stress(spme_timeseries, x_ref, "cathode", temperature_K=423.15)
    assert hot_97.contact_opens and hot_97.opening_state_of_charge == pytest.approx(0.99, abs=0.02)
    assert hot_97.opening_stoichiometry == pytest.approx(0.427 * S, abs=0.005 * S)


def test_bad_input(ncm):
    with pytest.raises(ParameterError, match="electrode"):
        interface_stress_history(_series([0.9, 0.8]), "separator", ncm, 0.0, E_P, NU_P, E_M, NU_M,
                                 reference_stoichiometry=0.97)
    with pytest.raises(ParameterError, match="cathode_stoichiometry"):
        interface_stress_history(_series([0.9, 0.8]).drop(columns="cathode_stoichiometry"), "cathode", ncm, 0.0,
                                 E_P, NU_P, E_M, NU_M, reference_stoichiometry=0.97)
    with pytest.raises(ParameterError, match="interface_strength"):
        interface_stress_history(_series([0.9, 0.8]), "cathode", ncm, 0.0, E_P, NU_P, E_M, NU_M,
                                 reference_stoichiometry=0.97, interface_strength=-1.0)
    with pytest.raises(ParameterError, match="volume_fraction"):
        mismatch_interface_pressure(0.001, E_P, NU_P, E_M, NU_M, 1.0)
    with pytest.raises(ParameterError, match="time_s"):
        open_time_fraction([0, 2, 1], [1.0, 1.0, 1.0])
    with pytest.raises(ParameterError, match="Li2"):
        material_properties("Li2(OH)Cl0.5")  # suggests close names
    with pytest.warns(RuntimeWarning, match="outside the range"):
        chemical_volumetric_strain(0.3, ncm, 0.97)


def test_bad_data_file(tmp_path):
    bad = tmp_path / "c.toml"
    bad.write_text('[X]\nstoichiometry_lithiated = {value = 0.4, unit = "1", source = "a"}\n'
                   'stoichiometry_delithiated = {value = 0.5, unit = "1", source = "a"}\n'
                   'volume_change_on_delithiation = {value = 1, unit = "%", source = "a"}\n')
    with pytest.raises(ParameterError, match="stoichiometry_lithiated"):
        load_cycling_strain(bad)
    bad.write_text('[X]\nstrain = {value = 1, unit = "%", source = "a"}\n')
    with pytest.raises(ParameterError, match="strain"):
        load_cycling_strain(bad)
