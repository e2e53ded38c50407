"""Benchmark: the sweep engine's build-once-solve-many, its parallel efficiency and its per-point overhead.

Run by hand:  python benchmarks/bench_sweep.py [--points 500] [--repeats 5]
Prints ratios measured in one run (one-cycle SPMe sweeps of the default cell over temperature):

1. rebuild / sweep: time per point when every point builds its own CellModel without compiling (what a naive
   loop over ``cellsim.cycle`` does) vs the sweep's time per point: amortized (wall time / points, its one build
   included) and marginal (median stored duration of a point once the model is built) (target: >= 60).
   The sweep runs with the spec's default ``compile = "auto"`` (500 points on one model: compiled). It runs
   twice: first on an empty compile cache (the benchmark points ``PYBAMM_CASADI_AOT_CACHE`` at a new folder, so
   the first sweep pays the C compiler, ~5 s, as on a fresh machine), then again (the compiled library cached:
   what every later sweep of that model pays).
2. 2 workers vs 1: wall time of an 8-thickness x 100-temperature sweep (--per-model) on a 1-process and a 2-process pool;
   efficiency = t1 / (2 t2), end to end and in steady state. End to end, both runs include one worker
   start-up (spawn + import PyBaMM, ~2 s, paid by the workers side by side), a fixed cost that a long sweep
   pays once and this short one (~8 s of work) cannot amortize: it caps the end-to-end efficiency near
   (S + W) / (2 S + W). Steady state subtracts each run's start-up (``SweepRun.startup_s``: until every
   worker reported ready); the 8 model builds and the tail where one worker finishes alone stay in.
   The in-process serial time is printed too. On a 2-core machine shared with other jobs this is noisy.
3. overhead: the sweep evaluator at one point (solve + metrics) and ``CellModel.solve`` vs a raw
   ``pybamm.Simulation.solve`` of the same built simulation with the same inputs.
4. where a point's time goes (``--parts 4``): the batched evaluator on one built model, its stages timed by
   wrapping them (IDAKLU's integration, PyBaMM's per-step preparation and post-processing, the joined variable
   evaluation, summary and metrics).

``--compile true|false|auto`` sets the sweeps' ``compile`` (default: the spec's default, auto).
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

os.environ["PYBAMM_DISABLE_TELEMETRY"] = "true"
os.environ["PYBAMM_CASADI_AOT_CACHE"] = tempfile.mkdtemp(prefix="bench_sweep_aot_")  # cold: nothing compiled yet

COMPILE = "auto"  # --compile: the sweeps' compile setting


def spec_dict(n_T, thicknesses=("50 um",)):
    return {"name": "bench", "cell": "default", "model": "SPMe", "protocol": {"cycles": 1},
            "compile": COMPILE,
            "metrics": ["capacity", "hysteresis"],
            "axis": [{"parameter": "temperature", "min": "60 degC", "max": "120 degC", "num": n_T},
                     {"parameter": "cathode.thickness", "values": list(thicknesses)}]}


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=500,
                    help="temperatures of the one-model sweep (>= AUTO_COMPILE_POINTS: compiled by default)")
    ap.add_argument("--rebuilds", type=int, default=4, help="points timed with a rebuild each")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--parts", default="123", help="which of the three measurements to run (e.g. 2)")
    ap.add_argument("--per-model", type=int, default=100,
                    help="temperatures per thickness in measurement 2 (100: 800 points, 8 models; at 20 the 8 builds "
                         "and the worker start-up dominate the ~7 s run and hide the steady state)")
    ap.add_argument("--compile", choices=("auto", "true", "false"), default="auto",
                    help="the sweeps' compile setting (IDAKLU compiles the model to C); the rebuild-per-point "
                         "baseline never compiles (a naive loop over cellsim.cycle)")
    args = ap.parse_args(argv)
    global COMPILE
    COMPILE = {"auto": "auto", "true": True, "false": False}[args.compile]

    from cellsim.cell.model import inputs_at
    from cellsim.sweep import SweepSpec, run_sweep
    from cellsim.sweep.evaluate import run_point

    import pybamm

    spec = SweepSpec.from_dict(spec_dict(args.points))
    points = spec.points()
    run_sweep(SweepSpec.from_dict(spec_dict(2)), tempfile.mkdtemp(), workers=1, progress=False)  # warm imports

    print(f"one-cycle SPMe sweep of the default cell, pybamm {pybamm.__version__}"
          + f" (compile = {'true' if spec.compile else 'false'}, setting {args.compile})")
    if "1" in args.parts:
        part1(args, spec, points, run_sweep, run_point)
    if "2" in args.parts:
        part2(args, run_sweep, SweepSpec)
    if "3" in args.parts:
        part3(args, spec, points, run_point, inputs_at)
    if "4" in args.parts:
        part4(spec, points)


def part1(args, spec, points, run_sweep, run_point):
    # 1. build once, solve many vs rebuild per point
    import dataclasses

    t_cold, _ = timed(lambda: run_sweep(spec, tempfile.mkdtemp(), workers=1, progress=False))
    t_sweep, run = timed(lambda: run_sweep(spec, tempfile.mkdtemp(), workers=1, progress=False))
    assert run.counts["ok"] == len(points), run.results.error.tolist()
    per_point_cold, per_point_sweep = t_cold / len(points), t_sweep / len(points)
    marginal = float(run.results.duration_s.iloc[1:].median())
    naive = dataclasses.replace(spec, compile=False)  # a loop over cellsim.cycle: no compile
    rebuild = []
    for p in points[:: max(1, len(points) // args.rebuilds)][: args.rebuilds]:
        rebuild.append(timed(lambda: run_point(p, naive, {}))[0])  # empty cache: build + solve + metrics
    per_point_rebuild = statistics.median(rebuild)
    print(f"1. {len(points)}-point temperature sweep, 1 worker, compile = {str(spec.compile).lower()}:")
    print(f"   first sweep (empty compile cache)          : {t_cold:.2f} s = {per_point_cold * 1e3:.1f} ms/point "
          f"amortized (build and compile included)")
    print(f"   again (compiled model cached)              : {t_sweep:.2f} s = {per_point_sweep * 1e3:.1f} ms/point "
          f"amortized (one build included), {marginal * 1e3:.1f} ms/point marginal")
    print(f"   rebuilding the CellModel per point         : {per_point_rebuild * 1e3:.1f} ms/point "
          f"(median of {len(rebuild)}, no compile)")
    print(f"   ratio rebuild / sweep, amortized, first    : {per_point_rebuild / per_point_cold:8.1f}")
    print(f"   ratio rebuild / sweep, amortized, cached   : {per_point_rebuild / per_point_sweep:8.1f}  (target >= 60)")
    print(f"   ratio rebuild / sweep, marginal            : {per_point_rebuild / marginal:8.1f}")


def part2(args, run_sweep, SweepSpec):
    # 2. parallel efficiency: 4 thicknesses x N temperatures
    big = SweepSpec.from_dict(spec_dict(args.per_model, tuple(f"{L} um" for L in range(30, 110, 10))))
    t0, r0 = timed(lambda: run_sweep(big, tempfile.mkdtemp(), workers=1, progress=False))
    # a generous time-out makes workers=1 a 1-process pool, so both runs pay the same start-up per process
    t1, r1 = timed(lambda: run_sweep(big, tempfile.mkdtemp(), workers=1, timeout_s=600, progress=False))
    t2, r2 = timed(lambda: run_sweep(big, tempfile.mkdtemp(), workers=2, timeout_s=600, progress=False))
    assert r0.counts["ok"] == r1.counts["ok"] == r2.counts["ok"] == len(big.points())
    assert r1.backend == "pool:1" and r2.backend == "pool:2"
    print(f"2. {len(big.points())}-point sweep (8 models): in-process {t0:.2f} s; pool of 1 {t1:.2f} s, "
          f"pool of 2 {t2:.2f} s")
    print(f"   end to end: speed-up {t1 / t2:.2f}, parallel efficiency t1 / (2 t2) = {t1 / (2 * t2):.2f}")
    s1, s2 = r1.startup_s, r2.startup_s
    print(f"   worker start-up (spawn + import, once per worker): pool of 1 {s1:.2f} s, pool of 2 {s2:.2f} s")
    print(f"   steady state (start-up excluded): speed-up {(t1 - s1) / (t2 - s2):.2f}, parallel efficiency "
          f"(t1 - s1) / (2 (t2 - s2)) = {(t1 - s1) / (2 * (t2 - s2)):.2f}  (target >= 0.85)")
    busy = r2.results.duration_s.sum() / (2 * (t2 - s2))
    slowdown = r2.results.duration_s.mean() / r1.results.duration_s.mean()
    builds = r2.results.groupby("worker").variant.nunique().sum()
    print(f"   2-worker pool: {builds} model builds (8 variants); workers busy {100 * busy:.0f} % of the steady-state "
          f"time; a point takes {slowdown:.2f}x as long as on 1 worker (> 1: the two processes compete for cores, "
          f"e.g. other jobs on the machine)")


def part3(args, spec, points, run_point, inputs_at):
    # 3. per-point overhead over a raw PyBaMM solve of the same built simulation
    cache: dict = {}
    p = points[len(points) // 2]
    run_point(p, spec, cache)  # build and first solve
    cell_model = next(iter(cache["models"].values()))
    from cellsim.cell import default_protocol

    protocol = default_protocol(cell_model.design, cycles=1)
    sim = cell_model.simulation(protocol)
    T = p.values["temperature"]
    inputs = inputs_at(cell_model.materials, T).as_pybamm()
    t_raw, t_solve, t_point = [], [], []
    for _ in range(args.repeats):  # interleaved, so drifts in machine load hit all three
        t_raw.append(timed(lambda: sim.solve(inputs=inputs, initial_soc=None))[0])
        t_solve.append(timed(lambda: cell_model.solve(protocol, T))[0])
        t_point.append(timed(lambda: run_point(p, spec, cache))[0])
    raw, solve, point = min(t_raw), min(t_solve), min(t_point)

    print(f"3. raw pybamm Simulation.solve              : {raw * 1e3:8.2f} ms (best of {args.repeats})")
    print(f"   CellModel.solve (inputs + solve)           : {solve * 1e3:8.2f} ms  ratio {solve / raw:.3f}")
    print(f"   sweep evaluator point (solve + metrics)    : {point * 1e3:8.2f} ms  ratio {point / raw:.3f}")


def part4(spec, points):
    # 4. per-point breakdown of the batched evaluator (one built model, batches of BATCH_SIZE points)
    import collections

    import pybamm

    from cellsim.cell import batch, model, results
    from cellsim.sweep import evaluate

    spent = collections.defaultdict(float)

    def timed_in(owner, name, label):
        fn = getattr(owner, name)

        def wrapper(*a, **kw):
            start = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[label] += time.perf_counter() - start

        setattr(owner, name, wrapper)
        return lambda: setattr(owner, name, fn)

    cache: dict = {}
    size = evaluate.batch_size(spec)
    evaluate.run_points(points[:size], spec, cache)  # build
    undo = [timed_in(batch, "_integrate_many", "integration (IDAKLU) + PyBaMM post-processing"),
            timed_in(pybamm.IDAKLUSolver, "_post_process_solution", "  of which PyBaMM post-processing"),
            timed_in(batch, "_prepare", "PyBaMM step preparation (initial state, consistent init.)"),
            timed_in(batch, "solve_many", "batched solve in all"),
            timed_in(model, "observe_many", "joined variable evaluation (observe_many)"),
            timed_in(results, "cycle_summary", "summary table"),
            timed_in(evaluate, "_cell_metrics", "metrics (incl. summary)"),
            timed_in(evaluate, "_cell_point", "point set-up (design, inputs)")]
    rest = points[size:]
    start = time.perf_counter()
    for i in range(0, len(rest), size):
        evaluate.run_points(rest[i:i + size], spec, cache)
    total = time.perf_counter() - start
    for u in undo:
        u()
    n = len(rest)
    print(f"4. per point, {n} points in batches of {size}: {total / n * 1e3:.2f} ms")
    order = ["point set-up (design, inputs)", "batched solve in all",
             "PyBaMM step preparation (initial state, consistent init.)",
             "integration (IDAKLU) + PyBaMM post-processing", "  of which PyBaMM post-processing",
             "joined variable evaluation (observe_many)", "metrics (incl. summary)", "summary table"]
    for label in order:
        print(f"   {label:58s} {spent[label] / n * 1e3:6.2f} ms")


if __name__ == "__main__":
    main()
