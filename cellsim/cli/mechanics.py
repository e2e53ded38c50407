"""``cellsim mechanics``: dendrite verdicts of the electrolytes and residual stress of a cell design.

Wired into :mod:`cellsim.cli` with ``mechanics.add_parser(sub)``; :func:`run` takes the parsed
arguments (``cell``, ``temperature``, ``out``) and returns the exit code.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["add_parser", "run"]

_SHOWN_DENDRITE = ("material", "temperature_K", "shear_modulus_ratio", "mn_verdict", "gb_verdict",
                   "molar_volume_ratio", "generalised_regime", "generalised_critical_ratio", "generalised_margin",
                   "generalised_verdict", "molar_volume_ratio_upper", "generalised_verdict_upper_v",
                   "critical_current_density_A_m2")
_SHOWN_RESIDUAL = ("component", "material", "volume_fraction", "interface_pressure_Pa", "hoop_stress_Pa",
                   "film_stress_Pa", "fracture_strength_Pa", "verdict")


def add_parser(subparsers):
    """Register the ``mechanics`` sub-command on an argparse sub-parser collection; returns its parser."""
    p = subparsers.add_parser("mechanics", help="dendrite verdicts of the electrolytes and residual stress of a cell")
    p.add_argument("--cell", default="default", help="cell name or TOML file (default: default)")
    p.add_argument("--temperature",
                   help="temperature, e.g. 100C or 373.15K (default: 25/60/100 degC for the dendrite table, "
                        "the cell's operating temperature for the residual stress)")
    p.add_argument("--out", help="folder to write dendrite.csv and residual_stress.csv (default: print only)")
    p.add_argument("--cell-effect", action="store_true",
                   help="also cycle the cell (SPMe) with and without the stressed electrolyte conductivity")
    p.set_defaults(func=run)
    return p


def run(args) -> int:
    """Print the dendrite verdicts and the residual-stress table; write CSV files if ``args.out`` is set.

    Parameters
    ----------
    args : argparse.Namespace
        With ``cell`` (str), ``temperature`` (str or None, e.g. "100C") and ``out`` (str or None).

    Returns
    -------
    int
        0 on success. Bad input raises :class:`cellsim.errors.CellsimError` (reported by
        :func:`cellsim.cli.main`).
    """
    from ..analysis.stress_coupling import (cell_stress_effect, conductivity_stress_table,
                                            effective_conductivity_factor)
    from ..analysis.tables import dendrite_table, dendrite_v_note, format_table, residual_stress_table
    from ..api import load_cell
    from ..errors import ParameterError
    from ..files import check_output_dir
    from .common import cell_temperature

    out = getattr(args, "out", None)
    if out:
        check_output_dir(out)  # before any computing
    design = load_cell(args.cell)
    T = cell_temperature(getattr(args, "temperature", None))
    dendrite = dendrite_table() if T is None else dendrite_table([T])
    try:  # every table computed (and checked) before the first line
        residual = residual_stress_table(design, temperature_K=T)
        coupling = conductivity_stress_table(design, T)
    except ParameterError as exc:
        if exc.key != "temperature_K" or T is None:
            raise
        residual = coupling = None  # the dendrite criteria hold at any temperature; the stress relaxation does not
        skipped = (f"Residual stress and stress -> conductivity: not computed at {T - 273.15:.0f} degC "
                   f"(temperature {exc.allowed}); the dendrite table above holds at any temperature.")
    print("Dendrite suppression vs Li metal. mn = Monroe-Newman rule of the Review (G > ~2 G_Li); gb = the same "
          "with grain boundaries at 50 % of G;\ngeneralised = Ahmad & Viswanathan (PRL 119, 056003, 2017) with the "
          "material's Poisson ratio and v = V(Li+) / V(Li metal) from the Li+ ion volume\n(density-driven for "
          "v < 1: stable below the critical ratio; pressure-driven for v > 1: stable above; margin > 1 = stable);\n"
          "_upper_v = the same verdict with v from the crystal volume per Li (upper bound):")
    print(format_table(dendrite, _SHOWN_DENDRITE))
    print(dendrite_v_note(dendrite))
    if residual is None:
        print("\n" + skipped)
        return _write(out, {"dendrite.csv": dendrite})
    r0 = residual.iloc[0]
    print(f"\nResidual stress in {design.name}: {design.electrolyte} solidified at "
          f"{r0.temperature_from_K - 273.15:.0f} degC, operated at {r0.temperature_to_K - 273.15:.0f} degC:")
    print(format_table(residual, _SHOWN_RESIDUAL))
    print("\nElectrolyte conductivity under that stress (activation-volume term, compression > 0):")
    print(format_table(coupling, ["component", "pressure_Pa", "conductivity_ratio", "residual_verdict"]))
    print(f"  resistance-weighted factor for the cell: {effective_conductivity_factor(design, coupling):.3f} "
          f"(activation volume {coupling.activation_volume_m3.iloc[0] * 1e30:.3g} A^3, {coupling.basis.iloc[0]}; "
          "stresses after Maxwell relaxation during cooling and at temperature; a cracked region gets no gain)")
    if getattr(args, "cell_effect", False):
        eff = cell_stress_effect(design, T)
        print(f"  cell, one cycle (SPMe): hysteresis {eff['stress_free']['hysteresis_V']:.4f} V stress-free, "
              f"{eff['stressed']['hysteresis_V']:.4f} V stressed")
    return _write(out, {"dendrite.csv": dendrite, "residual_stress.csv": residual,
                        "stress_conductivity.csv": coupling})


def _write(out, tables: dict) -> int:
    """Write ``{file name: DataFrame}`` into the folder ``out`` (nothing without one); the exit code 0."""
    from ..files import atomic_write

    if out:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / name for name in tables]
        for path, table in zip(paths, tables.values()):
            atomic_write(path, lambda tmp, table=table: table.to_csv(tmp, index=False))
        print("\nwrote " + ", ".join(str(p) for p in paths))
    return 0
