"""Tests of cellsim.electrolyte.segregation.two_d: 1D limits of striped fields, Wiener bounds, conservation."""
import numpy as np
import pytest

from cellsim.constants import BOLTZMANN_EV as KB
from cellsim.electrolyte import segregation as seg
from cellsim.parameters.segregation import load_parameters

T = 300.0
KT = KB * T


@pytest.fixture(scope="module")
def params():
    return load_parameters()


def test_2d_striped_fields_match_1d_limits():
    nx, ny = 24, 6
    e_x = 0.05 * np.cos(2 * np.pi * (np.arange(nx) + 0.5) / nx)
    d_x = 1e-12 * (1 + 0.5 * np.sin(2 * np.pi * (np.arange(nx) + 0.5) / nx))
    # varying along x: series (Lifson-Jackson of the cell values)
    d2 = seg.effective_diffusivity_2d_field(1e-10, 1e-10, np.tile(e_x, (ny, 1)), np.tile(d_x, (ny, 1)), T)
    lj = 1.0 / (np.mean(np.exp(e_x / KT) / d_x) * np.mean(np.exp(-e_x / KT)))
    assert d2 == pytest.approx(lj, rel=1e-9)
    # varying along y only: parallel layers, <D e^{-E/kT}> / <e^{-E/kT}>
    e_y, d_y = e_x[:ny], d_x[:ny]
    d2y = seg.effective_diffusivity_2d_field(1e-10, 1e-10, np.tile(e_y[:, None], (1, nx)),
                                              np.tile(d_y[:, None], (1, nx)), T)
    assert d2y == pytest.approx(np.mean(d_y * np.exp(-e_y / KT)) / np.mean(np.exp(-e_y / KT)), rel=1e-9)


def test_2d_hexagonal_within_wiener_bounds(params):
    r = seg.effective_diffusivity_2d(16e-9, T, params, n_cells=48)
    assert r.series_bound_ratio < r.diffusivity_ratio < r.parallel_bound_ratio
    r0 = seg.effective_diffusivity_2d(16e-9, T, params, segregation=False, n_cells=48)
    assert r0.diffusivity_ratio / r.diffusivity_ratio > 5  # the segregation penalty survives in 2D


def test_2d_closed_transient_conserves(params):
    r = seg.transient_filling_2d(16e-9, T, [1e-4, 1e-3], params, n_grains=2, closed=True, n_cells=16)
    assert np.max(np.abs(r.inventory / r.inventory[0] - 1)) < 1e-6
