"""Benchmark: a large sweep (default 10,000 points, SPMe, one cycle) on this machine: memory, store size, resume.

Run by hand:  python benchmarks/bench_large_sweep.py [--points 10000] [--workers 2] [--interrupt-at 0.3]
                                                    [--out DIR] [--png FILE]

The sweep is a Latin hypercube over two input-only fields (temperature 60-120 degC, coating thickness 1-50 nm,
log) crossed with 10 cathode thicknesses (30-120 um, structural: 10 built models), ``--points`` in all, run the
way a user runs it: ``python -m cellsim.sweep SWEEP.toml --workers N`` in a child process. At
``--interrupt-at`` (fraction of the points stored) the sweep is interrupted with SIGINT (Ctrl-C) and started
again with the same command (resume is the default): the stored points are kept and only the rest computed.

Every ``--sample-s`` seconds the RSS of the sweep's process tree (the sweep process and its workers, psutil)
and the number of stored points (a read-only query of sweep.sqlite) are sampled. Printed: wall time, points
per second, RSS at start / middle / end of each run and its slope over the run, sweep.sqlite bytes per point.
Written: samples.csv and a figure (RSS and points done vs time, PNG).
"""
from __future__ import annotations

import argparse
import math
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N_THICKNESS = 10

TOML = """# written by benchmarks/bench_large_sweep.py
name = "large"
cell = "default"
model = "SPMe"
compile = {compile}
sampling = "lhs"
samples = {samples}
seed = 12
metrics = ["capacity", "hysteresis", "energy"]

[protocol]
cycles = 1
rate = "25mA/g"

[[axis]]
parameter = "temperature"
min = "60 degC"
max = "120 degC"

[[axis]]
parameter = "coating.thickness"
min = 1
max = 50
unit = "nm"
scale = "log"

[[axis]]
parameter = "cathode.thickness"
values = {thicknesses}
unit = "um"
"""


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
            return conn.execute("SELECT count(*) FROM points").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def tree_rss(proc) -> tuple[float, float, int]:
    """(RSS of the process [MB], RSS of the process and its Python descendants [MB], number of those processes).

    Only Python processes count (the sweep and its workers): with ``compile`` on, a worker that builds a model
    runs the C compiler for a few seconds, whose transient processes are not the sweep's memory."""
    import psutil

    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return math.nan, math.nan, 0
    rss = []
    for k, p in enumerate(procs):
        try:
            if k == 0 or "python" in p.name().lower():
                rss.append(p.memory_info().rss / 2**20)
        except psutil.NoSuchProcess:
            pass
    return rss[0] if rss else math.nan, sum(rss), len(rss)


def run_phase(cmd, db, t0, samples, phase, stop_at, sample_s):
    """Run the sweep command, sampling until it exits, or until ``stop_at`` points are stored (then SIGINT)."""
    import psutil

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    log = open(db.parent.parent / f"phase{phase}.log", "wb")
    # SIGINT back to its default in the child: a job started in the background (nohup ... &) inherits SIGINT
    # ignored, and Python then installs no KeyboardInterrupt handler
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    ps = psutil.Process(proc.pid)
    interrupted = None
    try:
        while proc.poll() is None:
            main_rss, total, nproc = tree_rss(ps)
            n = stored(db)
            samples.append((time.perf_counter() - t0, phase, n, main_rss, total, nproc))
            if stop_at is not None and n >= stop_at and interrupted is None:
                interrupted = time.perf_counter() - t0
                proc.send_signal(signal.SIGINT)  # Ctrl-C: the sweep stops its workers and exits
            time.sleep(sample_s)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
    samples.append((time.perf_counter() - t0, phase, stored(db), math.nan, math.nan, 0))
    return proc.returncode, interrupted


def at_fraction(rows, frac):
    """The sample nearest to ``frac`` of the way through ``rows`` (by points stored)."""
    lo, hi = rows[0][2], rows[-1][2]
    target = lo + frac * (hi - lo)
    return min(rows, key=lambda r: abs(r[2] - target))


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=10000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--interrupt-at", type=float, default=0.3, help="fraction of points stored when interrupted "
                                                                    "(0: no interruption)")
    ap.add_argument("--sample-s", type=float, default=2.0)
    ap.add_argument("--compile", choices=("auto", "true", "false"), default="auto",
                    help="the sweep's compile setting (auto: 1,000 points per model compile)")
    ap.add_argument("--out", default=None, help="output folder (default: a new temporary folder)")
    ap.add_argument("--png", default=None, help="figure file (default: OUT/large_sweep.png)")
    args = ap.parse_args(argv)

    import tempfile

    out = Path(args.out or tempfile.mkdtemp(prefix="cellsim-large-sweep-"))
    out.mkdir(parents=True, exist_ok=True)
    samples_n = max(1, args.points // N_THICKNESS)
    n_points = samples_n * N_THICKNESS
    toml = out / "large.toml"
    toml.write_text(TOML.format(samples=samples_n, thicknesses=[30 + 10 * i for i in range(N_THICKNESS)],
                                compile='"auto"' if args.compile == "auto" else args.compile))
    results = out / "results"
    db = results / "sweep.sqlite"
    cmd = [sys.executable, "-m", "cellsim.sweep", str(toml), "--out", str(results), "--workers", str(args.workers),
           "--no-progress"]
    print(f"{n_points}-point sweep ({samples_n} LHS samples x {N_THICKNESS} cathode thicknesses), "
          f"{args.workers} workers, output {out}", flush=True)
    samples: list = []
    t0 = time.perf_counter()
    stop_at = int(args.interrupt_at * n_points) if 0 < args.interrupt_at < 1 else None
    phases = []
    code, interrupted = run_phase(cmd, db, t0, samples, 1, stop_at, args.sample_s)
    phases.append((1, code, interrupted, stored(db), time.perf_counter() - t0))
    if interrupted is not None:
        print(f"phase 1 interrupted (SIGINT) at {interrupted:.1f} s; exit code {code}, {stored(db)} points stored",
              flush=True)
        code, _ = run_phase(cmd, db, t0, samples, 2, None, args.sample_s)
        phases.append((2, code, None, stored(db), time.perf_counter() - t0))
    wall = time.perf_counter() - t0
    final = stored(db)
    assert code == 0 and final == n_points, (code, final, (out / "phase2.log"))

    import pandas as pd

    df = pd.DataFrame(samples, columns=["t_s", "phase", "points", "sweep_rss_MB", "tree_rss_MB", "processes"])
    df.to_csv(out / "samples.csv", index=False)
    from cellsim.sweep import load_results

    res = load_results(results)
    assert len(res) == n_points and res.point_id.is_unique
    counts = res.status.value_counts().to_dict()
    size = db.stat().st_size
    wal = db.with_name(db.name + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    n_cols = len(res.columns)
    print(f"points: {n_points} ({counts}), wall time {wall:.1f} s (both runs and the restart), "
          f"{n_points / wall:.1f} points/s")
    for phase, code, interrupted, n_after, t_end in phases:
        rows = [r for r in samples if r[1] == phase and not math.isnan(r[4])]
        full = max((r[5] for r in rows), default=0)
        rows = [r for r in rows if r[5] == full]  # all workers up (not the start-up or the shut-down)
        if len(rows) < 3:
            continue
        warm = [r for r in rows if r[2] > rows[0][2]] or rows  # after the first stored point: workers started
        a, m, e = warm[0], at_fraction(warm, 0.5), warm[-1]
        # slope of the tree RSS over the run after the first 10 % of its points (memory flat = slope ~0)
        late = [r for r in warm if r[2] >= warm[0][2] + 0.1 * (warm[-1][2] - warm[0][2])]
        if len(late) >= 2 and late[-1][2] > late[0][2]:
            import numpy as np

            slope = np.polyfit([r[2] for r in late], [r[4] for r in late], 1)[0] * 1000
        else:
            slope = math.nan
        # the tree's RSS grows in steps when a worker builds another model (bounded: MODEL_CACHE_SIZE per
        # worker); between builds it should be flat: the growth over sample intervals without a step
        flat = [(b[4] - a_[4], b[2] - a_[2]) for a_, b in zip(late, late[1:]) if abs(b[4] - a_[4]) < 5.0]
        per_point = 1000 * sum(d for d, _ in flat) / max(1, sum(n for _, n in flat))
        steps = sum(1 for a_, b in zip(late, late[1:]) if abs(b[4] - a_[4]) >= 5.0)
        sweep_slope = 1000 * (e[3] - a[3]) / max(1, e[2] - a[2])
        print(f"run {phase}: points {rows[0][2]} -> {n_after} in {t_end - rows[0][0]:.1f} s"
              f"{' (interrupted)' if interrupted else ''}; RSS of the process tree ({a[5]} processes) at start / "
              f"middle / end: {a[4]:.0f} / {m[4]:.0f} / {e[4]:.0f} MB (at {a[2]} / {m[2]} / {e[2]} points), "
              f"sweep process alone {a[3]:.0f} / {m[3]:.0f} / {e[3]:.0f} MB\n"
              f"   growth per 1000 points: tree {slope:+.2f} MB overall ({steps} step(s) >= 5 MB: model builds), "
              f"{per_point:+.2f} MB between steps; sweep process {sweep_slope:+.2f} MB")
    print(f"store: sweep.sqlite {size / 2**20:.2f} MB (+ WAL {wal_size / 2**20:.2f} MB) for {n_points} points, "
          f"{n_cols} columns: {size / n_points:.0f} bytes/point ({(size + wal_size) / n_points:.0f} with the WAL)")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for phase, g in df.groupby("phase"):
        lab = phase == 1
        ax.plot(g.t_s, g.tree_rss_MB, "C0-", label="RSS, sweep + workers" if lab else None)
        ax.plot(g.t_s, g.sweep_rss_MB, "C0--", label="RSS, sweep process" if lab else None)
    ax.set_xlabel("time [s]")
    ax.set_ylabel("RSS [MB]", color="C0")
    ax.set_ylim(0, max(100.0, 1.2 * df.tree_rss_MB.max()))
    ax2 = ax.twinx()
    ax2.plot(df.t_s, df.points, "C1-", label="points stored")
    ax2.set_ylabel("points stored", color="C1")
    ax2.set_ylim(0, 1.05 * n_points)
    for phase, code, interrupted, *_ in phases:
        if interrupted is not None:
            ax.axvline(interrupted, color="k", lw=0.8, ls=":")
            ax.annotate(" interrupted (SIGINT),\n resumed", (interrupted, 0.05 * ax.get_ylim()[1]), fontsize=8)
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], loc="center right", fontsize=8)
    ax.set_title(f"{n_points}-point SPMe sweep, {args.workers} workers: {wall:.0f} s, "
                 f"{size / n_points:.0f} B/point in sweep.sqlite", fontsize=10)
    fig.tight_layout()
    png = Path(args.png) if args.png else out / "large_sweep.png"
    fig.savefig(png, dpi=120)
    print(f"figure: {png}; samples: {out / 'samples.csv'}")


if __name__ == "__main__":
    main()
