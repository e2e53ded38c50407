r"""Residual stress vs infiltration (solidification) temperature: NCM111 and LTO in Li1.9(OH)Cl0.9.

Problem statement
-----------------
The melt-infiltrated cell of the Review's Figure 19 (Xia et al., Chem. Rev. 122, 3763 (2022),
doi:10.1021/acs.chemrev.1c00594, section 7.1; Xiao et al., Nat. Mater. 20, 984 (2021)) is solidified at up to
~300 degC and operated at 100 degC. Cooling leaves (i) an interface pressure p on each particle and a tensile hoop
stress p (1/2 + f) / (1 - f) in the electrolyte around it (Lame / Selsing concentric-sphere cell,
:func:`cellsim.mechanics.residual_stress.sphere_in_matrix_stress`, f = particle fraction of the dense composite) and
(ii) an equi-biaxial stress E / (1 - nu) (alpha_s - alpha_f) dT in the separator layer bonded to the composite
electrode (expansion of the composite by Turner's rule). Both are compared with the fracture strength
K_IC / (1.12 sqrt(pi a)) of the electrolyte. All thermal-expansion coefficients, the NCM/LTO moduli, K_IC and
the flaw size are assumed values (parameter_sets/mechanics/*.toml, cellsim.analysis.tables).

Outputs (in ``out_dir``): ``residual_stress.png`` and ``residual_stress.csv``.

Usage: ``python studies/residual_stress.py [out_dir]``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

SOLIDIFICATION_TEMPERATURES_C = np.linspace(100.0, 350.0, 26)


def run(out_dir: str | Path = "studies-out", cell: str = "default") -> dict:
    """Residual stresses for each solidification temperature at the cell's operating temperature; save the CSV.

    Returns
    -------
    dict
        ``table`` (pandas.DataFrame, one row per component and temperature), ``design``, ``paths``.
    """
    import pandas as pd

    import cellsim
    from cellsim.analysis.tables import residual_stress_table

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    design = cellsim.load_cell(cell)
    T_op = design.protocol.temperature
    frames = [residual_stress_table(design, temperature_K=T_op, solidification_temperature_K=T + 273.15)
              for T in SOLIDIFICATION_TEMPERATURES_C if T + 273.15 >= T_op]
    table = pd.concat(frames, ignore_index=True)
    table.insert(0, "solidification_temperature_C", table.temperature_from_K - 273.15)
    path = out / "residual_stress.csv"
    table.to_csv(path, index=False)
    return {"table": table, "design": design, "paths": {"csv": path}}


def plot(results: dict, out_dir: str | Path = "studies-out") -> Path:
    """Two panels (cathode NCM111, anode LTO): p, hoop and film stress vs solidification temperature."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cellsim.mechanics.cycling_strain import solidification_temperature
    from cellsim.plots import STYLE

    table, design = results["table"], results["design"]
    path = Path(out_dir) / "residual_stress.png"
    T_melt = solidification_temperature(design.electrolyte) - 273.15
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.4), sharey=True, constrained_layout=True)
        for ax, which in zip(axes, ("cathode", "anode")):
            part = table[table.component == f"{which} particles"]
            film = table[table.component == f"separator on {which}"]
            T = part.solidification_temperature_C
            ax.plot(T, part.interface_pressure_Pa / 1e6, "-", color="C0", label="interface pressure p")
            ax.plot(T, part.hoop_stress_Pa / 1e6, "-", color="C1", label="hoop stress in electrolyte at r = a")
            ax.plot(film.solidification_temperature_C, film.film_stress_Pa / 1e6, "--", color="C2",
                    label="separator film stress")
            ax.axhline(part.fracture_strength_Pa.iloc[0] / 1e6, color="C3", lw=1.0,
                       label="fracture strength (K_IC 1 MPa m^0.5, 5 um flaw; assumed)")
            ax.axvline(T_melt, color="0.6", lw=0.8, ls=":")
            ax.text(T_melt, 5, f" melting point {T_melt:.0f} degC\n (Review 7.1)", fontsize=7, color="0.4")
            f = part.volume_fraction.iloc[0]
            ax.set_title(f"{getattr(design, which).material} in {design.electrolyte} (f = {f:.2f})")
            ax.set_xlabel("solidification temperature [degC]")
        axes[0].set_ylabel(f"stress at {design.protocol.temperature - 273.15:.0f} degC [MPa]")
        axes[0].legend(loc="upper left", fontsize=7)
        fig.savefig(path, dpi=200)
        plt.close(fig)
    return path


def main(out_dir: str | Path = "studies-out") -> dict:
    """Run, save the CSV and the figure; return the results with ``paths['png']``."""
    results = run(out_dir)
    results["paths"]["png"] = plot(results, out_dir)
    return results


if __name__ == "__main__":
    res = main(sys.argv[1] if len(sys.argv) > 1 else "studies-out")
    print("wrote " + ", ".join(str(p) for p in res["paths"].values()))
