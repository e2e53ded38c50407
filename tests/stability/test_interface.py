"""Tests of the pure interface checks (cellsim.stability.interface), on hand-made arrays."""
import math

import numpy as np
import pytest

from cellsim.errors import ParameterError
from cellsim.parameters.windows import window
from cellsim.stability import area_specific_resistance, coating_check, coating_passes, window_excursion


def test_triangle_wave_exact_crossings():
    # 3.0 -> 4.0 -> 3.0 V over 200 s against an upper limit of 3.5 V: outside for 50 s on each side
    e = window_excursion([0.0, 100.0, 200.0], [3.0, 4.0, 3.0], (0.82, 3.5))
    assert e.time_outside_s == pytest.approx(100.0, abs=1e-9)
    assert e.fraction_outside == pytest.approx(0.5, abs=1e-12)
    assert e.worst_excursion_V == pytest.approx(0.5, abs=1e-12)
    assert e.min_margin_V == pytest.approx(-0.5, abs=1e-12)


def test_refining_the_grid_does_not_change_time_outside():
    t_fine = np.linspace(0.0, 200.0, 1001)
    phi_fine = np.where(t_fine <= 100.0, 3.0 + t_fine / 100.0, 5.0 - t_fine / 100.0)
    coarse = window_excursion([0.0, 100.0, 200.0], [3.0, 4.0, 3.0], (0.82, 3.5))
    fine = window_excursion(t_fine, phi_fine, (0.82, 3.5))
    assert fine.time_outside_s == pytest.approx(coarse.time_outside_s, abs=1e-9)


def test_inside_and_below():
    inside = window_excursion([0, 10, 20], [1.5, 1.6, 1.55], (0.82, 3.15))  # LTO plateau region
    assert inside.time_outside_s == 0.0 and inside.worst_excursion_V == 0.0
    assert inside.min_margin_V == pytest.approx(0.68, abs=1e-12)          # 1.5 - 0.82
    below = window_excursion([0, 10], [1.0, 0.5], (0.82, 3.15))
    # crosses 0.82 V at 10 * 0.18 / 0.5 = 3.6 s, outside for 6.4 s
    assert below.time_outside_s == pytest.approx(6.4, abs=1e-9)
    assert below.worst_excursion_V == pytest.approx(0.32, abs=1e-12)


def test_flat_segment_outside_counts_fully():
    e = window_excursion([0.0, 5.0, 10.0], [4.0, 4.0, 3.0], (0.0, 3.5))
    assert e.time_outside_s == pytest.approx(5.0 + 2.5, abs=1e-9)


def test_accepts_window_objects_and_infinite_upper():
    e = window_excursion([0, 1], [3.6, 4.3], window("Al2O3"))
    assert e.time_outside_s == 0.0 and math.isinf(e.min_margin_V) is False
    assert e.min_margin_V == pytest.approx(3.6 - 0.74, abs=1e-12)


@pytest.mark.parametrize("t, phi, win, match", [
    ([0, 1, 2], [3.0, 3.1], (0, 4), "equal length"),
    ([0, 1, 1], [3.0, 3.1, 3.2], (0, 4), "strictly increasing"),
    ([0, 1], [3.0, float("nan")], (0, 4), "finite potentials"),
    ([0, 1], [3.0, 3.1], (4, 0), "lower <= upper"),
    ([0, 1], [3.0, 3.1], 3.0, r"\(lower, upper\)"),
])
def test_excursion_bad_input(t, phi, win, match):
    with pytest.raises(ParameterError, match=match):
        window_excursion(t, phi, win)


def test_reproduced_cell_coated_passes_uncoated_fails():
    # NCM111 3.6-4.3 V (BPX OCP range, reference/physics.md); LTO 1.55 V plateau; Li1.9(OH)Cl0.9 assumed window
    ncm = np.array([3.61, 3.9, 4.29, 4.1, 3.7])
    electrolyte = window("Li1.9(OH)Cl0.9")
    assert coating_passes(ncm, window("Al2O3"), electrolyte)
    anode = window_excursion([0, 3600], [1.55, 1.56], electrolyte)
    assert anode.time_outside_s == 0.0
    uncoated = window_excursion(np.linspace(0, 400, 5), ncm, electrolyte)
    assert uncoated.worst_excursion_V == pytest.approx(4.29 - 3.15, abs=1e-12)
    assert uncoated.fraction_outside == 1.0


def test_coating_failures_name_the_reason():
    c = coating_check((3.6, 4.3), window("LiNbO3"), window("Li1.9(OH)Cl0.9"))
    assert not c.passes and c.cathode_high_margin_V == pytest.approx(3.88 - 4.3, abs=1e-12)
    # a coating stable at the cathode but with no potential in common with the electrolyte
    gap = coating_check((3.6, 4.3), (3.5, 5.0), (0.82, 3.15))
    assert not gap.passes and gap.overlap_V == pytest.approx(3.15 - 3.5, abs=1e-12)
    # coating reduction limit above the lowest cathode potential
    low = coating_check((3.0, 4.0), (3.2, 4.5), (0.82, 3.5))
    assert not low.passes and low.cathode_low_margin_V == pytest.approx(-0.2, abs=1e-12)


def test_coating_check_bad_input():
    with pytest.raises(ParameterError, match="cathode_potential_range"):
        coating_passes([], (1, 4), (0, 3))
    with pytest.raises(ParameterError, match="lower <= upper"):
        coating_passes((3.6, 4.3), (4.0, 1.0), (0, 3))


def test_area_specific_resistance():
    # LiNbO3 coating conductivity 1e-6 S/cm = 1e-4 S/m at 25 degC; 10 nm -> 1e-4 Ohm.m2 (1 Ohm.cm2)
    from cellsim.parameters import load_coating

    sigma = load_coating("LiNbO3").conductivity.conductivity_ref
    assert area_specific_resistance(10e-9, sigma) == pytest.approx(1e-4, rel=1e-12)
    r = area_specific_resistance(np.array([5e-9, 20e-9]), 1e-4)
    assert r == pytest.approx([5e-5, 2e-4], rel=1e-12)
    with pytest.raises(ParameterError, match="conductivity > 0"):
        area_specific_resistance(10e-9, 0.0)
    with pytest.raises(ParameterError, match="thickness >= 0"):
        area_specific_resistance(-1e-9, 1e-4)
