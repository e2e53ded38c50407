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


def test_lto_smoothing_small():
    # the smoothed two-phase step leaves the plateau flat to < 3 mV, and the curve falls overall
    x = np.linspace(0.14, 0.82, 500)
    assert np.ptp(lto_yao2024(x)) < 3e-3
    assert lto_yao2024(0.02) > lto_yao2024(0.5) > lto_yao2024(0.98)
