"""Windows along a simulated cycle: every interface of a cell, and a ranking of cathode coatings.

:func:`check_interfaces` compares the electrode surface potentials of a
:class:`~cellsim.cell.results.CyclingResult` with the window of the material across each interface;
:func:`rank_coatings` adds, for candidate coatings, the window test, the film's area-specific resistance and
its capacity/hysteresis cost from the cell model (one built model, the coating enters as input parameters).
"""
from __future__ import annotations

import warnings

import numpy as np

from ..cell.model import IDEAL_INTERFACE, CellModel, coating_inputs, coating_resistivity, default_protocol
from ..errors import ParameterError, StoichiometryRangeWarning, UnknownNameError
from ..parameters import available, load_coating
from ..stability.interface import area_specific_resistance, coating_check, window_excursion
from ..parameters.windows import materials as window_materials
from ..parameters.windows import window

#: tolerance factor of a hysteresis cost, in units of (solver rtol x mean discharge voltage): one SPMe cycle of the
#: default cell at rtol 1e-6 gave hysteresis costs within 3.2e-5 V (~15 rtol x 2.16 V) of the same costs at
#: rtol 1e-10, for eight coatings (measured for issue 16); 25 leaves a margin over that.
HYSTERESIS_COST_TOLERANCE_FACTOR = 25.0
#: tolerance factor of a capacity cost, in units of (solver rtol x reference capacity): capacities are integrated
#: states, measured within 1e-8 of the reference (0.01 rtol) in the same comparison; 1 rtol is the solver's promise.
CAPACITY_COST_TOLERANCE_FACTOR = 1.0


def cost_tolerances(rtol: float, capacity_mAh_per_g: float, voltage_V: float) -> dict:
    """Smallest capacity and hysteresis costs the cell solver resolves, from its relative tolerance.

    A cost is the difference between two solves of one built model; below these magnitudes it is numerical
    noise (the solver's error), not an effect of the coating.

    Parameters
    ----------
    rtol : float
        Relative tolerance of the solver [1] (``CellModel.rtol``, 1e-6 by default).
    capacity_mAh_per_g : float
        Discharge capacity of the reference run [mAh.g-1].
    voltage_V : float
        Mean discharge voltage of the reference run [V].

    Returns
    -------
    dict
        ``{"capacity_cost_mAh_per_g": tol_c, "hysteresis_cost_V": tol_h}`` with
        tol_c = :data:`CAPACITY_COST_TOLERANCE_FACTOR` rtol Q and
        tol_h = :data:`HYSTERESIS_COST_TOLERANCE_FACTOR` rtol V.

    Examples
    --------
    >>> t = cost_tolerances(1e-6, 142.4, 2.156)
    >>> f"{t['capacity_cost_mAh_per_g']:.3g} mAh/g, {t['hysteresis_cost_V']:.3g} V"
    '0.000142 mAh/g, 5.39e-05 V'
    """
    if not (0 < rtol < 1):
        raise ParameterError("rtol", rtol, "a relative tolerance between 0 and 1, e.g. 1e-6")
    return {"capacity_cost_mAh_per_g": CAPACITY_COST_TOLERANCE_FACTOR * rtol * abs(capacity_mAh_per_g),
            "hysteresis_cost_V": HYSTERESIS_COST_TOLERANCE_FACTOR * rtol * abs(voltage_V)}


def zero_below(values, tolerance: float):
    """``values`` with every entry of magnitude below ``tolerance`` set to 0 (nan stays nan).

    Examples
    --------
    >>> zero_below([-1e-6, 2e-3, -0.5, float("nan")], 1e-4).tolist()
    [0.0, 0.002, -0.5, nan]
    """
    v = np.asarray(values, dtype=float)
    return np.where(np.abs(v) < tolerance, 0.0, v)


INTERFACE_COLUMNS = ("interface", "material", "lower_V", "upper_V", "potential_min_V", "potential_max_V",
                     "min_margin_V", "worst_excursion_V", "fraction_outside", "time_outside_s", "passes")


def _excursion_row(interface, material, win, time_s, low_V, high_V):
    """Worst case of the lowest and highest local potential over the electrode thickness."""
    lo, hi = window_excursion(time_s, low_V, win), window_excursion(time_s, high_V, win)
    worst = lo if lo.min_margin_V <= hi.min_margin_V else hi
    return {"interface": interface, "material": material, "lower_V": win.lower, "upper_V": win.upper,
            "potential_min_V": float(np.min(low_V)), "potential_max_V": float(np.max(high_V)),
            "min_margin_V": worst.min_margin_V, "worst_excursion_V": max(lo.worst_excursion_V, hi.worst_excursion_V),
            "fraction_outside": max(lo.fraction_outside, hi.fraction_outside),
            "time_outside_s": max(lo.time_outside_s, hi.time_outside_s), "passes": worst.min_margin_V >= 0}


def check_interfaces(result, design, coating: str | None = None):
    """Window check of every interface of a cell along a simulated run.

    Parameters
    ----------
    result : CyclingResult
        A run of the cell (its time series has electrode surface potentials vs Li/Li+, min/max over x).
    design : CellDesign
        The cell (electrolyte and coating names).
    coating : str, optional
        Coating to check instead of the design's ("none" for a bare cathode).

    Returns
    -------
    pandas.DataFrame
        One row per interface (:data:`INTERFACE_COLUMNS`): anode|electrolyte, then cathode|coating and
        coating|electrolyte, or cathode|electrolyte when bare. Margins in V, negative when the window is left;
        for coating|electrolyte the margin is the overlap of the two windows (the coating, an electronic
        insulator, hands the electrolyte a potential inside both).

    Notes
    -----
    A material is stable where lower <= phi <= upper (phi = phi_s - phi_e vs Li/Li+, Review section 6.2).
    """
    import pandas as pd

    ts = result.timeseries
    t = ts["time_s"].to_numpy()
    coating = design.coating.material if coating is None and design.coating is not None else (coating or "none")
    el = window(design.electrolyte, kind="electrolyte")
    rows = [_excursion_row("anode|electrolyte", design.electrolyte, el, t, ts["anode_potential_min_V"].to_numpy(),
                           ts["anode_potential_max_V"].to_numpy())]
    cath_lo, cath_hi = ts["cathode_potential_min_V"].to_numpy(), ts["cathode_potential_max_V"].to_numpy()
    if coating == "none":
        rows.append(_excursion_row("cathode|electrolyte", design.electrolyte, el, t, cath_lo, cath_hi))
    else:
        cw = window(coating, kind="coating")
        rows.append(_excursion_row("cathode|coating", coating, cw, t, cath_lo, cath_hi))
        overlap = min(cw.upper, el.upper) - max(cw.lower, el.lower)
        rows.append({"interface": "coating|electrolyte", "material": f"{coating}/{design.electrolyte}",
                     "lower_V": max(cw.lower, el.lower), "upper_V": min(cw.upper, el.upper),
                     "potential_min_V": np.nan, "potential_max_V": np.nan, "min_margin_V": overlap,
                     "worst_excursion_V": max(0.0, -overlap), "fraction_outside": 0.0 if overlap >= 0 else 1.0,
                     "time_outside_s": 0.0 if overlap >= 0 else float(t[-1] - t[0]), "passes": overlap >= 0})
    return pd.DataFrame(rows, columns=INTERFACE_COLUMNS)


def rank_coatings(design, coatings=None, temperature_K=None, model: str = "SPMe", cycles: int = 1, progress=None):
    """Rank candidate cathode coatings for a cell: window test, film resistance and its cost in the cell.

    Parameters
    ----------
    design : CellDesign
        The cell; its coating thickness is used for every candidate.
    coatings : list of str, optional
        Candidates; default every coating with a window and a parameter set, plus "none".
    temperature_K : float, optional
        Default: the design's protocol temperature.
    model : {"SPMe", "DFN"}
        Cell model (SPMe default: the film resistance acts per particle the same way in both).
    cycles : int
        Cycles per candidate; retention after them is reported (interphase growth where a window is left).
    progress : callable(i, n, name), optional

    Returns
    -------
    pandas.DataFrame
        Sorted: passing coatings first, then by hysteresis. Columns: coating, passes, cathode_high_margin_V,
        cathode_low_margin_V, overlap_V, asr_ohm_cm2 (L / sigma at T), discharge_capacity_mAh_per_g,
        hysteresis_V, capacity_cost_mAh_per_g and hysteresis_cost_V (against an ideal interface: no film, no
        interphase growth; costs smaller than the solver resolves, :func:`cost_tolerances`, are set to 0 and the
        tolerances are in ``attrs["cost_tolerance"]``), retention, ocp_extrapolated.
        A negative capacity cost above the tolerance is real: a coating outside its window grows an interphase
        whose side-reaction charge shifts the cathode's lithiation, not a gain of usable capacity. The window margins use the cathode's surface-potential
        range of that ideal run (min/max over the electrode and the run).
        ``ocp_extrapolated`` names the electrodes whose stoichiometry left their OCP's range (its fit and borrowed
        tail; by more than 0.01) in that candidate's run ("" if none): a candidate's run reports it in this column
        instead of a :class:`~cellsim.errors.StoichiometryRangeWarning` (the interphase's Li relithiates NCM111
        past the BPX fit's end, onto its borrowed lithiated tail up to x = 1). The ideal reference run still warns.
    """
    import pandas as pd

    if design.coating is None:
        raise ParameterError("design.coating", None, "a [coating] table (its thickness is used for every candidate)")
    known = sorted(set(window_materials("coating")) & set(available("coating")))
    coatings = ["none", *known] if coatings is None else list(coatings)
    for c in coatings:
        if c != "none" and c not in known:
            raise UnknownNameError("coating", c, ["none", *known])
    T = design.protocol.temperature if temperature_K is None else temperature_K
    cell = CellModel(design, model=model)
    protocol = default_protocol(design, cycles=cycles)
    # the ideal interface (no film, no growth) is the cost reference and gives the cathode's potential range
    ideal_run = cell.cycle(protocol, T, inputs=IDEAL_INTERFACE)
    ideal, ts = ideal_run.summary.iloc[0], ideal_run.timeseries
    cath = (ts["cathode_potential_min_V"].min(), ts["cathode_potential_max_V"].max())
    el = window(design.electrolyte, kind="electrolyte")
    rows = []
    for i, name in enumerate(coatings):
        if progress:
            progress(i, len(coatings), name)
        with warnings.catch_warnings():
            # recorded in the ocp_extrapolated column (from the result's metadata) rather than warned
            warnings.simplefilter("ignore", StoichiometryRangeWarning)
            res = cell.cycle(protocol, T, inputs=coating_inputs(design, name, T))
        s = res.summary
        row = {"coating": name, "discharge_capacity_mAh_per_g": s.discharge_capacity_mAh_per_g.iloc[0],
               "hysteresis_V": s.hysteresis_V.iloc[0], "retention": s.capacity_retention.iloc[-1],
               "ocp_extrapolated": ",".join(sorted(res.metadata.get("stoichiometry_excursions", {})))}
        if name == "none":
            row.update(passes=bool(el.lower <= cath[0] and el.upper >= cath[1]), cathode_high_margin_V=el.upper - cath[1],
                       cathode_low_margin_V=cath[0] - el.lower, overlap_V=np.nan, asr_ohm_cm2=0.0)
        else:
            chk = coating_check(cath, window(name, kind="coating"), el)
            asr = area_specific_resistance(design.coating.thickness, 1.0 / coating_resistivity(load_coating(name), T))
            row.update(passes=chk.passes, cathode_high_margin_V=chk.cathode_high_margin_V,
                       cathode_low_margin_V=chk.cathode_low_margin_V, overlap_V=chk.overlap_V, asr_ohm_cm2=asr * 1e4)
        row["capacity_cost_mAh_per_g"] = ideal.discharge_capacity_mAh_per_g - row["discharge_capacity_mAh_per_g"]
        row["hysteresis_cost_V"] = row["hysteresis_V"] - ideal.hysteresis_V
        rows.append(row)
    cols = ["coating", "passes", "cathode_high_margin_V", "cathode_low_margin_V", "overlap_V", "asr_ohm_cm2",
            "discharge_capacity_mAh_per_g", "hysteresis_V", "capacity_cost_mAh_per_g", "hysteresis_cost_V",
            "retention", "ocp_extrapolated"]
    df = pd.DataFrame(rows, columns=cols)
    tol = cost_tolerances(cell.rtol, ideal.discharge_capacity_mAh_per_g, ideal.mean_discharge_voltage_V)
    for col, t in tol.items():
        df[col] = zero_below(df[col], t)
    df = df.sort_values(["passes", "hysteresis_V"], ascending=[False, True], ignore_index=True)
    df.attrs["cost_tolerance"] = tol
    return df
