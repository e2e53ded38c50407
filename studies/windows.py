r"""Decomposition windows of the cell's interfaces, and what a coating does for capacity retention.

Problem statement
-----------------
Antiperovskites are stable against Li but oxidise near 2.5-3.2 V vs Li/Li+ (Xia et al., Chem. Rev. 122 (2022)
3763, sections 6.2 and 7.3, Table 3, Figure 21), far below NCM111 at the top of charge (~4.4 V here). Panel (a)
draws the window of every electrolyte and coating in the database as a bar (like the Review's Figure 21b) with
the simulated cathode and anode potential ranges of the default cell (100 degC, 25 mA/g) overlaid. Panel (b)
cycles the same cell for ``cycles`` cycles with several coatings and without one: where the cathode drives the
electrolyte past its oxidation limit on the surface a coating leaves exposed (or lets electrons tunnel through), a
resistive interphase grows (Tafel reaction in series with transport through the product, consuming electrolyte;
parameters in parameter_sets/cells/default.toml [interphase] and [coating]); the Li+ it releases first adds
capacity, then fills both electrodes, and the capacity fades.

Outputs (in ``out_dir``): ``windows.png``, ``windows.csv`` (the bars), ``retention.csv`` (capacity vs cycle).

Usage: ``python studies/windows.py [out_dir] [--cycles N]``.
"""
from __future__ import annotations

import sys
from pathlib import Path

COATINGS = ("Al2O3", "LiNbO3", "Li4Ti5O12", "none")


def main(out_dir="studies-out/windows", cycles: int = 100, coatings=COATINGS, model: str = "SPMe",
         quick: bool = False):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    import cellsim
    from cellsim.cell import CellModel, default_protocol
    from cellsim.cell.model import coating_inputs
    from cellsim.files import atomic_write
    from cellsim.plots import OKABE_ITO, STYLE
    from cellsim.parameters.windows import load_windows

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cycles = min(cycles, 10) if quick else cycles
    design = cellsim.load_cell()
    T = design.protocol.temperature

    bars = []
    for name, entries in load_windows().items():
        w = next(e for e in entries if e.default)
        bars.append({"material": name, "kind": w.kind, "lower_V": w.lower, "upper_V": w.upper, "source": w.source})
    bars = pd.DataFrame(bars).sort_values(["kind", "upper_V"], ascending=[False, True], ignore_index=True)
    bars.to_csv(out / "windows.csv", index=False)

    cell = CellModel(design, model=model)
    retention, ranges = {}, None
    for coating in coatings:
        res = cell.cycle(default_protocol(design, cycles=cycles), T, inputs=coating_inputs(design, coating, T))
        retention[coating] = res.summary.set_index("cycle")["capacity_retention"]
        if ranges is None:
            ts = res.timeseries
            ranges = {"cathode": (ts.cathode_potential_min_V.min(), ts.cathode_potential_max_V.max()),
                      "anode": (ts.anode_potential_min_V.min(), ts.anode_potential_max_V.max())}
    ret = pd.DataFrame(retention)
    ret.to_csv(out / "retention.csv")

    with plt.rc_context(STYLE):
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 5.2), gridspec_kw={"width_ratios": [1.6, 1]})
        y = range(len(bars))
        colours = ["#4c72b0" if k == "electrolyte" else "#dd8452" for k in bars.kind]
        upper = bars.upper_V.clip(upper=6.0)
        ax.barh(list(y), upper - bars.lower_V, left=bars.lower_V, color=colours, height=0.7)
        ax.set_yticks(list(y), bars.material, fontsize=7)
        for name, (lo, hi), c in (("cathode (NCM111)", ranges["cathode"], "#c44e52"),
                                  ("anode (LTO)", ranges["anode"], "#55a868")):
            ax.axvspan(lo, hi, color=c, alpha=0.18, label=f"{name}: {lo:.2f}-{hi:.2f} V")
        ax.set_xlim(0, 6)
        ax.set_xlabel("potential vs Li/Li$^+$ (V)")
        ax.set_title("(a) stability windows (blue: electrolytes, orange: coatings)", loc="left")
        ax.legend(loc="lower right")
        # coatings that hold their windows keep 100 % and lie on top of each other: each line gets its own
        # style and markers placed at different cycles, and its final retention in the legend
        styles = [("-", "o"), ("--", "s"), ("-.", "^"), (":", "D"), ((0, (5, 1, 1, 1)), "v")]
        n, styles_used = len(ret.index), {}
        for i, coating in enumerate(ret):
            ls, marker = styles[i % len(styles)]
            every = max(1, n // 8)
            label = coating if coating != "none" else "no coating"
            (line,) = bx.plot(ret.index, 100 * ret[coating], ls=ls, marker=marker, ms=5, mfc="none", mew=1.2,
                    markevery=(min(i * max(1, every // len(ret.columns)), n - 1), every),
                    color=OKABE_ITO[[5, 1, 3, 6, 7][i % 5]], lw=1.6,
                    label=f"{label}: {100 * ret[coating].iloc[-1]:.1f} %")
            styles_used[coating] = (line.get_color(), line.get_linestyle(), line.get_marker(), line.get_label())
        bx.axhline(80, color="0.5", ls=":", lw=1)
        bx.annotate("review: > 80 % after 100 cycles (section 7.1)", (0.02, 80), xycoords=("axes fraction", "data"),
                    xytext=(0, 2), textcoords="offset points", ha="left", va="bottom", fontsize=7, color="0.35")
        bx.set_xlabel("Cycle")
        bx.set_ylabel("Capacity retention (%)")
        bx.set_title(f"(b) {design.name} cell, {T - 273.15:.0f} $^\\circ$C, {model}, {ret.index[-1]} cycles", loc="left")
        # below the panel: the curves may cross any region inside it (100 cycles bare: down to ~79 %)
        bx.legend(title="coating: retention after the last cycle", loc="upper center", bbox_to_anchor=(0.5, -0.14),
                  ncol=2, fontsize=7)
        bx.set_ylim(min(78.0, 100 * float(ret.min().min()) - 2), 101.5)
        bx.xaxis.get_major_locator().set_params(integer=True)
        fig.tight_layout()
        atomic_write(out / "windows.png", lambda tmp: fig.savefig(tmp, format="png"))
        plt.close(fig)
    return {"windows": bars, "retention": ret, "potential_ranges": ranges, "styles": styles_used}


if __name__ == "__main__":
    args = sys.argv[1:]
    n = 100
    if "--cycles" in args:
        i = args.index("--cycles")
        n = int(args[i + 1])
        del args[i:i + 2]
    res = main(args[0] if args else "studies-out/windows", cycles=n)
    print(res["retention"].iloc[[0, -1]].to_string())
