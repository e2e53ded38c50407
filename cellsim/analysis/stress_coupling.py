"""Residual stress -> electrolyte conductivity -> cell resistance, and contact loss -> capacity fade.

The thermal residual stress left by melt infiltration (:func:`cellsim.analysis.tables.residual_stress_table`,
elastic) relaxes by creep of the electrolyte, first while the cell cools from the melt and then at the operating
temperature (:mod:`cellsim.mechanics.relaxation`). Where the stress that is left exceeds the electrolyte's fracture
strength the region cracks and gets no elastic gain (factor 1, flagged); elsewhere the migration activation volume
of the electrolyte turns it into a conductivity factor (:mod:`cellsim.electrolyte.stress`): the hydrostatic law in
the composite electrodes (the ionic path through the pore network has every direction), the through-plane law
in the separator layer (in-plane biaxial stress, current along z). The cell model turns the factor into
hysteresis. Cycling strain plus the relaxed residual stress open the cathode particle contacts
(:mod:`cellsim.mechanics.contact_loss`): :func:`cathode_contact_loss` is the per-cycle loss, which the cell takes as
loss of active material when built with ``contact_loss=True`` (:func:`contact_loss_effect`).
"""
from __future__ import annotations

import numpy as np

from ..cell.model import CellMaterials, CellModel, default_protocol, inputs_at
from ..electrolyte.stress import biaxial_pressure, stress_conductivity_ratio, through_plane_conductivity_ratio
from ..errors import ParameterError
from ..mechanics.contact_loss import ContactLoss, contact_loss_fractions, cycle_peak_tension
from ..mechanics.cycling_strain import (chemical_volumetric_strain, composite_particle_fraction, material_properties,
                                        solidification_temperature)
from ..mechanics.relaxation import cooling_relaxation_factor, mean_maxwell_stress, relaxation_time
from ..mechanics.residual_stress import mismatch_interface_pressure, sphere_in_matrix_stress
from ..parameters import load_electrolyte
from ..parameters.mechanics import load_contact, load_cycling_strain, load_migration_volume, load_relaxation
from .tables import residual_stress_table

#: [K.s-1]. assumed: 5 K/min, furnace cooling of the melt-infiltrated stack from the melt (~300 degC) to the
#: operating temperature (no cooling rate is published for the Review's Figure 19 cell, section 7.1)
DEFAULT_COOLING_RATE_K_S = 5.0 / 60.0


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
    """Migration activation volume [m3] of an electrolyte and what it rests on.

    The electrolyte parameter set's own ``activation_volume`` when it has one, else its ``migration_volume`` in
    ``parameter_sets/mechanics/migration_volume.toml`` (:func:`cellsim.parameters.mechanics.load_migration_volume`).
    Extrinsic-carrier conductors (doped, Li-deficient: every cell electrolyte) feel only the migration volume; the
    intrinsic-Frenkel value of :func:`cellsim.electrolyte.stress.frenkel_calibration` is not used for them.

    Raises
    ------
    ParameterError
        The electrolyte has neither.

    Examples
    --------
    >>> dv, basis = activation_volume("Li1.9(OH)Cl0.9")
    >>> round(dv * 1e30, 2), basis.startswith("migration volume")
    (2.8, True)
    """
    e = load_electrolyte(electrolyte_name)
    if e.activation_volume is not None:
        return e.activation_volume, f"{e.name} data: {e.sources.get('activation_volume', '')}"
    table = load_migration_volume()
    if e.name not in table:
        raise ParameterError(f"{e.name}.migration_volume", None, "an entry in parameter_sets/mechanics/"
                             f"migration_volume.toml (materials with data: {sorted(table)})")
    d = table[e.name]
    return d["migration_volume"], f"migration volume: {d.sources['migration_volume']}"


def relaxation_of(design, temperature_K: float, time_at_temperature_s: float | None = None,
                  cooling_rate_K_s: float = DEFAULT_COOLING_RATE_K_S) -> dict:
    """How much of the elastic residual stress of a cell is left: after cooling, and on average at temperature.

    Returns
    -------
    dict
        ``relaxation_time_s`` (tau at ``temperature_K``), ``cooling_factor`` (:func:`~cellsim.mechanics.relaxation.
        cooling_relaxation_factor`, sigma/sigma_el at the end of cooling), ``time_at_temperature_s`` (default
        :func:`run_duration_s` of the design's protocol), ``mean_factor`` (the cooling factor times the time
        average of exp(-t/tau) over the time at temperature) and ``source``.

    Raises
    ------
    ParameterError
        The temperature is outside the relaxation data range, or the electrolyte has no relaxation data.
    """
    table = load_relaxation()
    if design.electrolyte not in table:
        raise ParameterError(f"{design.electrolyte}.relaxation_time", None, "an entry in parameter_sets/mechanics/"
                             f"relaxation.toml (materials with data: {sorted(table)})")
    r = table[design.electrolyte]

    def tau(T):
        return relaxation_time(T, r["relaxation_time"], r["relaxation_reference_temperature"],
                               r["creep_activation_energy"], r["temperature_min"], r["temperature_max"])

    tau_T = float(tau(temperature_K))
    T_from = solidification_temperature(design.electrolyte)
    cool = cooling_relaxation_factor(T_from, temperature_K, cooling_rate_K_s, tau) if T_from > temperature_K else 1.0
    t = run_duration_s(design) if time_at_temperature_s is None else float(time_at_temperature_s)
    return {"relaxation_time_s": tau_T, "cooling_factor": cool, "time_at_temperature_s": t,
            "mean_factor": cool * float(mean_maxwell_stress(1.0, t, tau_T)),
            "source": r.sources["relaxation_time"]}


def half_cycle_s(design) -> float:
    """Duration of one charge of the design's protocol at its current, nominal capacity / current [s]."""
    m = CellMaterials.load(design)
    return 3600.0 * m.nominal_capacity_Ah / (design.protocol.specific_current * m.cathode_active_mass_kg)


def run_duration_s(design, cycles: int | None = None) -> float:
    """Time at temperature of ``cycles`` (default the protocol's) full cycles, 2 x :func:`half_cycle_s` each [s]."""
    return 2.0 * half_cycle_s(design) * (design.protocol.cycles if cycles is None else int(cycles))


def conductivity_stress_table(design, temperature_K: float | None = None, time_at_temperature_s: float | None = None,
                              cooling_rate_K_s: float = DEFAULT_COOLING_RATE_K_S):
    """Stress in each electrolyte region of a cell, whether it cracks, and its conductivity factor.

    Regions: the electrolyte matrix of the two composite electrodes (:func:`matrix_mean_pressure` of the
    residual interface pressure; isotropic law, the pore network has every direction) and the separator layer on
    each electrode (in-plane biaxial film stress s, current through the plane:
    :func:`~cellsim.electrolyte.stress.through_plane_conductivity_ratio`).

    Notes
    -----
    The elastic stresses of :func:`~cellsim.analysis.tables.residual_stress_table` scale with one relaxation
    factor (:func:`relaxation_of`): the peak (end of cooling) stress decides cracking, max tensile stress >=
    fracture strength -> ``cracked``, conductivity factor 1 (no elastic gain: the crack relieves the stress; the
    crack's own resistance is not modelled); the time-averaged stress at temperature gives the factor of the
    other regions (ln of the factor is linear in the stress, so this is the geometric time average of the factor).

    Returns
    -------
    pandas.DataFrame
        component, direction, elastic_stress_Pa (interface pressure or film stress), peak_tensile_stress_Pa,
        fracture_strength_Pa, cracked, mean_stress_Pa (relaxed, time-averaged), pressure_Pa (its mean hydrostatic
        pressure in the electrolyte), conductivity_ratio, residual_verdict ("crack" / "safe" after the cooling
        relaxation, = ``cracked``), elastic_verdict (that of the unrelaxed residual stress table),
        activation_volume_m3, basis, relaxation_time_s, cooling_factor, mean_factor.
    """
    import pandas as pd

    T = design.protocol.temperature if temperature_K is None else float(temperature_K)
    dv, basis = activation_volume(design.electrolyte)
    nu = material_properties(design.electrolyte).poisson_ratio
    relax = relaxation_of(design, T, time_at_temperature_s, cooling_rate_K_s)
    rs = residual_stress_table(design, temperature_K=T)
    rows = []
    for _, r in rs.iterrows():
        peak = relax["cooling_factor"] * r.max_tensile_stress_Pa
        cracked = bool(peak >= r.fracture_strength_Pa)
        if np.isfinite(r.interface_pressure_Pa):
            elastic = r.interface_pressure_Pa
            mean = relax["mean_factor"] * elastic
            p = matrix_mean_pressure(mean, r.volume_fraction)
            ratio = stress_conductivity_ratio(p, T, dv)
            name, direction = r.component.replace(" particles", " composite (electrolyte matrix)"), "isotropic"
        else:
            elastic = r.film_stress_Pa
            mean = relax["mean_factor"] * elastic
            p = biaxial_pressure(mean)
            ratio = through_plane_conductivity_ratio(mean, T, dv, nu)
            name, direction = r.component, "through-plane"
        rows.append({"component": name, "direction": direction, "elastic_stress_Pa": float(elastic),
                     "peak_tensile_stress_Pa": float(peak), "fracture_strength_Pa": float(r.fracture_strength_Pa),
                     "cracked": cracked, "mean_stress_Pa": float(mean), "pressure_Pa": float(p),
                     "conductivity_ratio": 1.0 if cracked else float(ratio),
                     "residual_verdict": "crack" if cracked else "safe", "elastic_verdict": r.verdict,
                     "activation_volume_m3": dv, "basis": basis, "relaxation_time_s": relax["relaxation_time_s"],
                     "cooling_factor": relax["cooling_factor"], "mean_factor": relax["mean_factor"]})
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


def cathode_contact_loss(design, cycles: int | None = None, temperature_K: float | None = None,
                         top_of_charge_stoichiometry: float | None = None,
                         cooling_rate_K_s: float = DEFAULT_COOLING_RATE_K_S) -> tuple[ContactLoss, dict]:
    """Per-cycle loss of cathode active material by contact opening (cellsim C3) for a cell design.

    Parameters
    ----------
    design : CellDesign
    cycles : int, optional
        Number of cycles (default the design protocol's).
    temperature_K : float, optional
        Operating temperature [K] (default the protocol's).
    top_of_charge_stoichiometry : float, optional
        Cathode x at the top of charge [1]; default the delithiated end of the particle's volume-change data
        (NCM111: x = 0.3946, 4.3 V; the default cell stops at ~4.26 V).
    cooling_rate_K_s : float
        Cooling rate from the melt [K.s-1] (:data:`DEFAULT_COOLING_RATE_K_S`).

    Returns
    -------
    (ContactLoss, dict)
        The per-cycle result of :func:`~cellsim.mechanics.contact_loss.contact_loss_fractions` and the inputs of
        the law: ``thermal_pressure_elastic_Pa``, ``start_pressure_Pa`` (after cooling), ``chemical_pressure_at_top_Pa``,
        ``half_cycle_s``, ``relaxation_time_s``, ``cooling_factor``.

    Notes
    -----
    Particle and matrix moduli, the particle fraction f and the thermal state as in
    :func:`cellsim.mechanics.cycling_strain.design_interface_stress`; the thermal interface pressure is scaled by
    the cooling relaxation factor (:func:`relaxation_of`) and then relaxes with the cycling stress at the
    operating temperature (:func:`~cellsim.mechanics.contact_loss.cycle_peak_tension`).
    """
    T = design.protocol.temperature if temperature_K is None else float(temperature_K)
    n = design.protocol.cycles if cycles is None else int(cycles)
    elec = design.cathode
    part, mat = material_properties(elec.material), material_properties(design.electrolyte)
    f = composite_particle_fraction(elec)
    T_from = solidification_temperature(design.electrolyte)
    p_th = sphere_in_matrix_stress(1.0, 1.0, part.thermal_expansion, mat.thermal_expansion, part.youngs_modulus,
                                   part.poisson_ratio, mat.youngs_modulus, mat.poisson_ratio, T_from, T,
                                   f).interface_pressure
    strain = load_cycling_strain()[elec.material]
    x_top = strain.stoichiometry_delithiated if top_of_charge_stoichiometry is None else top_of_charge_stoichiometry
    eps_v = chemical_volumetric_strain(x_top, strain, elec.initial_stoichiometry)
    dP = mismatch_interface_pressure(eps_v / 3, part.youngs_modulus, part.poisson_ratio, mat.youngs_modulus,
                                     mat.poisson_ratio, f)
    relax = relaxation_of(design, T, 0.0, cooling_rate_K_s)
    contact = load_contact()
    if elec.material not in contact:
        raise ParameterError(f"{elec.material}.interface_strength", None, "an entry in parameter_sets/mechanics/"
                             f"contact.toml (materials with data: {sorted(contact)})")
    c = contact[elec.material]
    th = half_cycle_s(design)
    p0 = relax["cooling_factor"] * p_th
    peaks = cycle_peak_tension(p0, dP, th, relax["relaxation_time_s"], n)
    loss = contact_loss_fractions(peaks, c["interface_strength"], c["weibull_modulus"], c["isolable_fraction"])
    return loss, {"thermal_pressure_elastic_Pa": float(p_th), "start_pressure_Pa": float(p0),
                  "chemical_pressure_at_top_Pa": float(dP), "half_cycle_s": th,
                  "relaxation_time_s": relax["relaxation_time_s"], "cooling_factor": relax["cooling_factor"]}


def contact_loss_effect(design, cycles: int | None = None, temperature_K: float | None = None, model: str = "SPMe"):
    """Capacity fade from contact loss: the cell cycled with and without it (same built model structure).

    The cell is built with ``contact_loss=True`` (PyBaMM's current-driven loss of active material in the cathode)
    and solved with ``cathode_contact_loss_per_cycle`` = :attr:`ContactLoss.mean_loss_per_cycle` and with 0.

    Returns
    -------
    dict
        ``loss`` (:class:`ContactLoss`), ``per_cycle`` (the input used), and for ``without`` / ``with`` the
        discharge capacities [mAh/g] per cycle and the retention of the last cycle.
    """
    T = design.protocol.temperature if temperature_K is None else float(temperature_K)
    n = design.protocol.cycles if cycles is None else int(cycles)
    loss, _ = cathode_contact_loss(design, n, T)
    cell = CellModel(design, model=model, contact_loss=True)
    protocol = default_protocol(design, cycles=n)
    out = {"loss": loss, "per_cycle": loss.mean_loss_per_cycle}
    for name, q in (("without", 0.0), ("with", loss.mean_loss_per_cycle)):
        s = cell.cycle(protocol, T, inputs={"cathode_contact_loss_per_cycle": q}).summary
        cap = s.discharge_capacity_mAh_per_g.to_numpy()
        out[name] = {"discharge_capacity_mAh_per_g": cap, "retention": float(cap[-1] / cap[0])}
    return out
