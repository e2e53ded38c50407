r"""Calibration study: fit the electrolyte's Arrhenius branch to (1) a synthetic dataset with a known truth and
(2) the review's own numbers for the Figure 19 cell.

Problem statement
-----------------
The default cell's electrolyte, Li1.9(OH)Cl0.9, has no published conductivity data; its library branch (3e-4 S/cm
at 100 degC, 0.22 eV) was fitted by hand. ``cellsim fit`` (:mod:`cellsim.sweep.fit`) fits conductivity_ref (at
100 degC) and the activation energy Ea of the branch sigma = sigma_ref (T_ref/T) exp(-Ea/k_B (1/T - 1/T_ref))
(cellsim's convention: Ea is the slope of ln(sigma T); a plain ln(sigma) slope is ~k_B T ~ 0.03 eV lower):

1. to ``studies/data/synthetic_{100,60}C`` (DFN time series with 2 mV noise; truth 2.0e-4 S/cm, 0.33 eV): a
   check that the fit recovers a known truth within its 95 % intervals;
2. to the review's statements (``studies/data/review_targets_{100,60}C``; Review section 7.1): ~150 mAh/g and
   ~0.1 V hysteresis at 100 degC and 25 mA/g fix conductivity_ref (Ea does not act at T_ref = 100 degC); the 60 degC
   hysteresis as a function of Ea then says which Ea each reading of "similarly small" allows (a profile over Ea,
   every other temperature dependence of the cell at its stored, assumed value). Related antiperovskites
   measure 0.26-0.54 eV (Li3OCl 0.26, review section 5.3.4; cubic Li2(OH)Cl 0.326, section 8.1;
   Li2(OH)0.9F0.1Cl 0.54 from its 25/100 degC values).

Outputs (in ``out_dir``): ``synthetic/`` and ``review/`` (the files of ``cellsim fit``), ``ea_profile.csv``
(Ea, 60 degC hysteresis, its ratio to 100 degC's) and ``fit_review.csv`` (the fits side by side).

Usage: ``python studies/fit_review.py [out_dir] [--quick]`` (DFN; ``--quick``: SPMe).
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

DATA = Path(__file__).parent / "data"
#: Ea of related materials measured (review): the range a physically consistent Li1.9(OH)Cl0.9 branch should sit in
RELATED_EA_EV = {"Li3OCl": 0.26, "Li2(OH)Cl (cubic)": 0.326, "Li2(OH)0.9F0.1Cl": 0.54}
PARAMETERS = ("electrolyte.conductivity_ref=1e-5S/cm:1e-2S/cm", "electrolyte.activation_energy=0.02eV:0.7eV:linear")


#: readings of the review's "similarly small" 60 degC hysteresis (mean, sd) [V]: assumed, see studies/data/README.md
READINGS_60C = ((0.10, 0.03), (0.10, 0.05), (0.15, 0.05), (0.20, 0.05))
EA_GRID_EV = (0.02, 0.06, 0.10, 0.14, 0.18, 0.22, 0.26, 0.30, 0.33, 0.40, 0.48, 0.54)


def run(out_dir="studies-out", quick: bool = False) -> dict:
    """The synthetic fit, the 100 degC fit to the review and the 60 degC profile over Ea."""
    import json

    import numpy as np
    import pandas as pd

    from cellsim.api import load_cell
    from cellsim.cell.model import CellModel, default_protocol
    from cellsim.errors import StoichiometryRangeWarning
    from cellsim.sweep.fit import _scaled_conductivity, fit, parse_fit_parameter, read_dataset, write_outputs

    out = Path(out_dir)
    design = load_cell()
    model = "SPMe" if quick else "DFN"
    results, rows, paths = {}, [], {}
    truth = json.loads((DATA / "synthetic_100C" / "run.json").read_text())["truth"]
    fits = (("synthetic", ("synthetic_100C", "synthetic_60C"), PARAMETERS, "voltage curves"),
            ("review", ("review_targets_100C",), PARAMETERS[:1], "Review section 7.1 capacity and hysteresis"))
    for name, folders, texts, targets in fits:
        data = [read_dataset(DATA / f, design=design) for f in folders]
        with warnings.catch_warnings():  # a trial branch may push an electrode out of its OCP fit
            warnings.simplefilter("ignore", StoichiometryRangeWarning)
            res = fit(data, [parse_fit_parameter(t) for t in texts], design, model=model, max_evaluations=60)
        results[name] = res
        (out / name).mkdir(parents=True, exist_ok=True)
        paths[name] = write_outputs(res, out / name, "default", targets)["fit"]
        for r in res.table.itertuples():
            rows.append({"fit": name, "model": model, "parameter": r.parameter, "value": r.value,
                         "ci_low": r.ci_low, "ci_high": r.ci_high, "unit": r.unit, "identifiable": r.identifiable,
                         "truth": truth.get(r.parameter) if name == "synthetic" else None,
                         "solves": res.solves, "converged": res.converged})
    # the 60 degC hysteresis over Ea at the review's conductivity_ref (one built model, the Ea as an input)
    sigma_ref = float(results["review"].table.value.iloc[0])
    cell = CellModel(design, model)
    protocol = default_protocol(design, cycles=1)
    materials = cell.materials
    from cellsim.cell.model import inputs_at

    def hysteresis(T, ea):
        values = {"electrolyte.conductivity_ref": sigma_ref, "electrolyte.activation_energy": ea}
        own = inputs_at(materials, T).electrolyte_conductivity_S_m
        sigma = _scaled_conductivity(own, materials.electrolyte, T, values)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", StoichiometryRangeWarning)
            run_ = cell.solve(protocol, T, inputs={"electrolyte_conductivity_S_m": sigma})
        return float(run_.result().summary.hysteresis_V.iloc[0])

    h100 = hysteresis(373.15, EA_GRID_EV[0])
    profile = pd.DataFrame({"activation_energy_eV": EA_GRID_EV,
                            "hysteresis_60C_V": [hysteresis(333.15, ea) for ea in EA_GRID_EV]})
    profile["ratio_60C_to_100C"] = profile.hysteresis_60C_V / h100
    profile.attrs["hysteresis_100C_V"] = h100
    profile.to_csv(out / "ea_profile.csv", index=False)
    bounds = []
    for mean, sd in READINGS_60C:  # one-sided 97.5 %: the largest Ea whose 60 degC hysteresis <= mean + 1.96 sd
        limit = mean + 1.96 * sd
        ea_max = float(np.interp(limit, profile.hysteresis_60C_V, profile.activation_energy_eV,
                                 left=np.nan, right=np.inf))
        bounds.append({"reading_V": mean, "sd_V": sd, "hysteresis_limit_V": limit, "ea_max_eV": ea_max})
    table = pd.DataFrame(rows)
    table.to_csv(out / "fit_review.csv", index=False)
    paths["csv"] = out / "fit_review.csv"
    paths["profile"] = out / "ea_profile.csv"
    return {**results, "table": table, "profile": profile, "bounds": pd.DataFrame(bounds), "paths": paths}


def main(out_dir: str | Path = "studies-out", quick: bool = False) -> dict:
    """Run the fits and the profile, write their files, print the comparison."""
    res = run(out_dir, quick)
    t = res["table"]
    print(t[["fit", "parameter", "value", "ci_low", "ci_high", "truth", "identifiable"]].to_string(index=False))
    p = res["profile"]
    print(f"100 degC hysteresis at the fitted conductivity_ref: {p.attrs['hysteresis_100C_V']:.4f} V")
    print(p.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    print(res["bounds"].to_string(index=False, float_format=lambda x: f"{x:.3g}"))
    print(f"related antiperovskites: {', '.join(f'{k} {v} eV' for k, v in RELATED_EA_EV.items())}")
    return res


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "studies-out", quick="--quick" in sys.argv)
