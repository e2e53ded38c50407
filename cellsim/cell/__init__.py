"""The cell model: the only package in cellsim that imports PyBaMM (lazily, through ``_pybamm``)."""
from .model import CellModel, default_protocol
from .protocol import Protocol, parse_rate
from .results import CyclingResult

__all__ = ["CellModel", "default_protocol", "Protocol", "parse_rate", "CyclingResult"]
