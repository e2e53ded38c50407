"""Parameter sets: TOML files under parameter_sets/ loaded into frozen, validated dataclasses.

The segregation data model (which needs numpy and scipy.constants) is imported on first use of its names, so
``cellsim list`` stays fast.
"""
import importlib as _importlib

from .loader import (available, build, builtin_dir, collect_sources, find, load, load_cell_design, load_coating,
                     load_electrode, load_electrolyte, load_uncertainties, normalise, read_quantity, read_sweep_file,
                     read_toml, studies_dir)
from .schema import (ActiveMaterial, ArrheniusBranch, CellDesign, Coating, CoatingDesign, ElectricalDesign,
                     ElectrodeDesign, Electrolyte, ProtocolDefaults, SeparatorDesign)
from .sections import SECTIONS, materials_with, require, sections
from .units import parse_quantity, to_si

#: public name -> submodule that defines it, imported on first use
_LAZY = {"SegregationParameters": "segregation", "load_segregation": "segregation",
         "segregation_materials": "segregation"}

__all__ = ["available", "build", "builtin_dir", "collect_sources", "find", "load", "load_cell_design", "load_coating",
           "load_electrode", "load_electrolyte", "load_uncertainties", "ActiveMaterial", "ArrheniusBranch", "CellDesign",
           "Coating",
           "CoatingDesign", "ElectricalDesign", "ElectrodeDesign", "Electrolyte", "ProtocolDefaults",
           "SeparatorDesign", "parse_quantity", "read_quantity", "read_sweep_file", "read_toml", "studies_dir", "to_si",
           "normalise", "SECTIONS", "sections", "materials_with", "require", *_LAZY]


def __getattr__(name):
    if name in _LAZY:
        value = getattr(_importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY])
