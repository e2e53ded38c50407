"""Spot values of the OCP functions against their sources (physics.md, read off the fits)."""
import numpy as np
import pytest

from cellsim.cell.ocp import lto_yao2024, ncm111_bpx

# Yao & Viswanathan 2024 LTO fit, values listed in shared/reference/physics.md (0.01 V rounding)
LTO_POINTS = [(0.01, 2.61), (0.05, 2.14), (0.10, 1.73), (0.5, 1.6145), (0.90, 1.38), (0.95, 1.09), (0.99, 0.78)]


@pytest.mark.parametrize("x,U", LTO_POINTS)
def test_lto_spot_values(x, U):
    assert float(lto_yao2024(x)) == pytest.approx(U, abs=0.006)


@pytest.mark.parametrize("x,U", [(0.42424, 4.29), (0.96210, 3.61)])
def test_ncm111_bpx_fit_ends(x, U):
    # BPX nmc_pouch_cell_BPX.json: OCP fit spans 4.29 V (x = 0.42424) to 3.61 V (x = 0.96210)
    assert float(ncm111_bpx(x)) == pytest.approx(U, abs=0.005)


def test_ncm_monotonic_decreasing():
    x = np.linspace(0.3, 0.995, 2000)
    assert np.all(np.diff(ncm111_bpx(x)) < 0)


def test_lto_plateau_is_flat_at_the_common_tangent():
    # inside the two-phase region the potential is the common-tangent plateau -mu_gap / F = 1.6145 V (flat to
    # 0.02 mV from 0.016 inside the bounds on: the tails of the smooth join)
    x = np.linspace(0.135, 0.835, 500)
    assert np.ptp(lto_yao2024(x)) < 2e-5
    assert float(lto_yao2024(0.5)) == pytest.approx(155770.73 / 96485.33212, abs=1e-5)


def test_lto_is_monotonic():
    # an equilibrium potential never rises with Li content: no trace of the fit's van der Waals loop (which the
    # earlier tanh blend left as 2-3 mV bumps at both bounds, unstable for the particle ensemble of the DFN)
    x = np.linspace(1e-3, 1 - 1e-3, 200_001)
    assert np.diff(lto_yao2024(x)).max() <= 1e-12


def test_lto_join_stays_near_the_exact_construction():
    # outside the bounds (and 5 join widths away) the curve is the Redlich-Kister fit itself; at the corners the
    # smooth join lies within width * slope * ln 2 (< 8 mV) of the exact piecewise construction
    from cellsim.cell.ocp import _LTO_GAP, _LTO_JOIN_WIDTH_X, _LTO_MU_GAP, _lto_mu_redlich_kister
    from cellsim.constants import FARADAY

    for x in (_LTO_GAP[0] - 5 * _LTO_JOIN_WIDTH_X, _LTO_GAP[1] + 5 * _LTO_JOIN_WIDTH_X, 0.02, 0.97):
        assert float(lto_yao2024(x)) == pytest.approx(-_lto_mu_redlich_kister(x) / FARADAY, abs=1e-4)
    for x in _LTO_GAP:
        assert abs(float(lto_yao2024(x)) + _LTO_MU_GAP / FARADAY) < 0.008


def test_ncm111_material_ocp_keeps_bpx_concentration_scale():
    # c_max is derived from density / molar mass (49,243 mol/m3); the BPX fit is defined on c / 46,200 mol/m3, so
    # the material's OCP at x = c / 49,243 equals BPX's at the same concentration, and the fit's ends (4.29 V, 3.61 V)
    # sit at the electrode file's stoichiometry_min / max
    from cellsim.cell.ocp import material_ocp
    from cellsim.parameters import loader

    ncm = loader.load_electrode("NCM111")
    assert ncm.maximum_concentration == pytest.approx(4750 / 0.09646, rel=1e-4)
    # theoretical capacity F c_max / rho = 277.8 mAh/g (one Li per LiNi1/3Mn1/3Co1/3O2, M = 96.46 g/mol)
    assert 96485.33212 * ncm.maximum_concentration / ncm.density / 3600 == pytest.approx(277.8, abs=0.1)
    U = material_ocp(ncm)
    assert float(U(ncm.stoichiometry_min)) == pytest.approx(4.29, abs=0.005)
    assert float(U(ncm.stoichiometry_max)) == pytest.approx(3.61, abs=0.005)
    c = np.linspace(0.42424, 0.96210, 7) * 46200
    np.testing.assert_allclose(U(c / ncm.maximum_concentration), ncm111_bpx(c / 46200), rtol=0, atol=1e-12)
    x = np.linspace(ncm.stoichiometry_min, ncm.stoichiometry_max, 1000)
    assert np.all(np.diff(U(x)) < 0)


def test_ncm111_entropic_coefficient_enters_pybamm():
    # BPX dU/dT = -1e-4 V/K; PyBaMM adds (T - 298.15 K) dU/dT to the OCP: -7.5 mV at 100 degC
    import cellsim
    from cellsim.cell.model import CellMaterials, parameter_values

    pv = parameter_values(CellMaterials.load(cellsim.load_cell("default")))
    assert pv["Positive electrode OCP entropic change [V.K-1]"] == pytest.approx(-1e-4)
    assert pv["Reference temperature [K]"] == 298.15
    assert pv["Negative electrode OCP entropic change [V.K-1]"] == 0.0
