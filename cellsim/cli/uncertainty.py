"""``cellsim cycle --uncertainty N [--seed S]``: 5-95 % bands on the cycling curves from the stored uncertainties.

The hook in :mod:`cellsim.cli` adds the two options (:func:`add_arguments`) and hands a ``cycle`` call with
``--uncertainty`` to :func:`run`, which writes ``uncertainty_curves.csv`` (voltage vs capacity bands per half
cycle), ``uncertainty_summary.csv`` (per-cycle bands), ``uncertainty_samples.csv`` (the sampled inputs and each
sample's first-cycle numbers) and ``uncertainty.png`` (:mod:`cellsim.sweep.uncertainty`).
"""
from __future__ import annotations

import sys
import time


def add_arguments(parser):
    """Add ``--uncertainty N`` and ``--seed S`` to the ``cycle`` parser."""
    parser.add_argument("--uncertainty", type=int, metavar="N", default=None,
                        help="sample the uncertain inputs stored in the parameter sets N times (Latin hypercube) "
                             "and write 5-95 %% bands (uncertainty_*.csv, uncertainty.png); --model SPMe is faster")
    parser.add_argument("--seed", type=int, default=0, help="seed of --uncertainty sampling (default 0)")


def run(args) -> int:
    from ..api import load_cell
    from ..cell.protocol import parse_rate
    from ..errors import ParameterError
    from ..sweep.uncertainty import cell_uncertainties, save_bands, uncertainty_bands
    from .common import cell_temperature, out_dir

    out = out_dir(args.out)  # everything is checked before any computing or output
    if args.uncertainty < 2:
        raise ParameterError("--uncertainty", args.uncertainty, "a number of samples >= 2 (e.g. 20)")
    if args.seed < 0:
        raise ParameterError("--seed", args.seed, "a non-negative integer")
    if args.cv_hold is not None or args.rest:
        raise ParameterError("--uncertainty", args.uncertainty, "the cell's CC protocol (without --cv-hold/--rest)")
    design = load_cell(args.cell)
    T = cell_temperature(args.temperature, design.protocol.temperature, design)
    if args.rate is not None:
        parse_rate(args.rate)
    inputs = cell_uncertainties(args.cell)
    if not inputs:
        raise ParameterError("--uncertainty", args.uncertainty, f"a cell whose values carry uncertainty tables "
                                                                f"({args.cell} and its electrolyte have none)")
    start = time.perf_counter()

    def progress(i, n):
        print(f"\rsample {i} of {n}  ({time.perf_counter() - start:.1f} s)", end="", file=sys.stderr, flush=True)

    bands = uncertainty_bands(args.cell, n=args.uncertainty, seed=args.seed, model=args.model, temperature_K=T,
                              rate=args.rate, cycles=args.cycles, progress=progress)
    print(file=sys.stderr)
    paths = save_bands(bands, out, title=f"{design.name} ({args.model}), {T - 273.15:.0f} \u00b0C: "
                                         f"{args.uncertainty} samples, seed {args.seed}")
    print(f"{design.name}: {args.model} at {T - 273.15:.1f} degC, {args.uncertainty} samples (seed {args.seed}) of "
          + ", ".join(x.parameter for x in inputs) + f" in {bands['wall_time_s']:.1f} s"
          + (f"; {bands['failed']} failed (left out)" if bands["failed"] else ""))
    s = bands["summary"]
    for q in ("discharge_capacity_mAh_per_g", "hysteresis_V", "capacity_retention"):
        for _, r in s[s.quantity == q].iloc[[0, -1]].drop_duplicates("cycle").iterrows():
            print(f"  cycle {int(r.cycle)} {q}: nominal {r.nominal:.4g}, 5-95 % [{r.p05:.4g}, {r.p95:.4g}]")
    print("  wrote " + ", ".join(str(p) for p in paths.values()))
    return 0
