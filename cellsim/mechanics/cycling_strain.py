"""Cycling strain: intercalation volume change of the particles on top of the thermal residual stress.

A particle embedded in the solidified electrolyte changes volume as its Li content changes (NCM111
shrinks by about 1.2 % between 3.0 and 4.3 V; LTO is nearly zero-strain). Its free linear
eigenstrain eps_v / 3 adds to the thermal mismatch strain in the same Lame / Selsing
concentric-sphere solution used by :func:`cellsim.mechanics.residual_stress.sphere_in_matrix_stress`,
so the interface pressure is linear in the total mismatch strain:

    p(t) = p_thermal + p_chemical(t),   mismatch strain = (alpha_p - alpha_m) dT + eps_v(x(t)) / 3.

The contact opens where the radial stress at the interface, sigma_rr(a) = -p, becomes tensile
beyond the interface strength (default 0: any tension opens the contact). Positive stress is
tensile; the interface pressure p is positive in compression (as in residual_stress).

Data: ``parameter_sets/mechanics/cycling_strain.toml`` (one table per active material, values
``{value, unit, source}``), read by :func:`cellsim.parameters.mechanics.load_cycling_strain`.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..errors import ParameterError
from ..parameters.loader import load_electrolyte
from ..parameters.mechanics import (ChemicalStrain, load_cycling_strain, load_elastic,
                                    load_thermal_expansion)
from ..parameters.sections import require
from .residual_stress import SphereStress, matrix_hoop_stress, mismatch_interface_pressure, sphere_in_matrix_stress

__all__ = [
    "ThermoElastic",
    "CyclingStress",
    "material_properties",
    "chemical_volumetric_strain",
    "open_time_fraction",
    "interface_stress_history",
    "design_interface_stress",
    "solidification_temperature",
    "composite_particle_fraction",
]

@dataclass(frozen=True)
class ThermoElastic:
    """Isotropic elastic constants and thermal expansion of one material (SI)."""

    name: str  # the name asked for
    data_name: str  # the entry of elastic.toml / thermal_expansion.toml actually used
    youngs_modulus: float  # [Pa]
    poisson_ratio: float  # [1]
    thermal_expansion: float  # [K-1]


@dataclass(frozen=True)
class CyclingStress:
    """Interface stress of a particle over a cycling run, and where the contact opens."""

    history: "object"  # pandas.DataFrame, one row per time-series row (columns: see interface_stress_history)
    thermal_interface_pressure: float  # p from the thermal mismatch alone [Pa]
    interface_strength: float  # [Pa]
    contact_opens: bool
    open_time_fraction: float  # [1], 0 when the contact never opens
    opening_stoichiometry: float  # x at the first opening [1]; nan if it never opens
    opening_state_of_charge: float  # cell SOC at the first opening [1]; nan if it never opens
    interface_pressure_min: float  # [Pa]
    interface_pressure_max: float  # [Pa]


def material_properties(name: str) -> ThermoElastic:
    """Young's modulus, Poisson's ratio and thermal expansion of a material from the mechanics data.

    Parameters
    ----------
    name : str
        Material (``"NCM111"``, ``"LTO"``, ``"Li3OCl"``, ...), or one whose mechanics entries name another with
        ``data_from`` (``"Li1.9(OH)Cl0.9"`` uses the ``"Li2(OH)Cl"`` entries).

    Returns
    -------
    ThermoElastic
        Values in SI units.

    Raises
    ------
    ParameterError
        If the material has no Young's modulus and Poisson's ratio, or no thermal expansion, in
        ``parameter_sets/mechanics`` (the message lists the materials that have them); no other material's
        data is borrowed beyond the ``data_from`` entries of those files.

    Examples
    --------
    >>> m = material_properties("Li1.9(OH)Cl0.9")
    >>> m.data_name, m.youngs_modulus / 1e9, m.poisson_ratio, m.thermal_expansion
    ('Li2(OH)Cl', 43.1, 0.24, 3.5e-05)
    """
    data_name = require(name, "elastic", what="the elastic mismatch")
    require(name, "thermal", what="the thermal mismatch")
    e = load_elastic()[data_name]
    return ThermoElastic(name, e.data_from or data_name, e["youngs_modulus"], e["poisson_ratio"],
                         load_thermal_expansion()[data_name]["thermal_expansion"])


def chemical_volumetric_strain(stoichiometry, chemical_strain: ChemicalStrain, reference_stoichiometry: float):
    """Free volumetric strain of an active particle relative to a reference Li content.

    Parameters
    ----------
    stoichiometry : float or array_like
        Li stoichiometry x = c/c_max of the particle [1].
    chemical_strain : ChemicalStrain
        From :func:`cellsim.parameters.mechanics.load_cycling_strain`.
    reference_stoichiometry : float
        x of the stress-free state [1], e.g. the as-assembled x at which the electrolyte solidified.

    Returns
    -------
    float or ndarray
        eps_v(x) - eps_v(x_ref) [1]; negative when the particle is smaller than at x_ref.

    Notes
    -----
    Linear (small-strain) model between the two tabulated ends:

        eps_v(x) = dV (x_lith - x) / (x_lith - x_delith),                              (cellsim C1)

    dV = V(delithiated) / V(lithiated) - 1. Stoichiometries outside [x_delith, x_lith] are
    extrapolated with a RuntimeWarning.

    References
    ----------
    Kondrakov et al., J. Phys. Chem. C 121, 3286 (2017), doi:10.1021/acs.jpcc.6b12885 (NCM111: 1.2 %
    between 3.0 and 4.3 V).

    Examples
    --------
    NCM111 charged from x = 0.910058 (as assembled; x_BPX = 0.97 on BPX's 46,200 mol/m3 scale) to 4.3 V
    (x = 0.394609, x_BPX = 0.4206): -1.2 % x (0.910058 - 0.394609) / (0.938204 - 0.394609):

    >>> ncm = load_cycling_strain()["NCM111"]
    >>> round(float(chemical_volumetric_strain(0.394609, ncm, 0.910058)) * 100, 3)
    -1.138
    """
    cs = chemical_strain
    x = np.asarray(stoichiometry, dtype=float)
    if np.any(~np.isfinite(x)):
        raise ParameterError("stoichiometry", x.tolist() if x.size < 10 else "array with nan/inf", "finite values")
    x_ref = float(reference_stoichiometry)
    lo, hi = cs.stoichiometry_delithiated, cs.stoichiometry_lithiated
    if not (0 <= x_ref <= 1):
        raise ParameterError("reference_stoichiometry", x_ref, "0 <= x <= 1")
    outside = np.concatenate([x.ravel(), [x_ref]])
    if np.any((outside < lo - 1e-9) | (outside > hi + 1e-9)):
        warnings.warn(f"stoichiometry {outside.min():.4g}..{outside.max():.4g} outside the range "
                      f"[{lo}, {hi}] of the {cs.material} volume-change data; extrapolated linearly",
                      RuntimeWarning, stacklevel=2)
    slope = -cs.volume_change_on_delithiation / (hi - lo)
    eps = slope * (x - x_ref)
    return float(eps) if eps.ndim == 0 else eps


def open_time_fraction(time_s, radial_stress, interface_strength: float = 0.0) -> float:
    """Fraction of time the radial interface stress exceeds the interface strength.

    Parameters
    ----------
    time_s : array_like
        Non-decreasing times [s].
    radial_stress : array_like
        sigma_rr at the interface [Pa], tensile positive.
    interface_strength : float, optional
        Tensile strength of the contact [Pa], >= 0.

    Returns
    -------
    float
        [1], in [0, 1]. Within each interval the stress is taken as linear in time, so a
        crossing is located by linear interpolation (exact for piecewise-linear histories).

    Examples
    --------
    >>> open_time_fraction([0, 1, 2], [-1.0, 1.0, 1.0])
    0.75
    """
    t = np.asarray(time_s, dtype=float)
    s = np.asarray(radial_stress, dtype=float) - float(interface_strength)
    if t.ndim != 1 or t.shape != s.shape or len(t) < 2:
        raise ParameterError("time_s", t.shape, f"a 1-D array of >= 2 times matching radial_stress {s.shape}")
    dt = np.diff(t)
    if np.any(dt < 0):
        raise ParameterError("time_s", float(t[np.argmax(dt < 0) + 1]), "non-decreasing times")
    if t[-1] == t[0]:
        raise ParameterError("time_s", float(t[0]), "a time span > 0 s")
    s0, s1 = s[:-1], s[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where((s0 > 0) & (s1 > 0), 1.0,
                        np.where((s0 <= 0) & (s1 <= 0), 0.0,
                                 np.where(s0 > 0, s0 / (s0 - s1), s1 / (s1 - s0))))
    return float(np.sum(frac * dt) / (t[-1] - t[0]))


def interface_stress_history(timeseries, electrode: str, chemical_strain: ChemicalStrain,
                             thermal: SphereStress | float, youngs_modulus_particle: float,
                             poisson_ratio_particle: float, youngs_modulus_matrix: float,
                             poisson_ratio_matrix: float, *, reference_stoichiometry: float,
                             volume_fraction: float = 0.0, interface_strength: float = 0.0) -> CyclingStress:
    """Particle/electrolyte interface stress over a cycling run (thermal + chemical mismatch).

    Parameters
    ----------
    timeseries : pandas.DataFrame
        Cycling time series (:attr:`cellsim.cell.results.CyclingResult.timeseries`) with columns
        ``time_s``, ``cycle``, ``charge_stored_mAh_per_g`` and ``<electrode>_stoichiometry``.
    electrode : {"cathode", "anode"}
        Whose particles.
    chemical_strain : ChemicalStrain
        Volume-change data of the particle material (:func:`cellsim.parameters.mechanics.load_cycling_strain`).
    thermal : SphereStress or float
        Thermal residual state at the operating temperature, from
        :func:`~cellsim.mechanics.residual_stress.sphere_in_matrix_stress` computed with the *same*
        moduli and volume fraction, or its interface pressure [Pa].
    youngs_modulus_particle, youngs_modulus_matrix : float
        [Pa].
    poisson_ratio_particle, poisson_ratio_matrix : float
        [1].
    reference_stoichiometry : float
        Particle x at which the electrolyte solidified (the stress-free chemical state) [1].
    volume_fraction : float, optional
        f of the concentric-sphere cell [1] (as used for ``thermal``).
    interface_strength : float, optional
        Tensile strength of the contact [Pa], >= 0; 0 = the contact opens as soon as sigma_rr(a) > 0.

    Returns
    -------
    CyclingStress
        ``history`` has the columns ``time_s``, ``cycle``, ``stoichiometry``, ``state_of_charge``
        (charge stored normalised to its range in the run, 0..1), ``charge_stored_mAh_per_g``,
        ``chemical_volumetric_strain``, ``interface_pressure_Pa``, ``radial_stress_Pa`` (= -p),
        ``hoop_stress_Pa`` (matrix at r = a) and ``contact_open``; plus the time fraction open and
        the stoichiometry / SOC of the first opening (linearly interpolated to the crossing).

    Notes
    -----
    Superposition in the linear Lame solution (cellsim C2):

        p(t) = p_thermal + P(eps_v(x(t)) / 3),

    P = :func:`mismatch_interface_pressure`, eps_v from :func:`chemical_volumetric_strain`.
    Because P is linear, this equals the single solution with mismatch strain
    (alpha_p - alpha_m) dT + eps_v / 3. Elastic, no sliding, no plasticity or creep of the
    electrolyte; the particle Li content is the electrode average (no concentration gradient
    inside a particle).

    References
    ----------
    Selsing, J. Am. Ceram. Soc. 44, 419 (1961), doi:10.1111/j.1151-2916.1961.tb15475.x.
    Kondrakov et al., J. Phys. Chem. C 121, 3286 (2017), doi:10.1021/acs.jpcc.6b12885.

    Examples
    --------
    >>> import pandas as pd
    >>> ts = pd.DataFrame({"time_s": [0.0, 1.0, 2.0], "cycle": 1, "charge_stored_mAh_per_g": [0.0, 80.0, 160.0],
    ...                    "cathode_stoichiometry": [0.910058, 0.656743, 0.403428]})
    >>> r = interface_stress_history(ts, "cathode", load_cycling_strain()["NCM111"], 50e6, 180e9, 0.25,
    ...                              43.1e9, 0.24, reference_stoichiometry=0.910058)
    >>> r.contact_opens, round(r.opening_stoichiometry, 3), round(r.open_time_fraction, 2)
    (True, 0.793, 0.77)
    """
    import pandas as pd

    if electrode not in ("cathode", "anode"):
        raise ParameterError("electrode", electrode, "'cathode' or 'anode'")
    col = f"{electrode}_stoichiometry"
    missing = [c for c in ("time_s", "cycle", "charge_stored_mAh_per_g", col) if c not in timeseries]
    if missing:
        raise ParameterError("timeseries", missing, "a cycling time series with columns time_s, cycle, "
                             f"charge_stored_mAh_per_g and {col} (CyclingResult.timeseries)")
    if interface_strength < 0:
        raise ParameterError("interface_strength", interface_strength, ">= 0 Pa")
    p_th = float(thermal.interface_pressure if isinstance(thermal, SphereStress) else thermal)
    f = float(volume_fraction)
    x = timeseries[col].to_numpy(dtype=float)
    eps_v = np.asarray(chemical_volumetric_strain(x, chemical_strain, reference_stoichiometry))
    p = p_th + np.asarray(mismatch_interface_pressure(eps_v / 3, youngs_modulus_particle, poisson_ratio_particle,
                                                      youngs_modulus_matrix, poisson_ratio_matrix, f))
    q = timeseries["charge_stored_mAh_per_g"].to_numpy(dtype=float)
    span = q.max() - q.min()
    soc = (q - q.min()) / span if span > 0 else np.zeros_like(q)
    radial = -p
    s = radial - interface_strength
    history = pd.DataFrame({
        "time_s": timeseries["time_s"].to_numpy(dtype=float), "cycle": timeseries["cycle"].to_numpy(),
        "stoichiometry": x, "state_of_charge": soc, "charge_stored_mAh_per_g": q,
        "chemical_volumetric_strain": eps_v, "interface_pressure_Pa": p, "radial_stress_Pa": radial,
        "hoop_stress_Pa": matrix_hoop_stress(p, f), "contact_open": s > 0})
    opens = bool(np.any(s > 0))
    x_open = soc_open = float("nan")
    frac = 0.0
    if opens:
        i = int(np.argmax(s > 0))
        w = 1.0 if i == 0 else s[i - 1] / (s[i - 1] - s[i])  # linear interpolation to the crossing
        j = max(i - 1, 0)
        x_open = float(x[j] + w * (x[i] - x[j]))
        soc_open = float(soc[j] + w * (soc[i] - soc[j]))
        frac = open_time_fraction(history["time_s"], radial, interface_strength) if len(x) > 1 else 1.0
    return CyclingStress(history, p_th, float(interface_strength), opens, frac, x_open, soc_open,
                         float(p.min()), float(p.max()))


def design_interface_stress(timeseries, design, electrode: str = "cathode", temperature_K: float | None = None,
                            solidification_temperature_K: float | None = None,
                            volume_fraction: float | None = None, interface_strength: float = 0.0,
                            dirs=()) -> CyclingStress:
    """Interface stress over a cycling run for one electrode of a loaded cell design.

    Parameters
    ----------
    timeseries : pandas.DataFrame
        ``CyclingResult.timeseries`` of a run of ``design``.
    design : cellsim.parameters.CellDesign
        From :func:`cellsim.load_cell`.
    electrode : {"cathode", "anode"}
    temperature_K : float, optional
        Operating temperature [K]; default the design's protocol temperature.
    solidification_temperature_K : float, optional
        Stress-free temperature [K]; default the electrolyte's ``melting_temperature``
        (573.15 K for Li1.9(OH)Cl0.9, Review section 7.1).
    volume_fraction : float, optional
        f [1]; default active / (active + electrolyte) volume fraction of the electrode
        (the particle fraction of the dense composite, Hashin's composite-sphere cell).
    interface_strength : float, optional
        [Pa], default 0.
    dirs : sequence of paths, optional
        Extra parameter folders (as for :func:`cellsim.parameters.load_electrolyte`).

    Returns
    -------
    CyclingStress
        See :func:`interface_stress_history`; the chemical reference state is the electrode's
        ``initial_stoichiometry`` (as assembled, i.e. when the melt solidified).

    Notes
    -----
    Particle: the electrode material's entries in ``parameter_sets/mechanics``; matrix: the
    electrolyte's (or those its ``data_from`` entry names). The thermal state is
    :func:`~cellsim.mechanics.residual_stress.sphere_in_matrix_stress` from the solidification to
    the operating temperature.

    Examples
    --------
    >>> import pandas as pd, cellsim
    >>> design = cellsim.load_cell("default")
    >>> ts = pd.DataFrame({"time_s": [0.0, 1.0], "cycle": 1, "charge_stored_mAh_per_g": [0.0, 150.0],
    ...                    "cathode_stoichiometry": [0.896, 0.422192]})
    >>> r = design_interface_stress(ts, design)
    >>> round(r.thermal_interface_pressure / 1e6), round(r.interface_pressure_min / 1e6), r.contact_opens
    (85, 26, False)
    """
    if electrode not in ("cathode", "anode"):
        raise ParameterError("electrode", electrode, "'cathode' or 'anode'")
    elec = getattr(design, electrode)
    T_to = design.protocol.temperature if temperature_K is None else float(temperature_K)
    T_from = solidification_temperature(design.electrolyte, dirs) if solidification_temperature_K is None \
        else float(solidification_temperature_K)
    f = composite_particle_fraction(elec) if volume_fraction is None else float(volume_fraction)
    part, mat = material_properties(elec.material), material_properties(design.electrolyte)
    strain = load_cycling_strain()[require(elec.material, "cycling_strain", what="the cycling strain")]
    thermal = sphere_in_matrix_stress(1.0, 1.0, part.thermal_expansion, mat.thermal_expansion, part.youngs_modulus,
                                      part.poisson_ratio, mat.youngs_modulus, mat.poisson_ratio, T_from, T_to, f)
    return interface_stress_history(timeseries, electrode, strain, thermal, part.youngs_modulus,
                                    part.poisson_ratio, mat.youngs_modulus, mat.poisson_ratio,
                                    reference_stoichiometry=elec.initial_stoichiometry, volume_fraction=f,
                                    interface_strength=interface_strength)


def solidification_temperature(electrolyte: str, dirs=()) -> float:
    """Stress-free temperature of a melt-infiltrated electrolyte: its ``melting_temperature`` [K].

    Raises
    ------
    ParameterError
        If the electrolyte's parameter file has no melting temperature (give one explicitly).

    Examples
    --------
    >>> solidification_temperature("Li1.9(OH)Cl0.9")
    573.15
    """
    e = load_electrolyte(electrolyte, dirs)
    if e.melting_temperature is None:
        raise ParameterError(f"{electrolyte}.melting_temperature", None,
                             "a melting temperature in the electrolyte file, or pass solidification_temperature_K")
    return float(e.melting_temperature)


def composite_particle_fraction(electrode) -> float:
    """Particle volume fraction of the dense composite: active / (active + electrolyte) [1].

    Examples
    --------
    >>> import cellsim
    >>> round(composite_particle_fraction(cellsim.load_cell().cathode), 3)
    0.612
    """
    a, e = electrode.active_volume_fraction, electrode.electrolyte_volume_fraction
    return a / (a + e)
