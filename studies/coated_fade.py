r"""Issue 14 item 2: what makes a partly covered coated cell fade, and how it compares with the bare one.

Problem statement
-----------------
``studies/fit_coverage.py`` finds the coating coverage theta and interface resistance R_ct at which the default
coated cell keeps 85 % after 100 cycles at 100 degC, 25 mA/g with the review's 0.1 V first-cycle hysteresis (the
cell file holds its DFN fit). This study names the mechanism of that loss by counterfactual runs, and measures the
coated cell against the bare one over temperature and coating thickness, for the file's (theta, R_ct) or another
(theta, R_ct, film-resistivity scale) passed as inputs (``cellsim.cell.model.CellInputs``; the cell file is not
changed).

1. **Fade budget** (100 degC, 100 cycles): retention of the cell as it is and with one mechanism removed:
   - *film resistance off*: the interphase's resistivity divided by 1e4 (its initial equivalent thickness times
     1e4: the coating's own drop kept);
   - *electrolyte consumption off*: ``[interphase] electrolyte_per_formula = 0``, so the composite keeps its
     electrolyte fraction and conductivity; the growth then never runs out of electrolyte (it grows further);
   - *room for the released Li*: the anode twice as thick (N/P ~2.4 instead of ~1.2). The oxidation releases
     one Li+ per formula of product (Li3OCl proxy) into the cell. Each discharge empties the LTO anode into the
     cathode until the cathode is full (x 0.9996), the rest stays in the anode, and from then on the anode ends
     each charge full: the cyclable window is pinned at both ends, so the capacity is C_p + C_n - N_Li and falls
     by one mole of capacity per mole of Li released. With twice the anode the window is not pinned.
   The ledger shows it: from cycle 50 to 100 the discharge capacity lost equals the Li released
   (:func:`released_lithium_mAh_per_g`; measured 12.66 vs 12.66 mAh/g at the file's coverage 0.189). With twice
   the anode the window is not pinned and the released Li adds capacity instead (1.028 after 100 cycles; the
   film's resistance, 1.7e4 Ohm.m at 100 degC, changes it by 0.001).
   There is no switch for the Li release itself (it is the charge the side reaction carries through the
   electrode); the anode counterfactual removes its consequence instead. Shares of the loss are
   (R_counterfactual - R) / (1 - R).
2. **Temperature table**: coated vs bare retention after 100 cycles at 60 / 80 / 100 / 120 degC.
3. **Thickness sweep** (0.5-5 nm, coverage held): retention, film after 100 cycles and cycle-1 hysteresis.

Usage: ``python studies/coated_fade.py [out_dir] [--quick]`` (SPMe; ``--quick`` runs fewer cycles).
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from cellsim.report import load_study

# the sibling study's helpers (as a script or through cellsim.report, which imports studies by file)
_fit_coverage = load_study("fit_coverage", Path(__file__).parent)
coated_inputs, cycle_summary = _fit_coverage.coated_inputs, _fit_coverage.cycle_summary

T100 = 373.15
#: the coated cells compared: name -> (coverage, R_ct [Ohm.m2], film-resistivity scale), or None for the cell
#: file's own coverage and R_ct (studies/fit_coverage.py's DFN fit); complete coverage with the R_ct fitted to
#: the 0.1 V hysteresis at coverage 1 (studies/fit_review.py, the file's value until 2026-11-30) for contrast
CANDIDATES = {
    "cell file": None,
    "complete coverage": (1.0, 0.1059, 1.0),
}
TEMPERATURES_C = (60, 80, 100, 120)
THICKNESSES_NM = (0.5, 1, 2, 3, 5)
#: film-resistance counterfactual: resistivity divided by this (initial equivalent thickness multiplied)
FILM_OFF = 1e4


def _with(design, **parts):
    """``design`` with sub-tables replaced: ``_with(d, anode={"thickness": ...})``."""
    return dataclasses.replace(design, **{k: dataclasses.replace(getattr(design, k), **v) for k, v in parts.items()})


def released_lithium_mAh_per_g(design, materials, summary, first, last):
    """Li released by the oxidation between the ends of cycles ``first`` and ``last`` (1-based) [mAh.g-1].

    Faraday from the film's growth: dN = z a L_p A dL / V_m (L the product's volume per particle surface,
    a = 3 eps_am / r), per gram of cathode active material (the summary's mAh/cm2 over mAh/g).
    """
    from cellsim.constants import FARADAY

    ip, c = design.interphase, design.cathode
    area_m2 = 3 * c.active_volume_fraction / materials.cathode.particle_radius * c.thickness * design.area
    grams = (summary.discharge_capacity_mAh_per_cm2.iloc[0] / summary.discharge_capacity_mAh_per_g.iloc[0]
             * design.area * 1e4)
    film_m = 1e-9 * (summary.cathode_interphase_nm.iloc[last - 1] - summary.cathode_interphase_nm.iloc[first - 1])
    return film_m * area_m2 / ip.molar_volume * ip.lithium_per_formula * FARADAY / 3.6 / grams


def fade_budget(design, coverage, r_ct, scale=1.0, model="SPMe", cycles=100, temperature_K=T100):
    """Retention and share of the loss for the cell and each counterfactual (list of dicts)."""
    from cellsim.cell.model import CellModel

    cells = {"as is": design,
             "electrolyte consumption off": _with(design, interphase={"electrolyte_per_formula": 0.0}),
             "anode x2 (room for the released Li)": _with(design, anode={"thickness": 2 * design.anode.thickness})}
    rows = []
    for name, d in cells.items():
        cell = CellModel(d, model)
        for film in (True, False):
            if not film and name == "electrolyte consumption off":
                continue
            inp = coated_inputs(cell, temperature_K, coverage, r_ct, scale)
            if not film:
                inp = inp.replace(film_resistivity_Ohm_m=inp.film_resistivity_Ohm_m / FILM_OFF,
                                  film_initial_thickness_m=inp.film_initial_thickness_m * FILM_OFF)
            s = cycle_summary(cell, temperature_K, inp, cycles)
            rows.append({"case": name + ("" if film else ", film resistance off"), "cycles": len(s),
                         "retention": float(s.capacity_retention.iloc[-1]),
                         "capacity_cycle1_mAh_per_g": float(s.discharge_capacity_mAh_per_g.iloc[0]),
                         "film_nm": float(s.cathode_interphase_nm.iloc[-1]),
                         "hysteresis_cycle1_V": float(s.hysteresis_V.iloc[0]),
                         "hysteresis_last_V": float(s.hysteresis_V.iloc[-1])})
            if len(s) >= 100:  # the pinned window's ledger: capacity lost vs Li released, cycles 50 -> 100
                rows[-1].update(capacity_lost_50_100_mAh_per_g=float(s.discharge_capacity_mAh_per_g.iloc[49]
                                                                     - s.discharge_capacity_mAh_per_g.iloc[99]),
                                li_released_50_100_mAh_per_g=released_lithium_mAh_per_g(d, cell.materials, s, 50, 100))
    loss = 1 - rows[0]["retention"]
    for r in rows:  # no shares of a loss the cell does not have (complete coverage keeps ~1)
        r["share_of_loss"] = (r["retention"] - rows[0]["retention"]) / loss if loss > 0.01 else float("nan")
    return rows


def temperature_table(design, coverage, r_ct, scale=1.0, model="SPMe", cycles=100, temperatures_C=TEMPERATURES_C):
    """Coated and bare retention after ``cycles`` at each temperature (list of dicts)."""
    from cellsim.cell.model import CellModel, inputs_at

    coated = CellModel(design, model)
    bare = CellModel(_with(design, coating={"material": "none"}), model)
    # both cells' interfaces: the candidate's R_ct at 100 degC, moved to each temperature with the stored
    # activation energy (the file's Arrhenius law: its R_ct(T) / R_ct(100 degC))
    ratio = r_ct / inputs_at(coated.materials, T100).cathode_charge_transfer_resistance_Ohm_m2
    rows = []
    for c in temperatures_C:
        T = 273.15 + c
        r_T = inputs_at(coated.materials, T).cathode_charge_transfer_resistance_Ohm_m2 * ratio
        sc = cycle_summary(coated, T, coated_inputs(coated, T, coverage, r_T, scale), cycles)
        # the same film and interfaces without the coating (coated_inputs: its coverage does nothing there)
        sb = cycle_summary(bare, T, coated_inputs(bare, T, coverage, r_T, scale), cycles)
        rows.append({"temperature_C": c, "coated_retention": float(sc.capacity_retention.iloc[-1]),
                     "coated_cycles": len(sc), "coated_film_nm": float(sc.cathode_interphase_nm.iloc[-1]),
                     "bare_retention": float(sb.capacity_retention.iloc[-1]), "bare_cycles": len(sb),
                     "bare_film_nm": float(sb.cathode_interphase_nm.iloc[-1])})
    return rows


def thickness_sweep(design, coverage, r_ct, scale=1.0, model="SPMe", cycles=100, thicknesses_nm=THICKNESSES_NM):
    """Retention, film and cycle-1 hysteresis per coating thickness (coverage held; list of dicts)."""
    from cellsim.cell.model import CellModel

    cell = CellModel(design, model)  # the coating thickness is an input: one built model
    rows = []
    for nm in thicknesses_nm:
        thick = _with(design, coating={"thickness": nm * 1e-9})
        inp = coated_inputs(cell, T100, coverage, r_ct, scale, design=thick)
        s = cycle_summary(cell, T100, inp, cycles)
        rows.append({"thickness_nm": nm, "exposed_fraction": inp.interphase_exposed_fraction,
                     "coating_film_V_per_A_m2": inp.film_initial_thickness_m * inp.film_resistivity_Ohm_m,
                     "retention": float(s.capacity_retention.iloc[-1]),
                     "film_nm": float(s.cathode_interphase_nm.iloc[-1]),
                     "hysteresis_cycle1_V": float(s.hysteresis_V.iloc[0])})
    return rows


def run(out_dir="studies-out", quick=False, candidates=None) -> dict:
    """All three parts for each candidate; CSVs written."""
    import pandas as pd

    from cellsim.api import load_cell

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    design = load_cell()
    cycles = 20 if quick else 100
    tables = {"budget": [], "temperature": [], "thickness": []}
    for name, cand in (candidates or CANDIDATES).items():
        th, r, sc = cand or (design.coating.coverage, design.cathode.interface.charge_transfer_resistance, 1.0)
        name = name if cand else f"{name} (coverage {th:.3g})"
        for key, fn in (("budget", fade_budget), ("temperature", temperature_table), ("thickness", thickness_sweep)):
            tables[key] += [{"candidate": name, **row} for row in fn(design, th, r, sc, cycles=cycles)]
    res = {k: pd.DataFrame(v) for k, v in tables.items()}
    for k, df in res.items():
        df.to_csv(out / f"coated_fade_{k}.csv", index=False)
    res["png"] = figure(res, out / "coated_fade.png", cycles)
    return res


def figure(res, path, cycles=100):
    """Two panels: coated vs bare retention over temperature per candidate (left); the fade budget at 100 degC,
    retention of the cell as it is and of each counterfactual (right). Returns ``path``."""
    import textwrap

    from cellsim.plots import OKABE_ITO, STYLE, _pyplot, finish

    plt = _pyplot()
    temps, budget = res["temperature"], res["budget"]
    names = list(dict.fromkeys(temps.candidate))
    colours = {name: OKABE_ITO[(i + 1) % len(OKABE_ITO)] for i, name in enumerate(names)}
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.6), constrained_layout=True,
                                          gridspec_kw={"width_ratios": [1, 1.15]})
        for name in names:
            t = temps[temps.candidate == name]
            left.plot(t.temperature_C, t.coated_retention, "o-", color=colours[name], label=f"coated, {name}")
            left.plot(t.temperature_C, t.bare_retention, "s--", color=colours[name], label="bare, same R_ct and film")
        left.axhspan(0.8, 0.9, color="0.92", zorder=0, label="coated at 100 °C: 80-90 % (review: > 80 %)")
        left.axhline(1.0, color="0.5", lw=0.8)
        left.set(xlabel="Temperature [°C]", ylabel=f"Capacity retention after {cycles} cycles",
                 title="Coated vs bare cell (SPMe, 25 mA/g)")
        left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
        cases = list(dict.fromkeys(budget.case))
        for i, name in enumerate(names):
            b = budget[budget.candidate == name].set_index("case").reindex(cases)
            right.plot(b.retention, [k + 0.12 * (i - (len(names) - 1) / 2) for k in range(len(cases))], "o",
                       color=colours[name], label=name)
        right.axvline(1.0, color="0.5", lw=0.8)
        right.set_yticks(range(len(cases)), [textwrap.fill(c, 28) for c in cases])
        right.set_ylim(len(cases) - 0.5, -0.5)
        right.grid(axis="y", color="0.92")
        right.set(xlabel=f"Capacity retention after {cycles} cycles (100 °C)",
                  title="What the coated cell's fade is made of (100 °C)")
        right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1)
    finish(fig, path)
    return path


def main(out_dir: str | Path = "studies-out", quick: bool = False) -> dict:
    """Run, write, print."""
    import pandas as pd

    res = run(out_dir, quick)
    with pd.option_context("display.width", 220, "display.max_columns", 30):
        for k, df in res.items():
            if k != "png":
                print(f"\n{k}\n" + df.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    print(f"wrote {res['png']}")
    return res


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "studies-out", quick="--quick" in sys.argv)
