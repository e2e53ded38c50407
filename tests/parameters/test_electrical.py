"""The cell's [electrical] table and the electrodes' electronic_conductivity (formerly numbers in cell/model.py)."""
import dataclasses

import pytest

from cellsim.cell.model import _electrode_conductivity, electrical_design
from cellsim.errors import ParameterError
from cellsim.parameters import builtin_dir, load_cell_design, load_electrode


def test_shipped_values_keep_the_former_constants():
    # cell/model.py used 100 S/m, 0.2 F/m2, 1e-5 m and 5e7 S/m before these moved to TOML
    el = load_cell_design().electrical
    assert (el.double_layer_capacity, el.current_collector_thickness, el.current_collector_conductivity,
            el.electrode_conductivity) == pytest.approx((0.2, 1e-5, 5e7, 100.0), rel=1e-12)
    assert all(s.startswith("assumed:") for s in el.sources.values())
    for name in ("LTO", "NCM111"):
        m = load_electrode(name)
        assert m.electronic_conductivity == 100.0 and m.sources["electronic_conductivity"].startswith("assumed:")


def test_files_without_the_new_keys_still_load(tmp_path):
    text = (builtin_dir() / "cells" / "default.toml").read_text()
    head, _, tail = text.partition("[electrical]")
    user = tmp_path / "old_cell.toml"
    user.write_text(head + tail[tail.index("\n# Oxidative"):])
    design = load_cell_design(user)
    assert design.electrical is None
    assert electrical_design(design) == load_cell_design().electrical  # the shipped default cell's table
    old = dataclasses.replace(load_electrode("NCM111"), electronic_conductivity=None)
    assert _electrode_conductivity(old, electrical_design(design)) == 100.0


def test_bad_electrical_value_is_refused(tmp_path):
    text = (builtin_dir() / "cells" / "default.toml").read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('double_layer_capacity = {value = 20, unit = "uF.cm-2"',
                                'double_layer_capacity = {value = 20, unit = "uF"'))
    with pytest.raises(ParameterError, match=r"electrical\.double_layer_capacity\.unit.*F\.m-2"):
        load_cell_design(bad)
