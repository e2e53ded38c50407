"""Sweep metrics: a registry of named functions ``metric(point_result) -> float``.

Each metric receives a :class:`PointResult` (the design, the built cell model, the protocol, the
temperature and the raw PyBaMM solution, with the per-cycle summary computed on first use) and returns
one number. Other modules add metrics (window margins, dendrite verdicts ...) with::

    from cellsim.sweep.metrics import register_metric

    @register_metric("cathode_window_margin", unit="V", doc="...")
    def cathode_window_margin(r):
        return ...

The unit is part of the result-table column name (``"capacity [mA.h.g-1]"``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..analysis.interfaces import check_interfaces
from ..analysis.tables import residual_stress_table
from ..cell.model import CellMaterials, inputs_at


@dataclass(frozen=True)
class Metric:
    """A registered metric: its function, unit (PyBaMM dotted form, ``"1"`` for none) and description."""

    name: str
    function: Callable
    unit: str = "1"
    doc: str = ""

    @property
    def column(self) -> str:
        return self.name if self.unit == "1" else f"{self.name} [{self.unit}]"


METRICS: dict[str, Metric] = {}


def register_metric(name: str, unit: str = "1", doc: str = ""):
    """Decorator adding ``function(point_result) -> float`` to :data:`METRICS` under ``name``."""

    def deco(fn):
        METRICS[name] = Metric(name, fn, unit, doc or (fn.__doc__ or "").strip().splitlines()[0])
        return fn

    return deco


class PointResult:
    """What a metric sees of one solved point.

    Attributes
    ----------
    design : CellDesign
    cell_model : cellsim.cell.CellModel
    run : cellsim.cell.results.CellRun
        The solved protocol (protocol, temperature_K, cycles_completed, summary, result()).
    summary : pandas.DataFrame
        Per-cycle table (:func:`cellsim.cell.results.cycle_summary`), computed on first use.
    result : CyclingResult
        Full result with time series, computed on first use (slower: use only if needed).
    """

    def __init__(self, design, run):
        self.design, self.run = design, run
        self.cell_model, self.protocol, self.temperature_K = run.cell_model, run.protocol, run.temperature_K

    @property
    def summary(self):
        return self.run.summary

    @property
    def result(self):
        return self.run.result()


def _first(column):
    return lambda r: float(r.summary[column].iloc[0])


def _last(column):
    return lambda r: float(r.summary[column].iloc[-1])


for _name, _fn, _unit, _doc in (
    ("capacity", _first("discharge_capacity_mAh_per_g"), "mA.h.g-1", "first-cycle discharge capacity"),
    ("charge_capacity", _first("charge_capacity_mAh_per_g"), "mA.h.g-1", "first-cycle charge capacity"),
    ("final_capacity", _last("discharge_capacity_mAh_per_g"), "mA.h.g-1", "last-cycle discharge capacity"),
    ("energy", _first("discharge_energy_Wh_per_kg"), "W.h.kg-1", "first-cycle discharge energy"),
    ("hysteresis", _first("hysteresis_V"), "V", "first-cycle mean charge minus mean discharge voltage"),
    ("mean_discharge_voltage", _first("mean_discharge_voltage_V"), "V", "first-cycle mean discharge voltage"),
    ("first_cycle_efficiency", _first("first_cycle_efficiency"), "1",
     "cycle-1 discharge / charge capacity (from the as-made state: includes Li left at the cut-off, not a loss)"),
    ("coulombic_efficiency", _last("coulombic_efficiency"), "1",
     "last-cycle discharge / charge capacity, from cycle 2 on (NaN with one cycle)"),
    ("retention", _last("capacity_retention"), "1", "last / first discharge capacity"),
):
    register_metric(_name, _unit, _doc)(_fn)


@register_metric("cycles_completed", "1", "number of complete cycles")
def _cycles_completed(r):
    return float(r.run.cycles_completed)


@register_metric("current", "A", "cell current of the protocol")
def _current(r):
    return float(r.cell_model.current_A(r.protocol))


@register_metric("cathode_loading", "kg.m-2", "cathode active mass per electrode area")
def _cathode_loading(r):
    return float(r.cell_model.materials.cathode_active_mass_kg / r.design.area)


@register_metric("cathode_interphase", "m", "oxidative interphase grown on the cathode particles during the run")
def _film(r):
    return float(r.summary["cathode_interphase_nm"].iloc[-1]) * 1e-9


def _interfaces(r):
    return check_interfaces(r.result, r.design).set_index("interface")


@register_metric("cathode_window_margin", "V",
                 "smallest margin of the cathode-side interface to its window (negative: decomposes)")
def _cathode_margin(r):
    t = _interfaces(r)
    return float(t.loc[[i for i in t.index if i.startswith("cathode|")], "min_margin_V"].min())


@register_metric("anode_window_margin", "V", "smallest margin of the anode|electrolyte interface to its window")
def _anode_margin(r):
    return float(_interfaces(r).loc["anode|electrolyte", "min_margin_V"])


@register_metric("electrolyte_conductivity", "S.m-1", "electrolyte conductivity the cell used (grain size incl.)")
def _sigma(r):
    return inputs_at(CellMaterials.load(r.design), r.temperature_K).electrolyte_conductivity_S_m


@register_metric("cathode_interface_pressure", "Pa",
                 "residual interface pressure on the cathode particles after melt infiltration")
def _pressure(r):
    t = residual_stress_table(r.design, temperature_K=r.temperature_K)
    return float(t.loc[t.component == "cathode particles", "interface_pressure_Pa"].iloc[0])


def metric_columns(names) -> dict[str, str]:
    """Result-table column of each metric name.

    Examples
    --------
    >>> metric_columns(["capacity", "retention"])
    {'capacity': 'capacity [mA.h.g-1]', 'retention': 'retention'}
    """
    return {n: METRICS[n].column for n in names}


__all__ = ["METRICS", "Metric", "PointResult", "register_metric", "metric_columns"]
