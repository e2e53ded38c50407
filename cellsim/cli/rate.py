"""``cellsim rate``: rate capability (discharge capacity at several currents), as rate.csv, rate.png and a table."""
from __future__ import annotations


#: x points per domain of ``--fine-mesh`` (cellsim.cell.model.DEFAULT_MESH's advice for rates of 1C and above)
FINE_MESH = {"x_n": 24, "x_s": 12, "x_p": 24}


def add_parser(subparsers):
    """Register ``rate`` on an argparse sub-parser collection; returns its parser."""
    r = subparsers.add_parser("rate", help="rate capability: discharge capacity at several currents",
                              description="Cycle the cell at each rate (one built model, one protocol per rate) and "
                                          "write rate.csv and rate.png. A rate that fails or stops early is kept "
                                          "with its one-line reason; the others go on. Exit status 1 if a rate "
                                          "failed.")
    r.add_argument("--rates", default="C/20,C/5,1C,2C",
                   help="comma-separated currents: C/20, 1C, 25mA/g, 0.5mA/cm2, 2mA (default: C/20,C/5,1C,2C)")
    r.add_argument("--cell", default="default", help="cell name or TOML file (default: default)")
    r.add_argument("--temperature", help="cell temperature, e.g. 100C (default: the cell's)")
    r.add_argument("--model", default="DFN", choices=["DFN", "SPMe"], help="cell model (default: DFN)")
    r.add_argument("--cycles", type=int, default=1, help="cycles per rate; the last is reported (default: 1)")
    r.add_argument("--fine-mesh", action="store_true",
                   help="twice the x points (24/12/24): on the default DFN cell moves 5C capacity by ~9 %% and "
                        "halves the steps the anode's reaction front leaves in the curves at 1C and above")
    r.add_argument("--out", default="cellsim-rate", help="output folder (default: cellsim-rate)")
    r.set_defaults(func=run)
    return r


def run(args) -> int:
    import sys
    import time

    from ..analysis.rate import parse_rates, rate_capability
    from ..api import load_cell
    from ..errors import Interrupted
    from ..plots import rate_figure
    from .common import cell_temperature, out_dir

    out = out_dir(args.out)  # everything checked before any computing
    rates = parse_rates(args.rates)
    design = load_cell(args.cell)
    T = cell_temperature(args.temperature, design.protocol.temperature, design)
    start = time.perf_counter()

    def progress(label, i, n):
        print(f"rate {i + 1} of {n}: {label} ({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)

    try:
        df = rate_capability(design, rates, temperature_K=T, model=args.model, cycles=args.cycles,
                             progress=progress, mesh=FINE_MESH if args.fine_mesh else None)
    except Interrupted as exc:
        if exc.partial is not None and len(exc.partial):
            _save(exc.partial, out, rate_figure)
            print(f"cellsim: interrupted (Ctrl-C) after {len(exc.partial)} rate(s); saved them to {out}",
                  file=sys.stderr)
        else:
            print("cellsim: interrupted (Ctrl-C) before the first rate finished; nothing saved", file=sys.stderr)
        return 130
    paths = _save(df, out, rate_figure)
    print(f"{design.name}: {args.model} at {T - 273.15:.1f} degC, rate capability "
          f"({args.cycles} cycle(s) per rate, the last reported{'; fine mesh' if args.fine_mesh else ''})")
    show = df.assign(current_mA=1e3 * df.current_A)[
        ["rate", "current_mA", "c_rate", "areal_current_mA_per_cm2", "discharge_capacity_mAh_per_g",
         "discharge_capacity_mAh_per_cm2", "relative_capacity", "hysteresis_V", "status"]]
    show.columns = ["rate", "I [mA]", "C-rate", "I [mA/cm2]", "Q [mAh/g]", "Q [mAh/cm2]", "Q/Q_slowest",
                    "hysteresis [V]", "status"]
    print(show.to_string(index=False, float_format=lambda v: f"{v:.4g}", na_rep="-"))
    for _, r in df[df.status != "ok"].iterrows():
        print(f"cellsim: rate {r.rate} {r.status}: {r.reason}", file=sys.stderr)
    print("wrote " + ", ".join(str(p) for p in paths))
    return 1 if (df.status == "failed").any() else 0


def _save(df, out, rate_figure):
    from ..files import atomic_write

    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "rate.csv", out / "rate.png"]
    atomic_write(paths[0], lambda p: df.to_csv(p, index=False))
    atomic_write(paths[1], lambda p: rate_figure(df, save_to=p))
    return paths
