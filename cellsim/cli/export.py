"""``cellsim export``: the cell as a file for PyBaMM scripts (``--pybamm``) or as BPX JSON (``--bpx``)."""
from __future__ import annotations


def add_parser(subparsers):
    """Register ``export`` on an argparse sub-parser collection; returns its parser."""
    e = subparsers.add_parser(
        "export", help="write the cell for a PyBaMM script (--pybamm FILE) or as BPX JSON (--bpx FILE)",
        description="--pybamm: one JSON file with PyBaMM ParameterValues (ParameterValues.from_json) at the "
                    "temperature, the model options, mesh, solver settings and the protocol as an Experiment; "
                    "plain PyBaMM reproduces cellsim's cycle (README: 'Take cellsim's cell into a PyBaMM "
                    "script'). --bpx: Battery Parameter eXchange 1.0 JSON of the electrode and cell data; what BPX "
                    "cannot hold (single-ion electrolyte, coating, interphase, ...) is listed in its "
                    "Header.Description.")
    what = e.add_mutually_exclusive_group(required=True)
    what.add_argument("--pybamm", metavar="FILE", help="write the PyBaMM export (JSON) to FILE")
    what.add_argument("--bpx", metavar="FILE", help="write BPX JSON to FILE")
    e.add_argument("--cell", default="default", help="cell name or TOML file (default: default)")
    e.add_argument("--temperature", help="cell temperature, e.g. 100C or 373.15K (default: the cell's)")
    e.add_argument("--model", default="DFN", choices=["DFN", "SPMe"], help="cell model (default: DFN)")
    e.add_argument("--rate", help="current of the exported protocol, e.g. 25mA/g or 0.2C (default: the cell's)")
    e.add_argument("--cycles", type=int, help="cycles of the exported protocol (default: the cell's)")
    e.set_defaults(func=run)
    return e


def run(args) -> int:
    import json

    from ..api import load_cell
    from ..cell.export import BPX_CANNOT_HOLD, bpx_export, pybamm_export, validate_bpx
    from ..cell.model import default_protocol
    from ..cell.protocol import parse_rate
    from ..errors import ModelError
    from ..files import check_output_file, write_text
    from .common import cell_temperature

    option, target = ("--pybamm", args.pybamm) if args.pybamm is not None else ("--bpx", args.bpx)
    path = check_output_file(target, option)  # every check before any computing; nothing is written on error
    design = load_cell(args.cell)
    T = cell_temperature(args.temperature, design.protocol.temperature, design)
    overrides = parse_rate(args.rate) if args.rate is not None else {}
    if args.cycles is not None:
        overrides["cycles"] = args.cycles
    protocol = default_protocol(design, **overrides)
    if option == "--pybamm":
        data = pybamm_export(design, temperature_K=T, model=args.model, protocol=protocol)
        checked = f"PyBaMM {data['cellsim']['pybamm_version']} ParameterValues.to_json"
    else:
        data = bpx_export(design, temperature_K=T, model=args.model, protocol=protocol)
        try:
            parsed = validate_bpx(data)
        except ValueError as exc:  # pydantic's ValidationError: a cellsim bug, said in one line, no file
            raise ModelError(f"the BPX export does not validate: {str(exc).splitlines()[0]}") from None
        checked = "validated with the bpx package" if parsed is not None else "not validated (bpx not installed)"
    write_text(path, json.dumps(data, indent=1) + "\n")
    print(f"{design.name}: {args.model} at {T - 273.15:.1f} degC, {protocol.cycles} cycle(s): wrote {path} ({checked})")
    if option == "--bpx":
        print(f"note: BPX cannot hold {len(BPX_CANNOT_HOLD)} things of this cell (single-ion electrolyte, "
              "conductivity law, coating, interphase, ...); each is listed, with how it was mapped, in the file's "
              "Header.Description")
    return 0
