"""The loss budget of a cycle: each loss's share of the cycle's voltage hysteresis.

The cell's terminal voltage is split at every output time into the open circuit and one overpotential per loss
(:func:`cellsim.cell.components.voltage_components`: V(t) = sum_k eta_k(t)). The hysteresis of a cycle is
(:func:`cellsim.cell.results.cycle_summary`) the capacity-weighted mean voltage of the charge minus that of the
discharge over the stored-charge window both cover, so it splits the same way into one share per term.

Budget terms (:data:`TERMS`) are the voltage components with two refinements: the reaction overpotentials are the
electrode | electrolyte interfaces (``anode_interface``, ``cathode_interface``: charge transfer, from the cell's
``[<electrode>.interface]`` resistance), and each electrolyte region (anode composite, separator, cathode
composite) is split into its grain interior (``_bulk``) and grain boundaries (``_gb``). The electrolyte drop is
ohmic (single-ion conductor, t+ = 1), so a region's share divides in the ratio of the two resistances in series:
the grain-boundary part is the brick layer's R_gb / (R_bulk + R_gb) (:func:`grain_boundary_fraction`), the same in
every region because one electrolyte with one grain size fills them all.
"""
from __future__ import annotations

import numpy as np

from ..cell.components import COMPONENT_COLUMNS
from ..cell.model import CellModel, default_protocol, inputs_at
from ..cell.protocol import parse_rate
from ..cell.results import shared_window
from ..checks import check_temperature
from ..electrolyte.conductivity import electrolyte_conductivity, grain_boundary_conductivity, total_conductivity
from ..electrolyte.grain_boundary import brick_layer
from ..errors import ParameterError, UnknownNameError

#: the voltage components' names without their unit suffix (what :func:`hysteresis_shares` returns)
COMPONENT_TERMS = tuple(c[:-2] for c in COMPONENT_COLUMNS)
ELECTROLYTE_REGIONS = ("electrolyte_anode", "electrolyte_separator", "electrolyte_cathode")
_RENAMED = {"anode_reaction": "anode_interface", "cathode_reaction": "cathode_interface"}


def _budget_terms():
    out = []
    for t in COMPONENT_TERMS:
        out += [f"{t}_bulk", f"{t}_gb"] if t in ELECTROLYTE_REGIONS else [_RENAMED.get(t, t)]
    return tuple(out)


#: budget terms, in plotting order
TERMS = _budget_terms()
BUDGET_COLUMNS = ("temperature_K", "term", "overpotential_V")


def check_terms(terms) -> list:
    """``terms`` (names of :data:`TERMS`) as a list; an unknown name raises :class:`UnknownNameError`."""
    terms = list(terms)
    for t in terms:
        if t not in TERMS:
            raise UnknownNameError("term", t, TERMS)
    return terms


def hysteresis_shares(components, cycle: int = 1) -> dict:
    """Each voltage component's share of one cycle's hysteresis [V].

    Parameters
    ----------
    components : pandas.DataFrame
        :meth:`cellsim.cell.results.CellRun.voltage_components` of a run (steps, discharge_capacity_Ah and
        the component columns [V]).
    cycle : int
        Cycle number (1 = first).

    Returns
    -------
    dict
        term -> share [V]; the shares add up to the cycle's hysteresis.

    Notes
    -----
    With q the charge passed (PyBaMM's integrated "Discharge capacity [A.h]", growing on discharge) and
    [q_lo, q_hi] the window of q that the cycle's charge and discharge both cover
    (:func:`cellsim.cell.results.shared_window`; cycle 1's charge starts from the as-made state, deeper than
    the discharge ends),

        share_k = (1/W) int_charge,W eta_k |dq| - (1/W) int_discharge,W eta_k dq,   W = q_hi - q_lo      (1)

    each integral by the trapezoidal rule over the steps of the half cycle on the output grid of q, restricted
    to the window (rests pass no charge). Summed over k, (1) is the hysteresis of
    :func:`cellsim.cell.results.cycle_summary` (there from PyBaMM's integrated energy; the trapezoidal rule on
    ~400 points per half cycle agrees to < 0.1 %). Sign: a loss raises the charge voltage and lowers the
    discharge voltage, so its share is positive; the open-circuit share is nonzero when charge and discharge
    pass the window at different stoichiometries (interphase Li release).
    """
    c = components[components["cycle"] == cycle]
    if c.empty:
        raise ParameterError("cycle", cycle, f"a completed cycle, 1..{int(components['cycle'].max())}")
    halves = {"charge": [], "discharge": []}
    for _, s in c.groupby("step", sort=True):
        q = s["discharge_capacity_Ah"].to_numpy()
        if q[-1] != q[0]:
            halves["discharge" if q[-1] > q[0] else "charge"].append((q, s[list(COMPONENT_COLUMNS)].to_numpy()))
    if not halves["charge"] or not halves["discharge"]:
        raise ParameterError("cycle", cycle, "a cycle with both a charge and a discharge")
    lo, hi = shared_window(*([(q[0], q[-1]) for q, _ in halves[h]] for h in ("charge", "discharge")))
    mean = {h: sum(_integral_in_window(q, eta, lo, hi) for q, eta in v) / (hi - lo) for h, v in halves.items()}
    return dict(zip(COMPONENT_TERMS, (mean["charge"] - mean["discharge"]).tolist()))


def grain_boundary_fraction(materials, temperature_K: float) -> float:
    """Share of the electrolyte's resistance that lies in its grain boundaries, f_gb = 1 - sigma_total / sigma_bulk.

    With the design's grain size and grain-boundary model (brick layer: the boundaries' share of the series
    resistance, R_gb / (R_bulk + R_gb) of :func:`cellsim.electrolyte.grain_boundary.brick_layer`; segregation:
    1 - sigma_total / sigma_bulk, what trapping at the boundaries removes); 0 for a design without a grain size (the material's
    as-measured conductivity, not split).

    Parameters
    ----------
    materials : cellsim.cell.model.CellMaterials
        The cell's loaded materials.
    temperature_K : float
        Temperature [K].

    Returns
    -------
    float
        f_gb in [0, 1).
    """
    d = materials.design
    if d.grain_size is None:
        return 0.0
    e = materials.electrolyte
    if d.grain_boundary_model == "brick-layer":  # exact: the series layer's own share (bulk fills (d - w)/d)
        sigma_gb, width = grain_boundary_conductivity(e, temperature_K)
        return float(brick_layer(electrolyte_conductivity(e, temperature_K, check_range="ignore"), sigma_gb,
                                 d.grain_size, width).gb_resistance_fraction)
    bulk = total_conductivity(materials.electrolyte, temperature_K, None, check_range="ignore")
    total = total_conductivity(materials.electrolyte, temperature_K, d.grain_size, gb_model=d.grain_boundary_model,
                               check_range="ignore")
    return float(1.0 - total / bulk)


def budget_shares(shares: dict, gb_fraction: float) -> dict:
    """:func:`hysteresis_shares` as budget terms (:data:`TERMS`): interfaces renamed, electrolyte regions split
    into grain interior and boundaries with ``gb_fraction`` (:func:`grain_boundary_fraction`). Sums are kept."""
    out = {}
    for t, v in shares.items():
        if t in ELECTROLYTE_REGIONS:
            out[f"{t}_bulk"], out[f"{t}_gb"] = v * (1.0 - gb_fraction), v * gb_fraction
        else:
            out[_RENAMED.get(t, t)] = v
    return out


def _integral_in_window(q, eta, lo, hi):
    """int eta |dq| over the part of one step where q lies in [lo, hi] (trapezoidal; eta linear in q at the ends)."""
    if q[0] > q[-1]:
        q, eta = q[::-1], eta[::-1]
    a, b = max(lo, q[0]), min(hi, q[-1])
    if not b > a:
        return np.zeros(eta.shape[1])
    inside = (q > a) & (q < b)
    qq = np.concatenate([[a], q[inside], [b]])
    ends = np.array([[np.interp(x, q, col) for col in eta.T] for x in (a, b)])
    ee = np.concatenate([ends[:1], eta[inside], ends[1:]])
    return np.trapezoid(ee, qq, axis=0)


def loss_budget(design_or_cell="default", temperatures_K=(333.15, 373.15), rate=None, model: str = "DFN",
                cycle: int = 1, inputs: dict | None = None, terms=None):
    """The loss budget of a cycle: every term's share of the hysteresis, per temperature.

    Parameters
    ----------
    design_or_cell : str, path, CellDesign or CellModel
        A cell name, TOML path, loaded design, or a built :class:`~cellsim.cell.model.CellModel` (reused).
    temperatures_K : iterable of float
        Cell temperatures [K]; each must lie inside the electrolyte's conductivity data range.
    rate : str, optional
        "25mA/g" or "0.2C"; default the design's protocol current.
    model : {"DFN", "SPMe"}
        Cell model (ignored when a CellModel is given).
    cycle : int
        Which cycle of the protocol to split (the protocol runs ``cycle`` cycles).
    inputs : dict, optional
        :class:`~cellsim.cell.model.CellInputs` fields replacing the design's at every temperature, e.g.
        ``{"electrolyte_conductivity_S_m": 0.06}``.
    terms : iterable of str, optional
        Only these rows (names of :data:`TERMS`); default all, which add up to the hysteresis.

    Returns
    -------
    pandas.DataFrame
        Columns ``temperature_K, term, overpotential_V`` [K, -, V]: each term's share of the cycle's hysteresis
        (:func:`hysteresis_shares`, eq. 1). ``df.attrs["hysteresis_V"]`` maps each temperature to the cycle's
        ``hysteresis_V`` from :func:`cellsim.cell.results.cycle_summary`.

    Raises
    ------
    ParameterError
        A temperature outside the electrolyte's data range (checked for all temperatures before any solve), an
        unknown term or model name, a bad rate or cycle.
    """
    import pandas as pd

    from ..api import load_cell

    terms = TERMS if terms is None else check_terms(terms)
    if isinstance(design_or_cell, CellModel):
        cell = design_or_cell
    else:
        design = design_or_cell if hasattr(design_or_cell, "cathode") else load_cell(design_or_cell)
        cell = CellModel(design, model=model)
    if isinstance(cycle, bool) or not isinstance(cycle, int) or cycle < 1:
        raise ParameterError("cycle", cycle, "an integer >= 1")
    temps = [float(check_temperature(T, "temperature_K")) for T in np.atleast_1d(temperatures_K)]
    if not temps:
        raise ParameterError("temperatures_K", temperatures_K, "at least one temperature, e.g. (333.15, 373.15)")
    inputs = dict(inputs or {})
    for T in temps:  # every temperature checked (data range, input names) before the first solve
        inputs_at(cell.materials, T, "ignore" if "electrolyte_conductivity_S_m" in inputs else "error") \
            .replace(**inputs)
    overrides = parse_rate(rate) if rate is not None else {}
    protocol = default_protocol(cell.design, cycles=cycle, **overrides)
    rows, hyst = [], {}
    for T in temps:
        run = cell.solve(protocol, T, inputs=inputs)
        if run.cycles_completed < cycle:
            raise ParameterError("cycle", cycle, f"<= {run.cycles_completed} (cycles completed at {T} K)")
        shares = budget_shares(hysteresis_shares(run.voltage_components(), cycle),
                               grain_boundary_fraction(cell.materials, T))
        hyst[T] = float(run.summary["hysteresis_V"].iloc[cycle - 1])
        rows += [{"temperature_K": T, "term": t, "overpotential_V": shares[t]} for t in terms]
    df = pd.DataFrame(rows, columns=BUDGET_COLUMNS)
    df.attrs["hysteresis_V"] = hyst
    return df


#: a colour per loss, from Okabe & Ito's palette (cellsim.plots.OKABE_ITO) where it has one: anode terms light,
#: cathode terms dark, each electrolyte region one colour (its grain boundaries the same colour, hatched)
_TERM_COLORS = {"open_circuit": "0.75", "anode_diffusion": "#56B4E9", "cathode_diffusion": "#0072B2",
                "anode_interface": "#E69F00", "cathode_interface": "#D55E00", "anode_electronic": "#F0E442",
                "cathode_electronic": "0.45", "electrolyte_anode": "#009E73", "electrolyte_separator": "0.25",
                "electrolyte_cathode": "#CC79A7", "electrolyte_concentration": "0.6", "cathode_film": "0.85"}


def term_style(term: str) -> tuple:
    """(colour, hatch) of a budget term in :func:`plot_budget`: a region's grain-boundary share takes its bulk's
    colour, hatched; terms without a colour of their own (the summed small ones, ``other``) are light grey."""
    base, gb = (term[:-3], True) if term.endswith("_gb") else (term.removesuffix("_bulk"), False)
    return _TERM_COLORS.get(base, "0.9"), ("////" if gb else None)


def plot_budget(budget, save_to=None):
    """Stacked bars of a :func:`loss_budget` table: one bar per temperature, the hysteresis marked."""
    from ..plots import STYLE, _pyplot, finish

    plt = _pyplot()  # the project's backend choice (Agg without a display)

    temps = list(dict.fromkeys(budget["temperature_K"]))
    table = budget.pivot(index="term", columns="temperature_K", values="overpotential_V")
    order = [t for t in TERMS if t in table.index]
    # terms below 0.1 % of the largest hysteresis are summed into one bar segment so that the legend stays short
    hyst = budget.attrs.get("hysteresis_V", {})
    scale = max([abs(v) for v in hyst.values()] + [table.abs().to_numpy().max()])
    big = [t for t in order if table.loc[t].abs().max() >= 1e-3 * scale]
    small = [t for t in order if t not in big]
    with plt.rc_context(STYLE):  # the project's figure style
        fig, ax = plt.subplots(figsize=(7, 4.5))
    x = np.arange(len(temps))
    pos, neg = np.zeros(len(temps)), np.zeros(len(temps))
    series = [(t, 1e3 * table.loc[t, temps].to_numpy()) for t in big]
    if small:
        series.append((f"{len(small)} terms < 0.1 %", 1e3 * table.loc[small, temps].sum().to_numpy()))
    for name, val in series:
        bottom = np.where(val >= 0, pos, neg)
        color, hatch = term_style(name)
        ax.bar(x, val, 0.6, bottom=bottom, label=name.replace("_", " "), color=color, hatch=hatch,
               edgecolor="white" if hatch else color, linewidth=0)
        pos, neg = pos + np.clip(val, 0, None), neg + np.clip(val, None, 0)
    if hyst:
        h = [1e3 * hyst[T] for T in temps]
        ax.hlines(h, x - 0.38, x + 0.38, colors="k", linewidth=2, label="hysteresis (cycle summary)")
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.set_xticks(x, [f"{T - 273.15:.0f} °C" for T in temps])
    ax.set_xlabel("cell temperature")
    ax.set_ylabel("share of hysteresis [mV]")
    ax.set_title("loss budget (negative shares below 0; net = hysteresis)")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    fig.tight_layout()
    return finish(fig, save_to)


__all__ = ["BUDGET_COLUMNS", "COMPONENT_TERMS", "ELECTROLYTE_REGIONS", "TERMS", "budget_shares", "check_terms",
           "grain_boundary_fraction", "hysteresis_shares", "loss_budget", "plot_budget"]
