"""Electronic conductivity of composite electrodes (cellsim/electrode/conductivity.py): the laws by hand."""
import math
from types import SimpleNamespace

import numpy as np
import pytest

from cellsim.electrode.conductivity import (active_material_conductivity, composite_electronic_conductivity,
                                            percolation_conductivity, uniform_reaction_drop)
from cellsim.errors import ParameterError
from cellsim.parameters import load_additive, load_electrode

NCM = SimpleNamespace(stoichiometry_low=0.25, conductivity_low=1.0, stoichiometry_high=1.0, conductivity_high=1e-5)


def test_percolation_law_by_hand():
    # 1000 S/m * ((0.15 - 0.10) / 0.90)^1.95: ln(0.0555556) = -2.8903718, x 1.95 = -5.6362250, exp -> 3.5663e-3
    assert percolation_conductivity(0.15, 1000.0, 0.10, 1.95) == pytest.approx(1000 * math.exp(-5.6362250), rel=1e-7)
    assert percolation_conductivity(0.15, 1000.0, 0.10, 1.95) == pytest.approx(3.5663, rel=1e-4)
    # the dense filler is the filler; at and below the threshold nothing conducts
    assert percolation_conductivity(1.0, 1000.0, 0.10, 1.95) == pytest.approx(1000.0, rel=1e-12)
    assert percolation_conductivity(np.array([0.0, 0.05, 0.10]), 1000.0, 0.10, 1.95).tolist() == [0.0, 0.0, 0.0]
    # exponent t: doubling (phi - phi_c) multiplies sigma by 2^t
    ratio = percolation_conductivity(0.30, 1.0, 0.10, 2.0) / percolation_conductivity(0.20, 1.0, 0.10, 2.0)
    assert ratio == pytest.approx(4.0, rel=1e-12)


def test_percolation_refuses_bad_fractions():
    with pytest.raises(ParameterError, match=r"volume_fraction.*-0\.1.*\[0, 1\]"):
        percolation_conductivity(-0.1, 1000.0, 0.10, 1.95)
    with pytest.raises(ParameterError, match=r"threshold.*1\.5"):
        percolation_conductivity(0.2, 1000.0, 1.5, 1.95)


def test_active_law_end_points_and_log_linear_middle():
    assert active_material_conductivity(1.0, NCM) == pytest.approx(1e-5, rel=1e-12)
    assert active_material_conductivity(0.25, NCM) == pytest.approx(1.0, rel=1e-12)
    # x = 0.85 is 0.2 of the way from x = 1 to x = 0.25: 1 of the 5 decades
    assert active_material_conductivity(0.85, NCM) == pytest.approx(1e-4, rel=1e-12)
    # held constant outside the measured range
    assert active_material_conductivity(np.array([0.0, 0.1]), NCM).tolist() == pytest.approx([1.0, 1.0])


def test_active_law_on_pybamm_symbols_matches_numpy():
    from cellsim.cell._pybamm import pybamm as import_pybamm

    pb = import_pybamm()
    for x in (0.1, 0.4, 0.7, 0.95):
        value = active_material_conductivity(pb.Scalar(x), NCM, backend=pb).evaluate()
        assert float(value) == pytest.approx(active_material_conductivity(x, NCM), rel=1e-12)


def test_shipped_laws_match_their_sources():
    ncm = load_electrode("NCM111").electronic_conductivity_law
    # Amin & Chiang 2016: ~1e-7 S/cm at Li1.0, ~1e-2 S/cm at Li0.25 (x = 0.75 delithiated)
    assert active_material_conductivity(1.0, ncm) == pytest.approx(1e-5, rel=1e-9)  # 1e-7 S/cm
    assert active_material_conductivity(0.25, ncm) == pytest.approx(1.0, rel=1e-9)  # 1e-2 S/cm
    lto = load_electrode("LTO").electronic_conductivity_law
    # Young et al. 2013: Li7Ti5O12 2.46 S/cm; Wolfenstine et al. 2008: white Li4Ti5O12 ~1e-9 S/cm
    assert active_material_conductivity(1.0, lto) == pytest.approx(246.0, rel=1e-9)
    assert active_material_conductivity(0.0, lto) == pytest.approx(1e-7, rel=1e-9)
    for law in (ncm, lto):
        assert not any(s.startswith(("fitted:",)) for s in law.sources.values())
    carbon = load_additive("carbon_black")
    assert (carbon.percolation_threshold, carbon.percolation_exponent) == pytest.approx((0.10, 1.95))
    assert carbon.sources["conductivity"].startswith("assumed:")


def test_composite_is_the_parallel_sum():
    # 0.6^1.5 = 0.4647580
    assert composite_electronic_conductivity(2.0, 0.6, 1.5, 0.5) == pytest.approx(2.0 * 0.4647580 + 0.5, rel=1e-6)


def test_uniform_reaction_drop_against_a_numerical_integral():
    # i_s = I (1 - x/L), dphi/dx = -i_s / sigma; average phi(x) - phi(0) over the electrode by quadrature
    current, L, sigma = 3.5625, 50e-6, 0.6
    x = np.linspace(0.0, L, 20001)
    drop = -(current / sigma) * (x - x ** 2 / (2 * L))
    mean = -np.trapezoid(drop, x) / L
    assert uniform_reaction_drop(current, L, sigma) == pytest.approx(mean, rel=1e-8)
    assert uniform_reaction_drop(current, L, sigma) == pytest.approx(current * L / (3 * sigma), rel=1e-14)
