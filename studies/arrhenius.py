r"""Arrhenius plot of the electrolyte library and conductivity vs grain size.

Problem statement
-----------------
(a) log10 sigma vs 1000/T for every material in parameter_sets/electrolytes over its stated data range, like
the Review's Figure 9 (Xia et al., Chem. Rev. 122 (2022) 3763, doi:10.1021/acs.chemrev.1c00594): review eq. 1
per branch, first-order transitions as steps (Li2(OH)Cl at 35 degC, Li2.17(OH)0.83Cl at -60 degC); contested
entries dashed, Na conductors grey. (b) Total conductivity of polycrystals vs grain size at 25 and 100 degC:
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
    from cellsim.plots import STYLE

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
        cmap = plt.get_cmap("tab20")
        for i, (name, c) in enumerate(arr.groupby("material", sort=False)):
            style = "--" if c.status.iloc[0] == "contested" else "-"
            colour = "0.55" if c.ion.iloc[0] == "Na" else cmap(i % 20)
            ax.plot(1000 / c.temperature_K, np.log10(c.conductivity_S_cm), style, color=colour, label=name)
        ax.set_xlabel("1000 / T (K$^{-1}$)")
        ax.set_ylabel("log$_{10}$ $\\sigma$ (S cm$^{-1}$)")
        top = ax.secondary_xaxis("top", functions=(lambda x: 1000 / np.maximum(x, 1e-9) - 273.15,
                                                   lambda t: 1000 / (t + 273.15)))
        top.set_xticks([250, 150, 100, 50, 0, -50])
        top.set_xlabel("T ($^\\circ$C)")
        ax.legend(ncol=2, fontsize=6.5, loc="lower left")
        ax.set_title("(a) library, review eq. 1 (dashed: contested; grey: Na$^+$)", loc="left")
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
        fig.savefig(out / "arrhenius.png")
        plt.close(fig)
    return {"arrhenius": arr, "grain_size": gs}


if __name__ == "__main__":
    res = main(sys.argv[1] if len(sys.argv) > 1 else "studies-out/arrhenius")
    print(res["grain_size"].groupby(["material", "model", "temperature_K"]).conductivity_S_cm.agg(["min", "max"]))
