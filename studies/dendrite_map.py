r"""Dendrite map: G_e / G_Li vs the molar-volume ratio v (Ahmad & Viswanathan), with the library's electrolytes.

Problem statement
-----------------
Linear stability of electrodeposition at a Li | solid-electrolyte interface (Ahmad & Viswanathan, Phys. Rev.
Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003; Ahmad et al., ACS Cent. Sci. 4, 996 (2018),
doi:10.1021/acscentsci.8b00229). Without surface tension a perturbation is damped at every wave number when
F(g, v) = (1 - v)(A g^2 - B) + 4 (1 + v) C g <= 0, g = G_e / G_Li, v = V_Li+ / V_Li, A = 3 - 4 nu_Li,
B = 3 - 4 nu_e, C = 2 - 3 nu_e - 3 nu_Li + 4 nu_e nu_Li (:func:`cellsim.mechanics.dendrite.critical_shear_modulus_ratio`).
The critical ratio g_c(v) has two branches:

* v < 1, density-driven: stable *below* g_c (soft electrolytes); g_c(0) = 1 / A = 0.76 for nu_Li = 0.42;
* v > 1, pressure-driven (Monroe & Newman's regime): stable *above* g_c, which falls from infinity at v = 1
  to 3 - 4 nu_e for v -> infinity.

The electrolytes of the Review's Table 3 (Xia et al., Chem. Rev. 122, 3763 (2022),
doi:10.1021/acs.chemrev.1c00594) and the library's Li1.9(OH)Cl0.9 (moduli of Li2(OH)Cl) are drawn at
g = G_e / G_Li(25 degC), G_Li = 4.25 GPa, and two estimates of v: the volume of the Li+ ion (filled, the default
of :func:`cellsim.analysis.tables.dendrite_table`) and the crystal volume per Li (open, an upper bound), joined by
a line. Shading: stable and unstable regions for nu_e = 0.33 (the authors' reference); thin lines: g_c for the
library's range of nu_e (0.20 to 0.37).

Outputs (in ``out_dir``): ``dendrite_map.png``, ``dendrite_map_curves.csv``, ``dendrite_map_points.csv``.

Usage: ``python studies/dendrite_map.py [out_dir]``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

TEMPERATURE_K = 298.15
#: Poisson's ratios of the electrolyte drawn: the authors' reference 0.33 (shaded) and the library's range.
POISSON_RATIOS = (0.33, 0.20, 0.37)
V_RANGE = (0.0025, 12.0)  # curves
X_LIMITS = (0.0025, 12.0)  # the left part holds the labels
LABEL_X = 0.003
LABEL_GAP_DECADES = 0.085
G_RANGE = (0.05, 60.0)


def library_electrolytes() -> list[str]:
    """The Table 3 electrolytes of :func:`~cellsim.analysis.tables.dendrite_materials` plus the library's Li
    electrolytes that borrow their moduli (``data_from`` in elastic.toml, e.g. Li1.9(OH)Cl0.9)."""
    from cellsim.analysis.tables import dendrite_materials
    from cellsim.parameters.mechanics import load_elastic

    own = dendrite_materials()
    borrowed = [n for n, d in load_elastic().items() if d.data_from in own and n.startswith("Li")]
    return own + borrowed


def run(out_dir: str | Path = "studies-out", n_points: int = 400) -> dict:
    """Critical-ratio curves and the material points; save the two CSV files.

    Returns
    -------
    dict
        ``curves`` and ``points`` (pandas.DataFrame), ``paths`` (the CSV files).
    """
    import pandas as pd

    from cellsim.analysis.tables import dendrite_table
    from cellsim.mechanics.dendrite import critical_shear_modulus_ratio

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    v = np.geomspace(V_RANGE[0], V_RANGE[1], n_points)
    v = v[np.abs(v - 1.0) > 1e-9]
    rows = []
    for nu in POISSON_RATIOS:
        gc = critical_shear_modulus_ratio(v, nu)
        for vi, g in zip(v, gc):
            rows.append({"molar_volume_ratio": vi, "poisson_ratio": nu, "critical_ratio": g,
                         "branch": "density-driven" if vi < 1 else "pressure-driven",
                         "stable_side": "below" if vi < 1 else "above"})
    curves = pd.DataFrame(rows)
    table = dendrite_table([TEMPERATURE_K], materials=library_electrolytes())
    points = table[["material", "temperature_K", "poisson_ratio", "shear_modulus_ratio", "molar_volume_ratio",
                    "molar_volume_ratio_upper", "generalised_regime", "generalised_critical_ratio",
                    "generalised_margin", "generalised_verdict", "generalised_verdict_upper_v", "mn_verdict"]]
    paths = {"curves": out / "dendrite_map_curves.csv", "points": out / "dendrite_map_points.csv"}
    curves.to_csv(paths["curves"], index=False)
    points.to_csv(paths["points"], index=False)
    return {"curves": curves, "points": points, "paths": paths}


def spread_labels(targets, min_gap):
    """Label heights as close as possible to ``targets`` with at least ``min_gap`` between neighbours.

    1-D: labels sorted by target; overlapping neighbours are merged into a block centred on the mean of its
    targets, repeated until no blocks overlap. Returns the heights in the order of ``targets``.

    Examples
    --------
    >>> [float(round(y, 3)) for y in spread_labels([0.0, 0.02, 1.0], 0.1)]
    [-0.04, 0.06, 1.0]
    """
    order = np.argsort(targets)
    blocks = [[float(targets[i])] for i in order]  # each block: the targets of its labels, sorted
    centres = [b[0] for b in blocks]

    def bottom(k):
        return centres[k] - (len(blocks[k]) - 1) * min_gap / 2

    merged = True
    while merged:
        merged = False
        for k in range(len(blocks) - 1):
            top_k = bottom(k) + (len(blocks[k]) - 1) * min_gap
            if bottom(k + 1) - top_k < min_gap - 1e-12:
                blocks[k] += blocks.pop(k + 1)
                centres.pop(k + 1)
                centres[k] = float(np.mean(blocks[k]))
                merged = True
                break
    out, j = np.empty(len(targets)), 0
    for k, b in enumerate(blocks):
        for n in range(len(b)):
            out[order[j]] = bottom(k) + n * min_gap
            j += 1
    return list(out)


def plot(results: dict, out_dir: str | Path = "studies-out") -> Path:
    """Draw the map from :func:`run`'s results; save ``dendrite_map.png`` (200 dpi)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cellsim.parameters import available
    from cellsim.plots import STYLE

    curves, points = results["curves"], results["points"]
    path = Path(out_dir) / "dendrite_map.png"
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.6, 6.0), constrained_layout=True)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(*X_LIMITS)
        ax.set_ylim(*G_RANGE)
        ref = curves[curves.poisson_ratio == POISSON_RATIOS[0]]
        lo, hi = ref[ref.molar_volume_ratio < 1], ref[ref.molar_volume_ratio > 1]
        green, red = "#d8eed8", "#f6dcdc"
        ax.fill_between(lo.molar_volume_ratio, G_RANGE[0], lo.critical_ratio, color=green, lw=0)
        ax.fill_between(lo.molar_volume_ratio, lo.critical_ratio, G_RANGE[1], color=red, lw=0)
        hi_g = np.minimum(hi.critical_ratio, G_RANGE[1])
        ax.fill_between(hi.molar_volume_ratio, hi_g, G_RANGE[1], color=green, lw=0)
        ax.fill_between(hi.molar_volume_ratio, G_RANGE[0], hi_g, color=red, lw=0)
        ax.axvline(1.0, color="0.3", lw=0.8, ls=":")
        for nu, style in zip(POISSON_RATIOS, ("-", "--", "-.")):
            c = curves[curves.poisson_ratio == nu]
            for part in (c[c.molar_volume_ratio < 1], c[c.molar_volume_ratio > 1]):
                ax.plot(part.molar_volume_ratio, part.critical_ratio, style, color="k",
                        lw=1.4 if nu == POISSON_RATIOS[0] else 0.8)
            ax.plot([], [], style, color="k", lw=1.4 if nu == POISSON_RATIOS[0] else 0.8,
                    label=rf"critical $G_e/G_{{Li}}$, $\nu_e$ = {nu:g}")
        ax.text(0.05, 0.1, "stable (density-driven)", fontsize=8, color="#2f6b2f", ha="center")
        ax.text(0.25, 40.0, "unstable", fontsize=8, color="#8a3030", ha="center")
        ax.text(4.0, 30.0, "stable\n(pressure-driven)", fontsize=8, color="#2f6b2f", ha="center")
        ax.text(4.0, 0.12, "unstable", fontsize=8, color="#8a3030", ha="center")
        library = set(available("electrolyte"))  # antiperovskites with a cellsim conductivity set
        for _, r in points.iterrows():
            g, v_ion, v_up = r.shear_modulus_ratio, r.molar_volume_ratio, r.molar_volume_ratio_upper
            color = "C3" if r.material in library else "C0"
            if np.isfinite(v_up):
                ax.plot([v_ion, v_up], [g, g], "-", color=color, alpha=0.45, lw=0.7, zorder=2)
                ax.plot(v_up, g, "o", mfc="white", mec=color, ms=4.5, zorder=3)
            ax.plot(v_ion, g, "o", color=color, ms=4.5, zorder=3)
        # labels in a column left of the points, spread so they do not overlap, with leader lines
        names = [m + (" (moduli of Li2(OH)Cl)" if m == "Li1.9(OH)Cl0.9" else "") for m in points.material]
        heights = spread_labels(np.log10(points.shear_modulus_ratio.to_numpy()), LABEL_GAP_DECADES)
        for (_, r), name, y in zip(points.iterrows(), names, heights):
            ax.annotate(name, (r.molar_volume_ratio, r.shear_modulus_ratio), xytext=(LABEL_X, 10 ** y),
                        fontsize=6.5, va="center", ha="left", zorder=4,
                        color="C3" if r.material in library else "k",
                        arrowprops=dict(arrowstyle="-", color="0.45", lw=0.5, shrinkA=2, shrinkB=2.5))
        ax.plot([], [], "o", color="0.3", ms=4.5, label=r"v from the Li$^+$ ion volume (default verdict)")
        ax.plot([], [], "o", mfc="white", mec="0.3", ms=4.5, label="v from the crystal volume per Li (upper bound)")
        ax.plot([], [], "s", color="C3", ms=4.5, label="antiperovskites of the cellsim library")
        ax.plot([], [], "s", color="C0", ms=4.5, label="other electrolytes of the Review's Table 3")
        ax.set_xlabel(r"$v = V_{Li^+} / V_{Li}$ (molar volume of Li$^+$ in the electrolyte / in Li metal) [1]")
        ax.set_ylabel(r"$G_e / G_{Li}$ [1]  ($G_{Li}$ = 4.25 GPa, 25 °C)")
        ax.set_title("Li | solid-electrolyte interface stability (Ahmad & Viswanathan 2017; "
                     r"$\nu_{Li}$ = 0.42)" + "\nmoduli: Review Table 3 (DFT)", fontsize=9)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=7)
        fig.savefig(path, dpi=200)
        plt.close(fig)
    return path


def main(out_dir: str | Path = "studies-out", quick: bool = False) -> dict:
    """Run, save the CSV files and the figure; return the results with ``paths['png']``."""
    results = run(out_dir, n_points=120 if quick else 400)
    results["paths"]["png"] = plot(results, out_dir)
    return results


if __name__ == "__main__":
    res = main(sys.argv[1] if len(sys.argv) > 1 else "studies-out")
    print("wrote " + ", ".join(str(p) for p in res["paths"].values()))
