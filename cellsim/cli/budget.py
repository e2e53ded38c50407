"""``cellsim budget``: each loss's share of a cycle's hysteresis, as budget.csv and a stacked-bar budget.png."""
from __future__ import annotations


def add_parser(subparsers):
    """Register ``budget`` on an argparse sub-parser collection; returns its parser."""
    b = subparsers.add_parser("budget", help="loss budget of a cycle: each term's share of the hysteresis",
                              description="Split one cycle's hysteresis into open circuit, particle diffusion, "
                                          "reaction, electronic, electrolyte and film terms; write budget.csv "
                                          "(temperature_K, term, overpotential_V) and budget.png.")
    b.add_argument("--cell", default="default", help="cell name or TOML file (default: default)")
    b.add_argument("--temperature", action="append",
                   help="temperatures, e.g. 60C,100C (repeatable; default 60C,100C)")
    b.add_argument("--rate", help="current, e.g. 25mA/g or 0.2C (default: the cell's)")
    b.add_argument("--model", default="DFN", choices=["DFN", "SPMe"], help="cell model (default: DFN)")
    b.add_argument("--terms", help="only these terms, comma-separated (default: all, which sum to the hysteresis)")
    b.add_argument("--out", required=True, help="output folder for budget.csv and budget.png")
    b.set_defaults(func=run)
    return b


def run(args) -> int:
    from ..analysis.budget import check_terms, loss_budget, plot_budget
    from ..api import load_cell
    from ..cell.protocol import parse_rate
    from ..files import atomic_write
    from .common import cell_temperature, out_dir

    design = load_cell(args.cell)
    texts = [t for arg in (args.temperature or ["60C,100C"]) for t in arg.split(",") if t.strip()]
    temps = [cell_temperature(t.strip()) for t in texts]
    terms = check_terms(t.strip() for t in args.terms.split(",")) if args.terms else None
    if args.rate is not None:
        parse_rate(args.rate)
    out = out_dir(args.out)  # checked before any solving; created only once there is something to write
    df = loss_budget(design, temperatures_K=temps, rate=args.rate, model=args.model, terms=terms)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "budget.csv", lambda p: df.to_csv(p, index=False))
    atomic_write(out / "budget.png", lambda p: plot_budget(df, save_to=p))
    wide = df.pivot(index="term", columns="temperature_K", values="overpotential_V")
    wide = wide.loc[[t for t in dict.fromkeys(df.term)]]
    wide.columns = [f"{T - 273.15:.0f} degC [mV]" for T in wide.columns]
    print(f"{design.name}: {args.model}, share of the cycle's hysteresis per term")
    print((1e3 * wide).to_string(float_format=lambda v: f"{v:.3f}"))
    hyst = df.attrs["hysteresis_V"]
    print("hysteresis_V: " + ", ".join(f"{T - 273.15:.0f} degC {1e3 * h:.2f} mV (terms sum "
                                       f"{1e3 * df[df.temperature_K == T].overpotential_V.sum():.2f} mV)"
                                       for T, h in hyst.items()))
    print(f"wrote {out / 'budget.csv'}, {out / 'budget.png'}")
    return 0
