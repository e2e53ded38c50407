"""Tests of cellsim.mechanics.residual_stress, including the finite-volume verification."""
import numpy as np
import pytest

from cellsim.errors import ParameterError
from cellsim.parameters.mechanics import load_elastic, load_thermal_expansion
from cellsim.mechanics.residual_stress import (
    biaxial_film_stress,
    fracture_strength,
    residual_stress_verdict,
    sphere_in_matrix_fv,
    sphere_in_matrix_stress,
    stoney_curvature,
)

# NCM111 particle in a Li2(OH)Cl-like matrix (values of parameter_sets/mechanics, all but
# the matrix moduli "assumed"), cooled 573 -> 373 K
CASE = dict(alpha_particle=1.0e-5, alpha_matrix=3.5e-5, youngs_modulus_particle=180e9, poisson_ratio_particle=0.25,
            youngs_modulus_matrix=43.1e9, poisson_ratio_matrix=0.24, temperature_from_K=573.0, temperature_to_K=373.0)


def test_selsing_infinite_matrix_hand_value():
    # p = 2.5e-5 * 200 / ((1.24)/(2*43.1e9) + 0.5/180e9) = 291.3 MPa (hand calculation)
    s = sphere_in_matrix_stress(np.array([1e-6, 2e-6]), 1e-6, **CASE)
    p = 2.5e-5 * 200 / (1.24 / (2 * 43.1e9) + 0.5 / 180e9)
    assert s.interface_pressure == pytest.approx(p, rel=1e-12)
    assert s.radial[0] == pytest.approx(-p) and s.hoop[0] == pytest.approx(p / 2)
    assert s.radial[1] == pytest.approx(-p / 8) and s.hoop[1] == pytest.approx(p / 16)  # (a/r)^3 decay
    assert sphere_in_matrix_stress(0.5e-6, 1e-6, **CASE).hoop == pytest.approx(-p)  # uniform inside


def test_volume_fraction_limits():
    p0 = sphere_in_matrix_stress(1e-6, 1e-6, **CASE).interface_pressure
    p_small = sphere_in_matrix_stress(1e-6, 1e-6, volume_fraction=1e-9, **CASE).interface_pressure
    assert p_small == pytest.approx(p0, rel=1e-6)
    ps = [sphere_in_matrix_stress(1e-6, 1e-6, volume_fraction=f, **CASE).interface_pressure for f in (0.1, 0.3, 0.5)]
    assert ps[0] > ps[1] > ps[2] > 0  # crowding relaxes the pressure
    b = 1e-6 * 0.3 ** (-1 / 3)
    assert sphere_in_matrix_stress(b, 1e-6, volume_fraction=0.3, **CASE).radial == pytest.approx(0.0, abs=1e-3)


@pytest.mark.parametrize("f", [0.05, 0.3])
def test_finite_volume_agrees_with_analytic(f):
    r, u, srr, stt = sphere_in_matrix_fv(1e-6, volume_fraction=f, n_cells=400, **CASE)
    s = sphere_in_matrix_stress(r, 1e-6, volume_fraction=f, **CASE)
    p = s.interface_pressure
    inner = r > 0
    assert np.max(np.abs(srr[inner] - s.radial[inner])) / p < 0.01  # required: within 1 %
    off = inner & (np.abs(r - 1e-6) > 1e-15)  # hoop stress jumps at r = a
    assert np.max(np.abs(stt[off] - s.hoop[off])) / p < 0.01
    assert -srr[r.searchsorted(1e-6)] == pytest.approx(p, rel=1e-3)


def test_finite_volume_second_order():
    errs, hs = [], []
    for n in (50, 100, 200):
        r, u, srr, stt = sphere_in_matrix_fv(1e-6, volume_fraction=0.3, n_cells=n, **CASE)
        s = sphere_in_matrix_stress(r, 1e-6, volume_fraction=0.3, **CASE)
        errs.append(np.max(np.abs(srr[1:] - s.radial[1:])) / s.interface_pressure)
        hs.append(1.0 / n)
    order = np.polyfit(np.log(hs), np.log(errs), 1)[0]
    assert order == pytest.approx(2.0, abs=0.3)


def test_cooling_direction_and_bad_input():
    bad = dict(CASE, temperature_from_K=300.0)
    with pytest.raises(ParameterError, match="temperature_from_K"):
        sphere_in_matrix_stress(1e-6, 1e-6, **bad)
    with pytest.raises(ParameterError, match="volume_fraction"):
        sphere_in_matrix_stress(1e-6, 1e-6, volume_fraction=1.0, **CASE)
    with pytest.raises(ParameterError, match="poisson_ratio_matrix"):
        sphere_in_matrix_stress(1e-6, 1e-6, **dict(CASE, poisson_ratio_matrix=0.6))
    with pytest.raises(ParameterError, match="temperature_from_K"):
        biaxial_film_stress(170e9, 0.22, 8.1e-6, 1e-5, 300.0, 373.0)


def test_thin_film_and_stoney():
    # Al2O3 coating (alpha 8.1e-6) on NCM111 (1.0e-5), cooled 200 K: compressive film
    s = biaxial_film_stress(170e9, 0.22, 8.1e-6, 1.0e-5, 573.0, 373.0)
    assert s == pytest.approx(170e9 / 0.78 * (1.0e-5 - 8.1e-6) * -200, rel=1e-12)
    assert s < 0
    assert stoney_curvature(100e6, 1e-6, 100e9, 0.25, 100e-6) == pytest.approx(0.45, rel=1e-12)
    with pytest.raises(ParameterError, match="film_thickness_m"):
        stoney_curvature(100e6, 1e-3, 100e9, 0.25, 1e-4)


def test_fracture_and_verdict():
    assert fracture_strength(1e6, 10e-6) == pytest.approx(1e6 / (1.12 * np.sqrt(np.pi * 1e-5)), rel=1e-12)
    with pytest.raises(ParameterError, match="flaw_size"):
        fracture_strength(1e6, -1.0)
    p = sphere_in_matrix_stress(1e-6, 1e-6, **CASE).interface_pressure
    assert residual_stress_verdict(p, fracture_strength(1e6, 1e-6)) == "safe"    # 504 MPa strength
    assert residual_stress_verdict(p, fracture_strength(0.3e6, 10e-6)) == "crack"  # 48 MPa strength
    assert residual_stress_verdict(-p, 1e9, interface_strength=50e6) == "debond"


def test_loaders_and_data_table():
    el, te = load_elastic(), load_thermal_expansion()
    assert el["Li3OCl"]["youngs_modulus"] == pytest.approx(99.7e9)
    assert el["Li"]["shear_modulus"] == pytest.approx(4.25e9)
    assert te["Al2O3"]["thermal_expansion"] == pytest.approx(8.1e-6)
    for name in ("NCM111", "LTO", "Al2O3", "Li3OCl", "Li2(OH)Cl"):
        assert name in el and name in te
    for table in (el, te):
        for m in table.values():
            assert set(m.values) == set(m.sources) and all(m.sources.values())
    assert load_elastic() is not el  # fresh object per call


@pytest.mark.parametrize("text,match", [
    ('[X]\nyoungs_modulus = {value = 1.0, unit = "GPa"}\n', "X.youngs_modulus"),
    ('[X]\nyoungs_modulus = {value = 1.0, unit = "furlong", source = "s"}\n', "youngs_modulus.unit"),
    ('[X]\nshear_moduls = {value = 1.0, unit = "GPa", source = "s"}\n', "did you mean 'shear_modulus'"),
    ('[X]\npoisson_ratio = {value = 0.7, unit = "1", source = "s"}\n', "-1 < poisson_ratio"),
    ('[X]\nthermal_expansion = {value = 1e-5, unit = "K-1", source = "assumed:"}\n', "reason"),
    ('[X]\nyoungs_modulus = {value = "big", unit = "GPa", source = "s"}\n', "value"),
])
def test_loader_rejects_bad_files(tmp_path, text, match):
    from cellsim.parameters.mechanics import load_table
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ParameterError, match=match) as exc:
        load_table(f)
    assert "bad.toml" in str(exc.value)
