"""Shared fixtures. Markers are registered in pyproject.toml ([tool.pytest.ini_options])."""
import os

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ["PYBAMM_DISABLE_TELEMETRY"] = "true"


@pytest.fixture(scope="session")
def default_design():
    from cellsim.parameters import load_cell_design

    return load_cell_design("default")


@pytest.fixture(scope="session")
def dfn_default(default_design):
    """The built default DFN cell, shared by the cell tests (build once, solve many)."""
    from cellsim.cell import CellModel

    return CellModel(default_design, model="DFN")


@pytest.fixture(scope="session")
def result_100C(dfn_default, default_design):
    """Default cell, 100 degC, 25 mA/g, 3 cycles (review section 7.1 conditions)."""
    from cellsim.cell import default_protocol

    return dfn_default.cycle(default_protocol(default_design, cycles=3), 373.15)
