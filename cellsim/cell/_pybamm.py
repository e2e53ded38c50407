"""Import PyBaMM with telemetry switched off. The only door through which cellsim reaches PyBaMM."""
from __future__ import annotations

import os

_PYBAMM = None  # the module, once imported and set up


def pybamm():
    """Return the ``pybamm`` module, imported with telemetry disabled and its logger quiet (set up once: the tables
    call this per sub-solution, ~200 times for 100 cycles)."""
    global _PYBAMM
    if _PYBAMM is None:
        os.environ["PYBAMM_DISABLE_TELEMETRY"] = "true"
        import pybamm as _pb

        _pb.telemetry.disable()
        # cellsim reports solver failures itself (SolverFailure, the run's termination): PyBaMM's own ERROR lines
        # would interleave with the progress line and the one-line error
        _pb.set_logging_level("CRITICAL")
        _PYBAMM = _pb
    return _PYBAMM
