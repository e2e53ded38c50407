"""cellsim: cell-level electrochemo-mechanical simulation of solid-state cells with antiperovskite electrolytes.

Quick start::

    import cellsim
    result = cellsim.cycle("default", temperature_K=373.15, rate="25mA/g", cycles=3)
    print(result.summary)
"""
import os as _os

# PyBaMM telemetry stays off for every user and CI run; set before pybamm can be imported anywhere.
_os.environ["PYBAMM_DISABLE_TELEMETRY"] = "true"

from .api import cycle, load_cell  # noqa: E402
from .cell.protocol import Protocol  # noqa: E402
from .electrolyte.conductivity import conductivity  # noqa: E402
from .errors import CellsimError, ModelError, ParameterError, SolverFailure  # noqa: E402

__version__ = "0.1.0"
__all__ = ["cycle", "load_cell", "conductivity", "Protocol", "CellsimError", "ModelError", "ParameterError", "SolverFailure"]
