"""cellsim: cell-level electrochemo-mechanical simulation of solid-state cells with antiperovskite electrolytes.

Quick start::

    import cellsim
    result = cellsim.cycle("default", temperature_K=373.15, rate="25mA/g", cycles=3)
    print(result.summary)

The names below are imported on first use, so ``import cellsim.parameters`` or ``cellsim --help`` does not
pay for the cell model (numpy, scipy, pandas, PyBaMM).
"""
import importlib as _importlib
import os as _os

# PyBaMM telemetry stays off for every user and CI run; set before pybamm can be imported anywhere.
_os.environ["PYBAMM_DISABLE_TELEMETRY"] = "true"

__version__ = "0.1.0"

#: public name -> module that defines it
_LAZY = {"cycle": "cellsim.api", "load_cell": "cellsim.api", "Protocol": "cellsim.cell.protocol",
         "conductivity": "cellsim.electrolyte.conductivity", "CellsimError": "cellsim.errors",
         "ModelError": "cellsim.errors", "ParameterError": "cellsim.errors", "SolverFailure": "cellsim.errors"}
__all__ = list(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cellsim' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY])
