"""Uncertainty bands on a cell's cycling curves: sample the stored uncertainties, solve, take quantiles.

Values in ``parameter_sets/`` may carry an uncertainty (``uncertainty = {low, high, distribution, source}`` in
the value's table: :func:`cellsim.parameters.load_uncertainties`). :func:`cell_uncertainties` collects those of
a cell file and of its electrolyte and maps each to a sweep parameter:

* a cell-file value (``cathode.thickness``, ``coating.thickness``, ``interphase.exchange_current_density``,
  ...) is its own sweep parameter;
* the electrolyte's ``conductivity.conductivity_ref`` becomes ``electrolyte_conductivity_factor`` = sampled /
  nominal: the conductivity is proportional to it at every temperature (review eq. 1 anchored at T_ref), so the
  factor is exact for a single Arrhenius branch without grain boundaries (the default cell); with grain
  boundaries it scales the total, bulk and boundary alike.

:func:`uncertainty_bands` draws ``n`` Latin-hypercube samples (seeded; uniform or log-uniform per input) and
solves each with the sweep engine's point machinery (:func:`cellsim.sweep.evaluate` builds a model once per
structural variant and passes temperature, conductivity, coating and interphase as PyBaMM inputs). The
samples are solved in this process rather than through :func:`~cellsim.sweep.run_sweep`: the store keeps one
scalar per metric and point, and the bands need each sample's whole voltage curve; n is tens of runs, which a
store would not save much on. The bands are the 5, 50 and 95 % quantiles over the samples that solved:

* voltage vs specific capacity of each half cycle of each cycle, interpolated on a common capacity grid
  (0 to the largest capacity of any sample; a sample contributes up to its own end, ``n`` counts them);
* the per-cycle summary (capacity, hysteresis, coulombic efficiency, retention) vs cycle.
"""
from __future__ import annotations

import dataclasses
import math
import time

from ..errors import ParameterError, UnknownNameError
from ..parameters import load_cell_design, load_uncertainties
from ..parameters.schema import DISTRIBUTIONS
from .spec import INPUT_SCALES, Axis, SweepSpec, parameter_info

QUANTILES = (0.05, 0.5, 0.95)
SUMMARY_QUANTITIES = ("discharge_capacity_mAh_per_g", "charge_capacity_mAh_per_g", "hysteresis_V",
                      "first_cycle_efficiency", "coulombic_efficiency", "capacity_retention")
#: electrolyte-file values that map to a sweep parameter as a factor on the nominal value
ELECTROLYTE_FACTORS = {"conductivity.conductivity_ref": "electrolyte_conductivity_factor"}


@dataclasses.dataclass(frozen=True)
class UncertainInput:
    """One sampled input: the sweep parameter, its nominal value, its range and distribution (SI) and source."""

    parameter: str
    nominal: float
    low: float
    high: float
    distribution: str = "uniform"
    source: str = ""

    def __post_init__(self):
        if self.distribution not in DISTRIBUTIONS:
            raise UnknownNameError(f"{self.parameter} distribution", self.distribution, DISTRIBUTIONS)
        if not self.low <= self.nominal <= self.high:
            raise ParameterError(self.parameter, (self.low, self.nominal, self.high), "low <= nominal <= high")
        if self.distribution == "loguniform" and self.low <= 0:
            raise ParameterError(self.parameter, self.low, "low > 0 for a log-uniform distribution")

    def draw(self, u):
        """Values at quantiles ``u`` (0..1) of the distribution."""
        import numpy as np

        u = np.asarray(u, dtype=float)
        if self.distribution == "loguniform":
            return np.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        return self.low + u * (self.high - self.low)


def cell_uncertainties(cell="default", dirs=()) -> list[UncertainInput]:
    """The uncertain inputs stored for a cell: its own file's and its electrolyte's, as sweep parameters.

    Examples
    --------
    >>> [u.parameter for u in cell_uncertainties()]  # doctest: +NORMALIZE_WHITESPACE
    ['anode.interface.charge_transfer_resistance', 'cathode.interface.charge_transfer_resistance',
     'cathode.thickness', 'coating.thickness', 'interphase.exchange_current_density',
     'electrolyte_conductivity_factor']
    """
    design = load_cell_design(cell, dirs)
    out = []
    for key, u in sorted(load_uncertainties("cell", cell, dirs).items()):
        parameter_info(key)  # every numeric cell-file value is a sweep parameter (fails loudly if that changes)
        out.append(UncertainInput(key, u.value, u.low, u.high, u.distribution, u.source))
    for key, u in sorted(load_uncertainties("electrolyte", design.electrolyte, dirs).items()):
        if key in ELECTROLYTE_FACTORS:
            out.append(UncertainInput(ELECTROLYTE_FACTORS[key], 1.0, u.low / u.value, u.high / u.value,
                                      u.distribution, f"{design.electrolyte} {key}: {u.source}"))
    return out


def _inputs(uncertainties, cell, dirs) -> list[UncertainInput]:
    if uncertainties is None:
        return cell_uncertainties(cell, dirs)
    if isinstance(uncertainties, dict):  # {parameter: (low, high[, distribution])}; nominal from the cell
        design = load_cell_design(cell, dirs)
        out = []
        for name, spec in uncertainties.items():
            low, high, *dist = spec
            nominal = 1.0 if name in INPUT_SCALES else _nominal(design, parameter_info(name).name)
            out.append(UncertainInput(parameter_info(name).name, nominal, float(low), float(high),
                                      *(dist or ["uniform"])))
        return out
    return list(uncertainties)


def _nominal(design, dotted):
    obj = design
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return float(obj)


def sample_inputs(inputs, n: int, seed: int = 0):
    """``n`` Latin-hypercube samples (seeded) of the inputs: a DataFrame, one column per sweep parameter."""
    import pandas as pd
    from scipy.stats import qmc

    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ParameterError("--uncertainty", n, "a number of samples >= 2 (e.g. 20)")
    if not inputs:
        raise ParameterError("uncertainty", "none", "at least one value with an uncertainty = {low, high, "
                                                    "distribution, source} table in the cell or its electrolyte")
    u = qmc.LatinHypercube(d=len(inputs), rng=seed).random(n)
    return pd.DataFrame({x.parameter: [float(f"{v:.12g}") for v in x.draw(u[:, i])]
                         for i, x in enumerate(inputs)})


def half_cycle_curves(timeseries):
    """{(cycle, "charge"|"discharge"): (capacity [mAh/g] from the start of the half cycle, voltage [V])}."""
    import numpy as np

    out = {}
    for n, cyc in timeseries.groupby("cycle", sort=True):
        for sign, half in ((-1, "charge"), (1, "discharge")):
            part = cyc[np.sign(cyc["current_A"]) == sign]
            if part.empty:
                continue
            q = part["charge_stored_mAh_per_g"].to_numpy()
            out[(int(n), half)] = ((q - q[0]) * -sign, part["voltage_V"].to_numpy())
    return out


def _quantile_columns(values, quantiles, prefix="", suffix=""):
    import numpy as np

    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns beyond every sample's end
            q = np.nanquantile(values, quantiles, axis=0) if values.size else np.full((len(quantiles), 0), np.nan)
    return {f"{prefix}p{round(100 * p):02d}{suffix}": q[i] for i, p in enumerate(quantiles)}


def uncertainty_bands(cell="default", n: int = 20, seed: int = 0, model: str = "SPMe", temperature_K=None,
                      rate=None, cycles=None, uncertainties=None, grid_points: int = 101, quantiles=QUANTILES,
                      dirs=(), progress=None) -> dict:
    """Sample the cell's uncertain inputs, solve each sample and return band tables.

    Parameters
    ----------
    cell : str or path
    n : int
        Number of samples (Latin hypercube, ``seed``).
    model, temperature_K, rate, cycles
        As ``cellsim cycle`` (defaults: the cell's protocol).
    uncertainties : list of UncertainInput or dict, optional
        Instead of the stored ones: ``{sweep parameter: (low, high[, distribution])}`` in SI.
    grid_points : int
        Points of each half cycle's capacity grid.
    progress : callable, optional
        ``progress(i, n)`` after each solved sample.

    Returns
    -------
    dict
        ``curves`` (cycle, half, capacity_mAh_per_g, nominal_V, p05_V, p50_V, p95_V, n), ``summary`` (cycle,
        quantity, nominal, p05, p50, p95, n), ``samples`` (one row per sample: inputs, status, error and its
        first-cycle capacity and hysteresis), ``inputs`` (the UncertainInput list), ``wall_time_s``.
    """
    import numpy as np
    import pandas as pd

    from ..cell.protocol import parse_rate
    from .evaluate import _cell_point, release_freed_memory

    inputs = _inputs(uncertainties, cell, dirs)
    table = sample_inputs(inputs, n, seed)
    protocol = {}
    if cycles is not None:
        protocol["cycles"] = cycles
    if rate is not None:
        parse_rate(rate)
        protocol["rate"] = rate
    base = SweepSpec.from_dict({"name": "uncertainty", "cell": str(cell), "model": model, "sampling": "list",
                                "protocol": protocol, "metrics": ["capacity"], "dirs": list(map(str, dirs)),
                                "axis": [{"parameter": x.parameter, "values": [x.nominal], "unit": x_unit(x)}
                                         for x in inputs]})
    if temperature_K is not None:
        base = dataclasses.replace(base, fixed={"temperature": float(temperature_K)})
    start = time.perf_counter()
    names = [x.parameter for x in inputs]
    nominal_values = {x.parameter: x.nominal for x in inputs}
    rows = [nominal_values] + table.to_dict("records")
    spec = dataclasses.replace(base, axes=tuple(Axis(p, values=tuple(r[p] for r in rows)) for p in names))
    cache: dict = {}
    solved: dict = {}  # point id -> (summary, curves) or exception
    outcomes = []
    for i, values in enumerate(rows):
        from .spec import Point

        pid = spec.point_id(values)
        if pid not in solved:
            point = Point(pid, values, spec.variant_key(values))
            try:
                design, cell_model, prot, T, cell_inputs = _cell_point(point, spec, cache)
                run = cell_model.solve(prot, T, inputs=cell_inputs, timeseries=True)
                res = run.result()
                solved[pid] = (res.summary, half_cycle_curves(res.timeseries))
                release_freed_memory(every=16)
            except Exception as exc:  # a failed sample is recorded and left out of the bands
                if i == 0:
                    raise
                solved[pid] = exc
        outcomes.append(solved[pid])
        if progress is not None and i > 0:
            progress(i, len(rows) - 1)
    nominal, samples = outcomes[0], outcomes[1:]
    ok = [s for s in samples if not isinstance(s, Exception)]
    sample_table = table.copy()
    sample_table["status"] = ["failed" if isinstance(s, Exception) else "ok" for s in samples]
    sample_table["error"] = [f"{type(s).__name__}: {s}" if isinstance(s, Exception) else "" for s in samples]
    for col in ("discharge_capacity_mAh_per_g", "hysteresis_V"):
        sample_table[f"first_{col}"] = [np.nan if isinstance(s, Exception) else float(s[0][col].iloc[0])
                                        for s in samples]

    # per-cycle summaries: a sample that stopped early contributes the cycles it completed
    n_cycles = len(nominal[0])
    summary_rows = []
    for quantity in SUMMARY_QUANTITIES:
        vals = np.full((len(ok), n_cycles), np.nan)
        for j, (s, _) in enumerate(ok):
            k = min(len(s), n_cycles)
            vals[j, :k] = s[quantity].to_numpy()[:k]
        q = _quantile_columns(vals, quantiles)
        for c in range(n_cycles):
            if not np.isfinite(nominal[0][quantity].iloc[c]):  # undefined on this cycle (efficiencies: see
                continue                                          # cellsim.cell.results.cycle_summary)
            summary_rows.append({"cycle": c + 1, "quantity": quantity, "nominal": float(nominal[0][quantity].iloc[c]),
                                 **{k: float(v[c]) for k, v in q.items()}, "n": int(np.isfinite(vals[:, c]).sum())})
    # voltage curves on a common capacity grid per half cycle
    curve_parts = []
    for key, (cap0, v0) in sorted(nominal[1].items(), key=lambda kv: (kv[0][0], kv[0][1] != "charge")):
        ends = [cap0[-1]] + [c[key][0][-1] for _, c in ok if key in c]
        grid = np.linspace(0.0, max(ends), grid_points)
        vals = np.full((len(ok), grid_points), np.nan)
        for j, (_, c) in enumerate(ok):
            if key in c:
                cap, v = c[key]
                # beyond its own end a sample sits at the voltage its half cycle stopped at (its cut-off): the
                # band is over every sample, not only those still running (no survivorship bias)
                vals[j] = np.interp(grid, cap, v, right=v[-1])
        q = _quantile_columns(vals, quantiles, suffix="_V")
        curve_parts.append(pd.DataFrame({"cycle": key[0], "half": key[1], "capacity_mAh_per_g": grid,
                                         "nominal_V": np.interp(grid, cap0, v0, right=np.nan), **q,
                                         "n": np.isfinite(vals).sum(axis=0)}))
    curves = pd.concat(curve_parts, ignore_index=True)
    return {"curves": curves, "summary": pd.DataFrame(summary_rows), "samples": sample_table, "inputs": inputs,
            "wall_time_s": time.perf_counter() - start, "seed": seed, "n": n,
            "failed": int(sum(isinstance(s, Exception) for s in samples))}


def x_unit(x: UncertainInput) -> str | None:
    """The SI unit an axis of this input is given in (None for dimensionless)."""
    unit = parameter_info(x.parameter).unit
    return None if unit in (None, "1") else unit


def save_bands(bands: dict, out_dir, title: str = "") -> dict:
    """Write ``uncertainty_curves.csv``, ``uncertainty_summary.csv``, ``uncertainty_samples.csv`` and
    ``uncertainty.png`` into ``out_dir`` (created); returns the paths."""
    from pathlib import Path

    from ..files import atomic_write

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in ("curves", "summary", "samples"):
        paths[name] = atomic_write(out / f"uncertainty_{name}.csv",
                                   lambda p, df=bands[name]: df.to_csv(p, index=False))
    paths["figure"] = atomic_write(out / "uncertainty.png", lambda p: plot_bands(bands, title, save_to=p))
    return paths


def plot_bands(bands: dict, title: str = "", save_to=None):
    """Voltage vs capacity with 5-95 % bands for selected cycles; capacity, hysteresis and retention vs cycle."""
    import numpy as np

    from ..plots import STYLE, _pyplot, select_cycles

    plt = _pyplot()
    curves, summary = bands["curves"], bands["summary"]
    n_cycles = int(summary.cycle.max())
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 4, figsize=(14.0, 3.4), constrained_layout=True)
        colors = plt.cm.viridis(np.linspace(0, 0.85, len(select_cycles(n_cycles))))
        for color, c in zip(colors, select_cycles(n_cycles)):
            for half, style in (("charge", "-"), ("discharge", "--")):
                part = curves[(curves.cycle == c) & (curves.half == half)]
                enough = part.n >= max(1, part.n.max() // 2)  # where at least half the samples still run
                axes[0].fill_between(part.capacity_mAh_per_g[enough], part.p05_V[enough], part.p95_V[enough],
                                     color=color, alpha=0.25, lw=0)
                axes[0].plot(part.capacity_mAh_per_g, part.nominal_V, style, color=color,
                             label=f"cycle {c}" if half == "charge" else None)
        axes[0].set_xlabel("Specific capacity [mAh g$^{-1}$ NCM]")
        axes[0].set_ylabel("Cell voltage [V]")
        axes[0].legend(title="nominal; band 5-95 %", loc="lower right")
        for ax, (q, label) in zip(axes[1:], (("discharge_capacity_mAh_per_g", "Discharge capacity [mAh g$^{-1}$]"),
                                             ("hysteresis_V", "Hysteresis [V]"),
                                             ("capacity_retention", "Capacity retention [-]"))):
            s = summary[summary.quantity == q]
            ax.fill_between(s.cycle, s.p05, s.p95, alpha=0.3, lw=0, label="5-95 %")
            ax.plot(s.cycle, s.p50, ":", label="median")
            ax.plot(s.cycle, s.nominal, "o-", ms=3, label="nominal")
            ax.set_xlabel("Cycle number")
            ax.set_ylabel(label)
            ax.xaxis.get_major_locator().set_params(integer=True)
            ax.ticklabel_format(axis="y", useOffset=False)
            lo, hi = float(np.nanmin(s[["p05", "nominal"]].to_numpy())), float(np.nanmax(s[["p95", "nominal"]].to_numpy()))
            span = {"capacity_retention": 0.02}.get(q, 0.02 * max(abs(hi), 1e-12))  # no axis on solver noise
            if hi - lo < span:
                mid = 0.5 * (hi + lo)
                ax.set_ylim(mid - span, mid + span)
        axes[1].legend(loc="best")
        fig.suptitle(title or f"{bands['n']} samples (seed {bands['seed']})")
        if save_to is not None:
            fig.savefig(save_to, format="png")
            plt.close(fig)
    return fig


__all__ = ["QUANTILES", "UncertainInput", "cell_uncertainties", "half_cycle_curves", "plot_bands", "sample_inputs",
           "save_bands", "uncertainty_bands"]
