"""Migration volume, relaxation and contact data files (parameter_sets/mechanics): loading and bad input."""
import pytest

from cellsim.errors import ParameterError
from cellsim.parameters.mechanics import load_contact, load_migration_volume, load_relaxation


def _folder(tmp_path, name, text):
    d = tmp_path / "mechanics"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text)
    return [tmp_path]


def test_shipped_values_in_si():
    # LLTO: 1.65 cm3/mol / N_A = 2.74 A3 per jump (Inaguma et al. 1995); the cell electrolyte borrows Li2(OH)Cl's
    mv = load_migration_volume()
    assert mv["La0.5Li0.35TiO3"]["migration_volume"] == pytest.approx(1.65e-6 / 6.02214076e23, rel=0.003)
    assert mv["Li1.9(OH)Cl0.9"]["migration_volume"] == pytest.approx(2.8e-30)
    r = load_relaxation()["Li1.9(OH)Cl0.9"]
    assert r["relaxation_time"] == pytest.approx(6.4 * 3600) and r["temperature_min"] < 373.15 < r["temperature_max"]
    assert 0 < load_contact()["NCM111"]["isolable_fraction"] <= 1


def test_activation_volume_without_unit_is_refused(tmp_path):
    dirs = _folder(tmp_path, "migration_volume.toml",
                   '[X]\nmigration_volume = {value = 3.0, source = "assumed: test"}\n')
    with pytest.raises(ParameterError, match="X.migration_volume"):
        load_migration_volume(dirs)


def test_activation_volume_with_a_non_volume_unit_is_refused(tmp_path):
    dirs = _folder(tmp_path, "migration_volume.toml",
                   '[X]\nmigration_volume = {value = 3.0, unit = "GPa", source = "assumed: test"}\n')
    with pytest.raises(ParameterError, match="migration_volume.unit"):
        load_migration_volume(dirs)


def test_negative_relaxation_time_and_missing_keys_are_refused(tmp_path):
    dirs = _folder(tmp_path, "relaxation.toml",
                   '[X]\nrelaxation_time = {value = -1.0, unit = "h", source = "assumed: test"}\n')
    with pytest.raises(ParameterError, match="X.relaxation_time"):
        load_relaxation(dirs)
    dirs = _folder(tmp_path, "relaxation.toml",
                   '[X]\nrelaxation_time = {value = 1.0, unit = "h", source = "assumed: test"}\n')
    with pytest.raises(ParameterError, match="X.relaxation_reference_temperature"):
        load_relaxation(dirs)


def test_isolable_fraction_above_one_is_refused(tmp_path):
    dirs = _folder(tmp_path, "contact.toml", '[X]\ninterface_strength = {value = 60, unit = "MPa", source = "a"}\n'
                   'weibull_modulus = {value = 10, unit = "1", source = "a"}\n'
                   'isolable_fraction = {value = 1.5, unit = "1", source = "a"}\n')
    with pytest.raises(ParameterError, match="isolable_fraction"):
        load_contact(dirs)
