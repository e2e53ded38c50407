r"""Grain-boundary Li-vacancy segregation in Li3OCl: D_eff vs grain size, conductivity, brick layer, filling.

Problem statement
-----------------
Segregation as trapping (Review section 5.3.4, Shen et al. 2020): the segregation energy
:math:`E(d) = -E_{trap} e^{-d/\lambda}` (d: distance to the boundary plane) lowers the Li-site energies near a
boundary while the saddle points keep the bulk barrier, or the 1 nm boundary core's higher one. The local
diffusivity of the continuum flux is then :math:`D = D_s e^{E/k_BT}` (module docstring of
:mod:`cellsim.electrolyte.segregation`, eq. 3) and for a periodic line of grains, dilute,

.. math:: D_{eff} = \frac{1}{\langle 1/D_s\rangle\,\langle e^{-E/k_BT}\rangle}
          = \frac{D_{eff}^{(0)}}{1 + C/L} \le D_{eff}^{(0)}

(exact in 1D, Lifson-Jackson; the periodic trap model of Haus & Kehr 1987; computed with FiPy), with
:math:`D_{eff}^{(0)}` the series value of the core alone. Free vacancies come from the dopant-vacancy association
of :mod:`cellsim.electrolyte.defects` (Review 5.3.1: ~1e-7 per formula unit at 0.167 % dopant). The Review reports
D_eff/D_bulk of 3.5 % without and 0.3 % with segregation at 16 nm (about 12x) and about 2x at 133 nm; the parameter
file fits the two 16 nm numbers; 0.3 % and the 133 nm ratio are predictions. The brick layer of Li3OCl
(``parameter_sets/electrolytes/Li3OCl.toml``) is the same boundary core, so the brick-layer curve and the
segregation model's conductivity differ only by the trap. The "shifted" picture (saddles lowered with the sites) is
drawn for comparison: it lets segregation raise D_eff, which the trapping picture rules out.

Outputs (in ``out_dir``): ``deff_vs_grain_size.csv``, ``free_vacancies.csv``, ``filling_profiles.csv``,
``hexagonal_2d.csv`` and ``gb_segregation.png``.

Usage: ``python studies/gb_segregation.py [out_dir] [--coarse]``.
"""
from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

import numpy as np

DEFAULT_CONFIG = {
    "grain_sizes_nm": list(np.geomspace(5, 10_000, 31)) + [16.0, 133.0, 1000.0],
    "temperatures_K": [300.0, 373.15, 450.0],
    "filling_grain_size_nm": 40.0,  # Review Fig. 15c-d
    "filling_n_grains": 5,
    "filling_times_s": [0.03, 0.3, 1.0, 3.0, 10.0],
    "hex_grain_size_nm": 16.0,
    "hex_n_cells": 192,
    "coarse": False,
}

COARSE = {
    "grain_sizes_nm": [5.0, 16.0, 50.0, 133.0, 500.0, 1000.0, 10_000.0],
    "temperatures_K": [300.0],
    "filling_grain_size_nm": 16.0,
    "filling_n_grains": 3,
    "filling_times_s": [1e-3, 1e-2],
    "hex_n_cells": 32,
}

#: pressed-powder pellet of the Review (sections 3 and 5.3.4): ~1e-7 vs 0.85e-3 S/cm, pores included (not a model
#: input; drawn for scale)
PRESSED_PELLET_RATIO = 1e-7 / 0.85e-3


def run(config: dict | None = None, out_dir: str | Path = "out/gb_segregation") -> dict:
    """Compute the D_eff and conductivity curves, free vacancies, a filling transient and a 2D check; save CSVs.

    Parameters
    ----------
    config : dict, optional
        Keys of ``DEFAULT_CONFIG``; ``coarse=True`` replaces them by the small ``COARSE`` set (for tests).
    out_dir : str or pathlib.Path
        Output directory.

    Returns
    -------
    dict
        ``curve`` and ``free_vacancies`` (pandas.DataFrame), ``filling_with`` and ``filling_without``
        (TransientResult), ``hex`` (pandas.DataFrame), ``params`` and ``config``.
    """
    import pandas as pd

    import cellsim
    from cellsim.electrolyte import defects
    from cellsim.electrolyte import segregation as seg
    from cellsim.parameters.segregation import load_segregation

    cfg = dict(DEFAULT_CONFIG)
    cfg.update(config or {})
    if cfg.get("coarse"):
        cfg.update(COARSE)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    params = load_segregation("Li3OCl")
    shifted = dataclasses.replace(params, saddle_model="shifted")

    rows = []
    for T in cfg["temperatures_K"]:
        bulk_sigma = cellsim.conductivity("Li3OCl", T, check_range="ignore")
        for size_nm in sorted(set(float(s) for s in cfg["grain_sizes_nm"])):
            L = size_nm * 1e-9
            with_seg = seg.grain_transport_1d(L, T, params)
            without = seg.grain_transport_1d(L, T, params, segregation=False)
            with_shifted = seg.grain_transport_1d(L, T, shifted)
            rows.append({
                "grain_size_nm": size_nm, "temperature_K": T,
                "ratio_with": with_seg.diffusivity_ratio, "ratio_without": without.diffusivity_ratio,
                "ratio_with_shifted": with_shifted.diffusivity_ratio,
                "conductivity_factor": with_seg.conductivity_ratio,
                "conductivity_factor_without": without.conductivity_ratio,
                "brick_layer_factor": cellsim.conductivity("Li3OCl", T, L, check_range="ignore") / bulk_sigma,
                "bulk_diffusivity_m2_s": with_seg.bulk_diffusivity_m2_s,
                "max_site_fraction": with_seg.max_site_fraction,
                "trapped_fraction": with_seg.trapped_fraction,
                "bulk_site_fraction": with_seg.bulk_site_fraction,
                "reference_site_fraction": with_seg.reference_site_fraction,
            })
    curve = pd.DataFrame(rows)
    curve.to_csv(out / "deff_vs_grain_size.csv", index=False)

    temps = np.linspace(250.0, 500.0, 26)
    free = pd.DataFrame({
        "temperature_K": temps,
        "free_vacancies_per_formula_unit": defects.free_vacancy_fraction(params.dopant_per_formula_unit,
                                                                         params.dopant_binding_energy_eV, temps,
                                                                         params.li_sites_per_formula_unit),
        "all_vacancies_per_formula_unit": params.dopant_per_formula_unit,
    })
    free.to_csv(out / "free_vacancies.csv", index=False)

    T0 = params.temperature_K
    size = cfg["filling_grain_size_nm"] * 1e-9
    fill = {}
    frames = []
    for label, flag in (("with", True), ("without", False)):
        r = seg.transient_filling_1d(size, T0, cfg["filling_times_s"], params, n_grains=cfg["filling_n_grains"],
                                     segregation=flag)
        fill[label] = r
        for k, t in enumerate(np.concatenate([[0.0], r.times_s])):
            frames.append(pd.DataFrame({"segregation": label, "time_s": t, "x_nm": r.x_m * 1e9,
                                        "site_fraction": r.site_fraction[k]}))
    pd.concat(frames).to_csv(out / "filling_profiles.csv", index=False)

    hex_rows = []
    for flag in (True, False):
        h = seg.effective_diffusivity_2d(cfg["hex_grain_size_nm"] * 1e-9, T0, params, segregation=flag,
                                          n_cells=cfg["hex_n_cells"])
        one_d = seg.grain_transport_1d(cfg["hex_grain_size_nm"] * 1e-9, T0, params, segregation=flag)
        hex_rows.append({"segregation": flag, "grain_size_nm": cfg["hex_grain_size_nm"],
                         "n_cells": cfg["hex_n_cells"], "ratio_2d": h.diffusivity_ratio,
                         "ratio_1d": one_d.diffusivity_ratio, "series_bound": h.series_bound_ratio,
                         "parallel_bound": h.parallel_bound_ratio})
        if flag:
            hex_field = h
    hex_df = pd.DataFrame(hex_rows)
    hex_df.to_csv(out / "hexagonal_2d.csv", index=False)
    return {"curve": curve, "free_vacancies": free, "filling_with": fill["with"],
            "filling_without": fill["without"], "hex": hex_df, "hex_field": hex_field, "params": params,
            "config": cfg}


def plot(results: dict, out_dir: str | Path = "out/gb_segregation") -> Path:
    """Draw D_eff, the with/without ratio, conductivity vs brick layer, free vacancies, filling and the 2D
    occupancy; save ``gb_segregation.png``."""
    from cellsim.plots import STYLE, _pyplot

    plt = _pyplot()
    curve = results["curve"]
    params = results["params"]
    T0 = params.temperature_K
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(2, 3, figsize=(15, 9))
        colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]

        ax = axes[0, 0]
        grp = curve[np.isclose(curve["temperature_K"], T0)].sort_values("grain_size_nm")
        ax.loglog(grp["grain_size_nm"], grp["ratio_without"], "k--", label="without segregation (core only)")
        ax.loglog(grp["grain_size_nm"], grp["ratio_with"], "-", color=colours[0],
                  label="with segregation: trapping (sites lowered)")
        ax.loglog(grp["grain_size_nm"], grp["ratio_with_shifted"], ":", color=colours[3],
                  label="with segregation: saddles lowered too (no source)")
        ax.plot([16, 16], [0.035, 0.003], "ko", label="Review 5.3.4 (Shen 2020), 16 nm")
        ax.set_xlabel("grain size [nm]")
        ax.set_ylabel(r"$D_{eff}/D_{bulk}$ [-]")
        ax.set_title(f"(a) vacancy D_eff, 1D line of grains, {T0:.0f} K")
        ax.legend()

        ax = axes[0, 1]
        for k, (T, g) in enumerate(curve.groupby("temperature_K")):
            g = g.sort_values("grain_size_nm")
            ax.loglog(g["grain_size_nm"], g["ratio_without"] / g["ratio_with"], "-", color=colours[k % 10],
                      label=f"trapping, {T:.0f} K")
        ax.loglog(grp["grain_size_nm"], grp["ratio_without"] / grp["ratio_with_shifted"], ":", color=colours[3],
                  label=f"saddles lowered too, {T0:.0f} K")
        ax.plot([16, 133], [12, 2], "ko", label="Review 5.3.4: ~12x at 16 nm, ~2x at 133 nm")
        ax.axhline(1.0, color="0.6", lw=0.8)
        ax.set_xlabel("grain size [nm]")
        ax.set_ylabel(r"$D_{eff}$(without) / $D_{eff}$(with) [-]")
        ax.set_title("(b) segregation penalty; below 1 = segregation helps")
        ax.legend()

        ax = axes[0, 2]
        for k, (T, g) in enumerate(curve.groupby("temperature_K")):
            g = g.sort_values("grain_size_nm")
            c = colours[k % 10]
            ax.loglog(g["grain_size_nm"], g["brick_layer_factor"], "--", color=c,
                      label=f"brick layer (Li3OCl.toml), {T:.0f} K")
            ax.loglog(g["grain_size_nm"], g["conductivity_factor"], "-", color=c,
                      label=f"segregation model, {T:.0f} K")
        ax.plot([1000], [PRESSED_PELLET_RATIO], "kx", label="pressed pellet, pores incl. (Review 3, 5.3.4)")
        ax.set_xlabel("grain size [nm]")
        ax.set_ylabel(r"$\sigma/\sigma_{bulk}$ [-]")
        ax.set_ylim(3e-5, 2)
        ax.set_title("(c) conductivity: one boundary, two models")
        ax.legend(loc="center right", fontsize=7)

        ax = axes[1, 0]
        free = results["free_vacancies"]
        ax.semilogy(free["temperature_K"], free["free_vacancies_per_formula_unit"], "-", color=colours[0],
                    label="free (dopant-vacancy association, defects.py)")
        ax.semilogy(free["temperature_K"], free["all_vacancies_per_formula_unit"], "k--",
                    label="all dopant vacancies (old 'binding ignored')")
        ax.plot([298.15], [1e-7], "ko", label="Review 5.3.1: ~1e-7")
        ax.set_xlabel("temperature [K]")
        ax.set_ylabel("vacancies per formula unit [-]")
        ax.set_title(f"(d) Li2.99M0.005OCl, E_b = {params.dopant_binding_energy_eV:g} eV")
        ax.legend()

        ax = axes[1, 1]
        for label, style in (("filling_with", "-"), ("filling_without", ":")):
            r = results[label]
            ref = r.site_fraction[-1, 0]  # next to the inlet: the reservoir's bulk site fraction
            for k, t in enumerate(r.times_s):
                ax.semilogy(r.x_m * 1e9, np.maximum(r.site_fraction[k + 1] / ref, 1e-6), style,
                            color=colours[k % 10], label=f"t = {t:.3g} s" if label == "filling_with" else None)
        for plane in results["filling_with"].boundary_planes_m:
            ax.axvline(plane * 1e9, color="0.8", lw=0.8)
        ax.set_xlabel("position [nm]")
        ax.set_ylabel("vacancy site fraction / reservoir's [-]")
        ax.set_ylim(1e-5, 3e3)
        ax.set_title("(e) filling from the left (solid: with, dotted: without)")
        ax.legend()

        ax = axes[1, 2]
        h = results["hex_field"]
        im = ax.pcolormesh(h.x_m * 1e9, h.y_m * 1e9, np.log10(h.site_fraction), shading="auto")
        ax.set_aspect("equal")
        ax.set_xlabel("x [nm]")
        ax.set_ylabel("y [nm]")
        ax.set_title("(f) hexagonal grains: equilibrium occupancy")
        fig.colorbar(im, ax=ax, label="log10 vacancy site fraction [-]")
        fig.tight_layout()
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        path = out / "gb_segregation.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return path


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without install
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    target = args[0] if args else "out/gb_segregation"
    start = time.perf_counter()
    res = run({"coarse": "--coarse" in sys.argv}, target)
    print(res["curve"].query("grain_size_nm in (16.0, 133.0, 1000.0)").to_string(index=False))
    print(res["hex"].to_string(index=False))
    print(f"figure: {plot(res, target)}  ({time.perf_counter() - start:.1f} s)")


def main(out_dir: str | Path = "studies-out/gb_segregation", quick: bool = False) -> dict:
    """Run and plot (``quick``: the coarse configuration, for ``cellsim studies --quick`` and tests)."""
    res = run({"coarse": quick}, out_dir)
    res["figure"] = plot(res, out_dir)
    return res
