"""Benchmark: a 3-parameter fit to one temperature's voltage curve (issue 15: under 5 minutes on 2 cores).

Run by hand:  python benchmarks/bench_fit.py [--model SPMe|DFN] [--cycles 2]

Synthetic data: the bare-cathode default cell at 100 degC, 25 mA/g, with known electrolyte conductivity
(2e-4 S/cm at 100 degC), interphase exchange current (1e-10 A/m2) and interphase resistivity (2e6 Ohm.m), plus
2 mV of seeded Gaussian noise. The fit starts from the middle of log bounds. Prints the wall time, the number of
model solves and builds, the fitted values with their intervals, and the ratio of the fit's wall time to what
the same evaluations would cost if each rebuilt the model (the baseline a fit without built-once models pays:
one build per evaluation, measured in the same run).
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import time
from pathlib import Path

os.environ["PYBAMM_DISABLE_TELEMETRY"] = "true"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="SPMe")
    ap.add_argument("--cycles", type=int, default=2)
    args = ap.parse_args(argv)

    import numpy as np

    from cellsim.api import load_cell
    from cellsim.cell.model import CellModel, default_protocol
    from cellsim.sweep.fit import Dataset, fit, parse_fit_parameter

    d = load_cell()
    design = dataclasses.replace(d, coating=None)
    truth = dataclasses.replace(design, interphase=dataclasses.replace(design.interphase,
                                                                      exchange_current_density=1e-10,
                                                                      resistivity=2e6))
    protocol = default_protocol(truth, cycles=args.cycles)
    T = 373.15
    start = time.perf_counter()
    model = CellModel(truth, args.model)
    run = model.solve(protocol, T, inputs={"electrolyte_conductivity_S_m": 0.02})
    build_and_solve = time.perf_counter() - start
    ts = run.result().timeseries.copy()
    ts["voltage_V"] += np.random.default_rng(0).normal(0.0, 2e-3, len(ts))
    data = [Dataset(Path("synthetic_100C.csv"), "timeseries", ts, T, protocol)]
    params = [parse_fit_parameter("electrolyte.conductivity_ref=1e-5S/cm:1e-2S/cm"),
              parse_fit_parameter("interphase.exchange_current_density=1e-11A/m2:1e-9A/m2"),
              parse_fit_parameter("interphase.resistivity=1e5Ohm.m:1e8Ohm.m")]
    res = fit(data, params, design, model=args.model, max_evaluations=60)
    solve_each = res.wall_time_s / max(res.solves, 1)
    print(f"{args.model}, {args.cycles} cycle(s), 3 parameters: {res.summary_line()}")
    print(res.table.to_string(index=False))
    print(f"truth: conductivity_ref 0.02 S/m, exchange_current_density 1e-10 A/m2, resistivity 2e6 Ohm.m")
    prob = res.problem
    z_fit = np.array([p.to_z(v) for p, v in zip(params, res.table.value)])
    z_true = np.array([p.to_z(v) for p, v in zip(params, (0.02, 1e-10, 2e6))])
    cost = [float(r @ r) for r in (prob.residuals(z_fit), prob.residuals(z_true))]
    print(f"weighted SSR at the fit {cost[0]:.1f}, at the truth {cost[1]:.1f} ({len(prob.residuals(z_fit))} residuals; "
          f"failed trial solves {res.failures})")
    print(f"one build + solve {build_and_solve:.2f} s; fit per solve {solve_each:.3f} s; "
          f"rebuild-per-evaluation baseline ~{res.solves * build_and_solve:.0f} s; "
          f"ratio fit / baseline = {res.wall_time_s / (res.solves * build_and_solve):.3f}")


if __name__ == "__main__":
    main()
