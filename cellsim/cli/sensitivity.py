"""``cellsim sensitivity SWEEP.toml --method sobol|morris``: global sensitivity of a sweep's metrics to its axes.

Writes ``DIR/sensitivity.csv`` (Sobol': ``metric, parameter, S1, S1_conf, ST, ST_conf``; Morris: ``metric,
parameter, mu_star, mu_star_conf, sigma, mu``), ``DIR/sensitivity_<metric>.png`` and the sweep's resumable store
(``DIR/sweep.sqlite``, ``DIR/results.csv``); prints the table. Exit status 0; 1 when too many points failed to
compute indices (the store keeps them); 2 bad input (before anything is computed or written).
"""
from __future__ import annotations

import argparse
import sys


def _int(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def add_parser(subparsers):
    """Register ``sensitivity`` on an argparse sub-parser collection; returns its parser."""
    p = subparsers.add_parser(
        "sensitivity", help="Sobol' or Morris sensitivity of a sweep's metrics to its axes (SALib)",
        description="Global sensitivity of a sweep's metrics to its axes. Every axis needs min/max; an axis with "
                    "scale = 'log' or a range of two decades or more is sampled on a log scale. Failed points: "
                    "the Sobol' base sample / Morris trajectory they belong to is left out; more than "
                    "--max-failed of them stops with exit status 1.")
    p.add_argument("spec", metavar="SWEEP.toml", help="sweep file whose axes give min and max")
    p.add_argument("--method", default="sobol", help="sobol (default) or morris")
    p.add_argument("--samples", type=_int, default=None,
                   help="Sobol': base samples N, a power of 2 >= 4 (N(D+2) points, default 64); "
                        "Morris: trajectories >= 2 (N(D+1) points, default 10)")
    p.add_argument("--seed", type=_int, default=0, help="seed of the sampling and the bootstrap (default 0)")
    p.add_argument("--workers", type=_int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--max-failed", type=float, default=0.1,
                   help="largest fraction of base samples / trajectories with a failed point (default 0.1)")
    p.add_argument("--retry-failed", action="store_true", help="recompute stored points that failed")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (resumable: rerun to reuse points)")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    p.set_defaults(func=run)
    return p


def run(args) -> int:
    from ..errors import ParameterError
    from ..sweep.sensitivity import SensitivityError, format_table, sensitivity

    if args.workers is not None and args.workers < 1:
        raise ParameterError("--workers", args.workers, "a positive integer")
    try:
        df = sensitivity(args.spec, args.out, method=args.method, samples=args.samples, seed=args.seed,
                         workers=args.workers, max_failed=args.max_failed, progress=args.progress,
                         retry_failed=args.retry_failed)
    except SensitivityError as exc:
        print(f"cellsim: {exc}", file=sys.stderr)
        return 1
    a = df.attrs
    print(f"{a['method']} sensitivity, {a['samples']} samples (seed {a['seed']}): {a['points']} points "
          f"({a['computed']} computed now) in {a['wall_time_s']:.1f} s; "
          + (f"{a['dropped_blocks']} of {a['blocks']} blocks left out for failed points" if a["dropped_blocks"]
             else "no failed points"))
    print(format_table(df))
    print(f"wrote {args.out}/sensitivity.csv and sensitivity_<metric>.png")
    return 0
