"""Brick-layer grain-boundary model (series path), review section 5.3.4."""
import numpy as np
import pytest

from cellsim.electrolyte.grain_boundary import brick_layer, gb_conductivity_from_resistances
from cellsim.errors import ParameterError

# Li3OBr pellet, review section 5.3.4 (Zhu et al. 2016, ref 86): 8.8 kOhm bulk, 83.0 kOhm grain boundary.
R_BULK, R_GB = 8.8e3, 83.0e3
# Assumed (not in the review): 1 um grains, 1 nm boundaries, 1 mm thick pellet of 1 cm2.
GRAIN, WIDTH, THICK, AREA = 1e-6, 1e-9, 1e-3, 1e-4


def test_limits_give_bulk():
    # gb_width -> 0: total -> bulk (deviation ~ (delta/d) (sigma_b/sigma_gb) = 1e-12 * 1e2)
    assert brick_layer(0.1, 1e-3, 1e-6, 1e-18).conductivity_S_m == pytest.approx(0.1, rel=1e-9)
    # sigma_gb = sigma_bulk: exactly bulk for any width
    r = brick_layer(0.1, 0.1, 1e-6, 3e-7)
    assert r.conductivity_S_m == pytest.approx(0.1, rel=1e-12)
    assert r.gb_resistance_fraction == pytest.approx(0.3, rel=1e-12)  # its length share
    # gb_factor multiplies sigma_gb: factor 10 on sigma_gb/10 is the same as sigma_gb
    a, b = brick_layer(0.1, 1e-3, 1e-6, 1e-9, gb_factor=10.0), brick_layer(0.1, 1e-2, 1e-6, 1e-9)
    assert a == b


def test_series_formula_and_trends():
    r = brick_layer(1e-3, 1e-7, GRAIN, WIDTH)
    expected = 1 / ((GRAIN - WIDTH) / (GRAIN * 1e-3) + WIDTH / (GRAIN * 1e-7))
    assert r.conductivity_S_m == pytest.approx(expected, rel=1e-12)
    assert r.bulk_resistance_fraction + r.gb_resistance_fraction == pytest.approx(1.0, rel=1e-12)
    assert r.bulk_resistivity_ohm_m == pytest.approx(1e3) and r.gb_resistivity_ohm_m == pytest.approx(1e7)
    # smaller grains -> lower conductivity (review 5.3.4: Li3OCl conductivity drops below 100 nm grains)
    sizes = np.array([16e-9, 133e-9, 1e-6, 10e-6])
    s = brick_layer(1e-3, 1e-5, sizes, 1e-9).conductivity_S_m
    assert s.shape == (4,) and np.all(np.diff(s) > 0) and np.all(s < 1e-3)
    # reduced boundary diffusivity (segregation factor < 1) lowers the total
    assert brick_layer(1e-3, 1e-5, 16e-9, 1e-9, gb_factor=0.3 / 3.5).conductivity_S_m < s[0]


def test_li3obr_split_back_and_forward():
    sb, sg = gb_conductivity_from_resistances(R_BULK, R_GB, GRAIN, WIDTH, THICK, AREA)
    # ratio independent of the pellet geometry: (83.0/8.8) * 999 = 9422
    assert sb / sg == pytest.approx(83.0 / 8.8 * (GRAIN - WIDTH) / WIDTH, rel=1e-12)
    assert sb / sg == pytest.approx(9422, rel=1e-4)
    # forward: the brick layer with these conductivities reproduces 8.8 / 83.0 kOhm
    r = brick_layer(sb, sg, GRAIN, WIDTH)
    total_ohm = THICK / (r.conductivity_S_m * AREA)
    assert total_ohm == pytest.approx(R_BULK + R_GB, rel=1e-12)
    assert r.bulk_resistance_fraction * total_ohm == pytest.approx(8.8e3, rel=1e-12)
    assert r.gb_resistance_fraction * total_ohm == pytest.approx(83.0e3, rel=1e-12)
    assert r.gb_resistance_fraction == pytest.approx(83.0 / 91.8, rel=1e-12)  # 90.4 %


@pytest.mark.parametrize("args, match", [
    ((0.1, 1e-3, 0.0, 1e-9), r"grain_size_m.*> 0 m"),
    ((0.1, 1e-3, -1e-6, 1e-9), r"grain_size_m.*> 0 m"),
    ((0.1, 1e-3, 1e-6, 0.0), r"gb_width_m.*> 0 m"),
    ((0.1, 1e-3, 1e-6, 1e-6), r"gb_width_m.*< grain_size_m"),
    ((0.1, 1e-3, 1e-6, 2e-6), r"gb_width_m.*< grain_size_m"),
    ((-0.1, 1e-3, 1e-6, 1e-9), r"sigma_bulk_S_m"),
    ((0.1, 0.0, 1e-6, 1e-9), r"sigma_gb_S_m"),
])
def test_bad_geometry(args, match):
    with pytest.raises(ParameterError, match=match):
        brick_layer(*args)


def test_bad_factor_and_resistances():
    with pytest.raises(ParameterError, match="gb_factor"):
        brick_layer(0.1, 1e-3, 1e-6, 1e-9, gb_factor=-1)
    with pytest.raises(ParameterError, match="gb_resistance_ohm"):
        gb_conductivity_from_resistances(R_BULK, -1.0, GRAIN, WIDTH, THICK, AREA)
    with pytest.raises(ParameterError, match="gb_width_m"):
        gb_conductivity_from_resistances(R_BULK, R_GB, GRAIN, GRAIN, THICK, AREA)


# ---------------------------------------------------------------- one boundary per material (issue 14 item 4)
def test_li3ocl_brick_layer_is_the_segregation_sets_core():
    # parameter_sets/electrolytes/Li3OCl.toml [grain_boundary] is derived from parameter_sets/segregation/li3ocl.toml:
    # sigma_gb / sigma_bulk = D_gb / D_bulk at the reference temperature, and the same extra barrier.
    import math

    from cellsim.parameters import load_electrolyte
    from cellsim.parameters.segregation import load_segregation

    e, p = load_electrolyte("Li3OCl"), load_segregation("Li3OCl")
    gb = e.grain_boundary
    assert gb.width == pytest.approx(p.gb_width_m, rel=1e-12)
    core_ratio = p.gb_diffusivity(gb.temperature_ref) / p.bulk_diffusivity(gb.temperature_ref)
    assert gb.conductivity_ratio == pytest.approx(core_ratio, rel=1e-3)  # 4 digits in the TOML
    extra = p.gb_activation_energy_eV - p.bulk_activation_energy_eV
    assert gb.activation_energy - e.conductivity.activation_energy == pytest.approx(extra, abs=1e-4)
    assert math.isclose(p.gb_diffusivity_prefactor_m2_s, p.bulk_diffusivity_prefactor_m2_s)  # ratio = Boltzmann factor


@pytest.mark.parametrize("temperature_K", [300.0, 373.15])
def test_li3ocl_brick_layer_and_segregation_agree_at_1um(temperature_K):
    # Issue 14: the two models were ~4 orders apart at 1 um. Now the brick layer is the core alone and the
    # segregation model adds the trap's depletion of the grain interior: within 10 % at 1 um (measured 0.92 at
    # 300 K, 0.97 at 373 K), and the segregation model without its trap is the brick layer itself.
    import cellsim
    from cellsim.electrolyte.segregation import grain_transport_1d
    from cellsim.parameters.segregation import load_segregation

    brick = cellsim.conductivity("Li3OCl", temperature_K, 1e-6)
    segregation = cellsim.conductivity("Li3OCl", temperature_K, 1e-6, gb_model="segregation")
    assert segregation <= brick
    assert segregation / brick == pytest.approx(1.0, abs=0.10)
    bulk = cellsim.conductivity("Li3OCl", temperature_K)
    core = load_segregation("Li3OCl")
    for size in (16e-9, 133e-9, 1e-6, 10e-6):
        no_trap = grain_transport_1d(size, temperature_K, core, segregation=False).conductivity_ratio
        assert cellsim.conductivity("Li3OCl", temperature_K, size) / bulk == pytest.approx(no_trap, rel=2e-3)
