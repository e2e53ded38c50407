"""Loader: every shipped file loads; bad input names file, key, value and what is allowed."""
import dataclasses
import os
from pathlib import Path

import pytest

from cellsim.errors import ParameterError, UnknownNameError
from cellsim.parameters import (available, builtin_dir, collect_sources, load, load_cell_design, load_electrolyte,
                                studies_dir, to_si)

KINDS = ("cell", "electrolyte", "electrode", "coating")


@pytest.mark.parametrize("kind", KINDS)
def test_every_shipped_file_loads_with_sources(kind):
    names = available(kind)
    assert names, kind
    for name in names:
        obj = load(kind, name)
        sources = collect_sources(obj)
        assert dataclasses.is_dataclass(obj) and sources  # every quantity kept its source
        assert all(s.strip() for s in sources.values())


def test_registry_matches_files():
    files = {p.stem for p in (builtin_dir() / "electrolytes").glob("*.toml")}
    assert len(available("electrolyte")) == len(files)
    assert {"Li1.9(OH)Cl0.9", "Li2(OH)Cl", "Li3OCl"} <= set(available("electrolyte"))


def test_default_cell_values_in_si(default_design):
    d = default_design
    assert d.cathode.thickness == pytest.approx(50e-6)
    assert d.coating.thickness == pytest.approx(2e-9)
    assert d.protocol.temperature == pytest.approx(373.15)
    assert d.protocol.specific_current == pytest.approx(25.0)  # mA/g == A/kg
    assert "Review" in d.protocol.sources["specific_current"]


def test_fresh_object_each_call():
    a, b = load_electrolyte("Li3OCl"), load_electrolyte("Li3OCl")
    assert a == b and a is not b
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.name = "x"


def test_units_convert():
    assert to_si(25, "degC", "K") == pytest.approx(298.15)
    assert to_si(0.85, "mS.cm-1", "S.m-1") == pytest.approx(0.085)


def _write(tmp_path, text, name="cell.toml"):
    p = tmp_path / name
    p.write_text(text)
    return p


def _default_text():
    return (builtin_dir() / "cells" / "default.toml").read_text()


def _replace_line(text, key, new):
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{key} ="):
            lines[i] = f"{key} = {new}"
            break
    else:
        raise AssertionError(key)
    return "\n".join(lines)


def _replace_in_table(text, table, key, new):
    head, _, rest = text.partition(f"[{table}]\n")
    return head + f"[{table}]\n" + _replace_line(rest, key, new)


BAD_CELLS = [
    ("negative thickness", ("cathode", "thickness", '{value = -50, unit = "um", source = "x"}'),
     r"cathode\.thickness.*-50 um.*\(0\.0, 0\.01\] m"),
    ("porosity above 1", ("anode", "electrolyte_volume_fraction", '{value = 1.2, unit = "1", source = "x"}'),
     r"anode\.electrolyte_volume_fraction.*1\.2"),
    ("fractions above 1", ("cathode", "electrolyte_volume_fraction", '{value = 0.6, unit = "1", source = "x"}'),
     r"cathode\.electrolyte_volume_fraction.*do not exceed 1"),
    ("missing unit", ("cathode", "thickness", '{value = 50, source = "x"}'), r"cathode\.thickness\.unit.*<missing>"),
    ("temperature in wrong unit", ("protocol", "temperature", '{value = 100, unit = "degF", source = "x"}'),
     r"protocol\.temperature\.unit.*degF.*degC"),
    ("wrong type", ("cathode", "thickness", '{value = "fifty", unit = "um", source = "x"}'),
     r"cathode\.thickness\.value.*fifty.*a number"),
    ("missing source", ("cathode", "thickness", '{value = 50, unit = "um"}'), r"cathode\.thickness\.source"),
    ("bare assumed", ("cathode", "thickness", '{value = 50, unit = "um", source = "assumed"}'),
     r"followed by the reason"),
    ("unknown material", ("cathode", "material", '"NCM811x"'), r"cathode\.material.*NCM811x.*NCM111"),
    ("cycles not integer", ("protocol", "cycles", "2.5"), r"protocol\.cycles.*positive integer"),
]


@pytest.mark.parametrize("label,change,match", BAD_CELLS, ids=[b[0] for b in BAD_CELLS])
def test_bad_cell_files(tmp_path, label, change, match):
    path = _write(tmp_path, _replace_in_table(_default_text(), *change))
    with pytest.raises(ParameterError, match=match) as info:
        load_cell_design(path)
    assert str(path) in str(info.value)  # the message names the file


def test_unknown_key_suggests(tmp_path):
    text = _default_text().replace("[separator]\n", "[separator]\nthicknes = {value = 1, unit = \"um\", source = \"x\"}\n")
    with pytest.raises(ParameterError, match=r"separator\.thicknes.*did you mean \['thickness'\]"):
        load_cell_design(_write(tmp_path, text))


def test_unknown_name_suggests():
    with pytest.raises(UnknownNameError, match=r"Li3OCI.*did you mean 'Li3OCl'"):
        load_electrolyte("Li3OCI")


def test_transition_needs_both_branches(tmp_path):
    text = (builtin_dir() / "electrolytes" / "Li2OHCl.toml").read_text()
    text = text.split("[low_temperature_conductivity]")[0]
    with pytest.raises(ParameterError, match=r"transition_temperature.*both"):
        load("electrolyte", _write(tmp_path, text, "e.toml"))


def test_user_folder_overrides_builtin(tmp_path):
    folder = tmp_path / "electrolytes"
    folder.mkdir()
    text = (builtin_dir() / "electrolytes" / "Li3OCl.toml").read_text().replace('value = 0.85,', 'value = 1.7,')
    (folder / "mine.toml").write_text(text)
    assert load_electrolyte("Li3OCl", dirs=[tmp_path]).conductivity.conductivity_ref == pytest.approx(0.17)
    assert load_electrolyte("Li3OCl").conductivity.conductivity_ref == pytest.approx(0.085)


def test_parameter_path_adds_folders_and_a_missing_one_is_named(tmp_path, monkeypatch):
    folder = tmp_path / "electrolytes"
    folder.mkdir()
    text = (builtin_dir() / "electrolytes" / "Li3OCl.toml").read_text().replace('name = "Li3OCl"', 'name = "Mine"')
    (folder / "mine.toml").write_text(text)
    monkeypatch.setenv("CELLSIM_PARAMETER_PATH", str(tmp_path))
    assert "Mine" in available("electrolyte")
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("CELLSIM_PARAMETER_PATH", os.pathsep.join([str(tmp_path), str(missing)]))
    with pytest.raises(ParameterError, match=r"CELLSIM_PARAMETER_PATH.*nowhere.*does not exist"):
        available("electrolyte")


def test_checkout_data_folders_are_found():
    # tests run from a checkout: the folders at the top of the repository, not another installed copy's
    root = Path(__file__).resolve().parents[2]
    assert builtin_dir() == root / "parameter_sets"
    assert studies_dir() == root / "studies"


def test_malformed_toml(tmp_path):
    with pytest.raises(ParameterError, match="valid TOML"):
        load_cell_design(_write(tmp_path, "name = \n"))


def test_missing_file():
    with pytest.raises(ParameterError, match="existing .toml"):
        load_cell_design(Path("/nonexistent/cell.toml"))


def test_importing_cellsim_parameters_does_not_import_scipy():
    # `cellsim list` stays fast: the segregation data model (numpy, scipy.constants) is imported on first use
    import subprocess
    import sys

    code = ("import sys; import cellsim.parameters; "
            "from cellsim.cli import main; main(['list']); assert 'scipy' not in sys.modules, 'scipy imported'")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
