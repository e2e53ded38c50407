"""Parameter sets: TOML files under parameter_sets/ loaded into frozen, validated dataclasses."""
from .loader import (available, build, builtin_dir, collect_sources, find, load, load_cell_design, load_coating, load_electrode,
                     load_electrolyte, normalise, read_quantity, read_sweep_file, read_toml,
                     studies_dir)
from .schema import (ActiveMaterial, ArrheniusBranch, CellDesign, Coating, CoatingDesign, ElectricalDesign,
                     ElectrodeDesign, Electrolyte, ProtocolDefaults, SeparatorDesign)
from .sections import SECTIONS, materials_with, require, sections
from .segregation import SegregationParameters, load_segregation, segregation_materials
from .units import parse_quantity, to_si

__all__ = ["available", "build", "builtin_dir", "collect_sources", "find", "load", "load_cell_design", "load_coating",
           "load_electrode", "load_electrolyte", "ActiveMaterial", "ArrheniusBranch", "CellDesign", "Coating",
           "CoatingDesign", "ElectricalDesign", "ElectrodeDesign", "Electrolyte", "ProtocolDefaults",
           "SeparatorDesign", "parse_quantity", "read_quantity", "read_sweep_file", "read_toml", "studies_dir", "to_si", "normalise",
           "SECTIONS", "sections", "materials_with", "require", "SegregationParameters", "load_segregation",
           "segregation_materials"]
