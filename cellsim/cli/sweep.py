"""``cellsim sweep SWEEP.toml``: run a parameter sweep from a TOML file into a resumable result store;
``cellsim sweep plot STORE``: draw its metrics against its axes.

Wire into the main parser with ``cellsim.cli.sweep.add_parser(subparsers)``; ``run(args)`` returns the
exit code: 0 when every point of the sweep is ok, 1 when some failed or timed out (their rows say why).
``plot`` returns 0 once the figures are written (failed points are drawn, not an error).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _positive_int(text):
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is not a positive number of workers")
    return n


def _seconds(text):
    from ..errors import ParameterError
    from ..sweep.spec import parse_timeout

    try:
        return parse_timeout(float(text) if text.replace(".", "", 1).isdigit() else text)
    except ParameterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def configure(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the sweep arguments to a parser."""
    p.add_argument("spec", metavar="SWEEP.toml | plot",
                   help="sweep description (see cellsim.sweep.spec), or 'plot' followed by a sweep output folder")
    p.add_argument("store", nargs="?", metavar="STORE",
                   help="plot: sweep output folder (or its sweep.sqlite), finished or partial")
    p.add_argument("--workers", type=_positive_int, default=None,
                   help="worker processes (default: all cores; 1 = in this process)")
    p.add_argument("--scheduler", metavar="ADDRESS|local", default=None,
                   help="run on Dask: 'local' starts a LocalCluster, or a scheduler address tcp://host:port")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="output folder for sweep.sqlite and results.csv (default: sweep-results/<sweep name>)")
    p.add_argument("--resume", action=argparse.BooleanOptionalAction, default=True,
                   help="keep stored points and compute only the missing ones (default: --resume)")
    p.add_argument("--retry-failed", action="store_true", help="also recompute failed and timed-out points")
    p.add_argument("--timeout", type=_seconds, metavar="SECONDS", default=None,
                   help="per-point time-out in seconds (default: the sweep file's 'timeout', else none)")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    g = p.add_argument_group("plot", "options of 'cellsim sweep plot STORE' (--out: folder of the PNGs, default "
                                     "STORE/plots)")
    g.add_argument("--metric", action="append", metavar="M",
                   help="metric to draw, e.g. capacity (repeatable or comma-separated; default: the sweep's)")
    g.add_argument("--x", metavar="AXIS", help="horizontal axis, e.g. temperature (default: the sweep's first axis)")
    g.add_argument("--by", metavar="AXIS", help="one line per value of this axis (default: the second axis)")
    p.set_defaults(func=run)
    return p


def add_parser(subparsers):
    """Register ``sweep`` on an ``argparse`` subparsers object; returns the new parser."""
    return configure(subparsers.add_parser(
        "sweep", help="run a parameter sweep (grid / Latin hypercube / list) into a resumable result store",
        description=__doc__.splitlines()[0]))


def run(args) -> int:
    """Run the sweep described by parsed ``args``; bad input raises a CellsimError before anything runs.

    Ctrl-C stops the sweep with exit status 130 and one line; every point finished before is in the store
    (committed one by one) and in results.csv, and the same command resumes.
    """
    if args.spec == "plot":
        return run_plot(args)
    from ..errors import ParameterError

    for flag, value in (("STORE", args.store), ("--metric", args.metric), ("--x", args.x), ("--by", args.by)):
        if value is not None:
            raise ParameterError(flag, value if flag == "STORE" else str(value),
                                 "only with 'plot', e.g. cellsim sweep plot sweep-results/my_sweep --metric capacity")
    from ..files import check_output_dir
    from ..sweep.execute import run_sweep
    from ..sweep.spec import load_sweep
    from ..sweep.store import ResultStore

    if args.out:
        check_output_dir(args.out)
    spec = load_sweep(args.spec)
    out = check_output_dir(Path(args.out) if args.out else Path("sweep-results") / spec.name)
    points = spec.points()
    n_points = len(points)
    compiled = ", compiled to C (the first build of a model compiles for ~5 s)" if spec.compile else ""
    print(f"sweep '{spec.name}': {n_points} points, {len({p.variant for p in points})} model variant(s){compiled}, "
          f"output {out}", file=sys.stderr)
    try:
        result = run_sweep(spec, out, workers=args.workers, scheduler=args.scheduler, resume=args.resume,
                           retry_failed=args.retry_failed, timeout_s=args.timeout, progress=args.progress)
    except KeyboardInterrupt:
        stored = 0
        if (out / "sweep.sqlite").exists():
            with ResultStore(out) as store:
                stored = len(set(store.statuses()) & {p.id for p in spec.points()})
        print(f"\ncellsim: interrupted (Ctrl-C); {stored} of {n_points} point(s) stored in {out} "
              "(run the same command again to resume)", file=sys.stderr)
        return 130
    c = result.counts
    print(f"computed {result.computed} point(s) in {result.wall_time_s:.1f} s ({result.backend}); "
          f"sweep total: {c['ok']} ok, {c['failed']} failed, {c['timeout']} timed out")
    with ResultStore(out) as store:
        warned = store.warned({p.id for p in spec.points()})
    if warned:
        print(f"{warned} point(s) finished with a warning (e.g. an electrode past its OCP fit): see the 'warning' "
              "column of results.csv")
    print("wrote " + ", ".join(str(p) for p in result.paths.values()))
    return 0 if c["failed"] == 0 and c["timeout"] == 0 else 1


def run_plot(args) -> int:
    """``cellsim sweep plot STORE [--metric M ...] [--x AXIS] [--by AXIS] [--out DIR]``: one PNG per metric."""
    from ..errors import ParameterError
    from ..sweep.plot import plot_store

    if args.store is None:
        raise ParameterError("STORE", None, "a sweep output folder, e.g. cellsim sweep plot sweep-results/my_sweep")
    for flag, value, default in (("--workers", args.workers, None), ("--scheduler", args.scheduler, None),
                                 ("--timeout", args.timeout, None), ("--retry-failed", args.retry_failed, False),
                                 ("--resume/--no-resume", args.resume, True)):
        if value != default:
            raise ParameterError(flag, value, "nothing with 'plot' (it only reads the store): drop it")
    metrics = [m.strip() for arg in args.metric or [] for m in arg.split(",") if m.strip()] or None
    paths = plot_store(args.store, out_dir=args.out, metrics=metrics, x=args.x, by=args.by)
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0
