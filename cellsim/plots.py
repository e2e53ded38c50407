"""Standard figures. The one place that sets cellsim's matplotlib style."""
from __future__ import annotations

STYLE = {
    "figure.dpi": 120, "savefig.dpi": 200, "font.size": 10, "axes.labelsize": 10, "axes.titlesize": 10,
    "legend.fontsize": 8, "legend.frameon": False, "axes.spines.top": False, "axes.spines.right": False,
    "xtick.direction": "in", "ytick.direction": "in", "lines.linewidth": 1.4,
}

#: Okabe & Ito's colour-blind-safe palette (black first); combine with line styles or markers past 8 lines
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")


def _pyplot():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg") and not _has_display():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def finish(fig, save_to=None):
    """Save ``fig`` as PNG to ``save_to`` and close it; without ``save_to`` return it open.

    A path is written atomically (:func:`cellsim.files.atomic_write`: a reader never sees half a file); a file
    object is written directly. The bounding box is tight (legends outside the axes are kept).
    """
    if save_to is not None:
        def save(target):
            fig.savefig(target, format="png", dpi=STYLE["savefig.dpi"], bbox_inches="tight")

        if hasattr(save_to, "write"):
            save(save_to)
        else:
            from .files import atomic_write

            atomic_write(save_to, save)
        _pyplot().close(fig)
    return fig


def _has_display() -> bool:
    import os

    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def select_cycles(n_cycles: int, max_shown: int = 4) -> list[int]:
    """Cycles to draw: the first, the last and evenly spaced ones between (1-based).

    Examples
    --------
    >>> select_cycles(100)
    [1, 34, 67, 100]
    >>> select_cycles(2)
    [1, 2]
    """
    if n_cycles <= max_shown:
        return list(range(1, n_cycles + 1))
    step = (n_cycles - 1) / (max_shown - 1)
    return sorted({1 + round(i * step) for i in range(max_shown)})


def rate_label(metadata: dict) -> str:
    """The current of a run as an engineer writes it, from a ``run.json`` metadata dict ('' if unknown).

    Examples
    --------
    >>> rate_label({"protocol": {"c_rate": 0.05}, "current_A": 1e-4})
    'C/20 (0.1 mA)'
    >>> rate_label({"protocol": {"specific_current_A_kg": 25.0}, "current_A": 3.5625e-4})
    '25 mA/g (0.356 mA)'
    """
    p, current = metadata.get("protocol") or {}, metadata.get("current_A")
    if p.get("experiment"):
        return f"experiment of {len(p['experiment'])} steps" + (f" (first current {current * 1e3:.3g} mA)"
                                                                 if current else "")
    if p.get("c_rate"):
        c = p["c_rate"]
        text = f"C/{1 / c:.3g}" if c < 1 else f"{c:.3g}C"
    elif p.get("specific_current_A_kg"):
        text = f"{p['specific_current_A_kg']:.3g} mA/g"
    elif p.get("areal_current_A_m2"):
        text = f"{p['areal_current_A_m2'] / 10:.3g} mA/cm\u00b2"
    elif p.get("current_A"):
        return f"{p['current_A'] * 1e3:.3g} mA"
    else:
        return f"{current * 1e3:.3g} mA" if current else ""
    return text + (f" ({current * 1e3:.3g} mA)" if current else "")


def run_title(metadata: dict) -> str:
    """'cell (model), rate, temperature' of a run's metadata."""
    T = metadata.get("temperature_K")
    parts = [f"{metadata.get('cell', '')} ({metadata.get('model', '')})".strip(), rate_label(metadata),
             f"{T - 273.15:.0f} \u00b0C" if T else ""]
    return ", ".join(p for p in parts if p and p != "()")


def half_cycles(timeseries, cycle: int):
    """[(sign, capacity [mAh/g], voltage [V])] of one cycle's charge (sign -1) and discharge (+1), each capacity
    counted from the start of its half cycle."""
    import numpy as np

    cyc = timeseries[timeseries["cycle"] == cycle]
    out = []
    for sign in (-1, 1):  # charge (current < 0), discharge
        part = cyc[np.sign(cyc["current_A"]) == sign]
        if len(part):
            q = part["charge_stored_mAh_per_g"].to_numpy()
            out.append((sign, (q - q[0]) * -sign, part["voltage_V"].to_numpy()))
    return out


def _cycle_colors(fig, ax, cycles, n_total):
    """A colour per cycle from a sequential colormap over 1..n_total; a colorbar when many cycles are drawn."""
    import matplotlib as mpl

    plt = _pyplot()
    cmap = plt.get_cmap("viridis")
    norm = mpl.colors.Normalize(vmin=1, vmax=max(n_total, 2))
    if len(cycles) > 6:
        bar = fig.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, pad=0.01)
        bar.set_label("cycle")
    return {n: cmap(0.85 * norm(n)) for n in cycles}


def draw_voltage_capacity(fig, ax, timeseries, cycles, n_total):
    """Voltage vs specific capacity of ``cycles`` (charge solid, discharge dashed). The first cycle shown is drawn
    underneath as a broad band and later cycles as thinner lines on top, so where they coincide (no fade) the first
    still shows around them, and where they differ (cycle 1's charge from the as-made state) both are seen."""
    colors = _cycle_colors(fig, ax, cycles, n_total)
    for n in sorted(cycles):
        first = n == min(cycles)
        for sign, cap, v in half_cycles(timeseries, n):
            ax.plot(cap, v, "-" if sign < 0 else "--", color=colors[n], lw=3.2 if first else 1.1,
                    zorder=2 if first else 3, label=f"cycle {n}" if sign < 0 and len(cycles) <= 6 else None)
    ax.set_xlabel("Specific capacity [mAh g$^{-1}$ NCM]")
    ax.set_ylabel("Cell voltage [V]")
    if len(cycles) <= 6:
        handles, labels = ax.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: int(labels[i].split()[1]))
        ax.legend([handles[i] for i in order], [labels[i] for i in order],
                  title="solid: charge, dashed: discharge", loc="lower center")
    else:
        ax.set_title("solid: charge, dashed: discharge", fontsize=8)


def draw_capacity_vs_cycle(ax, summary, retention: bool = True):
    """Discharge and charge capacity vs cycle, with retention [%] on a right axis; one cycle: markers on an axis
    of sensible limits (cycle 0.5-1.5, capacity from 0), no line."""
    import numpy as np

    n = len(summary)
    style = "o" if n == 1 else "o-"
    ax.plot(summary["cycle"], summary["discharge_capacity_mAh_per_g"], style, ms=4 if n < 30 else 2,
            label="discharge")
    ax.plot(summary["cycle"], summary["charge_capacity_mAh_per_g"], "s" if n == 1 else "s--", ms=4 if n < 30 else 2,
            mfc="none", label="charge")
    ax.set_xlabel("Cycle number")
    ax.set_ylabel("Specific capacity [mAh g$^{-1}$ NCM]")
    top = float(np.nanmax(summary[["charge_capacity_mAh_per_g", "discharge_capacity_mAh_per_g"]].to_numpy()))
    ax.set_ylim(0, 1.15 * top if top > 0 else 1.0)
    if n == 1:  # one cycle: the two numbers, not a trend
        ax.set_xlim(0.5, 1.5)
        ax.set_xticks([1])
        for col, dy in (("charge_capacity_mAh_per_g", 8), ("discharge_capacity_mAh_per_g", -14)):
            ax.annotate(f"{summary[col].iloc[0]:.1f}", (1, summary[col].iloc[0]), textcoords="offset points",
                        xytext=(8, dy), fontsize=8)
    else:
        ax.set_xlim(0.5, float(summary["cycle"].max()) + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
    handles, labels = ax.get_legend_handles_labels()
    if retention and n > 1 and "capacity_retention" in summary:
        r = ax.twinx()
        r.plot(summary["cycle"], 100 * summary["capacity_retention"], ":", color="0.3", label="retention")
        r.set_ylabel("Capacity retention [%]")
        # not the capacity axis's 1.15 headroom: 100 % would sit exactly on the first capacity point
        r.set_ylim(0, max(104.0, 1.04 * float(np.nanmax(100 * summary["capacity_retention"]))))
        r.spines["right"].set_visible(True)
        h2, l2 = r.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    ax.legend(handles, labels, loc="lower left")


def cycling_figure(summary, timeseries, metadata, cycles=None, save_to=None):
    """Two panels: voltage vs specific capacity of selected cycles (cycle 1 on top); capacity and retention vs
    cycle. The title names the cell, model, rate and temperature."""
    plt = _pyplot()

    cycles = cycles or select_cycles(len(summary))
    with plt.rc_context(STYLE):
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.5), constrained_layout=True)
        draw_voltage_capacity(fig, ax1, timeseries, cycles, len(summary))
        draw_capacity_vs_cycle(ax2, summary)
        fig.suptitle(run_title(metadata))
    return finish(fig, save_to)


def time_figure(timeseries, metadata, save_to=None):
    """Voltage and current vs time (hours), one panel each, sharing the time axis."""
    plt = _pyplot()

    with plt.rc_context(STYLE):
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7.5, 4.6), sharex=True, constrained_layout=True)
        t_h = timeseries["time_s"].to_numpy() / 3600
        ax1.plot(t_h, timeseries["voltage_V"], color="C0")
        ax1.set_ylabel("Cell voltage [V]")
        ax2.plot(t_h, 1e3 * timeseries["current_A"], color="C3")
        ax2.axhline(0, color="0.7", lw=0.8)
        ax2.set_ylabel("Current [mA]\n(> 0 discharge)")
        ax2.set_xlabel("Time [h]")
        fig.suptitle(run_title(metadata))
    return finish(fig, save_to)


def dqdv_figure(curves, metadata, n_total, save_to=None):
    """dQ/dV vs voltage: ``curves`` maps cycle -> [(sign, voltage grid [V], dQ/dV [mAh.g-1.V-1])]; charge
    solid (plotted positive), discharge dashed (plotted negative, the usual convention)."""
    plt = _pyplot()

    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.2, 4.0), constrained_layout=True)
        cycles = sorted(curves)
        colors = _cycle_colors(fig, ax, cycles, n_total)
        for n in cycles:  # the first cycle as a broad band underneath (see draw_voltage_capacity)
            first = n == min(cycles)
            for sign, v, d in curves[n]:
                ax.plot(v, -sign * d, "-" if sign < 0 else "--", color=colors[n], lw=3.2 if first else 1.1,
                        zorder=2 if first else 3, label=f"cycle {n}" if sign < 0 and len(cycles) <= 6 else None)
        ax.axhline(0, color="0.7", lw=0.8)
        ax.set_xlabel("Cell voltage [V]")
        ax.set_ylabel("dQ/dV [mAh g$^{-1}$ V$^{-1}$]\n(charge > 0, discharge < 0)")
        if len(cycles) <= 6:
            ax.legend(loc="upper left")
        fig.suptitle(run_title(metadata))
    return finish(fig, save_to)


def capacity_figure(summary, metadata, save_to=None):
    """Capacity (charge, discharge) and retention vs cycle."""
    plt = _pyplot()

    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(5.6, 3.6), constrained_layout=True)
        draw_capacity_vs_cycle(ax, summary)
        fig.suptitle(run_title(metadata))
    return finish(fig, save_to)


def sequential_colors(n: int, cmap: str = "viridis"):
    """``n`` colours of a sequential colormap, dark (first) to light (last), avoiding its palest end."""
    import numpy as np

    plt = _pyplot()
    return plt.get_cmap(cmap)(np.linspace(0.0, 0.85, max(n, 1)))[:n]


def rate_figure(table, save_to=None):
    """Rate capability: discharge capacity vs C-rate (log axis) and the discharge curve of each rate.

    ``table``: :func:`cellsim.analysis.rate.rate_capability` (its ``attrs["discharge_curves"]`` give the curves).
    """
    plt = _pyplot()
    import numpy as np

    curves = table.attrs.get("discharge_curves", {})
    with plt.rc_context(STYLE):
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.5), constrained_layout=True)
        has = table[table["discharge_capacity_mAh_per_g"].notna()]
        ax1.plot(has["c_rate"], has["discharge_capacity_mAh_per_g"], "o-", color="C0")
        for _, r in has.iterrows():
            ax1.annotate(r["rate"] + ("" if r["status"] == "ok" else f" ({r['status']})"),
                         (r["c_rate"], r["discharge_capacity_mAh_per_g"]), textcoords="offset points",
                         xytext=(4, 4), fontsize=7)
        failed = table[table["discharge_capacity_mAh_per_g"].isna()]
        for _, r in failed.iterrows():  # a failed rate is marked on the axis, not silently left out
            ax1.axvline(r["c_rate"], color="0.6", ls=":", lw=1)
            ax1.annotate(f"{r['rate']}: failed", (r["c_rate"], 0.05), xycoords=("data", "axes fraction"),
                         rotation=90, fontsize=7, color="0.4", ha="right")
        ax1.set_xscale("log")
        ax1.set_xlabel("C-rate [h$^{-1}$] (1C = nominal cathode capacity in 1 h)")
        ax1.set_ylabel("Discharge capacity [mAh g$^{-1}$ NCM]")
        top = float(np.nanmax(table["discharge_capacity_mAh_per_g"])) if len(has) else 1.0
        ax1.set_ylim(0, 1.15 * top)
        colors = sequential_colors(len(table))
        for color, (_, r) in zip(colors, table.sort_values("current_A").iterrows()):
            if r["rate"] in curves and len(curves[r["rate"]][0]):
                cap, v = curves[r["rate"]]
                ax2.plot(cap, v, color=color, label=r["rate"])
        ax2.set_xlabel("Discharge capacity [mAh g$^{-1}$ NCM]")
        ax2.set_ylabel("Cell voltage [V]")
        if curves:
            ax2.legend(title="discharge at", loc="upper right")
        T = table.attrs.get("temperature_K")
        title = f"Rate capability: {table.attrs.get('cell', '')} ({table.attrs.get('model', '')})"
        fig.suptitle(title + (f", {T - 273.15:.0f} \u00b0C" if T else ""))
    return finish(fig, save_to)
