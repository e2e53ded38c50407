"""Residual stress -> electrolyte conductivity -> cell resistance.

The thermal residual stress left by melt infiltration (:func:`cellsim.analysis.tables.residual_stress_table`)
puts the electrolyte under a hydrostatic stress; the activation-volume term of the electrolyte model
(:func:`cellsim.electrolyte.stress.stress_conductivity_ratio`) turns it into a conductivity factor, and the cell
model turns that into hysteresis.
"""
from __future__ import annotations

import numpy as np

from ..cell.model import CellModel, default_protocol, inputs_at
from ..electrolyte.stress import biaxial_pressure, frenkel_calibration, stress_conductivity_ratio
from ..errors import ParameterError
from ..parameters import load_electrolyte
from .tables import residual_stress_table


def matrix_mean_pressure(interface_pressure_Pa, volume_fraction):
    """Mean hydrostatic pressure in the matrix of a particle composite [Pa] (compression > 0).

    Parameters
    ----------
    interface_pressure_Pa : float or array
        Pressure P on the particles (uniform hydrostatic stress -P inside them) [Pa].
    volume_fraction : float
        Particle volume fraction f, 0 <= f < 1 [1].

    Returns
    -------
    float or array
        p_m = -f P / (1 - f) [Pa]: a matrix in mean tension when the particles are squeezed.

    Notes
    -----
    A composite free of external load has zero volume-averaged stress, f <sigma_p> + (1 - f) <sigma_m> = 0
    (Hill's average-stress theorem; Mura, Micromechanics of Defects in Solids, 1987, section 22), so the matrix
    mean stress is -f/(1 - f) times the particles'. A single sphere in an infinite matrix (f -> 0) leaves
    the matrix without mean stress (its radial and hoop stresses cancel in the trace).

    Examples
    --------
    >>> matrix_mean_pressure(84.9e6, 0.6) / 1e6
    -127.35
    """
    f = float(volume_fraction)
    if not 0.0 <= f < 1.0:
        raise ParameterError("volume_fraction", volume_fraction, "0 <= f < 1")
    out = -f * np.asarray(interface_pressure_Pa, dtype=float) / (1.0 - f)
    return out if out.ndim else float(out)


def activation_volume(electrolyte_name: str) -> tuple[float, str]:
    """Activation volume [m3] of an electrolyte and what it rests on.

    The material's own ``activation_volume`` when its parameter set has one; otherwise Li3OCl's intrinsic-carrier
    value (:func:`cellsim.electrolyte.stress.frenkel_calibration`, review section 5.3.5), labelled an upper bound:
    a vacancy-rich (extrinsic) conductor such as Li1.9(OH)Cl0.9 feels only the migration volume, smaller.
    """
    e = load_electrolyte(electrolyte_name)
    if e.activation_volume is not None:
        return e.activation_volume, f"{e.name} data"
    return frenkel_calibration().activation_volume_m3, f"upper bound: Li3OCl intrinsic-carrier value ({e.name} has no data)"


def conductivity_stress_table(design, temperature_K: float | None = None):
    """Hydrostatic pressure in each electrolyte region of a cell and its conductivity factor.

    Regions: the electrolyte matrix of the two composite electrodes (:func:`matrix_mean_pressure` of the
    residual interface pressure) and the separator layer on each electrode (biaxial film stress s, mean pressure
    -2s/3, :func:`cellsim.electrolyte.stress.biaxial_pressure`). The stresses are elastic: where the residual
    stress table predicts cracking (column ``residual_verdict``) they relax and the factor is an upper bound.

    Returns
    -------
    pandas.DataFrame
        component, pressure_Pa, conductivity_ratio (sigma(p)/sigma(0) at the operating temperature),
        residual_verdict, activation_volume_m3 and its basis (:func:`activation_volume`).
    """
    import pandas as pd

    T = design.protocol.temperature if temperature_K is None else temperature_K
    dv, basis = activation_volume(design.electrolyte)
    rs = residual_stress_table(design, temperature_K=T)
    rows = []
    for _, r in rs.iterrows():
        if np.isfinite(r.interface_pressure_Pa):
            p = matrix_mean_pressure(r.interface_pressure_Pa, r.volume_fraction)
            name = r.component.replace(" particles", " composite (electrolyte matrix)")
        else:
            p = biaxial_pressure(r.film_stress_Pa)
            name = r.component
        rows.append({"component": name, "pressure_Pa": float(p),
                     "conductivity_ratio": float(stress_conductivity_ratio(p, T, dv)),
                     "residual_verdict": r.verdict, "activation_volume_m3": dv, "basis": basis})
    return pd.DataFrame(rows)


def effective_conductivity_factor(design, table) -> float:
    """One conductivity factor for the cell, weighting each region by its share of the ionic resistance.

    Notes
    -----
    Resistance shares with the Bruggeman law: separator L_s / eps_s^b, each electrode L / (3 eps^b) (the
    ionic path of a uniformly reacting porous electrode is a third of its thickness; Newman & Tobias,
    J. Electrochem. Soc. 109 (1962) 1183). The separator factor is the mean over its two faces (anode side and
    cathode side film stresses). k_eff = sum(R_i) / sum(R_i / k_i).
    """
    t = table.set_index("component").conductivity_ratio
    find = lambda key: float(np.mean([v for k, v in t.items() if k.startswith(key)]))  # noqa: E731
    parts = [(design.separator.thickness / design.separator.electrolyte_volume_fraction
              ** design.separator.bruggeman_exponent, find("separator")),
             (design.cathode.thickness / (3 * design.cathode.electrolyte_volume_fraction
                                          ** design.cathode.bruggeman_exponent), find("cathode composite")),
             (design.anode.thickness / (3 * design.anode.electrolyte_volume_fraction
                                        ** design.anode.bruggeman_exponent), find("anode composite"))]
    return sum(r for r, _ in parts) / sum(r / k for r, k in parts)


def cell_stress_effect(design, temperature_K: float | None = None, model: str = "SPMe"):
    """Size of the residual-stress effect on the cell: one cycle without and with the stressed conductivity.

    Returns
    -------
    dict
        ``table`` (:func:`conductivity_stress_table`), ``factor`` (:func:`effective_conductivity_factor`),
        and hysteresis_V / discharge_capacity_mAh_per_g for ``stress_free`` and ``stressed``.
    """
    T = design.protocol.temperature if temperature_K is None else temperature_K
    table = conductivity_stress_table(design, T)
    factor = effective_conductivity_factor(design, table)
    cell = CellModel(design, model=model)
    protocol = default_protocol(design, cycles=1)
    sigma = inputs_at(cell.materials, T).electrolyte_conductivity_S_m
    out = {"table": table, "factor": factor}
    for name, k in (("stress_free", 1.0), ("stressed", factor)):
        s = cell.cycle(protocol, T, inputs={"electrolyte_conductivity_S_m": sigma * k}).summary.iloc[0]
        out[name] = {"hysteresis_V": float(s.hysteresis_V),
                     "discharge_capacity_mAh_per_g": float(s.discharge_capacity_mAh_per_g)}
    return out
