"""Benchmark: the default 100-cycle run with cellsim vs the same PyBaMM model built directly.

Run by hand:  python benchmarks/bench_cycling.py [--cycles 100] [--repeats 3]
Prints wall times and the ratio cellsim / raw PyBaMM measured in the same run (target: <= 1.05).
The raw baseline uses cellsim's parameter values, experiment and interphase submodels (so both solve the
identical problem) and measures what cellsim adds on top: loading and validating TOML, computing the
conductivity inputs, and turning the solution into the summary and time-series tables.
"""
from __future__ import annotations

import argparse
import os
import time

os.environ["PYBAMM_DISABLE_TELEMETRY"] = "true"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--cycles", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--model", default="DFN")
    args = ap.parse_args(argv)

    import pybamm

    import cellsim
    from cellsim.cell import CellModel, default_protocol
    from cellsim.cell import interphase
    from cellsim.cell.model import SOLVER_OPTIONS, inputs_at

    design = cellsim.load_cell("default")
    protocol = default_protocol(design, cycles=args.cycles)
    T = design.protocol.temperature

    def raw():
        ref = CellModel(design, model=args.model)  # only to get identical parameters / experiment
        cls = pybamm.lithium_ion.DFN if args.model == "DFN" else pybamm.lithium_ion.SPMe
        start = time.perf_counter()
        # the same model: PyBaMM's, with cellsim's interphase submodels installed as CellModel does
        model = interphase.install(cls(options=ref.pybamm_model.options, build=False))
        model.build_model()
        solver = pybamm.IDAKLUSolver(rtol=ref.rtol, atol=ref.atol, options=SOLVER_OPTIONS)
        sim = pybamm.Simulation(model, experiment=ref.experiment(protocol), parameter_values=ref.parameter_values,
                                solver=solver, var_pts=ref.mesh, submesh_types=ref.submesh_types())
        sol = sim.solve(inputs=inputs_at(ref.materials, T).as_pybamm())
        return time.perf_counter() - start, sol

    def ours():
        start = time.perf_counter()
        res = cellsim.cycle(design, temperature_K=T, cycles=args.cycles, model=args.model)
        return time.perf_counter() - start, res

    t_raw, t_ours = [], []
    for _ in range(args.repeats):  # interleaved, so drifts in machine load hit both
        t_raw.append(raw()[0])
        t, res = ours()
        t_ours.append(t)
    best_raw, best_ours = min(t_raw), min(t_ours)
    last = res.summary.iloc[-1]
    print(f"{args.cycles} cycles, {args.model}, best of {args.repeats}")
    print(f"  raw PyBaMM (build + solve)           : {best_raw:8.2f} s")
    print(f"  cellsim.cycle (load + build + solve + tables): {best_ours:8.2f} s")
    print(f"  ratio cellsim / PyBaMM               : {best_ours / best_raw:8.3f}")
    print(f"  cycle {int(last.cycle)}: {last.discharge_capacity_mAh_per_g:.1f} mAh/g, "
          f"hysteresis {last.hysteresis_V:.3f} V")


if __name__ == "__main__":
    main()
