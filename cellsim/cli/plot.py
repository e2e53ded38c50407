"""``cellsim plot DIR``: the figures of a finished ``cellsim cycle`` run, from the files it wrote.

Reads ``DIR/timeseries.csv`` and ``DIR/summary.csv`` (and ``DIR/run.json`` for the title, if present) and writes
``voltage_current.png`` (voltage and current vs time), ``voltage_capacity.png`` (voltage vs capacity, every cycle),
``dqdv.png`` (differential capacity of selected cycles, :func:`cellsim.analysis.curves.differential_capacity`) and
``capacity.png`` (capacity and retention vs cycle) into ``--out`` (default: DIR).
"""
from __future__ import annotations

#: what each file must hold for the figures
REQUIRED = {"timeseries.csv": ("cycle", "time_s", "current_A", "voltage_V", "charge_stored_mAh_per_g"),
            "summary.csv": ("cycle", "charge_capacity_mAh_per_g", "discharge_capacity_mAh_per_g", "capacity_retention")}
FIGURES = ("voltage_current.png", "voltage_capacity.png", "dqdv.png", "capacity.png")


def add_parser(subparsers):
    """Register ``plot`` on an argparse sub-parser collection; returns its parser."""
    p = subparsers.add_parser("plot", help="figures of a cycle run: V and I vs time, V vs capacity, dQ/dV, capacity",
                              description="Read the timeseries.csv and summary.csv that 'cellsim cycle' wrote into "
                                          "DIR and write " + ", ".join(FIGURES) + ". dQ/dV: Q(V) on a 5 mV grid, "
                                          "differentiated by a Savitzky-Golay filter over 9 points (45 mV).")
    p.add_argument("dir", metavar="DIR", help="folder of a 'cellsim cycle' run")
    p.add_argument("--out", help="folder for the figures (default: DIR)")
    p.add_argument("--dqdv-cycles", metavar="N,M,...",
                   help="cycles of the dQ/dV figure (default: the first, the last and two between)")
    p.set_defaults(func=run)
    return p


def read_run(folder):
    """(summary, timeseries, metadata) of a ``cellsim cycle`` folder; a missing folder, file or column raises
    :class:`~cellsim.errors.ParameterError` naming it."""
    import json
    from pathlib import Path

    import pandas as pd

    from ..errors import ParameterError

    d = Path(folder)
    if not d.is_dir():
        raise ParameterError("DIR", str(folder), "a folder written by 'cellsim cycle' (this is "
                             + ("a file)" if d.exists() else "not an existing folder)"))
    tables = {}
    for name, columns in REQUIRED.items():
        path = d / name
        if not path.is_file():
            raise ParameterError("DIR", str(folder), f"a folder written by 'cellsim cycle': it has no {name}")
        try:
            df = pd.read_csv(path)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            raise ParameterError(name, str(path), f"a CSV table written by 'cellsim cycle' ({exc})") from None
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise ParameterError(name, str(path), f"a table with column(s) {', '.join(columns)}; missing: "
                                                  f"{', '.join(missing)}")
        if df.empty:
            raise ParameterError(name, str(path), "a table with at least one row")
        tables[name] = df
    meta = {}
    if (d / "run.json").is_file():
        try:
            meta = json.loads((d / "run.json").read_text())
        except (json.JSONDecodeError, UnicodeDecodeError):
            meta = {}
    return tables["summary.csv"], tables["timeseries.csv"], meta


def run(args) -> int:
    from pathlib import Path

    from .. import plots
    from ..analysis.curves import differential_capacity
    from ..errors import ParameterError
    from ..files import atomic_write
    from .common import out_dir

    out = out_dir(args.out if args.out else args.dir)
    summary, ts, meta = read_run(args.dir)
    n_total = int(summary["cycle"].max())
    if args.dqdv_cycles:
        try:
            chosen = sorted({int(c) for c in args.dqdv_cycles.split(",") if c.strip()})
        except ValueError:
            raise ParameterError("--dqdv-cycles", args.dqdv_cycles, "cycle numbers, e.g. 1,10") from None
        bad = [c for c in chosen if c not in set(summary["cycle"])]
        if bad or not chosen:
            raise ParameterError("--dqdv-cycles", args.dqdv_cycles, f"cycles of the run, 1..{n_total}")
    else:
        chosen = plots.select_cycles(n_total)
    curves = {n: [(sign, *differential_capacity(cap, v)) for sign, cap, v in plots.half_cycles(ts, n)]
              for n in chosen}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    writers = {
        "voltage_current.png": lambda p: plots.time_figure(ts, meta, save_to=p),
        "voltage_capacity.png": lambda p: _voltage_capacity(plots, summary, ts, meta, p),
        "dqdv.png": lambda p: plots.dqdv_figure(curves, meta, n_total, save_to=p),
        "capacity.png": lambda p: plots.capacity_figure(summary, meta, save_to=p),
    }
    for name in FIGURES:
        atomic_write(out / name, writers[name])
    print(f"{plots.run_title(meta) or args.dir}: {len(summary)} cycle(s)")
    print("wrote " + ", ".join(str(out / n) for n in FIGURES))
    return 0


def _voltage_capacity(plots, summary, ts, meta, path):
    plt = plots._pyplot()
    with plt.rc_context(plots.STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 4.2), constrained_layout=True)
        cycles = [int(c) for c in summary["cycle"]]
        plots.draw_voltage_capacity(fig, ax, ts, cycles, max(cycles))
        fig.suptitle(plots.run_title(meta))
        fig.savefig(path, format="png")
        plt.close(fig)
