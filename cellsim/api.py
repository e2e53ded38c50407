"""The small public API: load a cell, cycle it."""
from __future__ import annotations

import dataclasses

from .cell.model import CellModel, default_protocol
from .cell.protocol import Protocol, parse_rate
from .checks import check_temperature
from .errors import ParameterError
from .parameters import load_cell_design


def load_cell(name="default", dirs=(), **design_changes):
    """Load a cell design by name or .toml path; keyword arguments replace top-level design fields.

    Examples
    --------
    >>> cell = load_cell()
    >>> cell.electrolyte, cell.cathode.material, round(cell.cathode.thickness * 1e6)
    ('Li1.9(OH)Cl0.9', 'NCM111', 50)
    """
    design = load_cell_design(name, dirs)
    return dataclasses.replace(design, **design_changes) if design_changes else design


def cycle(cell="default", temperature_K=None, rate=None, cycles=None, model="DFN", protocol=None,
          progress=None, mesh=None, dirs=(), cv_hold=None, rest_s=None, experiment=None):
    """Cycle a cell and return a :class:`~cellsim.cell.results.CyclingResult`.

    Parameters
    ----------
    cell : str, path or CellDesign
        Cell name, TOML path or loaded design.
    temperature_K : float, optional
        Cell temperature [K]; default: the design's protocol temperature.
    rate : str, optional
        "25mA/g", "0.2C", "C/10", "0.5mA/cm2" or "2mA" (:func:`~cellsim.cell.protocol.parse_rate`); default: the
        design's protocol current.
    cycles : int, optional
        Number of cycles; default: the design's.
    model : {"DFN", "SPMe"}
    protocol : Protocol, optional
        A full protocol (then ``rate``, ``cycles``, ``cv_hold`` and ``rest_s`` must not be given).
    cv_hold : float, optional
        Hold at the upper cut-off after each charge until the current falls to this fraction of the charge
        current [1] (CC-CV); default: none.
    rest_s : float, optional
        Rest after each charge and each discharge [s]; default: none.
    experiment : str or list of str, optional
        PyBaMM-style steps of one cycle (:func:`cellsim.parameters.rates.parse_experiment`), e.g.
        "Charge at C/10 until 2.71 V; Rest for 10 minutes; Discharge at 25 mA/g until 1.0 V", run ``cycles``
        times; instead of ``rate``, ``cv_hold`` and ``rest_s``. Default: the design's stored protocol.
    progress : callable(n, total), optional
        Called at the start of each cycle.
    """
    design = cell if not isinstance(cell, (str, bytes)) and hasattr(cell, "cathode") else load_cell(cell, dirs)
    if temperature_K is not None:
        temperature_K = check_temperature(temperature_K)
    if protocol is not None and any(v is not None for v in (rate, cycles, cv_hold, rest_s, experiment)):
        raise ParameterError("protocol", protocol, "either a Protocol or rate/cycles/cv_hold/rest_s/experiment, "
                                                   "not both")
    if experiment is not None and any(v is not None for v in (rate, cv_hold, rest_s)):
        raise ParameterError("experiment", experiment, "an experiment alone: its steps set the currents, rests and "
                                                       "holds (no rate, cv_hold or rest)")
    if protocol is None:
        overrides = parse_rate(rate) if rate is not None else {}
        for key, value in (("cycles", cycles), ("cv_hold_current_fraction", cv_hold), ("rest_s", rest_s),
                           ("experiment", experiment)):
            if value is not None:
                overrides[key] = value
        protocol = default_protocol(design, **overrides)
    if not isinstance(protocol, Protocol):
        raise ParameterError("protocol", protocol, "a cellsim.Protocol")
    return CellModel(design, model=model, mesh=mesh, dirs=dirs).cycle(protocol, temperature_K, progress)
