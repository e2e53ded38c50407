"""Parameter sets: TOML files under parameter_sets/ loaded into frozen, validated dataclasses."""
from .loader import (available, build, builtin_dir, collect_sources, find, load, load_cell_design, load_coating, load_electrode,
                     load_electrolyte, normalise, read_quantity, read_toml)
from .schema import (ActiveMaterial, ArrheniusBranch, CellDesign, Coating, CoatingDesign, ElectricalDesign, ElectrodeDesign,
                     Electrolyte, ProtocolDefaults, SeparatorDesign)
from .sections import SECTIONS, materials_with, require, sections
from .units import parse_quantity, to_si

__all__ = ["available", "build", "builtin_dir", "collect_sources", "find", "load", "load_cell_design", "load_coating",
           "load_electrode", "load_electrolyte", "ActiveMaterial", "ArrheniusBranch", "CellDesign", "Coating",
           "CoatingDesign", "ElectricalDesign", "ElectrodeDesign", "Electrolyte", "ProtocolDefaults", "SeparatorDesign",
           "parse_quantity", "read_quantity", "read_toml", "to_si", "normalise", "SECTIONS", "sections",
           "materials_with", "require"]
