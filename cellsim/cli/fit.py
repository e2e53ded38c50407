"""``cellsim fit``: fit cell and material parameters to measured cycling data (fit.csv, correlation.csv,
fit.png, residuals.png, fitted.toml)."""
from __future__ import annotations

import sys
import time


def add_parser(subparsers):
    """Register ``fit`` on an argparse sub-parser collection; returns its parser."""
    f = subparsers.add_parser(
        "fit", help="fit cell/material parameters to measured curves or per-cycle summaries",
        description="Fit parameters of a cell to data: time series (cycle, current_A, voltage_V, "
                    "charge_stored_mAh_per_g) or per-cycle summaries (cycle and any of discharge_capacity_mAh_per_g, "
                    "hysteresis_V, capacity_retention, ...), the files cellsim cycle writes. Test conditions come "
                    "from the run.json beside each file or from --temperature/--rate. Writes fit.csv (value, 95 %% "
                    "interval, identifiable), correlation.csv, fit.json, fit.png, residuals.png and fitted.toml.",
        epilog="Example: cellsim fit run100/timeseries.csv run60/timeseries.csv --model SPMe "
               "--fit electrolyte.conductivity_ref=1e-5S/cm:1e-2S/cm --fit electrolyte.activation_energy=0.1eV:0.6eV "
               "--out fit-out")
    f.add_argument("data", nargs="+", metavar="DATA", help="CSV files or cellsim cycle output folders")
    f.add_argument("--cell", default="default", help="cell name or TOML file (default: default)")
    f.add_argument("--model", default="DFN", choices=["DFN", "SPMe"], help="cell model (default: DFN)")
    f.add_argument("--temperature", help="test temperature of every DATA file, e.g. 100C (default: run.json's)")
    f.add_argument("--rate", help="test current of every DATA file, e.g. 25mA/g (default: run.json's)")
    f.add_argument("--fit", action="append", required=True, metavar="NAME=LO:HI",
                   help="a parameter and its bounds with units, e.g. separator.thickness=50um:200um, optionally "
                        ":log or :linear after the bounds (default: log when HI/LO >= 10) (repeatable)")
    f.add_argument("--max-evaluations", type=int, default=60,
                   help="model evaluations per least-squares stage (default 60)")
    f.add_argument("--out", required=True, help="output folder")
    f.set_defaults(func=run)
    return f


def run(args) -> int:
    from ..api import load_cell
    from ..errors import ParameterError
    from ..parameters.loader import find
    from ..sweep.fit import fit, parse_fit_parameter, read_dataset, write_outputs
    from .common import out_dir

    out = out_dir(args.out)  # everything is checked before the first solve
    if args.max_evaluations < 2:
        raise ParameterError("--max-evaluations", args.max_evaluations, "an integer >= 2")
    parameters = [parse_fit_parameter(t) for t in args.fit]
    design = load_cell(args.cell)
    cell_path = find("cell", args.cell)
    datasets = [read_dataset(d, args.temperature, args.rate, design) for d in args.data]
    start = time.perf_counter()

    def progress(n):
        print(f"\rmodel evaluation {n}  ({time.perf_counter() - start:.1f} s)", end="", file=sys.stderr, flush=True)

    try:
        result = fit(datasets, parameters, design, model=args.model, max_evaluations=args.max_evaluations,
                     progress=progress)
    finally:
        print(file=sys.stderr)
    targets = "voltage curves" if all(d.kind == "timeseries" for d in datasets) else "per-cycle summaries"
    paths = write_outputs(result, out, cell_path, targets)
    t = result.table
    print(result.summary_line())
    for r in t.itertuples():
        flag = "" if r.identifiable else "   NOT identifiable"
        print(f"  {r.parameter:34s} {r.value:.4g} {r.unit}  (95 % {r.ci_low:.4g} .. {r.ci_high:.4g}){flag}")
    print("  rms residual: " + ", ".join(f"{g} {v:.3g}" for g, v in result.rms.items()))
    print("  wrote " + ", ".join(str(p) for p in paths.values()))
    return 0 if result.converged else 1
