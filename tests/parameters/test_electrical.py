"""The cell's [electrical] table, the electrodes' electronic conductivity data and the conductive additive."""
import dataclasses

import pytest

from cellsim.api import load_cell
from cellsim.cell.model import CellMaterials, _electrode_conductivity, electrical_design
from cellsim.electrode.conductivity import percolation_conductivity
from cellsim.errors import ParameterError
from cellsim.parameters import builtin_dir, load_cell_design, load_electrode
from cellsim.parameters.schema import AdditiveDesign

CATHODE_ADDITIVE = 'additive = {material = "carbon_black", volume_fraction = {value = 0.12,'


def test_shipped_electrical_values():
    # cell/model.py used 100 S/m, 0.2 F/m2, 1e-5 m and 5e7 S/m before these moved to TOML
    el = load_cell_design().electrical
    assert (el.double_layer_capacity, el.current_collector_thickness, el.current_collector_conductivity,
            el.electrode_conductivity) == pytest.approx((0.2, 1e-5, 5e7, 100.0), rel=1e-12)
    assert all(s.startswith("assumed:") for s in el.sources.values())
    for name in ("LTO", "NCM111"):  # sourced laws replaced the assumed 100 S/m
        m = load_electrode(name)
        assert m.electronic_conductivity is None and m.electronic_conductivity_law is not None


def test_files_without_the_new_keys_still_load(tmp_path):
    text = (builtin_dir() / "cells" / "default.toml").read_text()
    head, _, tail = text.partition("[electrical]")
    user = tmp_path / "old_cell.toml"
    user.write_text(head + tail[tail.index("\n# Oxidative"):])
    design = load_cell_design(user)
    assert design.electrical is None
    assert electrical_design(design) == load_cell_design().electrical  # the shipped default cell's table
    # a material without electronic data and an electrode without additive: the cell's composite fallback
    design = dataclasses.replace(design, cathode=dataclasses.replace(design.cathode, electronic_conductivity=None))
    mats = CellMaterials.load(design)
    old = dataclasses.replace(mats, cathode=dataclasses.replace(mats.cathode, electronic_conductivity_law=None))
    assert _electrode_conductivity(old, "cathode", electrical_design(design)) == 100.0


def test_default_cell_keeps_its_assumed_composite_value_and_the_carbon_cell_uses_the_laws():
    mats = CellMaterials.load(load_cell())
    el = electrical_design(mats.design)
    assert [_electrode_conductivity(mats, w, el) for w in ("anode", "cathode")] == [100.0, 100.0]
    carbon = CellMaterials.load(load_cell("default_carbon"))
    assert all(callable(_electrode_conductivity(carbon, w, el)) for w in ("anode", "cathode"))
    with pytest.raises(ParameterError, match="no composite 'electronic_conductivity' beside an 'additive'"):
        dataclasses.replace(carbon.design.cathode, electronic_conductivity=1.0)


def test_constant_material_value_goes_through_the_composite_law():
    mats = CellMaterials.load(load_cell("default_carbon"))
    const = dataclasses.replace(mats, cathode=dataclasses.replace(mats.cathode, electronic_conductivity_law=None,
                                                                  electronic_conductivity=2.0))
    d = mats.design.cathode
    expected = 2.0 * d.active_volume_fraction ** d.bruggeman_exponent + percolation_conductivity(
        d.additive.volume_fraction, 1000.0, 0.10, 1.95)
    assert _electrode_conductivity(const, "cathode", electrical_design(mats.design)) == pytest.approx(expected)


def test_both_a_constant_and_a_law_is_refused():
    with pytest.raises(ParameterError, match="either 'electronic_conductivity' or"):
        dataclasses.replace(load_electrode("NCM111"), electronic_conductivity=1.0)


def test_bad_electrical_value_is_refused(tmp_path):
    text = (builtin_dir() / "cells" / "default.toml").read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('double_layer_capacity = {value = 20, unit = "uF.cm-2"',
                                'double_layer_capacity = {value = 20, unit = "uF"'))
    with pytest.raises(ParameterError, match=r"electrical\.double_layer_capacity\.unit.*F\.m-2"):
        load_cell_design(bad)


def bad_additive_cell(tmp_path, value: str, material: str = "carbon_black"):
    """The default_carbon cell with the cathode's additive volume fraction (or material) replaced."""
    text = (builtin_dir() / "cells" / "default_carbon.toml").read_text()
    assert text.count(CATHODE_ADDITIVE) == 2  # cathode first, anode second
    new = CATHODE_ADDITIVE.replace("0.12", value).replace("carbon_black", material)
    path = tmp_path / f"bad_additive_{value}_{material}.toml"
    path.write_text(text.replace(CATHODE_ADDITIVE, new, 1))
    return path


@pytest.mark.parametrize("value,pattern", [
    ("-0.1", r"cathode\.additive\.volume_fraction.*-0\.1.*\[0\.0, 1\.0\]"),
    ("1.5", r"cathode\.additive\.volume_fraction.*1\.5.*\[0\.0, 1\.0\]"),
    ("0.2", r"cathode\.additive\.volume_fraction.*0\.2.*<= 0\.14.*do not exceed 1 \(got 1\.06\)"),
])
def test_bad_additive_fraction_is_refused_by_load_cell(tmp_path, value, pattern):
    with pytest.raises(ParameterError, match=pattern):
        load_cell(bad_additive_cell(tmp_path, value))


def test_unknown_additive_names_the_known_ones(tmp_path):
    with pytest.raises(ParameterError, match=r"cathode\.additive\.material.*carbon_blak.*carbon_black"):
        load_cell(bad_additive_cell(tmp_path, "0.12", "carbon_blak"))


def test_additive_design_in_python_is_checked_too():
    with pytest.raises(ParameterError, match=r"volume_fraction.*-0\.05"):
        AdditiveDesign(material="carbon_black", volume_fraction=-0.05)
    cathode = load_cell("default_carbon").cathode
    with pytest.raises(ParameterError, match=r"additive\.volume_fraction.*0\.3"):
        dataclasses.replace(cathode, additive=AdditiveDesign(material="carbon_black", volume_fraction=0.3))
