"""Residual stress -> conductivity -> cell (issue: mechanics item 5)."""
import pandas as pd
import pytest

from cellsim.errors import ParameterError
from cellsim.analysis.stress_coupling import (cell_stress_effect, conductivity_stress_table, effective_conductivity_factor,
                                        matrix_mean_pressure)


def test_matrix_mean_pressure_obeys_the_average_stress_theorem():
    P, f = 85e6, 0.61
    p_m = matrix_mean_pressure(P, f)
    # volume-averaged hydrostatic stress of the load-free composite vanishes: f(-P) + (1-f)(-p_m) = 0
    assert f * (-P) + (1 - f) * (-p_m) == pytest.approx(0.0, abs=1e-6)
    assert matrix_mean_pressure(P, 0.0) == 0.0
    with pytest.raises(ParameterError, match="volume_fraction"):
        matrix_mean_pressure(P, 1.0)


def test_uniform_factor_is_returned_unchanged(default_design):
    table = pd.DataFrame({"component": ["cathode composite", "anode composite", "separator on cathode",
                                        "separator on anode"], "conductivity_ratio": [1.7] * 4})
    assert effective_conductivity_factor(default_design, table) == pytest.approx(1.7, rel=1e-12)


def test_default_cell_electrolyte_is_in_tension_and_conducts_better(default_design):
    t = conductivity_stress_table(default_design)
    assert len(t) == 4
    assert (t.pressure_Pa < 0).all() and (t.conductivity_ratio > 1).all()


def test_stress_effect_on_hysteresis_is_the_ohmic_change(default_design):
    # only the electrolyte resistance changes: d(hysteresis) = 2 I R_ion (1 - 1/k), R_ion = (L_s/eps_s^b +
    # L_p/(3 eps_p^b) + L_n/(3 eps_n^b)) / (sigma A) (Newman & Tobias 1962 third rule: within 10 %)
    from cellsim.cell.model import CellMaterials, CellModel, default_protocol, inputs_at

    d, T = default_design, 373.15
    eff = cell_stress_effect(d, T)
    k = eff["factor"]
    assert 1.0 < k < 3.0
    sigma = inputs_at(CellMaterials.load(d), T).electrolyte_conductivity_S_m
    weight = lambda e: e.thickness / e.electrolyte_volume_fraction ** e.bruggeman_exponent  # noqa: E731
    r_ion = (weight(d.separator) + weight(d.cathode) / 3 + weight(d.anode) / 3) / (sigma * d.area)
    current = CellModel(d, model="SPMe").current_A(default_protocol(d))
    drop = eff["stress_free"]["hysteresis_V"] - eff["stressed"]["hysteresis_V"]
    assert drop == pytest.approx(2 * current * r_ion * (1 - 1 / k), rel=0.10)
