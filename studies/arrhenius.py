r"""Arrhenius plot of the electrolyte library and conductivity vs grain size.

Problem statement
-----------------
(a) log10 sigma vs 1000/T for every material in parameter_sets/electrolytes over its stated data range, like
the Review's Figure 9 (Xia et al., Chem. Rev. 122 (2022) 3763, doi:10.1021/acs.chemrev.1c00594): review eq. 1
per branch, first-order transitions as steps (Li2(OH)Cl at 35 degC, Li2.17(OH)0.83Cl at -60 degC); contested
entries dashed; Na conductors dash-dotted with square markers in a legend of their own, every line its own
colour from Okabe & Ito's colour-blind-safe palette (markers once the eight colours are used). (b) Total conductivity of polycrystals vs grain size at 25 and 100 degC:
the brick-layer model (:func:`cellsim.electrolyte.grain_boundary.brick_layer`) with each material's
grain-boundary data (Li3OBr from its 8.8 / 83.0 kOhm pellet, Review section 5.3.4), and the FiPy
vacancy-segregation model for Li3OCl (:func:`cellsim.electrolyte.segregation.conductivity_factor`).

Outputs (in ``out_dir``): ``arrhenius.png``, ``arrhenius.csv``, ``grain_size.csv``.

Usage: ``python studies/arrhenius.py [out_dir]``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np


def main(out_dir="studies-out/arrhenius", n_grain_sizes: int = 25, quick: bool = False):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from cellsim.electrolyte.conductivity import total_conductivity
    from cellsim.parameters import available, load_electrolyte
    from cellsim.files import atomic_write
    from cellsim.plots import OKABE_ITO, STYLE

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    curves = []
    for name in available("electrolyte"):
        e = load_electrolyte(name)
        T = np.linspace(e.temperature_min, e.temperature_max, 200)
        if e.transition_temperature is not None:  # resolve the step
            T = np.unique(np.concatenate([T, e.transition_temperature + np.array([-1e-6, 0.0])]))
        sigma = [total_conductivity(e, t, check_range="ignore") for t in T]
        curves.append(pd.DataFrame({"material": e.name, "ion": e.ion, "status": e.status, "temperature_K": T,
                                    "conductivity_S_cm": np.asarray(sigma) / 100}))
    arr = pd.concat(curves, ignore_index=True)
    arr.to_csv(out / "arrhenius.csv", index=False)

    sizes = np.geomspace(10e-9, 1e-3, 8 if quick else n_grain_sizes)
    rows = []
    for name in available("electrolyte"):
        e = load_electrolyte(name)
        if e.grain_boundary is None or e.grain_boundary.width is None:
            continue
        for T in (298.15, 373.15):
            for d in sizes:
                if d <= e.grain_boundary.width:
                    continue
                rows.append({"material": e.name, "model": "brick-layer", "temperature_K": T, "grain_size_m": d,
                             "conductivity_S_cm": total_conductivity(e, T, d, check_range="ignore") / 100})
    li3ocl = load_electrolyte("Li3OCl")
    for d in np.geomspace(10e-9, 1e-6, 9):
        rows.append({"material": "Li3OCl", "model": "segregation", "temperature_K": 373.15, "grain_size_m": d,
                     "conductivity_S_cm": total_conductivity(li3ocl, 373.15, d, gb_model="segregation") / 100})
    gs = pd.DataFrame(rows)
    gs.to_csv(out / "grain_size.csv", index=False)

    with plt.rc_context(STYLE):
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.8), gridspec_kw={"width_ratios": [1.4, 1]})
        # eight colour-blind-safe colours; Li lines past the eighth get markers, Na lines are dash-dotted with
        # squares and their own colours, so no two lines look alike and Li vs Na reads at a glance
        li_markers = [None, "o", "^", "v", "D"]
        li_colours = [OKABE_ITO[i] for i in (0, 1, 2, 3, 5, 6, 7, 4)]  # yellow, the faintest on white, last
        handles, styles = {"Li": [], "Na": []}, {}
        n_li = 0
        na_colours = iter([OKABE_ITO[i] for i in (6, 5, 0, 3, 7, 1, 2)])
        for name, c in arr.groupby("material", sort=False):
            x, y = 1000 / c.temperature_K, np.log10(c.conductivity_S_cm)
            if c.ion.iloc[0] == "Na":
                style = dict(ls="-.", color=next(na_colours), marker="s", ms=4, mfc="white", markevery=40, lw=1.8)
            else:
                style = dict(ls="--" if c.status.iloc[0] == "contested" else "-",
                             color=li_colours[n_li % len(li_colours)], marker=li_markers[n_li // len(li_colours)],
                             ms=4, markevery=(10 * (n_li % 4), 40))
                n_li += 1
            (line,) = ax.plot(x, y, label=name, **style)
            handles["Na" if c.ion.iloc[0] == "Na" else "Li"].append(line)
            styles[name] = (line.get_color(), line.get_linestyle(), line.get_marker())
        ax.set_xlabel("1000 / T (K$^{-1}$)")
        ax.set_ylabel("log$_{10}$ $\\sigma$ (S cm$^{-1}$)")
        top = ax.secondary_xaxis("top", functions=(lambda x: 1000 / np.maximum(x, 1e-9) - 273.15,
                                                   lambda t: 1000 / (t + 273.15)))
        top.set_xticks([250, 150, 100, 50, 0, -50])
        top.set_xlabel("T ($^\\circ$C)")
        li_legend = ax.legend(handles=handles["Li"], title="Li$^+$ conductors", ncol=2, fontsize=6.5,
                              title_fontsize=7, loc="lower left")
        ax.add_artist(li_legend)
        if handles["Na"]:
            ax.legend(handles=handles["Na"], title="Na$^+$ conductors", fontsize=6.5, title_fontsize=7,
                      loc="upper right")
        ax.set_title("(a) library, review eq. 1 (dashed: contested; dash-dot: Na$^+$)", loc="left")
        colours = {m: f"C{i}" for i, m in enumerate(gs.material.unique())}
        for (name, model, T), c in gs.groupby(["material", "model", "temperature_K"], sort=False):
            ls = "-" if T > 300 else ":"
            bx.loglog(c.grain_size_m * 1e6, c.conductivity_S_cm, ls, color=colours[name],
                      marker="o" if model == "segregation" else None,
                      ms=3, label=f"{name}, {T - 273.15:.0f} $^\\circ$C" + (" (segregation)" if model == "segregation"
                                                                          else ""))
        bx.set_xlabel("grain size ($\\mu$m)")
        bx.set_ylabel("$\\sigma$ (S cm$^{-1}$)")
        bx.set_title("(b) polycrystal: brick layer / segregation model", loc="left")
        bx.legend(fontsize=6.5)
        fig.tight_layout()
        atomic_write(out / "arrhenius.png", lambda tmp: fig.savefig(tmp, format="png"))
        plt.close(fig)
    return {"arrhenius": arr, "grain_size": gs, "styles": styles}


if __name__ == "__main__":
    res = main(sys.argv[1] if len(sys.argv) > 1 else "studies-out/arrhenius")
    print(res["grain_size"].groupby(["material", "model", "temperature_K"]).conductivity_S_cm.agg(["min", "max"]))
