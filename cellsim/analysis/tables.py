"""Mechanics reports: dendrite-suppression table of the electrolytes and residual stress of a cell design.

Both tables are tidy pandas DataFrames (one row per material and temperature, or per component),
stresses in Pa. :func:`format_table` renders them as text with stresses in MPa / GPa.
"""
from __future__ import annotations

import functools
from types import MappingProxyType
from typing import Iterable, Mapping

import numpy as np

from ..electrolyte.conductivity import electrolyte_conductivity
from ..errors import ParameterError, UnknownNameError
from ..mechanics.cycling_strain import composite_particle_fraction, material_properties, solidification_temperature
from ..mechanics.dendrite import (
    ahmad_viswanathan_verdict,
    critical_current_density,
    lithium_metal,
    lithium_shear_modulus,
    verdict,
)
from ..mechanics.elastic import bulk_modulus, isotropic_moduli
from ..mechanics.residual_stress import (biaxial_film_stress, fracture_strength, residual_stress_verdict,
                                         sphere_in_matrix_stress, turner_thermal_expansion)
from ..parameters import available, load_electrolyte
from ..parameters.mechanics import load_elastic, load_li_ion_volume, load_molar_volume_per_li
from ..parameters.sections import require

__all__ = [
    "molar_volume_per_li",
    "li_ion_volume",
    "MOLAR_VOLUME_ESTIMATES",
    "DEFAULT_FRACTURE_TOUGHNESS",
    "DEFAULT_FLAW_SIZE_M",
    "DEFAULT_CONDUCTIVITY_S_M",
    "DENDRITE_COLUMNS",
    "RESIDUAL_STRESS_COLUMNS",
    "dendrite_materials",
    "molar_volume_ratio",
    "dendrite_table",
    "residual_stress_table",
    "format_table",
]

@functools.lru_cache(maxsize=1)
def molar_volume_per_li() -> Mapping[str, tuple[float, str]]:
    """Crystal volume per Li atom [m3.mol-1] = unit-cell volume / (Li atoms per cell), read on first use and kept.

    A stand-in for the partial molar volume of Li+ in the electrolyte of Ahmad & Viswanathan's criterion (an
    upper bound: the whole framework volume is attributed to Li): {material: (value, source)} (read-only),
    computed from the unit cells in parameter_sets/mechanics/molar_volume_per_li.toml (lattice sources there;
    most are "assumed").

    Examples
    --------
    >>> round(molar_volume_per_li()["Li3OCl"][0] * 1e6, 3)
    11.972
    """
    return MappingProxyType(load_molar_volume_per_li())


@functools.lru_cache(maxsize=1)
def li_ion_volume() -> Mapping[str, tuple[float, str]]:
    """Partial molar volume of Li+ [m3.mol-1] estimated as the volume of the ion, read on first use and kept.

    {material: (value, source)} (read-only) from parameter_sets/mechanics/li_ion_volume.toml: N_A (4/3) pi r^3
    with Shannon's radius for the Li site's coordination (coordinations "assumed", see the file). The lower
    estimate of v; :func:`molar_volume_per_li` is the upper one.

    Examples
    --------
    >>> round(li_ion_volume()["Li3OCl"][0] * 1e6, 3)
    1.107
    """
    return MappingProxyType(load_li_ion_volume())


#: The two estimates of V_Li+ for v = V_Li+ / V_Li: "ion" (volume of the Li+ ion, the default, lower) and
#: "cell" (crystal volume per Li, upper).
MOLAR_VOLUME_ESTIMATES = ("ion", "cell")

#: [Pa.m0.5]. assumed: Review section 6.4 gives ~1 MPa.m0.5 for oxide electrolytes (LLTO, Al-LLZO);
#: no antiperovskite value is published (they are more brittle, K/G ~1.4), so this is optimistic.
DEFAULT_FRACTURE_TOUGHNESS = 1.0e6
#: [m]. assumed: flaws in the melt-cast matrix of the order of the NCM111 particle radius (4.6 um).
DEFAULT_FLAW_SIZE_M = 5e-6
#: [S.m-1]. assumed: 1 mS/cm, for electrolytes without a cellsim conductivity parameter set.
DEFAULT_CONDUCTIVITY_S_M = 0.1

DENDRITE_COLUMNS = (
    "material", "temperature_K", "li_state", "shear_modulus_Pa", "poisson_ratio", "li_shear_modulus_Pa",
    "shear_modulus_ratio", "mn_critical_ratio", "mn_verdict", "molar_volume_ratio", "molar_volume_ratio_source",
    "generalised_regime", "generalised_critical_ratio", "generalised_stable_side", "generalised_margin",
    "generalised_verdict", "chi_J_mol_m", "critical_wavelength_m", "molar_volume_ratio_upper",
    "generalised_verdict_upper_v", "gb_shear_modulus_ratio",
    "gb_verdict", "fracture_toughness_Pa_sqrt_m", "toughness_source", "conductivity_S_m", "conductivity_source",
    "critical_current_density_A_m2",
)

RESIDUAL_STRESS_COLUMNS = (
    "component", "material", "matrix", "data_used", "temperature_from_K", "temperature_to_K", "volume_fraction",
    "interface_pressure_Pa", "hoop_stress_Pa", "film_stress_Pa", "max_tensile_stress_Pa", "fracture_strength_Pa",
    "verdict",
)


def dendrite_materials() -> list[str]:
    """Li electrolytes of ``elastic.toml`` with a shear modulus and a Poisson's or bulk modulus.

    Li metal and the Na conductors (to be compared with Na metal, not Li) are excluded, as are
    entries with a Young's modulus only (Li3OBr).

    Examples
    --------
    >>> m = dendrite_materials()
    >>> "Li3OCl" in m, "Li2(OH)Cl" in m, "Li10GeP2S12" in m, "Na3OBr" in m, "Li" in m
    (True, True, True, False, False)
    """
    out = []
    for name, d in load_elastic().items():
        keys = set(d.values)
        own = d.data_from is None  # a material with data of its own, not one that borrows (data_from)
        if own and name.startswith("Li") and name != "Li" and "shear_modulus" in keys and keys & {"poisson_ratio",
                                                                                                  "bulk_modulus"}:
            out.append(name)
    return out


def molar_volume_ratio(material: str, estimate: str = "ion") -> float:
    """v = V_Li+ (in the electrolyte) / V_Li (molar volume of Li metal, M / rho = 13.0 cm3.mol-1).

    Parameters
    ----------
    material : str
        An electrolyte of ``li_ion_volume.toml`` ("ion") or ``molar_volume_per_li.toml`` ("cell").
    estimate : str, optional
        "ion" (default): V_Li+ = volume of the Li+ ion (:func:`li_ion_volume`), the lower estimate, in line with
        Ahmad & Viswanathan's statement that Li+ takes much less room in inorganic solids than in the metal.
        "cell": crystal volume per Li (:func:`molar_volume_per_li`), an upper bound.

    Returns
    -------
    float
        v [1].

    Raises
    ------
    UnknownNameError
        A material without data for that estimate (the error lists those with data), or an unknown estimate.

    Examples
    --------
    >>> round(molar_volume_ratio("Li3OCl"), 4), round(molar_volume_ratio("Li3OCl", "cell"), 2)
    (0.0852, 0.92)
    """
    if estimate not in MOLAR_VOLUME_ESTIMATES:
        raise UnknownNameError("molar-volume estimate", estimate, MOLAR_VOLUME_ESTIMATES)
    data = li_ion_volume() if estimate == "ion" else molar_volume_per_li()
    if material not in data:
        raise UnknownNameError(f"material (molar volume of Li+, estimate {estimate!r})", material, sorted(data))
    return data[material][0] / lithium_metal().molar_volume


def _v_or_nan(material: str, estimate: str) -> float:
    data = li_ion_volume() if estimate == "ion" else molar_volume_per_li()
    return molar_volume_ratio(material, estimate) if material in data else float("nan")


def _poisson(d) -> float:
    if "poisson_ratio" in d.values:
        return d["poisson_ratio"]
    return isotropic_moduli(G=d["shear_modulus"], K=d["bulk_modulus"]).poisson_ratio


def _conductivity(material: str, T: float, default: float) -> tuple[float, str]:
    if material not in available("electrolyte"):
        return default, "assumed: default (no cellsim parameter set)"
    e = load_electrolyte(material)
    inside = e.temperature_min <= T <= e.temperature_max
    return (electrolyte_conductivity(e, T, check_range="ignore"),
            "cellsim parameter set" + ("" if inside else " (extrapolated outside its data range)"))


def dendrite_table(temperatures_K: Iterable[float] = (298.15, 333.15, 373.15), materials: Iterable[str] | None = None,
                   molar_volume_ratios: Mapping[str, float] | None = None, grain_boundary_fraction: float = 0.5,
                   flaw_length_m: float = 1e-6, interfacial_resistance_ohm_m2: float = 1e-3,
                   fracture_toughness: float = DEFAULT_FRACTURE_TOUGHNESS,
                   conductivity_S_m: float = DEFAULT_CONDUCTIVITY_S_M, marginal_band: float = 0.10):
    """Dendrite-suppression verdicts of the electrolytes against Li metal at several temperatures.

    Parameters
    ----------
    temperatures_K : iterable of float
        Temperatures [K]; at and above 453.65 K (180.5 degC) Li is molten.
    materials : iterable of str, optional
        Names in ``elastic.toml``; default :func:`dendrite_materials`.
    molar_volume_ratios : mapping, optional
        {material: v} overriding :func:`molar_volume_ratio` [1].
    grain_boundary_fraction : float, optional
        G_GB / G_bulk for the grain-boundary verdict [1], default 0.5 (Review section 6.4).
    flaw_length_m : float, optional
        Flaw depth of the critical-current-density model [m], default 1 um.
    interfacial_resistance_ohm_m2 : float, optional
        Li/electrolyte area-specific resistance [Ohm.m2], default 1e-3 (10 Ohm.cm2, assumed).
    fracture_toughness : float, optional
        K_IC [Pa.m0.5] for materials without a value in ``elastic.toml``
        (default :data:`DEFAULT_FRACTURE_TOUGHNESS`).
    conductivity_S_m : float, optional
        Ionic conductivity [S.m-1] for materials without a cellsim parameter set.
    marginal_band : float, optional
        Relative band called "marginal" (see :func:`~cellsim.mechanics.dendrite.verdict`).

    Returns
    -------
    pandas.DataFrame
        One row per (material, temperature) with the columns :data:`DENDRITE_COLUMNS`:
        ``mn_*`` the Monroe-Newman rule as the Review uses it (reference Poisson's ratio 0.33, "about twice
        G_Li"); ``generalised_*`` Ahmad & Viswanathan's criterion
        (:func:`~cellsim.mechanics.dendrite.ahmad_viswanathan_verdict`) with the material's own Poisson's
        ratio and v = ``molar_volume_ratio`` (default estimate "ion", :func:`molar_volume_ratio`; its source in
        ``molar_volume_ratio_source``): regime "density-driven" (v < 1, stable below
        ``generalised_critical_ratio``) or "pressure-driven" (v > 1, stable above), ``generalised_margin`` the
        factor to the critical ratio (> 1 stable), ``chi_J_mol_m`` the stability parameter at k = 1e8 m-1 and
        ``critical_wavelength_m`` the wavelength above which perturbations grow;
        ``molar_volume_ratio_upper`` and ``generalised_verdict_upper_v`` the same verdict with the upper
        estimate of v (crystal volume per Li), a sensitivity; ``gb_*`` the Monroe-Newman rule with G scaled by
        ``grain_boundary_fraction``; ``critical_current_density_A_m2`` the flaw model
        (:func:`~cellsim.mechanics.dendrite.critical_current_density`). Verdicts are "pass", "marginal",
        "fail", "not applicable" (molten Li) or "no data" (no v).

    References
    ----------
    Monroe & Newman, J. Electrochem. Soc. 152, A396 (2005), doi:10.1149/1.1850854.
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.
    Ahmad et al., ACS Cent. Sci. 4, 996 (2018), doi:10.1021/acscentsci.8b00229.
    Xia et al., Chem. Rev. 122, 3763 (2022), doi:10.1021/acs.chemrev.1c00594, section 6.4 and Table 3.

    Examples
    --------
    >>> df = dendrite_table([298.15], materials=["Li3OCl", "Li2(OH)Cl", "Li10GeP2S12"])
    >>> df[["material", "mn_verdict", "generalised_regime", "generalised_verdict"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['Li3OCl', 'pass', 'density-driven', 'fail'], ['Li2(OH)Cl', 'pass', 'density-driven', 'fail'],
     ['Li10GeP2S12', 'marginal', 'density-driven', 'fail']]
    """
    import pandas as pd

    elastic = load_elastic()
    names = dendrite_materials() if materials is None else list(materials)
    overrides = dict(molar_volume_ratios or {})
    temps = [float(T) for T in temperatures_K]
    if not temps:
        raise ParameterError("temperatures_K", temps, "at least one temperature [K], e.g. (298.15, 373.15)")
    rows = []
    for name in names:
        if name not in elastic:
            require(name, "elastic", what="the dendrite criteria")  # refuses, listing the materials with data
            raise UnknownNameError("material (elastic.toml)", name, dendrite_materials())
        d = elastic[name]
        if "shear_modulus" not in d.values:
            raise ParameterError(f"{name}.shear_modulus", "<missing>", f"a material with a shear modulus: "
                                 f"{dendrite_materials()}")
        G, nu = d["shear_modulus"], _poisson(d)
        if name in overrides:
            v, v_src = float(overrides[name]), "given (molar_volume_ratios)"
        else:
            v = _v_or_nan(name, "ion")
            v_src = li_ion_volume()[name][1] if name in li_ion_volume() else "no data"
        v_up = _v_or_nan(name, "cell")
        if "fracture_toughness" in d.values:
            K_ic, k_src = d["fracture_toughness"], d.sources["fracture_toughness"]
        else:
            K_ic, k_src = float(fracture_toughness), "assumed: default (no value in elastic.toml)"
        for T in temps:
            G_li = lithium_shear_modulus(T)
            mn = verdict(name, G, T, marginal_band=marginal_band)
            gb = verdict(name, G, T, grain_boundary_fraction=grain_boundary_fraction, marginal_band=marginal_band)
            gen = {"generalised_regime": "no data", "generalised_critical_ratio": float("nan"),
                   "generalised_stable_side": "", "generalised_margin": float("nan"), "generalised_verdict": "no data",
                   "chi_J_mol_m": float("nan"), "critical_wavelength_m": float("nan")}
            if np.isfinite(v):
                av = ahmad_viswanathan_verdict(name, G, T, nu, v, marginal_band=marginal_band)
                gen = {"generalised_regime": av.regime, "generalised_critical_ratio": av.critical_ratio,
                       "generalised_stable_side": av.stable_side, "generalised_margin": av.margin,
                       "generalised_verdict": av.result, "chi_J_mol_m": av.stability_parameter,
                       "critical_wavelength_m": av.critical_wavelength_m}
            upper = (ahmad_viswanathan_verdict(name, G, T, nu, v_up, marginal_band=marginal_band).result
                     if np.isfinite(v_up) else "no data")
            sigma, s_src = _conductivity(name, T, float(conductivity_S_m))
            rows.append({
                "material": name, "temperature_K": T, "li_state": "molten" if T >= lithium_metal().melting_temperature else "solid",
                "shear_modulus_Pa": G, "poisson_ratio": nu, "li_shear_modulus_Pa": G_li,
                "shear_modulus_ratio": G / G_li if G_li > 0 else float("nan"),
                "mn_critical_ratio": mn.critical_ratio, "mn_verdict": mn.result, "molar_volume_ratio": v,
                "molar_volume_ratio_source": v_src, **gen, "molar_volume_ratio_upper": v_up,
                "generalised_verdict_upper_v": upper,
                "gb_shear_modulus_ratio": gb.shear_modulus_ratio, "gb_verdict": gb.result,
                "fracture_toughness_Pa_sqrt_m": K_ic, "toughness_source": k_src,
                "conductivity_S_m": sigma, "conductivity_source": s_src,
                "critical_current_density_A_m2": critical_current_density(K_ic, flaw_length_m,
                                                                          interfacial_resistance_ohm_m2, sigma),
            })
    return pd.DataFrame(rows, columns=list(DENDRITE_COLUMNS))


def residual_stress_table(design, temperature_K: float | None = None,
                          solidification_temperature_K: float | None = None,
                          fracture_toughness: float = DEFAULT_FRACTURE_TOUGHNESS,
                          flaw_size_m: float = DEFAULT_FLAW_SIZE_M, volume_fraction: float | None = None,
                          dirs=()):
    """Thermal residual stress of a melt-infiltrated cell after cooling from the solidification temperature.

    Parameters
    ----------
    design : cellsim.parameters.CellDesign
        From :func:`cellsim.load_cell`.
    temperature_K : float, optional
        Operating temperature [K]; default the design's protocol temperature.
    solidification_temperature_K : float, optional
        Stress-free temperature [K]; default the electrolyte's melting temperature
        (573.15 K for Li1.9(OH)Cl0.9).
    fracture_toughness : float, optional
        K_IC of the electrolyte [Pa.m0.5] (default :data:`DEFAULT_FRACTURE_TOUGHNESS`, assumed).
    flaw_size_m : float, optional
        Flaw depth for the fracture strength [m] (default :data:`DEFAULT_FLAW_SIZE_M`, assumed).
    volume_fraction : float, optional
        Particle fraction f of the concentric-sphere cell [1]; default per electrode
        active / (active + electrolyte).
    dirs : sequence of paths, optional
        Extra parameter folders.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESIDUAL_STRESS_COLUMNS`, rows "cathode particles", "anode particles"
        (sphere in matrix: interface pressure p, matrix hoop stress at r = a,
        p (1/2 + f) / (1 - f), verdict of
        :func:`~cellsim.mechanics.residual_stress.residual_stress_verdict`) and
        "separator on cathode", "separator on anode" (equi-biaxial stress of the dense electrolyte
        layer bonded to the composite electrode, whose expansion coefficient is Turner's average of
        particles and electrolyte; verdict "crack" when the tensile film stress reaches the
        strength). ``fracture_strength_Pa`` = K_IC / (1.12 sqrt(pi a)).

    Notes
    -----
    The separator (100 um in the default cell) is not thin compared with the electrodes
    (50-70 um), so the film formula is the upper bound of a rigid substrate.

    References
    ----------
    Selsing, J. Am. Ceram. Soc. 44, 419 (1961), doi:10.1111/j.1151-2916.1961.tb15475.x.
    Freund & Suresh, Thin Film Materials (Cambridge University Press, 2003), doi:10.1017/CBO9780511754715.

    Examples
    --------
    >>> import cellsim
    >>> df = residual_stress_table(cellsim.load_cell("default"))
    >>> [round(x / 1e6) for x in df.interface_pressure_Pa[:2]], df.verdict.tolist()
    ([85, 92], ['crack', 'crack', 'crack', 'crack'])
    """
    import pandas as pd

    T_to = design.protocol.temperature if temperature_K is None else float(temperature_K)
    T_from = solidification_temperature(design.electrolyte, dirs) if solidification_temperature_K is None \
        else float(solidification_temperature_K)
    strength = fracture_strength(fracture_toughness, flaw_size_m)
    m = material_properties(design.electrolyte)
    K_m = bulk_modulus(m.youngs_modulus, m.poisson_ratio)
    rows = []
    for which in ("cathode", "anode"):
        elec = getattr(design, which)
        p_ = material_properties(elec.material)
        f = composite_particle_fraction(elec) if volume_fraction is None else float(volume_fraction)
        s = sphere_in_matrix_stress(1.0, 1.0, p_.thermal_expansion, m.thermal_expansion, p_.youngs_modulus,
                                    p_.poisson_ratio, m.youngs_modulus, m.poisson_ratio, T_from, T_to, f)
        p = s.interface_pressure
        hoop = p * (0.5 + f) / (1 - f)
        rows.append({"component": f"{which} particles", "material": elec.material, "matrix": design.electrolyte,
                     "data_used": f"{p_.data_name} in {m.data_name}", "temperature_from_K": T_from,
                     "temperature_to_K": T_to, "volume_fraction": f, "interface_pressure_Pa": p,
                     "hoop_stress_Pa": hoop, "film_stress_Pa": float("nan"),
                     "max_tensile_stress_Pa": max(hoop, -p, 0.0), "fracture_strength_Pa": strength,
                     "verdict": residual_stress_verdict(p, strength, volume_fraction=f)})
    for which in ("cathode", "anode"):
        elec = getattr(design, which)
        p_ = material_properties(elec.material)
        K_p = bulk_modulus(p_.youngs_modulus, p_.poisson_ratio)
        alpha_s = turner_thermal_expansion([elec.active_volume_fraction, elec.electrolyte_volume_fraction],
                                           [p_.thermal_expansion, m.thermal_expansion], [K_p, K_m])
        film = biaxial_film_stress(m.youngs_modulus, m.poisson_ratio, m.thermal_expansion, alpha_s, T_from, T_to)
        rows.append({"component": f"separator on {which}", "material": design.electrolyte,
                     "matrix": f"{which} ({elec.material} + {design.electrolyte})",
                     "data_used": f"{m.data_name} on Turner average", "temperature_from_K": T_from,
                     "temperature_to_K": T_to, "volume_fraction": float("nan"), "interface_pressure_Pa": float("nan"),
                     "hoop_stress_Pa": float("nan"), "film_stress_Pa": film,
                     "max_tensile_stress_Pa": max(film, 0.0), "fracture_strength_Pa": strength,
                     "verdict": "crack" if film >= strength else "safe"})
    return pd.DataFrame(rows, columns=list(RESIDUAL_STRESS_COLUMNS))


def format_table(df, columns: Iterable[str] | None = None, digits: int = 5) -> str:
    """Render a report table as text, stresses (columns ending ``_Pa``) in MPa.

    Parameters
    ----------
    df : pandas.DataFrame
    columns : iterable of str, optional
        Columns to show (default all).
    digits : int, optional
        Significant digits of floats.

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> print(format_table(pd.DataFrame({"component": ["a"], "interface_pressure_Pa": [85.3e6]})))
    component  interface_pressure_MPa
            a                    85.3
    """
    out = in_mpa(df.loc[:, list(columns)] if columns is not None else df)
    return out.to_string(index=False, float_format=lambda x: f"{x:.{digits}g}", na_rep="-")


def in_mpa(df):
    """A copy of ``df`` with stress columns (names ending ``_Pa``) in MPa, renamed ``..._MPa``.

    Examples
    --------
    >>> import pandas as pd
    >>> in_mpa(pd.DataFrame({"p_Pa": [2e6], "v": [1]})).to_dict("list")
    {'p_MPa': [2.0], 'v': [1]}
    """
    out = df.copy()
    rename = {}
    for c in out.columns:
        if str(c).endswith("_Pa"):
            out[c] = out[c] / 1e6
            rename[c] = str(c)[:-3] + "_MPa"
    return out.rename(columns=rename)
