"""Standard figures. The one place that sets cellsim's matplotlib style."""
from __future__ import annotations

STYLE = {
    "figure.dpi": 120, "savefig.dpi": 200, "font.size": 10, "axes.labelsize": 10, "axes.titlesize": 10,
    "legend.fontsize": 8, "legend.frameon": False, "axes.spines.top": False, "axes.spines.right": False,
    "xtick.direction": "in", "ytick.direction": "in", "lines.linewidth": 1.4,
}


def _pyplot():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg") and not _has_display():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


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


def cycling_figure(summary, timeseries, metadata, cycles=None, save_to=None):
    """Two panels: voltage vs specific capacity of selected cycles; discharge capacity and CE vs cycle."""
    plt = _pyplot()
    import numpy as np

    cycles = cycles or select_cycles(len(summary))
    with plt.rc_context(STYLE):
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.0, 3.4), constrained_layout=True)
        colors = plt.cm.viridis(np.linspace(0, 0.85, len(cycles)))
        for color, n in zip(colors, cycles):
            cyc = timeseries[timeseries["cycle"] == n]
            if cyc.empty:
                continue
            for sign, style in ((-1, "-"), (1, "--")):  # charge (current < 0), discharge
                part = cyc[np.sign(cyc["current_A"]) == sign]
                if part.empty:
                    continue
                q = part["charge_stored_mAh_per_g"].to_numpy()
                cap = (q - q[0]) * -sign
                ax1.plot(cap, part["voltage_V"], style, color=color, label=f"cycle {n}" if sign < 0 else None)
        ax1.set_xlabel("Specific capacity [mAh g$^{-1}$ NCM]")
        ax1.set_ylabel("Cell voltage [V]")
        ax1.legend(title="solid: charge, dashed: discharge", loc="lower right")
        ax2.plot(summary["cycle"], summary["discharge_capacity_mAh_per_g"], "o-", ms=3, label="discharge")
        ax2.plot(summary["cycle"], summary["charge_capacity_mAh_per_g"], "s--", ms=3, label="charge")
        ax2.set_xlabel("Cycle number")
        ax2.set_ylabel("Specific capacity [mAh g$^{-1}$ NCM]")
        ax2.set_ylim(0, 1.1 * float(np.nanmax(summary["charge_capacity_mAh_per_g"])))
        ax2.xaxis.get_major_locator().set_params(integer=True)
        ax2.legend(loc="lower left")
        T = metadata.get("temperature_K")
        title = f"{metadata.get('cell', '')} ({metadata.get('model', '')}), {T - 273.15:.0f} \u00b0C" if T else ""
        fig.suptitle(title)
        if save_to is not None:
            fig.savefig(save_to, format="png")
            plt.close(fig)
    return fig


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
            ax2.legend(title="discharge at", loc="lower left")
        T = table.attrs.get("temperature_K")
        title = f"Rate capability: {table.attrs.get('cell', '')} ({table.attrs.get('model', '')})"
        fig.suptitle(title + (f", {T - 273.15:.0f} \u00b0C" if T else ""))
        if save_to is not None:
            fig.savefig(save_to, format="png")
            plt.close(fig)
    return fig
