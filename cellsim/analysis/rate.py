"""Rate capability: the discharge capacity of one cell at several currents, from one built model.

Each rate is one protocol (charge and discharge at that current between the cell's cut-offs, ``cycles`` cycles
from the as-made state); the reported numbers are those of the last complete cycle's discharge. The model is built
once (:class:`~cellsim.cell.model.CellModel`) and solved per rate. A rate whose solve fails, or that stops before
its last cycle, is recorded with its one-line reason and the other rates go on.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from ..cell.model import CellModel, default_protocol, inputs_at
from ..cell.protocol import parse_rate
from ..cell.results import skipped_summary
from ..checks import check_temperature
from ..errors import Interrupted, ParameterError, SolverFailure, StoichiometryRangeWarning

#: columns of :func:`rate_capability`
RATE_COLUMNS = ("rate", "current_A", "c_rate", "specific_current_mA_per_g", "areal_current_mA_per_cm2",
                "discharge_capacity_mAh_per_g", "discharge_capacity_mAh_per_cm2", "relative_capacity",
                "hysteresis_V", "mean_discharge_voltage_V", "cycles_completed", "status", "reason")
DEFAULT_RATES = ("C/20", "C/5", "1C", "2C")


def parse_rates(rates) -> list[str]:
    """Rate labels from a comma-separated string or an iterable; each checked with :func:`parse_rate` (a bad one
    raises :class:`~cellsim.errors.ParameterError` naming it), duplicates refused.

    Examples
    --------
    >>> parse_rates("C/20, 1C,2mA")
    ['C/20', '1C', '2mA']
    """
    labels = [r.strip() for r in (rates.split(",") if isinstance(rates, str) else rates) if str(r).strip()]
    if not labels:
        raise ParameterError("rates", rates, "at least one rate, e.g. 'C/20,C/5,1C,2C'")
    for r in labels:
        parse_rate(r)
    dup = sorted({r for r in labels if labels.count(r) > 1})
    if dup:
        raise ParameterError("rates", dup[0], "each rate once")
    return labels


def _one_line(exc) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    if "infeasible due to exceeded bounds at initial conditions" in line:  # PyBaMM's wording, said plainly
        return ("no step could start: at this current the overpotential alone crosses the voltage limits "
                f"({line.split(':')[0]})")
    return line


def _discharge_curve(result, cycle: int):
    """(capacity [mAh/g], voltage [V]) of the discharge of ``cycle`` of a CyclingResult."""
    ts = result.timeseries
    part = ts[(ts["cycle"] == cycle) & (ts["current_A"] > 0)]
    q = part["charge_stored_mAh_per_g"].to_numpy()
    return (q[0] - q, part["voltage_V"].to_numpy()) if len(q) else (np.array([]), np.array([]))


def rate_capability(cell="default", rates=DEFAULT_RATES, temperature_K: float | None = None, model: str = "DFN",
                    cycles: int = 1, mesh: dict | None = None, progress=None):
    """Discharge capacity, hysteresis and discharge curve of a cell at each of several currents.

    Parameters
    ----------
    cell : str, path, CellDesign or CellModel
        A cell name, TOML path, loaded design, or a built :class:`~cellsim.cell.model.CellModel` (reused).
    rates : str or iterable of str
        Currents as :func:`~cellsim.cell.protocol.parse_rate` reads them ("C/20", "1C", "25mA/g", "0.5mA/cm2",
        "2mA"), or one comma-separated string.
    temperature_K : float, optional
        Cell temperature [K]; default the design's protocol temperature.
    model : {"DFN", "SPMe"}
        Cell model (ignored when a CellModel is given).
    cycles : int
        Cycles per rate (from the as-made state); the last complete one is reported.
    mesh : dict, optional
        Points per domain (see :class:`~cellsim.cell.model.CellModel`); at 1C and above a finer x mesh
        moves capacity by ~1.6 % at 60 degC (:data:`cellsim.cell.model.DEFAULT_MESH`).
    progress : callable(label, i, n), optional
        Called before each rate is solved.

    Returns
    -------
    pandas.DataFrame
        One row per rate, columns :data:`RATE_COLUMNS`: the current as a cell current [A], C-rate [h-1],
        specific [mA/g] and areal [mA/cm2] current; the reported discharge capacity [mAh/g, mAh/cm2], relative to
        that of the slowest rate that gave one [1], hysteresis and mean discharge voltage [V]; ``status`` "ok",
        "stopped" (fewer cycles than asked; the last complete one is reported) or "failed" (no complete cycle),
        ``reason`` the one-line why. ``df.attrs["discharge_curves"]`` maps each rate with a result to its
        (capacity [mAh/g], voltage [V]) arrays; ``df.attrs`` also holds ``temperature_K``, ``model`` and ``cell``.

    Raises
    ------
    ParameterError
        A bad rate, temperature (outside the electrolyte's data range) or cycle count, before any solve.
    Interrupted
        Ctrl-C; its ``partial`` is the table of the rates finished so far.
    """
    import pandas as pd

    labels = parse_rates(rates)
    if isinstance(cycles, bool) or not isinstance(cycles, int) or cycles < 1:
        raise ParameterError("cycles", cycles, "an integer >= 1")
    if isinstance(cell, CellModel):
        cm = cell
    else:
        from ..api import load_cell

        design = cell if hasattr(cell, "cathode") else load_cell(cell)
        cm = CellModel(design, model=model, mesh=mesh)
    T = cm.design.protocol.temperature if temperature_K is None else check_temperature(temperature_K)
    inputs_at(cm.materials, T)  # the electrolyte's data range, checked before the first solve
    protocols = [default_protocol(cm.design, cycles=cycles, **parse_rate(r)) for r in labels]
    mass, area = cm.materials.cathode_active_mass_kg, cm.design.area
    one_c = cm.materials.nominal_capacity_Ah
    rows, curves = [], {}

    def table():
        df = pd.DataFrame(rows, columns=RATE_COLUMNS)
        ok = df[df["discharge_capacity_mAh_per_g"].notna()]
        if not ok.empty:
            slowest = ok.loc[ok["current_A"].idxmin(), "discharge_capacity_mAh_per_g"]
            df["relative_capacity"] = df["discharge_capacity_mAh_per_g"] / slowest
        df.attrs.update(discharge_curves=curves, temperature_K=T, model=cm.model_type, cell=cm.design.name)
        return df

    for i, (label, protocol) in enumerate(zip(labels, protocols)):
        if progress is not None:
            progress(label, i, len(labels))
        current = cm.current_A(protocol)
        row = {"rate": label, "current_A": current, "c_rate": current / one_c,
               "specific_current_mA_per_g": current / mass, "areal_current_mA_per_cm2": 1e3 * current / (area * 1e4),
               "discharge_capacity_mAh_per_g": math.nan, "discharge_capacity_mAh_per_cm2": math.nan,
               "relative_capacity": math.nan, "hysteresis_V": math.nan, "mean_discharge_voltage_V": math.nan,
               "cycles_completed": 0, "status": "failed", "reason": ""}
        try:
            with warnings.catch_warnings(record=True) as caught:  # said again below, naming the rate
                warnings.simplefilter("always", StoichiometryRangeWarning)
                run = cm.solve(protocol, T)
        except SolverFailure as exc:
            row["reason"] = _one_line(exc)
            rows.append(row)
            continue
        except Interrupted:
            raise Interrupted(f"interrupted (Ctrl-C) at rate {label}; {len(rows)} rate(s) done", table()) from None
        for w in caught:
            warnings.warn(f"at {label}: {w.message}", w.category, stacklevel=2)
        last = run.summary.iloc[-1]
        row.update(discharge_capacity_mAh_per_g=float(last.discharge_capacity_mAh_per_g),
                   discharge_capacity_mAh_per_cm2=float(last.discharge_capacity_mAh_per_cm2),
                   hysteresis_V=float(last.hysteresis_V), mean_discharge_voltage_V=float(last.mean_discharge_voltage_V),
                   cycles_completed=run.cycles_completed)
        result = run.result()
        skipped = [s for s in result.metadata["skipped_steps"] if s["cycle"] == int(last.cycle)]
        if run.cycles_completed < cycles:
            row.update(status="stopped", reason=f"stopped after {run.cycles_completed} of {cycles} cycles: "
                                                f"{_one_line(result.metadata['termination'])}")
        elif skipped:
            row.update(status="stopped", reason=skipped_summary(skipped))
        else:
            row.update(status="ok")
        curves[label] = _discharge_curve(result, int(last.cycle))
        rows.append(row)
    return table()
