"""Design numbers (loading, N/P, areal capacity, 1C basis) against hand arithmetic from the default TOML."""
import dataclasses

import pytest

from cellsim.api import load_cell
from cellsim.cell.balance import design_numbers
from cellsim.cell.model import CellMaterials

F = 96485.33212


def test_default_cell_design_numbers_by_hand():
    n = design_numbers(CellMaterials.load(load_cell()))
    # cathode: 1 cm2 x 50 um x 0.60 x 4.75 g/cm3 = 14.25 mg; usable x 0.39802..0.90264 of 49,243 mol/m3
    assert n.cathode_loading_kg_m2 * 100 == pytest.approx(14.25, rel=1e-9)
    qp = 1e-4 * 50e-6 * 0.60 * 49243 * F / 3600 * (0.90264 - 0.39802)
    qn = 1e-4 * 70e-6 * 0.60 * 22740 * F / 3600 * (0.995 - 0.005)
    assert n.cathode_capacity_Ah == pytest.approx(qp, rel=1e-9)
    assert n.np_ratio == pytest.approx(qn / qp, rel=1e-9)
    assert n.limiting_electrode == "cathode"
    assert n.one_c_current_A == pytest.approx(qp, rel=1e-12)
    rows = dict((name, value) for name, value, _ in n.rows())
    assert rows["areal capacity (nominal)"] == pytest.approx(qp * 1e3, rel=1e-9)  # mAh on 1 cm2
    assert rows["cathode specific capacity (nominal)"] == pytest.approx(qp * 1e3 / 14.25e-3, rel=1e-9)  # mAh per g


def test_thin_anode_limits():
    d = load_cell()
    thin = dataclasses.replace(d, anode=dataclasses.replace(d.anode, thickness=30e-6))
    n = design_numbers(CellMaterials.load(thin))
    assert n.np_ratio == pytest.approx(1.2683664 * 30 / 70, rel=1e-6)
    assert n.limiting_electrode == "anode"
