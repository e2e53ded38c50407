"""Engineering report of a cell design (``cellsim report``) and the study runner (``cellsim studies``).

The report is one Markdown page with its figures and CSV tables beside it: readable on any machine, in a
browser or a Git viewer, without cellsim installed.
"""
from __future__ import annotations

import datetime
import importlib.util
import inspect
import time
import traceback
from pathlib import Path

import numpy as np

from . import __version__
from .analysis.budget import loss_budget, plot_budget
from .analysis.interfaces import check_interfaces, rank_coatings
from .analysis.stress_coupling import cell_stress_effect
from .analysis.tables import dendrite_table, dendrite_v_note, in_mpa, residual_stress_table
from .api import cycle, load_cell
from .electrolyte.conductivity import total_conductivity
from .errors import ParameterError, UnknownNameError
from .files import atomic_write, check_output_dir, write_text
from .parameters import load_electrolyte, studies_dir
from .plots import OKABE_ITO


# -- column names ------------------------------------------------------------------------------------------------
#: The one mapping from cellsim's column names to the headers a reader sees; every table of the report goes through
#: it (:func:`markdown_table`), so a table shows "Discharge capacity (mAh/g)", never discharge_capacity_mAh_per_g.
COLUMN_NAMES = {
    # verdict summary and design
    "check": "Check", "value": "Value", "criterion": "Target / criterion (source)", "verdict": "Verdict",
    "quantity": "Quantity", "unit": "Unit",
    # cycling summary (cellsim.cell.results)
    "cycle": "Cycle", "charge_capacity_mAh_per_g": "Charge capacity (mAh/g)",
    "discharge_capacity_mAh_per_g": "Discharge capacity (mAh/g)", "coulombic_efficiency": "Coulombic efficiency (cycle 2 on)",
    "first_cycle_efficiency": "First-cycle efficiency (from as-made)", "hysteresis_V": "Hysteresis (V)", "mean_charge_voltage_V": "Mean charge voltage (V)",
    "mean_discharge_voltage_V": "Mean discharge voltage (V)", "discharge_energy_Wh_per_kg": "Discharge energy (Wh/kg)",
    "cathode_interphase_nm": "Cathode interphase (nm)", "capacity_retention": "Capacity retention",
    # loss budget
    "term": "Loss term", "overpotential_mV": "Share of hysteresis (mV)",
    # interface windows (cellsim.analysis.interfaces.INTERFACE_COLUMNS)
    "interface": "Interface", "material": "Material", "lower_V": "Window low (V vs Li)",
    "upper_V": "Window high (V vs Li)", "potential_min_V": "Lowest potential (V vs Li)",
    "potential_max_V": "Highest potential (V vs Li)", "min_margin_V": "Smallest margin (V)",
    "worst_excursion_V": "Worst excursion (V)", "fraction_outside": "Fraction of time outside",
    "time_outside_s": "Time outside (s)", "passes": "Inside window",
    # coating ranking
    "coating": "Coating", "cathode_high_margin_V": "Margin to oxidation (V)",
    "cathode_low_margin_V": "Margin to reduction (V)", "overlap_V": "Overlap with electrolyte window (V)",
    "asr_ohm_cm2": "Film resistance (Ohm cm2)", "capacity_cost_mAh_per_g": "Capacity cost (mAh/g)",
    "hysteresis_cost_V": "Hysteresis cost (V)", "retention": "Retention", "ocp_extrapolated": "OCP extrapolated in",
    # conductivity
    "temperature_C": "Temperature (degC)", "grains": "Grain size", "in_data_range": "Inside data range",
    "conductivity_S_per_cm": "Conductivity (S/cm)",
    # dendrite criteria
    "shear_modulus_ratio": "G / G_Li", "mn_critical_ratio": "Monroe-Newman critical G / G_Li",
    "mn_verdict": "Monroe-Newman verdict", "molar_volume_ratio": "Molar-volume ratio v",
    "generalised_regime": "Generalised regime", "generalised_verdict": "Generalised verdict",
    "gb_verdict": "Grain-boundary verdict", "critical_current_density_mA_cm2": "Critical current density (mA/cm2)",
    # residual stress and stress coupling
    "component": "Component", "interface_pressure_MPa": "Interface pressure (MPa)",
    "hoop_stress_MPa": "Hoop stress (MPa)", "film_stress_MPa": "Film stress (MPa)",
    "max_tensile_stress_MPa": "Largest tensile stress (MPa)", "fracture_strength_MPa": "Fracture strength (MPa)",
    "pressure_MPa": "Pressure (MPa)", "conductivity_ratio": "Conductivity ratio",
    "residual_verdict": "Residual-stress verdict",
    "elastic_verdict": "Elastic-stress verdict (upper bound)",
}


def column_label(name) -> str:
    """The header a reader sees for a column (:data:`COLUMN_NAMES`); names not in it are shown as they are.

    Examples
    --------
    >>> column_label("discharge_capacity_mAh_per_g")
    'Discharge capacity (mAh/g)'
    """
    return COLUMN_NAMES.get(name, str(name))


# -- tables ------------------------------------------------------------------------------------------------------
def markdown_table(df, digits: int = 4) -> str:
    """A pandas DataFrame as a GitHub-flavoured Markdown table (floats to ``digits`` significant digits).

    Headers go through :func:`column_label`.

    Examples
    --------
    >>> import pandas as pd
    >>> print(markdown_table(pd.DataFrame({"hysteresis_V": [0.0601834], "b [V]": [3.14159]})))
    | Hysteresis (V) | b [V] |
    |---|---|
    | 0.06018 | 3.142 |
    """
    def fmt(v):
        if isinstance(v, (bool, np.bool_)):
            return "yes" if v else "no"
        if isinstance(v, (float, np.floating)):
            return "-" if np.isnan(v) else f"{v:.{digits}g}"
        return str(v).replace("|", "\\|")  # a bar inside a cell would end it

    head = "| " + " | ".join(column_label(c).replace("|", "\\|") for c in df.columns) + " |"
    rule = "|" + "---|" * len(df.columns)
    rows = ["| " + " | ".join(fmt(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


# -- verdicts ------------------------------------------------------------------------------------------------------
REVIEW = "review section 7.1, Fig. 19c"
#: the review's cell: ~150 mAh/g and 0.1 V hysteresis at 25 mA/g and 100 degC, > 80 % after 100 cycles
REVIEW_TEMPERATURE_K, REVIEW_SPECIFIC_CURRENT_A_KG = 373.15, 25.0
REVIEW_CAPACITY_MAH_G, REVIEW_HYSTERESIS_V, REVIEW_RETENTION, REVIEW_RETENTION_CYCLES = 150.0, 0.1, 0.8, 100
#: assumed: "~150 mAh/g" read as +-10 %
CAPACITY_BAND = 0.10


def retention_target(cycles: int) -> float:
    """Retention after ``cycles`` cycles that keeps the review's pace (> 80 % after 100 cycles) [1].

    A constant fade per cycle: 0.8 ** ((N - 1) / 99), since retention is Q_N / Q_1.

    Examples
    --------
    >>> round(retention_target(100), 6), round(retention_target(10), 4), retention_target(1)
    (0.8, 0.9799, 1.0)
    """
    return REVIEW_RETENTION ** ((cycles - 1) / (REVIEW_RETENTION_CYCLES - 1))


def _window_text(lower, upper):
    if np.isinf(upper):
        return f"above {lower:.2f} V"
    return f"{lower:.2f}-{upper:.2f} V"


def verdict_summary(summary, interfaces, residual_stress, dendrite=None, excursions=None,
                    temperature_K: float = REVIEW_TEMPERATURE_K,
                    specific_current_A_kg: float = REVIEW_SPECIFIC_CURRENT_A_KG, model: str = "DFN",
                    anode_potential_min_V: float = float("nan"), relaxed=None):
    """What passes and what fails, one line per check, with the target and its source.

    Parameters
    ----------
    summary : pandas.DataFrame
        Per-cycle summary of the run (cycle, discharge_capacity_mAh_per_g, hysteresis_V, capacity_retention).
    interfaces : pandas.DataFrame
        :func:`~cellsim.analysis.interfaces.check_interfaces` of the run.
    residual_stress : pandas.DataFrame
        :func:`~cellsim.analysis.tables.residual_stress_table` (component, max_tensile_stress_Pa,
        fracture_strength_Pa, verdict "safe"/"crack"/"debond").
    dendrite : mapping, optional
        The cell electrolyte's row of :func:`~cellsim.analysis.tables.dendrite_table` (material,
        shear_modulus_ratio, mn_critical_ratio, mn_verdict; with generalised_verdict, generalised_regime,
        generalised_critical_ratio, generalised_stable_side and molar_volume_ratio a second line for the
        Ahmad-Viswanathan criterion); None when it has no elastic data.
    relaxed : pandas.DataFrame, optional
        :func:`~cellsim.analysis.stress_coupling.conductivity_stress_table` (residual_component,
        peak_tensile_stress_Pa, cracked): the residual-stress verdicts then use the peak stress after relaxation during cooling (the
        model the cell uses), the elastic stress shown beside it as an upper bound.
    excursions : dict, optional
        The run's ``metadata["stoichiometry_excursions"]``: {electrode: {x_low, x_high, fit_min, fit_max}} (or the
        tuple (x_low, x_high, fit_min, fit_max) of :func:`cellsim.cell.results.stoichiometry_excursions`).
    temperature_K, specific_current_A_kg : float
        Conditions of the run [K], [A.kg-1] (= mA/g); capacity and hysteresis are compared with the review only
        at its own conditions (100 degC, 25 mA/g).
    model : str
        Model of the run, shown with the cycling values.
    anode_potential_min_V : float
        Lowest anode surface potential of the run [V vs Li/Li+] (above 0: no Li plating, so the dendrite criterion
        concerns a Li-metal anode only).

    Returns
    -------
    pandas.DataFrame
        Columns check, value, criterion, verdict. A verdict starts with "pass", "FAIL", "warn" or
        "not assessed", followed by the reason.
    """
    import pandas as pd

    rows = []

    def add(check, value, criterion, verdict):
        rows.append({"check": check, "value": value, "criterion": criterion, "verdict": verdict})

    T, i = float(temperature_K), float(specific_current_A_kg)
    at_review = abs(T - REVIEW_TEMPERATURE_K) <= 0.5 and abs(i / REVIEW_SPECIFIC_CURRENT_A_KG - 1) <= 0.01
    elsewhere = f"not assessed: the run is at {T - 273.15:.0f} degC and {i:.3g} mA/g, the review's cell at 100 degC " \
                "and 25 mA/g"
    first, last, n = summary.iloc[0], summary.iloc[-1], len(summary)

    q = float(first["discharge_capacity_mAh_per_g"])
    lo, hi = REVIEW_CAPACITY_MAH_G * (1 - CAPACITY_BAND), REVIEW_CAPACITY_MAH_G * (1 + CAPACITY_BAND)
    if not at_review:
        v = elsewhere
    elif lo <= q <= hi:
        v = "pass"
    else:
        v = f"FAIL: {q / REVIEW_CAPACITY_MAH_G - 1:+.0%} from 150 mAh/g"
    add("Discharge capacity, cycle 1", f"{q:.1f} mAh/g ({model})",
        f"{lo:.0f}-{hi:.0f} mAh/g at 25 mA/g, 100 degC ({REVIEW}: ~150 mAh/g; +-10 % band assumed)", v)

    h = float(last["hysteresis_V"])
    if not at_review:
        v = elsewhere
    elif h <= REVIEW_HYSTERESIS_V:
        v = "pass"
    else:
        v = f"FAIL: {1e3 * (h - REVIEW_HYSTERESIS_V):.0f} mV above 0.1 V"
    add(f"Hysteresis, cycle {int(last['cycle'])}", f"{h:.3f} V ({model})",
        f"<= 0.10 V at 25 mA/g, 100 degC ({REVIEW}: 0.1 V)", v)

    r, target = float(last["capacity_retention"]), retention_target(n)
    if n < 2:
        v = "not assessed: one cycle run (use --cycles)"
    elif r >= target:
        v = "pass"
    else:
        v = f"FAIL: {100 * (target - r):.2f} points below the pace of 80 % after 100 cycles"
    add(f"Capacity retention after {n} cycle(s)", f"{100 * r:.2f} % ({model})",
        f">= {100 * target:.2f} % ({REVIEW}: > 80 % after 100 cycles, pro-rated 0.8^((N-1)/99))", v)

    for row in interfaces.itertuples(index=False):
        if np.isnan(row.potential_min_V):  # coating|electrolyte: the two windows must overlap
            value = f"windows overlap by {row.min_margin_V:.2f} V"
            criterion = f"{row.material}: windows overlap (coating hands the electrolyte a potential inside both)"
        else:
            value = f"{row.potential_min_V:.2f}-{row.potential_max_V:.2f} V vs Li (margin {row.min_margin_V:+.2f} V)"
            criterion = f"inside the {row.material} window, {_window_text(row.lower_V, row.upper_V)}"
        v = "pass" if row.passes else (f"FAIL: {row.worst_excursion_V:.2f} V outside the window for "
                                       f"{100 * row.fraction_outside:.0f} % of the run (interphase grows)")
        add(f"Interface {row.interface}", value,
            criterion + " (review Table 3; coatings: Zhu et al. 2015)", v)

    if dendrite is None:
        add("Li dendrites (shear modulus)", "-", "Monroe-Newman G/G_Li criterion", "not assessed: no elastic data")
    else:
        d = dict(dendrite)
        result = str(d.get("mn_verdict"))
        crit = d.get("mn_critical_ratio", float("nan"))
        note = (f"; only a Li-metal anode or Li plating is at risk: this anode stays >= {anode_potential_min_V:.2f} V "
                "vs Li" if np.isfinite(anode_potential_min_V) and anode_potential_min_V > 0 else "")
        v = {"pass": "pass", "fail": "FAIL: the electrolyte is too soft to stop Li filaments",
             "marginal": "warn: within 10 % of the critical ratio"}.get(result, f"not assessed: {result}")
        add("Li dendrites (shear modulus)", f"G/G_Li = {d['shear_modulus_ratio']:.2f} ({d['material']})",
            f"> {crit:.2f} (Monroe & Newman 2005, J. Electrochem. Soc. 152 A396; review section 6.4: about twice "
            "G_Li)", v + note)
        gen = d.get("generalised_verdict")
        if gen is not None:  # Ahmad & Viswanathan: the molar-volume ratio v decides on which side G must lie
            side = {"below": "<", "above": ">"}.get(str(d.get("generalised_stable_side")), "vs")
            v = {"pass": "pass", "fail": f"FAIL: {d.get('generalised_regime')} regime, G/G_Li must be {side} "
                                         f"{d.get('generalised_critical_ratio', float('nan')):.2f}",
                 "marginal": "warn: within 10 % of the critical ratio"}.get(str(gen), f"not assessed: {gen}")
            add("Li dendrites (shear modulus and molar volume)",
                f"G/G_Li = {d['shear_modulus_ratio']:.2f}, v = {d.get('molar_volume_ratio', float('nan')):.3g}",
                f"G/G_Li {side} {d.get('generalised_critical_ratio', float('nan')):.2f} in the "
                f"{d.get('generalised_regime')} regime (Ahmad & Viswanathan 2017, Phys. Rev. Lett. 119 056003)",
                v + note)

    peaks = {}
    if relaxed is not None:
        for r in relaxed.itertuples(index=False):
            peaks[r.residual_component] = (r.peak_tensile_stress_Pa, bool(r.cracked))
    for row in residual_stress.itertuples(index=False):
        st, fs = row.max_tensile_stress_Pa, row.fracture_strength_Pa
        peak = peaks.get(row.component)
        if peak is not None and row.verdict != "debond":
            value = f"largest tension {peak[0] / 1e6:.0f} MPa after relaxation ({st / 1e6:.0f} MPa elastic)"
            v = f"FAIL: cracks ({peak[0] / fs - 1:+.0%} over the strength)" if peak[1] else \
                ("pass" if st < fs else "pass (the elastic stress would crack it: the verdict rests on the "
                                        "assumed creep time and cooling rate)")
            target = (f"< fracture strength {fs / 1e6:.0f} MPa (K_IC 1 MPa m^0.5, 5 um flaw: assumed; review section "
                      "6.4); peak stress after Maxwell relaxation during cooling (parameter_sets/mechanics/"
                      "relaxation.toml, assumed)")
        else:
            value = f"largest tension {st / 1e6:.0f} MPa"
            v = {"safe": "pass", "crack": f"FAIL: cracks ({st / fs - 1:+.0%} over the strength)",
                 "debond": "FAIL: the particle-electrolyte interface opens"}.get(row.verdict, f"warn: {row.verdict}")
            target = (f"< fracture strength {fs / 1e6:.0f} MPa (K_IC 1 MPa m^0.5, 5 um flaw: assumed; review section "
                      "6.4); no debonding")
        add(f"Residual stress, {row.component}", value, target, v)

    exc = dict(excursions or {})
    if exc:
        keys = ("x_low", "x_high", "fit_min", "fit_max")
        parts = []
        for k, e in exc.items():
            lo_, hi_, a, b = (e[key] for key in keys) if isinstance(e, dict) else e
            parts.append(f"{k} x = {lo_:.3f}..{hi_:.3f} (fit {a:.3f}..{b:.3f})")
        value = "; ".join(parts)
        v = "warn: part of the capacity rides on an extrapolated OCP"
    else:
        value, v = "inside", "pass"
    add("Electrode stoichiometry", value, "inside each OCP fit's range +-0.01 (cellsim.cell.results)", v)
    return pd.DataFrame(rows, columns=["check", "value", "criterion", "verdict"])


def verdict_counts(verdicts) -> str:
    """One line: how many checks pass, fail, warn or were not assessed, and which fail.

    Examples
    --------
    >>> import pandas as pd
    >>> verdict_counts(pd.DataFrame({"check": ["a", "b", "c", "d"],
    ...                              "verdict": ["pass", "FAIL: x", "pass", "not assessed: y"]}))
    '2 pass, 1 fail, 0 warn, 1 not assessed. Failing: b'
    """
    v = verdicts["verdict"].astype(str)
    text = (f"{int(v.str.startswith('pass').sum())} pass, {int(v.str.startswith('FAIL').sum())} fail, "
            f"{int(v.str.startswith('warn').sum())} warn, {int(v.str.startswith('not assessed').sum())} not assessed")
    if "check" in verdicts:
        for word, label in (("FAIL", "Failing"), ("warn", "Warnings")):
            names = verdicts["check"][v.str.startswith(word)].tolist()
            if names:
                text += f". {label}: " + "; ".join(names)
    return text


# -- figures -------------------------------------------------------------------------------------------------------
def _save(fig, path):
    from .plots import finish

    finish(fig, path)
    return path


#: Okabe-Ito blue and vermillion (colour-blind safe, cellsim.plots.OKABE_ITO); failing bars are also hatched
PASS_COLOR, FAIL_COLOR = OKABE_ITO[5], OKABE_ITO[6]


def _pass_fail_handles(passing: str, failing: str):
    from matplotlib.patches import Patch

    return [Patch(facecolor=PASS_COLOR, edgecolor="k", lw=0.5, label=passing),
            Patch(facecolor=FAIL_COLOR, edgecolor="k", lw=0.5, hatch="//", label=failing)]


def retention_figure(summary, model: str, save_to=None):
    """Discharge capacity and retention vs cycle, with the review's capacity and pro-rated retention pace."""
    from .plots import STYLE, _pyplot

    plt = _pyplot()
    n = len(summary)
    c = summary["cycle"].to_numpy()
    with plt.rc_context(STYLE):
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(8.0, 3.2), constrained_layout=True)
        a1.plot(c, summary["discharge_capacity_mAh_per_g"], "o-", ms=4, label=f"discharge ({model})")
        a1.axhline(REVIEW_CAPACITY_MAH_G, color="0.4", ls=":", label="review: ~150 mAh/g (100 \u00b0C, 25 mA/g)")
        a1.set_ylim(0, 1.15 * max(REVIEW_CAPACITY_MAH_G, float(summary["discharge_capacity_mAh_per_g"].max())))
        a1.set_ylabel("Discharge capacity (mAh/g NCM)")
        a2.plot(c, 100 * summary["capacity_retention"], "o-", ms=4, label=f"cellsim ({model})")
        pace = [100 * retention_target(k) for k in range(1, n + 1)]
        a2.plot(c, pace, "k--", lw=1, label="review pace: 80 % after 100 cycles")
        low = min(75.0, 100 * float(summary["capacity_retention"].min()) - 2)
        a2.set_ylim(low, 102)
        a2.set_ylabel("Capacity retention (%)")
        for ax in (a1, a2):
            ax.set_xlabel("Cycle")
            ax.set_xlim(0.5, n + 0.5)
            ax.xaxis.get_major_locator().set_params(integer=True)
            ax.legend(loc="lower left")
        if save_to is not None:
            _save(fig, save_to)
    return fig


def windows_figure(timeseries, interfaces, save_to=None):
    """One panel per electrode interface: its surface potential (min-max band over the electrode) vs time, inside the
    window of the material it touches (shaded), the verdict in the title."""
    from .plots import STYLE, _pyplot

    plt = _pyplot()
    t = timeseries["time_s"].to_numpy() / 3600
    rows = [r for r in interfaces.itertuples(index=False) if not np.isnan(r.potential_min_V)]
    rows.sort(key=lambda r: not r.interface.startswith("cathode"))  # cathode on top, as on a potential axis
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(len(rows), 1, figsize=(7.0, 2.3 * len(rows)), sharex=True, constrained_layout=True,
                                 squeeze=False)
        for ax, row in zip(axes[:, 0], rows):
            which = row.interface.split("|")[0]
            color = "tab:red" if which == "cathode" else "tab:blue"
            lo, hi = timeseries[f"{which}_potential_min_V"], timeseries[f"{which}_potential_max_V"]
            top = min(row.upper_V, 5.0) if np.isfinite(row.upper_V) else 5.0
            ax.axhspan(row.lower_V, top, color="tab:green", alpha=0.12,
                       label=f"{row.material} window {_window_text(row.lower_V, row.upper_V)}")
            ax.fill_between(t, lo, hi, color=color, alpha=0.7, lw=1.0, label=f"{which} surface potential")
            ax.plot(t, hi, color=color, lw=0.8)
            ax.set_ylim(0, 5)
            ax.set_ylabel("V vs Li/Li$^+$")
            ok = "inside its window" if row.passes else f"leaves its window by {row.worst_excursion_V:.2f} V"
            ax.set_title(f"{row.interface}: {ok}", loc="left")
            ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
        axes[-1, 0].set_xlabel("Time (h)")
        if save_to is not None:
            _save(fig, save_to)
    return fig


def dendrite_figure(table, cell_row=None, save_to=None):
    """Shear-modulus ratio G/G_Li of every electrolyte against the Monroe-Newman criterion; the cell's highlighted."""
    from .plots import STYLE, _pyplot

    plt = _pyplot()
    df = table[["material", "shear_modulus_ratio", "mn_critical_ratio"]].copy()
    if cell_row is not None and cell_row["material"] not in set(df.material):
        df.loc[len(df)] = [cell_row["material"], cell_row["shear_modulus_ratio"], cell_row["mn_critical_ratio"]]
    df = df.sort_values("shear_modulus_ratio", ignore_index=True)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.5, 0.3 * len(df) + 1.2), constrained_layout=True)
        cell = None if cell_row is None else cell_row["material"]
        colors = [OKABE_ITO[1] if m == cell else "0.6" for m in df.material]
        ax.barh(df.material, df.shear_modulus_ratio, color=colors)
        crit = float(df.mn_critical_ratio.iloc[0])
        ax.axvline(crit, color="k", ls="--", lw=1.2, label=f"Monroe-Newman: G/G_Li > {crit:.2f}")
        ax.axvline(2 * crit, color="k", ls=":", lw=1.2,
                   label=f"grain boundaries too (G_GB = G/2): G/G_Li > {2 * crit:.2f}")
        handles, _ = ax.get_legend_handles_labels()
        if cell is not None:
            from matplotlib.patches import Patch

            handles.append(Patch(color=OKABE_ITO[1], label=f"this cell's electrolyte ({cell})"))
        ax.set_xscale("log")
        ticks = [t for t in (1, 2, 3, 5, 10, 20, 50) if 0.8 * df.shear_modulus_ratio.min() <= t
                 <= 1.2 * df.shear_modulus_ratio.max()]
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.xaxis.set_minor_formatter(plt.NullFormatter())
        ax.set_xlabel("Shear modulus of the electrolyte / shear modulus of Li (1)")
        ax.legend(handles=handles, loc="lower right")
        if save_to is not None:
            _save(fig, save_to)
    return fig


def _verdict_bars(ax, values, ok):
    """One bar per value: pass colour where ``ok``, else the fail colour, hatched (colour-blind safe)."""
    for x, (v, good) in enumerate(zip(values, ok)):
        ax.bar(x, v, color=PASS_COLOR if good else FAIL_COLOR, hatch=None if good else "//", edgecolor="k", lw=0.5)


def residual_stress_figure(table, save_to=None, relaxed=None):
    """Largest tensile residual stress of each component against the electrolyte's fracture strength.

    With ``relaxed`` (:func:`~cellsim.analysis.stress_coupling.conductivity_stress_table`) the bars and verdicts
    are the peaks after relaxation during cooling, the elastic stresses marked as their upper bound; without it,
    the elastic stresses and verdicts of ``table``.
    """
    from .plots import STYLE, _pyplot

    plt = _pyplot()
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.5, 3.2), constrained_layout=True)
        elastic = table["max_tensile_stress_Pa"].to_numpy() / 1e6
        if relaxed is None:
            st, verdicts = elastic, list(table["verdict"])
        else:
            r = relaxed.set_index("residual_component").loc[table["component"]]
            st = r["peak_tensile_stress_Pa"].to_numpy() / 1e6
            verdicts = ["crack" if c else "safe" for c in r["cracked"]]
            ax.plot(range(len(elastic)), elastic, "k_", ms=22, mew=1.5, label="elastic (upper bound)")
        _verdict_bars(ax, st, [v == "safe" for v in verdicts])
        ax.set_xticks(range(len(st)), table["component"])
        for x, (v, s) in enumerate(zip(verdicts, st)):
            ax.annotate(v, (x, s), ha="center", va="bottom", fontsize=8)
        strength = float(table["fracture_strength_Pa"].iloc[0]) / 1e6
        ax.axhline(strength, color="k", ls="--", label=f"fracture strength {strength:.0f} MPa (assumed K_IC, flaw)")
        ax.set_ylabel("Largest tensile stress (MPa)")
        ax.set_ylim(0, 1.25 * max(elastic.max(), strength))
        ax.tick_params(axis="x", labelrotation=15)
        ax.legend(loc="upper left")
        if save_to is not None:
            _save(fig, save_to)
    return fig


def coatings_figure(ranking, save_to=None):
    """Hysteresis of one cycle per cathode coating; hatched where the cathode drives a window open."""
    from .plots import STYLE, _pyplot

    plt = _pyplot()
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.0, 3.2), constrained_layout=True)
        _verdict_bars(ax, 1e3 * ranking["hysteresis_V"].to_numpy(), list(ranking["passes"]))
        ax.set_xticks(range(len(ranking)), ranking["coating"], rotation=30, ha="right")
        ax.set_ylabel("Hysteresis, cycle 1 (mV)")
        ax.legend(handles=_pass_fail_handles("windows hold", "a window is left"), loc="upper left")
        if save_to is not None:
            _save(fig, save_to)
    return fig


def conductivity_figure(electrolyte, temperature_K: float, save_to=None):
    """Arrhenius plot of the electrolyte over its data range, the operating temperature marked."""
    from .plots import STYLE, _pyplot

    plt = _pyplot()
    e = electrolyte
    T = np.linspace(e.temperature_min, e.temperature_max, 200)
    sigma = np.array([total_conductivity(e, t, check_range="ignore") for t in T]) / 100
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(5.5, 3.4), constrained_layout=True)
        ax.semilogy(1000 / T, sigma, "-", label=f"{e.name} (review eq. 1 with its parameter set)")
        s_op = total_conductivity(e, temperature_K, check_range="ignore") / 100
        ax.semilogy([1000 / temperature_K], [s_op], "o", color="tab:red",
                    label=f"operating point, {temperature_K - 273.15:.0f} \u00b0C")
        ax.set_xlabel("1000 / T (1/K)")
        ax.set_ylabel("Ionic conductivity (S/cm)")
        top = ax.secondary_xaxis("top", functions=(lambda x: 1000 / np.maximum(x, 1e-9) - 273.15,
                                                   lambda c: 1000 / (np.asarray(c) + 273.15)))
        top.set_xlabel("Temperature (\u00b0C)")
        ax.legend(loc="lower left")
        if save_to is not None:
            _save(fig, save_to)
    return fig


# -- the report ----------------------------------------------------------------------------------------------------
class _Figures:
    """Numbered figures with captions."""

    def __init__(self, out):
        self.out, self.n = out, 0

    def __call__(self, draw, name, caption):
        self.n += 1
        draw(self.out / name)
        return [f"![Figure {self.n}]({name})", "", f"*Figure {self.n}. {caption}*", ""]


def _caption_table(text):
    return [f"*{text}*", ""]


def cell_report(cell="default", out_dir="cellsim-report", temperature_K=None, cycles=None, model="DFN",
                progress=None, uncertainty: int = 0, seed: int = 0):
    """Write ``report.md`` for a cell design: verdicts, design, cycling, windows, coatings, conductivity, mechanics.

    Parameters
    ----------
    cell : str, path or CellDesign
    out_dir : str or Path
        Folder for report.md, its figures (PNG) and tables (CSV).
    temperature_K : float, optional
        Operating temperature; default the design's.
    cycles : int, optional
        Cycles of the cycling section; default the design's protocol.
    model : {"DFN", "SPMe"}
        Model of the headline run (cycling, loss budget, interface windows); the coating ranking and the stress
        coupling always use the SPMe (many solves of one built model), and the report says so once.
    progress : callable(str), optional
        Told the name of each section as it starts.
    uncertainty : int
        Samples of the uncertain inputs stored in the parameter sets (``uncertainty = {...}`` entries) for 5-95 %
        bands on the cycling curves (SPMe, :func:`cellsim.sweep.uncertainty.uncertainty_bands`, seeded by
        ``seed``); 0: no bands. Needs ``cell`` as a name or file (the stored uncertainties are read from it).

    Returns
    -------
    Path
        The report file.
    """
    import pandas as pd

    from .cell.balance import design_numbers
    from .cell.model import CellMaterials

    say = progress or (lambda s: None)
    out = check_output_dir(out_dir, "out_dir")  # before any computing
    design = cell if hasattr(cell, "cathode") else load_cell(cell)
    T = design.protocol.temperature if temperature_K is None else float(temperature_K)
    fast = "SPMe"

    # -- compute everything first: the verdict summary at the top needs all of it
    say("design")
    numbers = design_numbers(CellMaterials.load(design))
    say("cycling")
    res = cycle(design, temperature_K=T, cycles=cycles, model=model)
    out.mkdir(parents=True, exist_ok=True)
    res.save(out / "cycling")
    s, ts, meta = res.summary, res.timeseries, res.metadata
    current_mA = meta["current_A"] * 1e3
    specific = meta["current_A"] / meta["cathode_active_mass_kg"]  # A/kg = mA/g
    bands = None
    if uncertainty:
        from .sweep.uncertainty import save_bands, uncertainty_bands

        if hasattr(cell, "cathode"):
            raise ParameterError("cell", design.name, "a cell name or file for uncertainty bands (its stored "
                                                      "uncertainties are read from the parameter files)")
        say(f"uncertainty bands ({uncertainty} samples, {fast})")
        bands = uncertainty_bands(cell, n=uncertainty, seed=seed, model=fast, temperature_K=T, cycles=cycles)
        save_bands(bands, out / "uncertainty", title=f"{design.name}, {fast}, {T - 273.15:.0f} degC")
    say("loss budget")
    budget = loss_budget(design, temperatures_K=[T], model=model)
    atomic_write(out / "budget.csv", lambda tmp: budget.to_csv(tmp, index=False))
    say("interfaces")
    interfaces = check_interfaces(res, design)
    atomic_write(out / "interfaces.csv", lambda tmp: interfaces.to_csv(tmp, index=False))
    ranking = None
    if design.coating is not None:
        say("coatings")
        ranking = rank_coatings(design, temperature_K=T, model=fast)
        atomic_write(out / "coatings.csv", lambda tmp: ranking.to_csv(tmp, index=False))
    say("mechanics")
    dend = dendrite_table([T])
    atomic_write(out / "dendrite.csv", lambda tmp: dend.to_csv(tmp, index=False))
    try:
        cell_dend = dendrite_table([T], materials=[design.electrolyte]).iloc[0]
    except ParameterError:  # no elastic data for the cell's electrolyte
        cell_dend = None
    rs = residual_stress_table(design, temperature_K=T)
    atomic_write(out / "residual_stress.csv", lambda tmp: rs.to_csv(tmp, index=False))
    eff = cell_stress_effect(design, T)
    verdicts = verdict_summary(s, interfaces, rs, cell_dend, meta.get("stoichiometry_excursions"), T, specific,
                               model, float(ts["anode_potential_min_V"].min()), relaxed=eff["table"])
    atomic_write(out / "verdicts.csv", lambda tmp: verdicts.to_csv(tmp, index=False))

    # -- the page
    fig = _Figures(out)
    md = [f"# Cell report: {design.name}", "",
          f"{design.description}", "",
          f"cellsim {__version__}, {datetime.date.today().isoformat()}; {T - 273.15:.1f} degC, "
          f"{specific:.4g} mA/g NCM ({current_mA:.4g} mA, {meta['current_A'] / numbers.one_c_current_A:.3g}C), "
          f"{len(s)} cycle(s). Every input number carries its source in parameter_sets/ "
          "(`assumed:`/`fitted:` where no measurement exists); each table's CSV is beside this file.", ""]
    own_coating = ""
    if ranking is not None and design.coating.material in set(ranking.coating):
        q_fast = float(ranking.set_index("coating").discharge_capacity_mAh_per_g[design.coating.material])
        own_coating = (f" (this cell, cycle 1: {s.discharge_capacity_mAh_per_g.iloc[0]:.1f} mAh/g from the {model}, "
                       f"{q_fast:.1f} mAh/g from the {fast})")
    if model == fast:
        md += [f"**Models.** Every section uses the {fast} (single particle model with electrolyte).", ""]
    else:
        md += [f"**Models.** The headline numbers (verdicts, cycling, loss budget, interface windows) come from "
               f"the {model}. The coating ranking ({len(ranking) if ranking is not None else 0} candidates) and the "
               f"stress-conductivity comparison use the {fast}: one built model solved once per candidate, many "
               f"times faster than the {model}; the film resistance and the conductivity enter both models the "
               f"same way, so compare their numbers with each other (costs, ratios), not with the {model} "
               f"capacity{own_coating}. Each table names its model.", ""]

    md += ["## Verdict summary", "", f"{verdict_counts(verdicts)}.", "", markdown_table(verdicts), ""]

    rows = [("electrolyte", design.electrolyte, "")]
    for part in ("cathode", "separator", "anode"):
        el = getattr(design, part)
        if hasattr(el, "material"):
            rows.append((f"{part} material", el.material, ""))
        rows.append((f"{part} thickness", f"{el.thickness * 1e6:.4g}", "um"))
        if hasattr(el, "material"):
            rows.append((f"{part} active volume fraction", f"{el.active_volume_fraction:.3g}", "1"))
    coat = design.coating.material if design.coating else "none"
    rows.append(("coating", coat + (f", {design.coating.thickness * 1e9:.3g} nm" if coat != "none" else ""), ""))
    rows.append(("grain size", "as measured" if design.grain_size is None else f"{design.grain_size * 1e9:.4g} nm",
                 ""))
    rows += [(q, f"{v:.4g}", u) for q, v, u in numbers.rows()]
    rows.append(("limiting electrode", numbers.limiting_electrode, ""))
    rows.append(("voltage window", f"{design.protocol.lower_voltage:.3g}-{design.protocol.upper_voltage:.3g}", "V"))
    md += ["## Design", "",
           "Loading is active-material mass per area; capacities are the electrodes' usable capacities over their "
           "OCP fits' stoichiometry ranges; the C-rate basis is the cathode's (cellsim.cell.balance).", "",
           markdown_table(pd.DataFrame(rows, columns=["quantity", "value", "unit"])), ""]

    shown = [c for c in ("cycle", "charge_capacity_mAh_per_g", "discharge_capacity_mAh_per_g", "first_cycle_efficiency",
                         "coulombic_efficiency", "hysteresis_V", "cathode_interphase_nm", "capacity_retention")
             if c in s.columns]
    md += ["## Cycling", "",
           f"{model}, {current_mA:.4g} mA ({specific:.4g} mA/g NCM), {len(s)} cycle(s) at {T - 273.15:.1f} degC.", "",
           *fig(lambda p: None, "cycling/cycling.png",
                f"Cell voltage vs specific capacity (solid: charge, dashed: discharge) and capacity vs cycle "
                f"({model}, {T - 273.15:.0f} degC, {specific:.3g} mA/g)."),
           *fig(lambda p: retention_figure(s, model, save_to=p), "retention.png",
                f"Discharge capacity and capacity retention vs cycle ({model}), against the review's ~150 mAh/g "
                "and its pace of > 80 % after 100 cycles (review section 7.1)."),
           *_caption_table(f"Table: first and last cycle ({model})."),
           markdown_table(s.iloc[sorted({0, len(s) - 1})][shown]), ""]
    if bands is not None:
        ok = bands["samples"][bands["samples"].status == "ok"]
        sampled = ", ".join(f"{x.parameter} {x.low:.3g}-{x.high:.3g} ({x.distribution}; {x.source})"
                            for x in bands["inputs"])
        first = bands["summary"][bands["summary"].cycle == bands["summary"].cycle.min()]
        md += ["### Uncertainty", "",
               f"{len(ok)} of {len(bands['samples'])} samples (Latin hypercube, seed {seed}, {fast}) of the inputs "
               f"the parameter sets mark uncertain: {sampled}.", "",
               *fig(lambda p: None, "uncertainty/uncertainty.png",
                    f"5-95 % bands of the cycling curves and per-cycle numbers ({fast}, {T - 273.15:.0f} degC; "
                    f"{len(ok)} samples" + (": with fewer than ~40 the band edges are close to the smallest and "
                                             "largest sample" if len(ok) < 40 else "") + ")."),
               *_caption_table(f"Table: 5, 50 and 95 % of cycle {int(first.cycle.iloc[0])} ({fast})."),
               markdown_table(first.assign(quantity=first.quantity.map(lambda q: COLUMN_NAMES.get(q, q)))[
                   ["quantity", "nominal", "p05", "p50", "p95"]]), ""]

    budget_md = budget.assign(overpotential_mV=1e3 * budget.overpotential_V,
                              term=budget.term.str.replace("_", " "))[["term", "overpotential_mV"]]
    md += ["### Loss budget", "",
           f"Each term's share of cycle 1's hysteresis ({1e3 * budget.attrs['hysteresis_V'][T]:.2f} mV at "
           f"{T - 273.15:.1f} degC; the shares add up to it): capacity-weighted mean of the term over the charge "
           "minus over the discharge (`cellsim budget`).", "",
           *fig(lambda p: _save(plot_budget(budget), p), "budget.png",
                f"Loss budget of cycle 1 ({model}, {T - 273.15:.0f} degC): each term's share of the hysteresis; "
                "the black bar is the hysteresis of the cycle summary."),
           *_caption_table(f"Table: loss budget ({model})."), markdown_table(budget_md), ""]

    md += ["## Interface stability windows", "",
           "Electrode surface potentials (min/max over the electrode, whole run) against the window of the "
           "material across each interface (V vs Li/Li+; margins negative where the material decomposes).", "",
           *fig(lambda p: windows_figure(ts, interfaces, save_to=p), "windows.png",
                f"Electrode surface potentials vs time ({model}; band: lowest to highest over the electrode "
                "thickness) and the stability windows they must stay inside."),
           *_caption_table(f"Table: interface windows along the run ({model})."), markdown_table(interfaces), ""]
    if ranking is not None:
        tol = ranking.attrs["cost_tolerance"]
        shown_rank = ranking.copy()
        for col, t in tol.items():
            shown_rank[col] = [f"< {t:.1e}" if v == 0 else f"{v:.4g}" for v in ranking[col]]
        md += ["### Cathode coatings for this cell", "",
               f"Same cell and coating thickness, one {fast} cycle each; costs against an ideal interface (no film, "
               f"no interphase). Costs smaller than the solver resolves are shown as \"< tolerance\": "
               f"{tol['capacity_cost_mAh_per_g']:.1e} mAh/g (solver rtol x reference capacity) and "
               f"{tol['hysteresis_cost_V']:.1e} V (25 rtol x mean discharge voltage; the hysteresis of one solve "
               "was measured within 15 rtol x voltage of a 10,000 times tighter solve). A negative capacity cost "
               "above it is the side-reaction charge of a coating outside its window, not usable capacity.", "",
               *fig(lambda p: coatings_figure(ranking, save_to=p), "coatings.png",
                    f"Hysteresis of one {fast} cycle per cathode coating (2 nm unless the design says otherwise); "
                    "red hatched: the cathode drives a window open."),
               *_caption_table(f"Table: coating ranking ({fast}), window-passing coatings first."),
               markdown_table(shown_rank), ""]
    else:
        md += ["(No [coating] table in the design, so no coating ranking: add one with a thickness.)", ""]

    say("conductivity")
    e = load_electrolyte(design.electrolyte)
    crow = []
    grains = [("as measured", None, "brick-layer")]
    if design.grain_size is not None:
        grains.append((f"{design.grain_size * 1e9:.4g} nm (this cell, {design.grain_boundary_model})",
                       design.grain_size, design.grain_boundary_model))
    if e.grain_boundary is not None:
        grains += [(f"{d * 1e6:g} um", d, "brick-layer") for d in (100e-9, 1e-6, 10e-6)]
    for t in sorted({298.15, 333.15, 373.15, T}):
        for label, d, gb in grains:
            sig = total_conductivity(e, t, d, gb_model=gb, check_range="ignore") if d is not None else \
                total_conductivity(e, t, check_range="ignore")
            crow.append({"temperature_C": t - 273.15, "grains": label,
                         "in_data_range": bool(e.temperature_min <= t <= e.temperature_max),
                         "conductivity_S_per_cm": sig / 100})
    md += ["## Electrolyte conductivity", "",
           f"{e.name} ({e.status}; {e.reference}). Review eq. 1 per branch"
           + (f", transition at {e.transition_temperature - 273.15:.0f} degC" if e.transition_temperature else "")
           + ("; brick-layer grain boundaries from its [grain_boundary] data." if e.grain_boundary is not None
              else "; no grain-boundary data: the stored value is an effective one."), "",
           *fig(lambda p: _save(conductivity_figure(e, T), p), "conductivity.png",
                f"Ionic conductivity of {e.name} over its data range "
                f"({e.temperature_min - 273.15:.0f}-{e.temperature_max - 273.15:.0f} degC), operating point marked."),
           markdown_table(pd.DataFrame(crow)), ""]

    dshow = dend.assign(critical_current_density_mA_cm2=0.1 * dend.critical_current_density_A_m2)
    dcols = ["material", "shear_modulus_ratio", "mn_critical_ratio", "mn_verdict", "molar_volume_ratio",
             "generalised_regime", "generalised_verdict", "gb_verdict", "critical_current_density_mA_cm2"]
    cell_line = ("" if cell_dend is None else
                 f" This cell's {design.electrolyte}: G/G_Li = {cell_dend['shear_modulus_ratio']:.2f}, "
                 f"Monroe-Newman {cell_dend['mn_verdict']}"
                 + (f", generalised criterion {cell_dend['generalised_verdict']} (v = "
                    f"{cell_dend['molar_volume_ratio']:.3g}, {cell_dend['generalised_regime']})"
                    if "generalised_verdict" in cell_dend else "")
                 + " (its moduli: see parameter_sets/mechanics/elastic.toml).")
    md += ["## Mechanics", "", f"### Dendrite criteria against Li metal at {T - 273.15:.0f} degC", "",
           "Monroe-Newman shear-modulus rule, the generalised criterion with the molar-volume ratio "
           "(Ahmad & Viswanathan 2017), and grain boundaries at half the shear modulus (review section 6.4)."
           + cell_line + " " + dendrite_v_note(dend), "",
           *fig(lambda p: dendrite_figure(dend, cell_dend, save_to=p), "dendrite.png",
                f"Shear modulus of each electrolyte relative to Li at {T - 273.15:.0f} degC against the "
                "Monroe-Newman criterion (dashed) and the same at grain boundaries (dotted; log scale)."),
           markdown_table(dshow[[c for c in dcols if c in dshow.columns]]), "",
           "### Thermal residual stress after melt infiltration", "",
           f"Cooling from the electrolyte's solidification to {T - 273.15:.0f} degC (Selsing sphere in a matrix; "
           "biaxial film for the separator). The table gives the elastic stresses (an upper bound); the verdicts "
           "at the top and the conductivity below use the peak after Maxwell relaxation during cooling "
           f"({', '.join(f'{r.component}: {r.peak_tensile_stress_Pa / 1e6:.0f} MPa' for r in eff['table'].itertuples())}"
           "; creep time and cooling rate assumed, parameter_sets/mechanics/relaxation.toml).", "",
           *fig(lambda p: residual_stress_figure(rs, save_to=p, relaxed=eff["table"]), "residual_stress.png",
                "Largest tensile residual stress per component after relaxation during cooling (bars, with the "
                "verdict) and elastic (dashes, the upper bound) against the electrolyte's fracture strength "
                "(K_IC 1 MPa m^0.5, 5 um flaw: both assumed)."),
           markdown_table(in_mpa(rs[["component", "material", "interface_pressure_Pa", "hoop_stress_Pa",
                                     "film_stress_Pa", "fracture_strength_Pa", "verdict"]]).rename(
                                         columns={"verdict": "elastic_verdict"})), "",
           "### Stress and conductivity", "",
           *_caption_table(f"Table: residual pressure and the conductivity it gives (activation-volume term); "
                           f"cell effect from one {fast} cycle."),
           markdown_table(in_mpa(eff["table"][["component", "pressure_Pa", "conductivity_ratio", "residual_verdict"]])),
           "",
           f"Resistance-weighted conductivity factor {eff['factor']:.3f}: one {fast} cycle gives hysteresis "
           f"{eff['stress_free']['hysteresis_V']:.4f} V stress-free and {eff['stressed']['hysteresis_V']:.4f} V "
           f"with the residual stress (migration activation volume, {eff['table'].basis.iloc[0]}; stresses after "
           "Maxwell relaxation during cooling and at the operating temperature; a cracked region gets no gain).", ""]
    return write_text(out / "report.md", "\n".join(md))


# -- studies -------------------------------------------------------------------------------------------------------
def study_scripts(directory=None) -> dict:
    """The study scripts (``*.py`` with a ``main(out_dir, ...)``) in ``directory``, by name.

    ``directory`` defaults to the studies shipped with cellsim (:func:`cellsim.parameters.loader.studies_dir`:
    ``studies/`` of a checkout, ``cellsim.studies`` of an installed wheel).
    """
    try:
        folder = Path(directory) if directory is not None else studies_dir()
    except FileNotFoundError as exc:
        raise ParameterError("studies folder", "<not found>", str(exc)) from None
    if not folder.is_dir():
        raise ParameterError("studies folder", str(folder), "an existing folder of study scripts")
    return {p.stem: p for p in sorted(folder.glob("*.py")) if "def main(" in p.read_text()}


def load_study(name: str, directory=None):
    """Import one study script as a module (its ``main(out_dir, ...)`` makes the figures)."""
    scripts = study_scripts(directory)
    if name not in scripts:
        raise UnknownNameError("study", name, list(scripts))
    spec = importlib.util.spec_from_file_location(f"cellsim_study_{name}", scripts[name])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_studies(out_dir="studies-out", quick: bool = False, names=None, directory=None, progress=None):
    """Run every study (or ``names``) into ``out_dir/<name>``; a failing study is recorded and the rest go on.

    Returns
    -------
    pandas.DataFrame
        study, status ("ok"/"failed"), seconds, error.
    """
    import pandas as pd

    check_output_dir(out_dir, "out_dir")
    scripts = study_scripts(directory)
    for n in names or ():
        if n not in scripts:
            raise UnknownNameError("study", n, list(scripts))
    rows = []
    for name in names or scripts:
        if progress:
            progress(name)
        start = time.perf_counter()
        try:
            module = load_study(name, directory)
            kwargs = {"quick": True} if quick and "quick" in inspect.signature(module.main).parameters else {}
            module.main(Path(out_dir) / name, **kwargs)
            rows.append({"study": name, "status": "ok", "seconds": time.perf_counter() - start, "error": ""})
        except Exception as exc:  # a failed study is recorded; the others still run
            rows.append({"study": name, "status": "failed", "seconds": time.perf_counter() - start,
                         "error": f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"})
    return pd.DataFrame(rows, columns=["study", "status", "seconds", "error"])


__all__ = ["COLUMN_NAMES", "cell_report", "column_label", "conductivity_figure", "coatings_figure", "dendrite_figure",
           "load_study", "markdown_table", "residual_stress_figure", "retention_figure", "retention_target",
           "run_studies", "study_scripts", "verdict_counts", "verdict_summary", "windows_figure"]
