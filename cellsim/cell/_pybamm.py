"""Import PyBaMM with telemetry switched off. The only door through which cellsim reaches PyBaMM."""
from __future__ import annotations

import os


def pybamm():
    """Return the ``pybamm`` module, imported with telemetry disabled and its logger quiet."""
    os.environ["PYBAMM_DISABLE_TELEMETRY"] = "true"
    import pybamm as _pb

    _pb.telemetry.disable()
    _pb.set_logging_level("ERROR")
    return _pb
