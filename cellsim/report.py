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
from .analysis.budget import loss_budget
from .analysis.interfaces import check_interfaces, rank_coatings
from .analysis.stress_coupling import cell_stress_effect
from .analysis.tables import dendrite_table, in_mpa, residual_stress_table
from .api import cycle, load_cell
from .electrolyte.conductivity import total_conductivity
from .errors import ParameterError, UnknownNameError
from .files import atomic_write, check_output_dir, write_text
from .parameters import load_electrolyte, studies_dir


# -- tables ------------------------------------------------------------------------------------------------------
def markdown_table(df, digits: int = 4) -> str:
    """A pandas DataFrame as a GitHub-flavoured Markdown table (floats to ``digits`` significant digits).

    Examples
    --------
    >>> import pandas as pd
    >>> print(markdown_table(pd.DataFrame({"a": ["x"], "b [V]": [3.14159]})))
    | a | b [V] |
    |---|---|
    | x | 3.142 |
    """
    def fmt(v):
        if isinstance(v, (bool, np.bool_)):
            return "yes" if v else "no"
        if isinstance(v, (float, np.floating)):
            return "-" if np.isnan(v) else f"{v:.{digits}g}"
        return str(v).replace("|", "\\|")  # a bar inside a cell would end it

    head = "| " + " | ".join(str(c).replace("|", "\\|") for c in df.columns) + " |"
    rule = "|" + "---|" * len(df.columns)
    rows = ["| " + " | ".join(fmt(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


# -- the report ----------------------------------------------------------------------------------------------------
def cell_report(cell="default", out_dir="cellsim-report", temperature_K=None, cycles=None, model="DFN",
                progress=None):
    """Write ``report.md`` for a cell design: cycling, interface windows, coatings, conductivity, mechanics.

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
        Model of the cycling section (the coating ranking and stress coupling use the SPMe).
    progress : callable(str), optional
        Told the name of each section as it starts.

    Returns
    -------
    Path
        The report file.
    """
    import pandas as pd

    say = progress or (lambda s: None)
    out = check_output_dir(out_dir, "out_dir")  # before any computing
    design = cell if hasattr(cell, "cathode") else load_cell(cell)
    T = design.protocol.temperature if temperature_K is None else float(temperature_K)
    out.mkdir(parents=True, exist_ok=True)
    md = [f"# Cell report: {design.name}", "",
          f"{design.description}", "",
          f"cellsim {__version__}, {datetime.date.today().isoformat()}; operating temperature {T - 273.15:.1f} degC. "
          "Every number of the inputs carries its source in parameter_sets/ (`assumed:`/`fitted:` where no "
          "measurement exists).", ""]

    say("design")
    rows = [("electrolyte", design.electrolyte, ""), ("area", f"{design.area * 1e4:.3g}", "cm2")]
    for part in ("cathode", "separator", "anode"):
        el = getattr(design, part)
        rows.append((f"{part} thickness", f"{el.thickness * 1e6:.4g}", "um"))
        if hasattr(el, "material"):
            rows.append((f"{part} material", el.material, ""))
            rows.append((f"{part} active volume fraction", f"{el.active_volume_fraction:.3g}", "1"))
    coat = design.coating.material if design.coating else "none"
    rows.append(("coating", coat + (f", {design.coating.thickness * 1e9:.3g} nm" if coat != "none" else ""), ""))
    rows.append(("grain size", "as measured" if design.grain_size is None else f"{design.grain_size * 1e9:.4g} nm",
                 ""))
    md += ["## Design", "", markdown_table(pd.DataFrame(rows, columns=["quantity", "value", "unit"])), ""]

    say("cycling")
    res = cycle(design, temperature_K=T, cycles=cycles, model=model)
    res.save(out / "cycling")
    s = res.summary
    md += ["## Cycling", "",
           f"{model}, {res.metadata['current_A'] * 1e3:.4g} mA ({design.protocol.specific_current:.4g} "
           f"mA/g NCM), {len(s)} cycle(s) at {T - 273.15:.1f} degC.", "",
           "![cycling](cycling/cycling.png)", "",
           markdown_table(s.iloc[sorted({0, len(s) - 1})][["cycle", "discharge_capacity_mAh_per_g", "hysteresis_V",
                                                          "first_cycle_efficiency", "coulombic_efficiency",
                                                          "cathode_interphase_nm", "capacity_retention"]]), ""]

    say("loss budget")
    budget = loss_budget(design, temperatures_K=[T], model=model)
    budget.to_csv(out / "budget.csv", index=False)
    md += ["### Loss budget", "",
           f"Each term's share of cycle 1's hysteresis ({1e3 * budget.attrs['hysteresis_V'][T]:.2f} mV at "
           f"{T - 273.15:.1f} degC; the shares add up to it): capacity-weighted mean of the term over the charge "
           "minus over the discharge (`cellsim budget`).", "",
           markdown_table(budget.assign(overpotential_mV=1e3 * budget.overpotential_V)[["term", "overpotential_mV"]]),
           ""]

    say("interfaces")
    interfaces = check_interfaces(res, design)
    atomic_write(out / "interfaces.csv", lambda tmp: interfaces.to_csv(tmp, index=False))
    md += ["## Interface stability windows", "",
           "Electrode surface potentials (min/max over the electrode, whole run) against the window of the "
           "material across each interface (V vs Li/Li+; margins negative where the material decomposes).", "",
           markdown_table(interfaces), ""]
    if design.coating is not None:
        ranking = rank_coatings(design, temperature_K=T)
        atomic_write(out / "coatings.csv", lambda tmp: ranking.to_csv(tmp, index=False))
        md += ["### Cathode coatings for this cell", "",
               "Same cell and coating thickness, one SPMe cycle each; costs against an ideal interface.", "",
               markdown_table(ranking), ""]
    else:
        md += ["(No [coating] table in the design, so no coating ranking: add one with a thickness.)", ""]

    say("conductivity")
    e = load_electrolyte(design.electrolyte)
    crow = []
    for t in sorted({298.15, 333.15, 373.15, T}):
        r = {"temperature_C": t - 273.15, "in data range": bool(e.temperature_min <= t <= e.temperature_max),
             "as-measured [S/cm]": total_conductivity(e, t, check_range="ignore") / 100}
        if design.grain_size is not None:
            r[f"cell, {design.grain_size * 1e9:.4g} nm grains ({design.grain_boundary_model}) [S/cm]"] = \
                total_conductivity(e, t, design.grain_size, gb_model=design.grain_boundary_model,
                                   check_range="ignore") / 100
        if e.grain_boundary is not None:
            for d in (100e-9, 1e-6, 10e-6):
                r[f"{d * 1e6:g} um grains [S/cm]"] = total_conductivity(e, t, d, check_range="ignore") / 100
        crow.append(r)
    md += ["## Electrolyte conductivity", "",
           f"{e.name} ({e.status}; {e.reference}). Review eq. 1 per branch"
           + (f", transition at {e.transition_temperature - 273.15:.0f} degC" if e.transition_temperature else "")
           + ("; brick-layer grain boundaries from its [grain_boundary] data." if e.grain_boundary is not None
              else "; no grain-boundary data: the stored value is an effective one."), "",
           markdown_table(pd.DataFrame(crow)), ""]

    say("mechanics")
    dend = dendrite_table([T])
    atomic_write(out / "dendrite.csv", lambda tmp: dend.to_csv(tmp, index=False))
    shown = ["material", "shear_modulus_ratio", "mn_verdict", "molar_volume_ratio", "generalised_regime",
             "generalised_verdict", "gb_verdict", "critical_current_density_A_m2"]
    rs = residual_stress_table(design, temperature_K=T)
    atomic_write(out / "residual_stress.csv", lambda tmp: rs.to_csv(tmp, index=False))
    eff = cell_stress_effect(design, T)
    md += ["## Mechanics", "", f"### Dendrite criteria against Li metal at {T - 273.15:.0f} degC", "",
           "Monroe-Newman shear-modulus rule (mn), the generalised criterion with the molar-volume ratio "
           "(Ahmad & Viswanathan 2017), and grain boundaries at half the shear modulus (gb).", "",
           markdown_table(dend[[c for c in shown if c in dend.columns]]), "",
           "### Thermal residual stress after melt infiltration", "",
           markdown_table(in_mpa(rs[["component", "material", "interface_pressure_Pa", "hoop_stress_Pa",
                                     "film_stress_Pa", "fracture_strength_Pa", "verdict"]])), "",
           "### Stress and conductivity", "",
           markdown_table(in_mpa(eff["table"][["component", "pressure_Pa", "conductivity_ratio", "residual_verdict"]])),
           "",
           f"Resistance-weighted conductivity factor {eff['factor']:.3f}: one SPMe cycle gives hysteresis "
           f"{eff['stress_free']['hysteresis_V']:.4f} V stress-free and {eff['stressed']['hysteresis_V']:.4f} V "
           f"with the residual stress (activation-volume term, {eff['table'].basis.iloc[0]}; elastic stresses, so "
           "an upper bound where the table above predicts cracking).", ""]
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


__all__ = ["cell_report", "load_study", "markdown_table", "run_studies", "study_scripts"]
