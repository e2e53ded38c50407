"""Spot values of the OCP functions against their sources (physics.md, read off the fits), and the LTO
regular-solution OCP with its common-tangent construction against the closed form by hand."""
import dataclasses
import math

import numpy as np
import pytest

from cellsim.cell.ocp import (lto_vasileiadis2018, material_ocp, msmr_site_occupancy, ncm111_bpx, ncm111_bpx_slope,
                              regular_solution_binodal,
                              regular_solution_spinodal)
from cellsim.errors import ParameterError

# Vasileiadis et al. 2018 / MPET LTO: U0 = 1.55 V, Omega = 1.43e-20 J; the join width of LTO.toml (2 mV)
K_B, E = 1.380649e-23, 1.602176634e-19  # J/K, C (CODATA exact)
OMEGA = 1.43e-20
W = 0.002
LTO = dict(plateau_potential_V=1.55, interaction_energy_J=OMEGA, join_width_V=W, plateau_slope_V=0.0)


def u_regular_solution(y, T):
    """The homogeneous regular solution by hand: U = 1.55 - (kT/e) ln(y / (1 - y)) - (Omega / e)(1 - 2y) [V]."""
    return 1.55 - K_B * T / E * math.log(y / (1 - y)) - OMEGA / E * (1 - 2 * y)


def test_lto_file_carries_the_mpet_parameters():
    from cellsim.parameters import loader

    lto = loader.load_electrode("LTO")
    assert lto.ocp == "lto_vasileiadis2018"
    assert (lto.ocp_plateau_potential, lto.ocp_interaction_energy) == (1.55, 1.43e-20)
    assert lto.ocp_join_width == pytest.approx(W, rel=1e-12)
    assert lto.ocp_entropic_change == 0.0  # the temperature enters through k_B T in the function
    # cellsim's x = c / c_max with c_max = 3 Li per Li4Ti5O12 (22,740 mol/m3) is MPET's y (3 insertable Li)
    assert lto.maximum_concentration == pytest.approx(3 * 3480 / 0.45909, rel=2e-4)
    U = material_ocp(lto)
    for x, T in [(0.01, 373.15), (0.5, 333.15), (0.97, 298.15)]:
        assert float(U(x, temperature_K=T)) == pytest.approx(float(lto_vasileiadis2018(x, temperature_K=T, **LTO)),
                                                             abs=1e-15)


# Outside the binodal, |U_rs - U0| >= 13 mV = 6.5 w: the smooth join's residue w ln(1 + e^(-|f|/w)) < 3 uV.
# By hand at 100 degC: kT/e = 0.0321559 V, Omega/e = 0.0892535 V, U(0.01) = 1.55 + 0.0321559 x 4.59512 - 0.0892535
# x 0.98 = 1.610290 V
@pytest.mark.parametrize("y,T", [(0.002, 298.15), (0.02, 298.15), (0.99, 298.15), (0.999, 298.15),
                                 (0.01, 333.15), (0.03, 333.15), (0.97, 333.15),
                                 (0.01, 373.15), (0.05, 373.15), (0.95, 373.15), (0.995, 373.15)])
def test_lto_is_the_regular_solution_outside_the_binodal(y, T):
    assert abs(u_regular_solution(y, T) - 1.55) > 0.013
    assert float(lto_vasileiadis2018(y, temperature_K=T, **LTO)) == pytest.approx(u_regular_solution(y, T), abs=3e-6)


def test_lto_spot_value_by_hand():
    assert float(lto_vasileiadis2018(0.01, temperature_K=373.15, **LTO)) == pytest.approx(1.610290, abs=2e-6)


@pytest.mark.parametrize("T", [298.15, 333.15, 373.15])
@pytest.mark.parametrize("slope", [0.0, 0.005])
def test_lto_plateau_inside_the_binodal(T, slope):
    # inside [x_b, 1 - x_b]: U0 - s (x - 1/2), within the join's w ln 2 (1.4 mV) at the edges; between the
    # spinodals, where the loop lies >= 9 mV (100 degC) off the plateau, within w e^(-9 mV / w) = 25 uV
    p = dict(LTO, plateau_slope_V=slope)
    yb, ys = regular_solution_binodal(T, OMEGA), float(regular_solution_spinodal(T, OMEGA))
    x = np.linspace(yb, 1 - yb, 2001)
    dev = lto_vasileiadis2018(x, temperature_K=T, **p) - (1.55 - slope * (x - 0.5))
    assert np.abs(dev).max() <= W * math.log(2) + 1e-6
    x = np.linspace(ys, 1 - ys, 2001)
    dev = lto_vasileiadis2018(x, temperature_K=T, **p) - (1.55 - slope * (x - 0.5))
    assert np.abs(dev).max() < 2.5e-5
    # and outside the binodal the slope leaves the regular solution unchanged
    y = 0.3 * yb
    assert float(lto_vasileiadis2018(y, temperature_K=T, **p)) == pytest.approx(u_regular_solution(y, T), abs=3e-6)


def _equal_area_construction(T, guess):
    """Coexistence (y1, y2, U*) of the regular solution from U(y1) = U(y2) = U* and the equal-area rule
    int_y1^y2 (U - U*) dy = 0, solved from an asymmetric start without using the symmetry about y = 1/2
    (unknowns: logits of y1, y2, so that fsolve stays inside 0 < y < 1)."""
    from scipy.integrate import quad
    from scipy.optimize import fsolve

    def eqs(v):
        y1, y2 = 1 / (1 + math.exp(-v[0])), 1 / (1 + math.exp(-v[1]))
        area = quad(lambda y: u_regular_solution(y, T) - v[2], y1, y2, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
        return [u_regular_solution(y1, T) - v[2], u_regular_solution(y2, T) - v[2], area]

    g1, g2, gu = guess
    v = fsolve(eqs, [math.log(g1 / (1 - g1)), math.log(g2 / (1 - g2)), gu], xtol=1e-13)
    return 1 / (1 + math.exp(-v[0])), 1 / (1 + math.exp(-v[1])), v[2]


@pytest.mark.parametrize("T,edge", [(298.15, 0.039), (373.15, 0.096)])
def test_lto_binodal_is_the_equal_area_construction(T, edge):
    y1, y2, u = _equal_area_construction(T, (1.3 * edge, 1 - 0.7 * edge, 1.553))
    yb = regular_solution_binodal(T, OMEGA)
    assert (yb, 1 - yb, 1.55) == pytest.approx((y1, y2, u), abs=1e-8)
    # the edges the literature check computed (issue 13 literature report: 0.039-0.961, 0.096-0.904)
    assert yb == pytest.approx(edge, abs=5e-4)
    # the function's knee sits on these edges: w ln 2 above the plateau at x_b, on the branch / plateau once
    # |U_rs - U0| > 10 w away from it
    U = lto_vasileiadis2018(np.array([yb, 1 - yb]), temperature_K=T, **LTO)
    np.testing.assert_allclose(U - 1.55, [W * math.log(2), -W * math.log(2)], atol=2e-5)


def test_lto_binodal_refuses_above_the_critical_temperature():
    # T_c = Omega / (2 k_B) = 517.9 K
    with pytest.raises(ParameterError, match="temperature_K"):
        regular_solution_binodal(520.0, OMEGA)


@pytest.mark.parametrize("T", [298.15, 333.15, 373.15, 423.15, 600.0])
@pytest.mark.parametrize("slope", [0.0, 0.005])
def test_lto_is_monotonic(T, slope):
    # an equilibrium potential never rises with Li content (no trace of the van der Waals loop), also above T_c
    x = np.linspace(1e-4, 1 - 1e-4, 400_001)
    U = lto_vasileiadis2018(x, temperature_K=T, **dict(LTO, plateau_slope_V=slope))
    assert np.diff(U).max() <= 1e-12


@pytest.mark.parametrize("T", [298.15, 373.15])
def test_lto_value_and_slope_continuous_at_the_joins(T):
    # C1 at the binodal edges (smooth max) and at the spinodals (each branch is continued where dU/dx = 0): on a
    # 1e-6 grid dU/dx changes by < 2e-3 V between neighbours, while an unsmoothed corner jumps by |U_rs'(x_b)|
    # = 0.19 V (100 degC) to 0.51 V (25 degC); U itself changes by < 2e-6 V (slopes < 2 V)
    yb, ys = regular_solution_binodal(T, OMEGA), float(regular_solution_spinodal(T, OMEGA))
    h = 1e-6
    for c in (yb, 1 - yb, ys, 1 - ys):
        x = c + h * np.arange(-20000, 20001)
        U = lto_vasileiadis2018(x, temperature_K=T, **LTO)
        dU = np.diff(U) / h
        assert np.abs(np.diff(U)).max() < 2e-6
        assert np.abs(np.diff(dU)).max() < 2e-3
    # the corner is rounded over ~w / |U_rs'(x_b)| in x: 10 such widths outside the edge the slope is the
    # branch's, 10 widths inside it is the plateau's (0)
    def branch_slope(y):
        return -(K_B * T / E) / (y * (1 - y)) + 2 * OMEGA / E

    dx = min(10 * W / abs(branch_slope(yb)), yb / 2)
    for y, expected in ((yb - dx, branch_slope(yb - dx)), (yb + dx, 0.0)):
        U = lto_vasileiadis2018(np.array([y - h, y + h]), temperature_K=T, **LTO)
        assert (U[1] - U[0]) / (2 * h) == pytest.approx(expected, abs=0.02 * abs(branch_slope(yb)))


def test_lto_pybamm_expression_equals_numpy():
    # the cell evaluates the same function on PyBaMM symbols, with the temperature an input parameter
    import pybamm

    x = np.array([1e-3, 0.02, 0.1, 0.3, 0.5, 0.8, 0.95, 0.999])
    T = pybamm.InputParameter("T")
    expr = lto_vasileiadis2018(pybamm.Vector(x), pybamm, temperature_K=T, **LTO)
    for T_K in (298.15, 373.15):
        np.testing.assert_allclose(expr.evaluate(inputs={"T": T_K}).ravel(),
                                   lto_vasileiadis2018(x, temperature_K=T_K, **LTO), rtol=0, atol=1e-12)


def test_material_ocp_checks_ocp_parameters():
    from cellsim.parameters import loader

    lto, ncm = loader.load_electrode("LTO"), loader.load_electrode("NCM111")
    with pytest.raises(ParameterError, match="ocp_join_width"):
        material_ocp(dataclasses.replace(lto, ocp_join_width=None))
    with pytest.raises(ParameterError, match="ocp_plateau_potential"):
        material_ocp(dataclasses.replace(ncm, ocp_plateau_potential=1.55))


@pytest.mark.parametrize("x,U", [(0.42424, 4.29), (0.96210, 3.61)])
def test_ncm111_bpx_fit_ends(x, U):
    # BPX nmc_pouch_cell_BPX.json: OCP fit spans 4.29 V (x = 0.42424) to 3.61 V (x = 0.96210)
    assert float(ncm111_bpx(x)) == pytest.approx(U, abs=0.005)


def test_ncm_monotonic_decreasing():
    x = np.linspace(0.3, 0.995, 2000)
    assert np.all(np.diff(ncm111_bpx(x)) < 0)


def test_ncm111_material_ocp_keeps_bpx_concentration_scale():
    # c_max is derived from density / molar mass (49,243 mol/m3); the BPX fit is defined on c / 46,200 mol/m3, so
    # the material's OCP at x = c / 49,243 equals BPX's at the same concentration, and the fit's ends (4.29 V, 3.61 V)
    # sit at the electrode file's stoichiometry_min / max
    from cellsim.parameters import loader

    ncm = loader.load_electrode("NCM111")
    assert ncm.maximum_concentration == pytest.approx(4750 / 0.09646, rel=1e-4)
    # theoretical capacity F c_max / rho = 277.8 mAh/g (one Li per LiNi1/3Mn1/3Co1/3O2, M = 96.46 g/mol)
    assert 96485.33212 * ncm.maximum_concentration / ncm.density / 3600 == pytest.approx(277.8, abs=0.1)
    U = material_ocp(ncm)
    assert float(U(ncm.stoichiometry_min)) == pytest.approx(4.29, abs=0.005)
    assert float(U(ncm.stoichiometry_max)) == pytest.approx(3.61, abs=0.005)
    # inside the fit (to the file's stoichiometry_max, 0.90264 = x_BPX 0.962094) the OCP is BPX's, unchanged
    c = np.linspace(0.42424 * 46200, ncm.stoichiometry_max * ncm.maximum_concentration, 7)
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


# --- NCM111's lithiated end: one MSMR site of NMC622 (Verbrugge et al. 2017) from the BPX fit's end to x = 1 ------

def _ncm():
    from cellsim.parameters import loader

    return loader.load_electrode("NCM111")


def test_ncm111_tail_joins_the_bpx_fit_in_value_and_slope():
    ncm = _ncm()
    U, xf = material_ocp(ncm), ncm.stoichiometry_max
    scale = ncm.maximum_concentration / ncm.ocp_reference_concentration
    # value: the tail's first point beyond the join and the fit's last point converge on BPX's U(x_f)
    eps = 1e-12
    assert abs(float(U(xf + eps)) - float(ncm111_bpx(xf * scale))) < 1e-9
    assert float(U(xf)) == float(ncm111_bpx(xf * scale))
    # slope: one-sided second-order differences on each side (truncation ~1e-7 at h = 2e-6), against each other
    # and against BPX's analytic slope
    h = 2e-6

    def right(f, x):
        return (-3 * f(x) + 4 * f(x + h) - f(x + 2 * h)) / (2 * h)

    def left(f, x):
        return (3 * f(x) - 4 * f(x - h) + f(x - 2 * h)) / (2 * h)

    f = (lambda x: float(U(x)))
    slope_bpx = scale * float(ncm111_bpx_slope(xf * scale))
    assert slope_bpx == pytest.approx(-2.677, abs=0.001)  # the fit is already bending into its steep tanh here
    assert right(f, xf) == pytest.approx(slope_bpx, abs=1e-6)
    assert left(f, xf) == pytest.approx(slope_bpx, abs=1e-6)


def test_ncm111_bpx_slope_is_the_derivative_of_the_fit():
    x = np.linspace(0.4, 1.0, 13)
    h = 1e-6
    np.testing.assert_allclose(ncm111_bpx_slope(x), (ncm111_bpx(x + h) - ncm111_bpx(x - h)) / (2 * h), atol=1e-6)


def test_ncm111_ocp_monotone_and_finite_to_full_lithiation():
    ncm = _ncm()
    U = material_ocp(ncm)
    x = np.linspace(ncm.stoichiometry_min, 1.0, 400001)
    u = U(x)
    assert np.all(np.isfinite(u)) and np.all(np.diff(u) < 0)
    # the tail spans 3.6133 V at the join to 3.5164 V at x = 1 (the extrapolated BPX expression fell to 2.70 V)
    assert float(U(1.0)) == pytest.approx(3.5164, abs=1e-4)
    assert float(ncm111_bpx(1.0 * ncm.maximum_concentration / ncm.ocp_reference_concentration)) < 2.75
    assert ncm.stoichiometry_tail_max == 1.0


def test_ncm111_tail_is_one_msmr_site_of_nmc622():
    # the related material's closed form: x_j(U) = X / (1 + exp(F (U - U0) / (w R T))) (Verbrugge 2017, eq. 6). Every
    # tail point, put back through it, gives the site's filling x - x_a to round-off; X and w are the NMC622 set's
    # (PyBaMM's MSMR_example_set, Verbrugge Table 1 site 1, the lowest U0)
    import pybamm

    from cellsim.cell.ocp import _tail_of

    ncm = _ncm()
    msmr = pybamm.ParameterValues("MSMR_Example")
    X = msmr["Positive electrode host site occupancy fraction (0)"]
    w = msmr["Positive electrode host site ideality factor (0)"]
    assert (ncm.ocp_tail_site_capacity, ncm.ocp_tail_ideality_factor) == (X, w)
    assert msmr["Positive electrode host site standard potential (0) [V]"] == min(
        msmr[f"Positive electrode host site standard potential ({j}) [V]"] for j in range(4))
    tail = _tail_of(ncm.maximum_concentration / ncm.ocp_reference_concentration, ncm.stoichiometry_max, X, w)
    x = np.linspace(ncm.stoichiometry_max, 1.0, 501)
    filled = msmr_site_occupancy(material_ocp(ncm)(x), X, tail["standard_potential_V"], w, 298.15)
    np.testing.assert_allclose(filled, x - tail["start_x"], rtol=1e-9)
    # the join fixes the site's position: U0 72 mV below NMC622's 3.62274 V, 7.5 % full at the join, 80 % at x = 1
    assert tail["standard_potential_V"] == pytest.approx(3.5507, abs=1e-4)
    assert tail["join_occupancy"] / X == pytest.approx(0.0746, abs=1e-3)
    assert 1 - tail["end_vacancy"] / X == pytest.approx(0.799, abs=1e-3)


def test_lithiated_tail_refuses_a_join_it_cannot_make():
    from cellsim.cell.ocp import lithiated_tail

    with pytest.raises(ParameterError, match="ocp_tail_site_capacity"):  # slope too shallow for the site (its least |dU/dx| is 4 w R T / (F X))
        lithiated_tail(0.9, 3.6, -0.1, 0.01, 1.0)
    with pytest.raises(ParameterError, match="not full at x = 1"):  # the site fills before x = 1
        lithiated_tail(0.8, 3.6, -2.677, 0.13442, 0.9671)


def test_ncm111_tail_in_pybamm_matches_numpy():
    import pybamm

    U = material_ocp(_ncm())
    for x in (0.5, 0.9, 0.90264, 0.93, 0.999, 1.0):
        assert float(U(pybamm.Scalar(x), pybamm).evaluate()) == pytest.approx(float(U(x)), abs=1e-12)
