"""``cellsim windows``: the interface window table of a cell along a simulated cycle, and a coating ranking."""
from __future__ import annotations

import dataclasses
import sys


def add_parser(subparsers):
    """Register ``windows`` on an argparse sub-parser collection; returns its parser."""
    w = subparsers.add_parser("windows", help="decomposition-window check of every interface of a cell",
                              description="Simulate the cell and compare each electrode's surface potential with "
                                          "the stability window of the material across each interface.")
    w.add_argument("--cell", default="default", help="cell name or TOML file (default: default)")
    w.add_argument("--coating", help="coating to check instead of the cell's, or 'none'")
    w.add_argument("--temperature", help="e.g. 100C (default: the cell's)")
    w.add_argument("--cycles", type=int, default=1, help="cycles to simulate (default 1)")
    w.add_argument("--model", default="SPMe", choices=["DFN", "SPMe"], help="cell model (default: SPMe)")
    w.add_argument("--rank", action="store_true", help="also rank every known coating for this cell")
    w.add_argument("--out", help="folder for interfaces.csv (and coatings.csv with --rank)")
    w.epilog = "Exit status: 0 when every interface stays in its window, 1 when one leaves it, 2 on bad input."
    w.set_defaults(func=run)
    return w


def run(args) -> int:
    """Simulate the cell, print the interface table (and the coating ranking with ``--rank``).

    Returns 0 when every interface stays inside its window, 1 when one leaves it; bad input raises
    :class:`cellsim.errors.CellsimError` (exit 2 through :func:`cellsim.cli.main`).
    """
    from pathlib import Path

    import pandas as pd

    from ..analysis.interfaces import check_interfaces, rank_coatings
    from ..api import cycle, load_cell
    from ..errors import ParameterError
    from ..parameters import load_coating
    from ..files import atomic_write, check_output_dir
    from .common import cell_temperature

    if args.out:
        check_output_dir(args.out)  # before any computing
    design = load_cell(args.cell)
    if args.coating is not None:
        if args.coating != "none":
            load_coating(args.coating)  # unknown coating: a clear error before any simulation
            if design.coating is None:
                raise ParameterError("--coating", args.coating, f"a cell with a [coating] table (thickness); "
                                     f"{design.name} has none")
        if design.coating is not None:
            design = dataclasses.replace(design, coating=dataclasses.replace(design.coating, material=args.coating))
    T = cell_temperature(args.temperature, design.protocol.temperature, design)
    result = cycle(design, temperature_K=T, cycles=args.cycles, model=args.model)
    table = check_interfaces(result, design)
    coat = design.coating.material if design.coating else "none"
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.precision", 3):
        print(f"{design.name} ({design.electrolyte}, coating {coat}) at {T - 273.15:.1f} degC, "
              f"{args.cycles} cycle(s), {args.model}; potentials vs Li/Li+ [V]")
        print(table.to_string(index=False))
        failed = table[~table.passes]
        for _, r in failed.iterrows():
            print(f"  {r.interface}: {r.material} leaves its window by {r.worst_excursion_V:.3f} V for "
                  f"{100 * r.fraction_outside:.0f} % of the time")
        ranking = None
        if args.rank and design.coating is None:
            print("no coating ranking: the cell has no [coating] table (thickness)")
        if args.rank and design.coating is not None:
            print("\ncoating ranking (same cell, thickness "
                  f"{design.coating.thickness * 1e9:.3g} nm; costs against an ideal interface):", file=sys.stdout)
            ranking = rank_coatings(design, temperature_K=T, model=args.model, cycles=args.cycles)
            print(ranking.to_string(index=False))
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        atomic_write(out / "interfaces.csv", lambda tmp: table.to_csv(tmp, index=False))
        if ranking is not None:
            atomic_write(out / "coatings.csv", lambda tmp: ranking.to_csv(tmp, index=False))
    return 0 if table.passes.all() else 1
