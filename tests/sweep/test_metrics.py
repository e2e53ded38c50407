"""The metric registry: what ships, what each built-in metric reads, and adding a metric from outside."""
import types

import pandas as pd
import pytest

from cellsim.sweep import METRICS, PointResult, register_metric
from cellsim.sweep.metrics import metric_columns

SHIPPED = {"capacity", "charge_capacity", "final_capacity", "energy", "hysteresis", "mean_discharge_voltage",
           "first_cycle_efficiency", "coulombic_efficiency", "retention", "cycles_completed", "current", "cathode_loading"}


def stub_result():
    summary = pd.DataFrame({"cycle": [1, 2], "charge_capacity_mAh_per_g": [152.0, 150.0],
                            "discharge_capacity_mAh_per_g": [150.0, 147.0], "first_cycle_efficiency": [150 / 152, float("nan")],
                            "coulombic_efficiency": [float("nan"), 0.98],
                            "hysteresis_V": [0.05, 0.06], "mean_charge_voltage_V": [2.30, 2.31],
                            "mean_discharge_voltage_V": [2.25, 2.25], "discharge_energy_Wh_per_kg": [337.5, 330.0],
                            "capacity_retention": [1.0, 0.98]})
    model = types.SimpleNamespace(current_A=lambda protocol: 5.7e-4,
                                  materials=types.SimpleNamespace(cathode_active_mass_kg=2.28e-5))
    run = types.SimpleNamespace(cell_model=model, protocol=None, temperature_K=373.15, cycles_completed=2,
                                summary=summary)
    return PointResult(types.SimpleNamespace(area=1e-4), run)


def test_registry_matches_what_ships():
    assert set(METRICS) >= SHIPPED


def test_builtin_metrics_read_the_right_cycle():
    r = stub_result()
    got = {name: METRICS[name].function(r) for name in SHIPPED}
    assert got == pytest.approx({"capacity": 150.0, "charge_capacity": 152.0, "final_capacity": 147.0,
                                 "energy": 337.5, "hysteresis": 0.05, "mean_discharge_voltage": 2.25,
                                 "first_cycle_efficiency": 150 / 152, "coulombic_efficiency": 0.98, "retention": 0.98,
                                 "cycles_completed": 2.0,
                                 "current": 5.7e-4, "cathode_loading": 0.228}, rel=1e-12)


def test_other_modules_can_register_metrics():
    @register_metric("test_only_margin", unit="V", doc="a margin")
    def margin(r):
        return 4.5 - r.summary.mean_charge_voltage_V.max()

    try:
        assert metric_columns(["test_only_margin"]) == {"test_only_margin": "test_only_margin [V]"}
        assert METRICS["test_only_margin"].function(stub_result()) == pytest.approx(2.19, rel=1e-12)
    finally:
        del METRICS["test_only_margin"]
