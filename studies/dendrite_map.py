r"""Dendrite map: critical shear-modulus ratio G_e/G_Li vs the electrolyte's Poisson ratio, with Table 3 electrolytes.

Problem statement
-----------------
Linear stability of a Li | solid-electrolyte interface (Monroe & Newman, J. Electrochem. Soc. 152, A396 (2005),
doi:10.1149/1.1850854), generalised to a molar-volume ratio v = V(Li+ in electrolyte) / V(Li metal) after Ahmad &
Viswanathan (Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003), as reconstructed in
:func:`cellsim.mechanics.dendrite.critical_shear_modulus_ratio` (eq. cellsim D1):

.. math:: g_c = \frac{(1+v) a(\nu_{Li}) - (1-v) h(\nu_{Li})}{(1+v) a(\nu_e) - (1-v) h(\nu_e)}

Pressure-driven regime (stable above g_c, solid lines) for v above v0(nu_e) (~0.24 at nu_e = 0.33),
density-driven (stable below g_c, dashed) for small v. The electrolytes of the Review's Table 3
(Xia et al., Chem. Rev. 122, 3763 (2022), doi:10.1021/acs.chemrev.1c00594) are placed at their DFT Poisson ratio
and G_e / G_Li(25 degC), G_Li = 4.25 GPa; each point's own v (crystal volume per Li,
:func:`cellsim.analysis.tables.molar_volume_per_li`) is in the CSV.

Outputs (in ``out_dir``): ``dendrite_map.png``, ``dendrite_map_curves.csv``, ``dendrite_map_points.csv``.

Usage: ``python studies/dendrite_map.py [out_dir]``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

MOLAR_VOLUME_RATIOS = (0.05, 0.5, 1.0, 2.0, 5.0)
POISSON_RATIOS = np.linspace(0.15, 0.45, 61)
TEMPERATURE_K = 298.15


def run(out_dir: str | Path = "studies-out") -> dict:
    """Compute the critical-ratio curves and the material points; save the two CSV files.

    Returns
    -------
    dict
        ``curves`` and ``points`` (pandas.DataFrame), ``paths`` (the CSV files).
    """
    import pandas as pd

    from cellsim.mechanics.dendrite import critical_shear_modulus_ratio
    from cellsim.analysis.tables import dendrite_table

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for v in MOLAR_VOLUME_RATIOS:
        for nu in POISSON_RATIOS:
            c = critical_shear_modulus_ratio(float(nu), molar_volume_ratio=v)
            rows.append({"molar_volume_ratio": v, "poisson_ratio": float(nu), "critical_ratio": c.critical_ratio,
                         "stable_side": c.stable_side, "regime": c.regime})
    curves = pd.DataFrame(rows)
    table = dendrite_table([TEMPERATURE_K])
    points = table[["material", "temperature_K", "poisson_ratio", "shear_modulus_ratio", "molar_volume_ratio",
                    "generalised_regime", "generalised_critical_ratio", "generalised_verdict", "mn_verdict"]]
    paths = {"curves": out / "dendrite_map_curves.csv", "points": out / "dendrite_map_points.csv"}
    curves.to_csv(paths["curves"], index=False)
    points.to_csv(paths["points"], index=False)
    return {"curves": curves, "points": points, "paths": paths}


def plot(results: dict, out_dir: str | Path = "studies-out") -> Path:
    """Draw the map from :func:`run`'s results; save ``dendrite_map.png`` (200 dpi)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cellsim.plots import STYLE

    curves, points = results["curves"], results["points"]
    path = Path(out_dir) / "dendrite_map.png"
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(9.0, 4.6), constrained_layout=True)
        colors = plt.cm.viridis(np.linspace(0, 0.85, len(MOLAR_VOLUME_RATIOS)))
        for color, v in zip(colors, MOLAR_VOLUME_RATIOS):
            c = curves[curves.molar_volume_ratio == v]
            for side, ls in (("above", "-"), ("below", "--")):
                part = c[(c.stable_side == side) & (c.critical_ratio > 0)]
                if not part.empty:
                    label = f"v = {v:g}" + (", stable below (density-driven)" if side == "below" else "")
                    ax.plot(part.poisson_ratio, part.critical_ratio, ls, color=color, label=label)
        ax.axhline(2.0, color="0.6", lw=0.8, ls=":")
        ax.text(0.151, 2.05, r"Review: $\sim$2 $G_{Li}$ (8.5 GPa)", fontsize=7, color="0.4", va="bottom")
        marker = {"pass": "o", "marginal": "s", "fail": "x"}
        placed = []  # label anchors already used, in (nu, log10 g), to shift overlapping labels down
        for _, r in points.iterrows():
            ax.plot(r.poisson_ratio, r.shear_modulus_ratio, marker.get(r.mn_verdict, "o"), color="C3", ms=4)
            here = (r.poisson_ratio, np.log10(r.shear_modulus_ratio))
            n_close = sum(abs(here[0] - p[0]) < 0.03 and abs(here[1] - p[1]) < 0.06 for p in placed)
            placed.append(here)
            v = "" if not np.isfinite(r.molar_volume_ratio) else f" (v {r.molar_volume_ratio:.2g})"
            ax.annotate(r.material + v, here[:1] + (r.shear_modulus_ratio,), fontsize=6,
                        xytext=(4, 2 - 8 * n_close), textcoords="offset points")
        for verdict, m in marker.items():
            ax.plot([], [], m, color="C3", ms=4, label=f"Review Table 3 (DFT), 25 degC: Monroe-Newman {verdict}")
        ax.set_yscale("log")
        ax.set_xlabel(r"Poisson's ratio of the electrolyte $\nu_e$ [1]")
        ax.set_ylabel(r"$G_e / G_{Li}$ [1]; curves: critical ratio $g_c$")
        ax.set_title(r"Li | solid-electrolyte interface stability ($\nu_{Li}$ = 0.42; v = molar-volume ratio)")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)  # outside: the map is full
        fig.savefig(path, dpi=200, bbox_inches="tight")
        plt.close(fig)
    return path


def main(out_dir: str | Path = "studies-out") -> dict:
    """Run, save the CSV files and the figure; return the results with ``paths['png']``."""
    results = run(out_dir)
    results["paths"]["png"] = plot(results, out_dir)
    return results


if __name__ == "__main__":
    res = main(sys.argv[1] if len(sys.argv) > 1 else "studies-out")
    print("wrote " + ", ".join(str(p) for p in res["paths"].values()))
