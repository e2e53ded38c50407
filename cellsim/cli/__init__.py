"""Command-line interface (floor 6): ``cellsim cycle | conductivity | report | studies | list | mechanics | windows | sweep | budget
| rate | plot``.

Parsing needs no science: this package and its sub-command modules (:mod:`cellsim.cli.windows`,
:mod:`cellsim.cli.mechanics`, :mod:`cellsim.cli.sweep`, :mod:`cellsim.cli.budget`) import what a command runs inside the command
function, so ``cellsim --help`` and ``cellsim list`` stay fast.
"""
from __future__ import annotations

import argparse
import sys
import time

from .. import __version__
from ..errors import CellsimError, Interrupted
from . import budget as budget_cli
from . import export as export_cli
from . import fit as fit_cli
from . import mechanics as mechanics_cli
from . import plot as plot_cli
from . import rate as rate_cli
from . import sensitivity as sensitivity_cli
from . import sweep as sweep_cli
from . import uncertainty as uncertainty_cli
from . import windows as windows_cli
from .common import Parser, cell_temperature, duration, length, out_dir, temperature

#: exit status after Ctrl-C (128 + SIGINT), as shells report it
EXIT_INTERRUPTED = 130


def _cmd_cycle(args) -> int:
    from ..api import cycle, load_cell

    if args.uncertainty is not None:  # bands from sampled uncertain inputs: cellsim.cli.uncertainty
        return uncertainty_cli.run(args)
    out = out_dir(args.out)  # validate everything before any computing or output
    design = load_cell(args.cell)
    T = cell_temperature(args.temperature, design.protocol.temperature, design)
    start = time.perf_counter()
    shown = []

    def progress(n, total):
        shown.append(n)
        print(f"\rcycle {n} of {total}  ({time.perf_counter() - start:.1f} s)", end="", file=sys.stderr, flush=True)

    try:
        rest = duration(args.rest, "--rest") if args.rest else None
        result = cycle(design, temperature_K=T, rate=args.rate, cycles=args.cycles, model=args.model,
                       progress=progress, cv_hold=args.cv_hold, rest_s=rest, experiment=args.experiment)
    except Interrupted as exc:
        if shown:
            print(file=sys.stderr)  # end the progress line
        done = exc.partial
        if done is None or done.summary.empty:
            print("cellsim: interrupted (Ctrl-C) before the first cycle completed; nothing saved", file=sys.stderr)
        else:
            done.save(out)
            print(f"cellsim: interrupted (Ctrl-C) after {len(done.summary)} complete cycle(s); saved them to {out}",
                  file=sys.stderr)
        return EXIT_INTERRUPTED
    except BaseException:
        if shown:
            print(file=sys.stderr)  # an error message starts on its own line, not after the progress line
        raise
    print(file=sys.stderr)
    paths = result.save(out)
    s = result.summary
    first, last = s.iloc[0], s.iloc[-1]
    print(f"{design.name}: {args.model} at {T - 273.15:.1f} degC, {result.metadata['current_A'] * 1e3:.4g} mA, "
          f"{len(s)} cycle(s) in {result.metadata['wall_time_s']:.1f} s")
    d = result.metadata["design"]
    print(f"  design: {d['cathode_loading_mg_per_cm2']:.3g} mg/cm2 NCM, {d['nominal_areal_capacity_mAh_per_cm2']:.3g} "
          f"mAh/cm2 nominal, N/P {d['np_ratio']:.2f} ({d['limiting_electrode']}-limited)")
    print(f"  first discharge capacity {first.discharge_capacity_mAh_per_g:.1f} mAh/g "
          f"({first.discharge_capacity_mAh_per_cm2:.3f} mAh/cm2), hysteresis {first.hysteresis_V:.3f} V, "
          f"first-cycle efficiency {first.first_cycle_efficiency:.4f} (from the as-made state)")
    if len(s) > 1:
        print(f"  cycle {int(last.cycle)}: {last.discharge_capacity_mAh_per_g:.1f} mAh/g "
              f"(retention {100 * last.capacity_retention:.1f} %), "
              f"coulombic efficiency {last.coulombic_efficiency:.5f}")
    print("  wrote " + ", ".join(str(p) for p in paths.values()))
    from ..cell.results import skipped_summary

    if result.metadata.get("skipped_steps"):
        print(f"cellsim: {skipped_summary(result.metadata['skipped_steps'])}", file=sys.stderr)
    asked = result.metadata["protocol"]["cycles"]
    if len(s) < asked:  # the run stopped early: the completed cycles are saved, say why in one line
        print(f"cellsim: stopped after {len(s)} of {asked} cycles: {result.metadata['termination']}", file=sys.stderr)
    return 0


def _cmd_conductivity(args) -> int:
    from ..electrolyte.conductivity import total_conductivity
    from ..parameters import load_electrolyte
    from ..parameters.units import parse_quantity

    if args.material == "fit":
        from ..electrolyte.fitting import fit_arrhenius, read_conductivity_csv

        if not args.csv:
            raise CellsimError("cellsim conductivity fit needs a CSV file: cellsim conductivity fit data.csv")
        if args.grain_size or args.pressure:
            raise CellsimError("--grain-size and --pressure apply to a material, not to 'fit'")
        fit = fit_arrhenius(*read_conductivity_csv(args.csv), transition="auto" if args.transition else None)
        print(fit.report())
        return 0
    if args.csv:
        raise CellsimError(f"unexpected argument {args.csv!r}: a CSV goes with 'cellsim conductivity fit DATA.csv'")
    T = temperature(args.temperature)
    e = load_electrolyte(args.material)
    grain = length(args.grain_size, "--grain-size") if args.grain_size else None
    p = parse_quantity(args.pressure, "Pa", "--pressure") if args.pressure else 0.0
    sigma = total_conductivity(e, T, grain, pressure_Pa=p, gb_model=args.gb_model)
    extra = (f", grains {grain * 1e9:.4g} nm ({args.gb_model})" if grain else "") + (f", {p / 1e6:.4g} MPa" if p else "")
    print(f"{e.name} at {T - 273.15:.1f} degC{extra}: {sigma:.4g} S/m = {sigma / 100:.4g} S/cm"
          + (f"  [{e.status}]" if e.status != "established" else ""))
    return 0


def _cmd_report(args) -> int:
    from ..api import load_cell
    from ..report import cell_report

    out = out_dir(args.out)
    design = load_cell(args.cell)
    T = cell_temperature(args.temperature, None, design)
    start = time.perf_counter()
    if args.uncertainty < 0:
        raise CellsimError(f"--uncertainty must be >= 0 (0: no bands), got {args.uncertainty}")
    path = cell_report(args.cell, out, temperature_K=T, cycles=args.cycles, model=args.model,
                       progress=lambda s: print(f"[{time.perf_counter() - start:6.1f} s] {s}", file=sys.stderr),
                       uncertainty=args.uncertainty)
    print(f"wrote {path}")
    return 0


def _cmd_studies(args) -> int:
    from ..report import run_studies

    out_dir(args.out)
    start = time.perf_counter()
    table = run_studies(args.out, quick=args.quick, names=args.names or None,
                        progress=lambda s: print(f"[{time.perf_counter() - start:6.1f} s] {s}", file=sys.stderr))
    print(table[["study", "status", "seconds"]].to_string(index=False, float_format=lambda x: f"{x:.1f}"))
    for _, r in table[table.status != "ok"].iterrows():
        print(f"\n{r.study} failed: {r.error}", file=sys.stderr)
    print(f"figures in {args.out}/<study>/")
    return 0 if (table.status == "ok").all() else 1


def _cmd_list(args) -> int:
    from ..parameters import available

    for kind in ("cell", "electrolyte", "electrode", "coating"):
        print(f"{kind}s: {', '.join(available(kind))}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="cellsim", description="Solid-state cells with antiperovskite electrolytes.",
               epilog="Negative values: --temperature -40C and --temperature=-40C both work. Exit status: 0 ok, "
                      "1 a check failed (windows, sweep points), 2 bad input, 130 interrupted (Ctrl-C).")
    p.add_argument("--version", action="version", version=f"cellsim {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("cycle", help="cycle a cell and write summary.csv, timeseries.csv, cycling.png")
    c.add_argument("--cell", default="default", help="cell name or TOML file (default: default)")
    c.add_argument("--temperature", help="cell temperature, e.g. 100C, 373.15K or -20C (default: the cell's)")
    c.add_argument("--rate", help="current: 25mA/g, 0.2C or C/10, 0.5mA/cm2, 2mA (default: the cell's)")
    c.add_argument("--cycles", type=int, help="number of cycles (default: the cell's)")
    c.add_argument("--model", default="DFN", choices=["DFN", "SPMe"], help="cell model (default: DFN)")
    c.add_argument("--cv-hold", type=float, metavar="FRACTION",
                   help="CC-CV: hold at the upper cut-off until the current falls to this fraction, e.g. 0.05")
    c.add_argument("--rest", metavar="DURATION", help="rest after each charge and discharge, e.g. 600s or 10min")
    c.add_argument("--experiment", metavar="STEPS",
                   help="PyBaMM-style steps of one cycle, instead of --rate/--cv-hold/--rest, e.g. \"Charge at C/10 "
                        "until 2.71 V; Rest for 10 minutes; Discharge at 25 mA/g until 1.0 V\"")
    c.add_argument("--out", default="cellsim-out", help="output folder (default: cellsim-out)")
    uncertainty_cli.add_arguments(c)
    c.set_defaults(func=_cmd_cycle)
    k = sub.add_parser("conductivity", help="ionic conductivity of an electrolyte, or 'fit data.csv'",
                       description="cellsim conductivity MATERIAL [--temperature 25C] [--grain-size 1um] | "
                                   "cellsim conductivity fit DATA.csv [--transition]")
    k.add_argument("material", help="library material (cellsim list), or 'fit'")
    k.add_argument("csv", nargs="?", help="with 'fit': CSV with temperature and conductivity columns")
    k.add_argument("--temperature", default="25C", help="e.g. 25C or 298.15K (default 25C)")
    k.add_argument("--grain-size", help="grain size, e.g. 500nm (default: as-measured material)")
    k.add_argument("--gb-model", default="brick-layer", choices=["brick-layer", "segregation"])
    k.add_argument("--pressure", help="hydrostatic pressure, e.g. 100MPa (compression > 0)")
    k.add_argument("--transition", action="store_true",
                   help="with 'fit': look for a phase transition; two Arrhenius branches only when an F-test "
                        "prefers them (p < 0.01; F, p and delta AICc in the report)")
    k.set_defaults(func=_cmd_conductivity)
    r = sub.add_parser("report", help="one engineering report (Markdown + figures) for a cell design")
    r.add_argument("--cell", default="default", help="cell name or TOML file (default: default)")
    r.add_argument("--out", default="cellsim-report", help="output folder (default: cellsim-report)")
    r.add_argument("--temperature", help="operating temperature, e.g. 100C (default: the cell's)")
    r.add_argument("--cycles", type=int, help="cycles of the cycling section (default: the cell's)")
    r.add_argument("--model", default="DFN", choices=["DFN", "SPMe"])
    r.add_argument("--uncertainty", type=int, default=16, metavar="N",
                   help="samples of the stored uncertain inputs for 5-95 %% bands (SPMe; default 16, 0: none)")
    r.set_defaults(func=_cmd_report)
    st = sub.add_parser("studies", help="regenerate every report figure (the scripts in studies/)")
    st.add_argument("names", nargs="*", help="only these studies (default: all)")
    st.add_argument("--out", default="studies-out", help="output folder (default: studies-out)")
    st.add_argument("--quick", action="store_true", help="reduced sizes (coarse grids, 10 cycles)")
    st.set_defaults(func=_cmd_studies)
    ls = sub.add_parser("list", help="list the parameter sets")
    ls.set_defaults(func=_cmd_list)
    mechanics_cli.add_parser(sub)
    windows_cli.add_parser(sub)
    sweep_cli.add_parser(sub)
    budget_cli.add_parser(sub)
    export_cli.add_parser(sub)
    sensitivity_cli.add_parser(sub)
    fit_cli.add_parser(sub)
    rate_cli.add_parser(sub)
    plot_cli.add_parser(sub)
    return p


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    print(f"cellsim: warning: {message}", file=sys.stderr if file is None else file)


def main(argv=None) -> int:
    """Run ``cellsim`` with ``argv`` (default: the command line); returns the exit status.

    0 ok, 1 a check failed, 2 bad input (one line on stderr, before any computing or output), 130 interrupted
    by Ctrl-C (one line; completed work kept).
    """
    import warnings

    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # usage errors (one line, status 2), --help and --version (status 0)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning
            return args.func(args)
    except CellsimError as exc:
        print(f"cellsim: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ncellsim: interrupted (Ctrl-C)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into head & co.: stop quietly, as Unix tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0

