"""Command-line interface: ``cellsim cycle``, ``cellsim conductivity``, ``cellsim list``."""
from __future__ import annotations

import argparse
import sys
import time

from .errors import CellsimError


def _temperature(text):
    from .parameters.units import parse_quantity

    return parse_quantity(text, "K", "--temperature")


def _cmd_cycle(args) -> int:
    from .api import cycle, load_cell
    from .cell.model import check_temperature

    design = load_cell(args.cell)  # validate everything before any output is written
    T = check_temperature(_temperature(args.temperature)) if args.temperature else design.protocol.temperature
    start = time.perf_counter()

    def progress(n, total):
        print(f"\rcycle {n} of {total}  ({time.perf_counter() - start:.1f} s)", end="", file=sys.stderr, flush=True)

    result = cycle(design, temperature_K=T, rate=args.rate, cycles=args.cycles, model=args.model,
                   progress=progress)
    print(file=sys.stderr)
    paths = result.save(args.out)
    s = result.summary
    first, last = s.iloc[0], s.iloc[-1]
    print(f"{design.name}: {args.model} at {T - 273.15:.1f} degC, {result.metadata['current_A'] * 1e3:.4g} mA, "
          f"{len(s)} cycle(s) in {result.metadata['wall_time_s']:.1f} s")
    print(f"  first discharge capacity {first.discharge_capacity_mAh_per_g:.1f} mAh/g, "
          f"hysteresis {first.hysteresis_V:.3f} V, coulombic efficiency {first.coulombic_efficiency:.4f}")
    if len(s) > 1:
        print(f"  cycle {int(last.cycle)}: {last.discharge_capacity_mAh_per_g:.1f} mAh/g "
              f"(retention {100 * last.capacity_retention:.1f} %)")
    print("  wrote " + ", ".join(str(p) for p in paths.values()))
    return 0


def _cmd_conductivity(args) -> int:
    from .electrolyte.conductivity import electrolyte_conductivity
    from .parameters import load_electrolyte

    e = load_electrolyte(args.material)
    T = _temperature(args.temperature)
    sigma = electrolyte_conductivity(e, T)
    print(f"{e.name} at {T - 273.15:.1f} degC: {sigma:.4g} S/m = {sigma / 100:.4g} S/cm")
    return 0


def _cmd_list(args) -> int:
    from .parameters import available

    for kind in ("cell", "electrolyte", "electrode", "coating"):
        print(f"{kind}s: {', '.join(available(kind))}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cellsim", description="Solid-state cells with antiperovskite electrolytes.")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("cycle", help="cycle a cell and write summary.csv, timeseries.csv, cycling.png")
    c.add_argument("--cell", default="default", help="cell name or TOML file (default: default)")
    c.add_argument("--temperature", help="cell temperature, e.g. 100C or 373.15K (default: the cell's)")
    c.add_argument("--rate", help="current, e.g. 25mA/g or 0.2C (default: the cell's)")
    c.add_argument("--cycles", type=int, help="number of cycles (default: the cell's)")
    c.add_argument("--model", default="DFN", choices=["DFN", "SPMe"], help="cell model (default: DFN)")
    c.add_argument("--out", default="cellsim-out", help="output folder (default: cellsim-out)")
    c.set_defaults(func=_cmd_cycle)
    k = sub.add_parser("conductivity", help="ionic conductivity of an electrolyte at a temperature")
    k.add_argument("material")
    k.add_argument("--temperature", default="25C")
    k.set_defaults(func=_cmd_conductivity)
    ls = sub.add_parser("list", help="list the parameter sets")
    ls.set_defaults(func=_cmd_list)
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CellsimError as exc:
        print(f"cellsim: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
