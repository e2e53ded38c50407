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
