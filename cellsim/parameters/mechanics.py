"""Mechanics data tables: elastic moduli, thermal expansion, intercalation (cycling) strain.

Files: ``parameter_sets/mechanics/elastic.toml``, ``thermal_expansion.toml`` and ``cycling_strain.toml``
(found through :func:`~cellsim.parameters.loader.builtin_dir`), and the files of the same name in the
``mechanics/`` folder of every user parameter folder (:func:`~cellsim.parameters.loader.search_dirs`), whose
materials replace the shipped ones of the same name. Each material is a table; each value an
inline table ``{value, unit, source}``. ``source`` is a citation or starts with ``assumed:``/``fitted:``
followed by a reason. Values are converted to SI on loading (units from :mod:`cellsim.parameters.units`).
A material without data of its own may take another's with a sourced ``data_from`` entry,
``data_from = {material = "Li2(OH)Cl", source = "assumed: why"}``, and nothing else: only the materials
that say so borrow; any other material without data is refused
(:func:`cellsim.mechanics.cycling_strain.material_properties`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..errors import ParameterError, UnknownNameError
from .loader import build, builtin_dir, read_quantity, read_toml, table_files
from .schema import _sources_field, quantity

__all__ = ["MaterialData", "KEYS", "ChemicalStrain", "data_dir", "load_table", "load_elastic",
           "load_thermal_expansion", "load_cycling_strain", "LithiumMetal", "load_lithium_metal",
           "load_molar_volume_per_li", "load_li_ion_volume", "load_migration_volume", "load_relaxation",
           "load_contact"]

#: Known keys and the SI unit each is stored in.
KEYS: Mapping[str, str] = MappingProxyType({
    "youngs_modulus": "Pa",
    "shear_modulus": "Pa",
    "bulk_modulus": "Pa",
    "poisson_ratio": "1",
    "thermal_expansion": "K-1",
    "fracture_toughness": "Pa.m0.5",
    "melting_temperature": "K",
    # migration_volume.toml
    "migration_volume": "m3",
    # relaxation.toml
    "relaxation_time": "s",
    "relaxation_reference_temperature": "K",
    "creep_activation_energy": "J.mol-1",
    "temperature_min": "K",
    "temperature_max": "K",
    # contact.toml
    "interface_strength": "Pa",
    "weibull_modulus": "1",
    "isolable_fraction": "1",
})
#: the keys each of the per-material tables must hold (every material with data of its own)
_REQUIRED = MappingProxyType({
    "migration_volume.toml": ("migration_volume",),
    "relaxation.toml": ("relaxation_time", "relaxation_reference_temperature", "creep_activation_energy",
                        "temperature_min", "temperature_max"),
    "contact.toml": ("interface_strength", "weibull_modulus", "isolable_fraction"),
})


_STRAIN_KEYS = ("stoichiometry_lithiated", "stoichiometry_delithiated", "volume_change_on_delithiation")


@dataclass(frozen=True)
class ChemicalStrain:
    """Linear volume change of an active material between two stoichiometries x = c/c_max."""

    material: str
    stoichiometry_lithiated: float  # x at the lithiated end [1]
    stoichiometry_delithiated: float  # x at the delithiated end [1]
    volume_change_on_delithiation: float  # V(delithiated) / V(lithiated) - 1 [1]
    sources: Mapping[str, str]


@dataclass(frozen=True)
class MaterialData:
    """Values of one material in SI units, with their sources.

    ``data_from`` names the material whose entries these are when the file says ``data_from`` (the sources
    then give the reason first), else None.
    """

    name: str
    values: Mapping[str, float]
    sources: Mapping[str, str]
    data_from: str | None = None

    def __getitem__(self, key: str) -> float:
        if key not in self.values:
            raise UnknownNameError(f"{self.name} parameter", key, self.values)
        return self.values[key]


def data_dir() -> Path:
    """Folder holding the shipped mechanics TOML files (``builtin_dir() / "mechanics"``)."""
    return builtin_dir() / "mechanics"


def load_table(path: str | Path) -> dict[str, MaterialData]:
    """Read one mechanics TOML file into {material: MaterialData} (SI units).

    Parameters
    ----------
    path : str or Path
        TOML file.

    Returns
    -------
    dict
        A fresh dictionary on every call.

    Raises
    ------
    ParameterError
        Naming file, key and value when an entry is not an inline table with numeric
        ``value``, a known ``unit`` and a non-empty ``source``, or a key is unknown.

    Examples
    --------
    >>> d = load_table(data_dir() / "elastic.toml")
    >>> d["Li3OCl"]["shear_modulus"]
    41500000000.0
    >>> d["Li1.9(OH)Cl0.9"].data_from, d["Li1.9(OH)Cl0.9"]["youngs_modulus"]
    ('Li2(OH)Cl', 43100000000.0)
    """
    return _resolve_data_from(*_read_table(path))


def _read_table(path) -> tuple[dict[str, MaterialData], dict[str, tuple[str, str, str]]]:
    """(materials with data of their own, {material: (data_from material, source, file)}) of one file."""
    file = str(path)
    data = read_toml(path)
    out: dict[str, MaterialData] = {}
    links: dict[str, tuple[str, str, str]] = {}
    for material, table in data.items():
        if not isinstance(table, dict):
            raise ParameterError(material, table, "a [material] table of {value, unit, source} entries", file)
        if "data_from" in table:
            links[material] = _data_from(material, table, file)
            continue
        values, sources = {}, {}
        for key, entry in table.items():
            dotted = f"{material}.{key}"
            if key not in KEYS:
                raise UnknownNameError(f"{dotted} (parameter)", key, KEYS, file)
            if not isinstance(entry, dict) or set(entry) != {"value", "unit", "source"}:
                raise ParameterError(dotted, entry, 'an inline table {value = 1.0, unit = "GPa", source = "..."}', file)
            val = entry["value"]
            si, src = read_quantity(entry, dotted, KEYS[key], file)
            if key == "poisson_ratio" and not (-1 < si < 0.5):
                raise ParameterError(f"{dotted}.value", val, "-1 < poisson_ratio < 0.5", file)
            if key != "poisson_ratio" and si <= 0:
                raise ParameterError(f"{dotted}.value", val, "> 0", file)
            values[key], sources[key] = si, src
        out[material] = MaterialData(material, MappingProxyType(values), MappingProxyType(sources))
    return out, links


_DATA_FROM_HELP = 'data_from = {material = "<a material of this table>", source = "assumed: why"}, alone in its table'


def _data_from(material: str, table: dict, file: str) -> tuple[str, str, str]:
    entry = table["data_from"]
    if len(table) != 1 or not isinstance(entry, dict) or set(entry) != {"material", "source"}:
        raise ParameterError(f"{material}.data_from", entry, _DATA_FROM_HELP, file)
    target, source = entry["material"], entry["source"]
    if not isinstance(target, str) or not target.strip() or target == material:
        raise ParameterError(f"{material}.data_from.material", target, "another material of this table", file)
    if not isinstance(source, str) or not source.strip():
        raise ParameterError(f"{material}.data_from.source", source, 'a citation or "assumed: why"', file)
    return target, source, file


def _resolve_data_from(own: dict[str, MaterialData], links: dict[str, tuple[str, str, str]]) -> dict:
    """``own`` plus, for each ``data_from`` link, the named material's values under the borrowing name."""
    out = dict(own)
    for material, (target, source, file) in links.items():
        if target not in own:
            raise ParameterError(f"{material}.data_from.material", target,
                                 f"a material of this table with data of its own: {sorted(own)}", file)
        data = own[target]
        sources = {k: f"{source} ({target}: {s})" for k, s in data.sources.items()}
        out[material] = MaterialData(material, data.values, MappingProxyType(sources), data_from=target)
    return out


def _merged(file_name: str, load, dirs) -> dict:
    """``load`` of ``mechanics/<file_name>`` of every parameter folder, user materials replacing shipped ones."""
    out: dict = {}
    for f in table_files("mechanics", file_name, dirs):
        out.update(load(f))
    return out


def _merged_table(file_name: str, dirs) -> dict[str, MaterialData]:
    """:func:`_merged` for a table that may hold ``data_from`` links (resolved once all folders are read)."""
    own: dict[str, MaterialData] = {}
    links: dict[str, tuple[str, str, str]] = {}
    for f in table_files("mechanics", file_name, dirs):
        o, li = _read_table(f)
        for m in o:
            links.pop(m, None)
        for m in li:
            own.pop(m, None)
        own.update(o)
        links.update(li)
    return _resolve_data_from(own, links)


def load_elastic(dirs=()) -> dict[str, MaterialData]:
    """Elastic data of all materials (``mechanics/elastic.toml`` of the parameter folders), SI units.

    ``dirs``: extra parameter folders, searched before ``CELLSIM_PARAMETER_PATH``.

    Examples
    --------
    >>> round(load_elastic()["Li2(OH)Cl"]["youngs_modulus"] / 1e9, 1)
    43.1
    """
    return _merged_table("elastic.toml", dirs)


def load_thermal_expansion(dirs=()) -> dict[str, MaterialData]:
    """Linear thermal expansion coefficients (``mechanics/thermal_expansion.toml`` of the parameter folders) [K-1].

    Examples
    --------
    >>> load_thermal_expansion()["NCM111"]["thermal_expansion"]
    1e-05
    """
    return _merged_table("thermal_expansion.toml", dirs)


def _checked_table(file_name: str, dirs) -> dict[str, MaterialData]:
    """:func:`_merged_table` of ``file_name`` with every key of :data:`_REQUIRED` present in each material."""
    out = _merged_table(file_name, dirs)
    for name, d in out.items():
        for key in _REQUIRED[file_name]:
            if key not in d.values:
                raise ParameterError(f"{name}.{key}", "<missing>", f"an inline table {{value, unit, source}} "
                                     f"(every material of {file_name} needs {', '.join(_REQUIRED[file_name])})",
                                     file_name)
        if "isolable_fraction" in d.values and d["isolable_fraction"] > 1:
            raise ParameterError(f"{name}.isolable_fraction", d["isolable_fraction"], "0 < fraction <= 1", file_name)
        if "temperature_min" in d.values and d["temperature_min"] >= d["temperature_max"]:
            raise ParameterError(f"{name}.temperature_min", d["temperature_min"],
                                 f"< temperature_max = {d['temperature_max']} K", file_name)
    return out


def load_migration_volume(dirs=()) -> dict[str, MaterialData]:
    """Migration activation volumes of Li conductors (``mechanics/migration_volume.toml``) [m3].

    Examples
    --------
    >>> d = load_migration_volume()["Li1.9(OH)Cl0.9"]
    >>> round(d["migration_volume"] * 1e30, 2), d.data_from
    (2.8, 'Li2(OH)Cl')
    >>> round(load_migration_volume()["La0.5Li0.35TiO3"]["migration_volume"] * 1e30, 2)  # 1.65 cm3/mol per jump
    2.74
    """
    return _checked_table("migration_volume.toml", dirs)


def load_relaxation(dirs=()) -> dict[str, MaterialData]:
    """Stress-relaxation (creep) estimates of the electrolytes (``mechanics/relaxation.toml``), SI units.

    Keys: ``relaxation_time`` [s] at ``relaxation_reference_temperature`` [K], ``creep_activation_energy``
    [J.mol-1], and the data range ``temperature_min`` .. ``temperature_max`` [K].

    Examples
    --------
    >>> r = load_relaxation()["Li1.9(OH)Cl0.9"]
    >>> r["relaxation_time"] / 3600, r["creep_activation_energy"]
    (6.4, 86000.0)
    """
    return _checked_table("relaxation.toml", dirs)


def load_contact(dirs=()) -> dict[str, MaterialData]:
    """Particle|electrolyte contact data of active materials (``mechanics/contact.toml``), SI units.

    Keys: ``interface_strength`` (Weibull scale s0) [Pa], ``weibull_modulus`` m [1], ``isolable_fraction`` [1].

    Examples
    --------
    >>> c = load_contact()["NCM111"]
    >>> c["interface_strength"] / 1e6, c["weibull_modulus"], c["isolable_fraction"]
    (60.0, 10.0, 0.5)
    """
    return _checked_table("contact.toml", dirs)


def load_cycling_strain(path=None, dirs=()) -> dict[str, ChemicalStrain]:
    """Read the chemical-strain table (default ``mechanics/cycling_strain.toml`` of the parameter folders).

    Parameters
    ----------
    path : str or Path, optional
        TOML file with one table per material holding ``stoichiometry_lithiated``,
        ``stoichiometry_delithiated`` [1] and ``volume_change_on_delithiation`` [1], each an inline
        table ``{value, unit, source}``. ``None``: the shipped file, then those of the user folders.
    dirs : iterable of path, optional
        Extra parameter folders, searched before ``CELLSIM_PARAMETER_PATH`` (with ``path=None`` only).

    Returns
    -------
    dict
        {material: ChemicalStrain}, a fresh dictionary on every call.

    Raises
    ------
    ParameterError
        Naming file, key and value for unknown or missing keys, stoichiometries outside [0, 1] or
        equal, and volume changes outside (-50 %, 50 %).

    Examples
    --------
    >>> ncm = load_cycling_strain()["NCM111"]
    >>> ncm.volume_change_on_delithiation, ncm.stoichiometry_delithiated
    (-0.012, 0.394609)
    """
    if path is None:
        return _merged("cycling_strain.toml", load_cycling_strain, dirs)
    file = str(path)
    out = {}
    for material, table in read_toml(path).items():
        if not isinstance(table, dict):
            raise ParameterError(material, table, "a [material] table of {value, unit, source} entries", file)
        unknown = sorted(set(table) - set(_STRAIN_KEYS))
        if unknown:
            raise UnknownNameError(f"{material}.{unknown[0]} (parameter)", unknown[0], _STRAIN_KEYS, file)
        values, sources = {}, {}
        for key in _STRAIN_KEYS:
            dotted = f"{material}.{key}"
            if key not in table:
                raise ParameterError(dotted, "<missing>", "an inline table {value, unit, source}", file)
            lo, hi = (-0.5, 0.5) if key == "volume_change_on_delithiation" else (0.0, 1.0)
            values[key], sources[key] = read_quantity(table[key], dotted, "1", file, lo, hi)
        if values["stoichiometry_lithiated"] <= values["stoichiometry_delithiated"]:
            raise ParameterError(f"{material}.stoichiometry_lithiated", values["stoichiometry_lithiated"],
                                 f"> stoichiometry_delithiated = {values['stoichiometry_delithiated']}", file)
        out[material] = ChemicalStrain(material, sources=MappingProxyType(sources), **values)
    return out


@dataclass(frozen=True, kw_only=True)
class _LithiumMetalFile:
    """The entries of ``lithium_metal.toml`` (schema for :func:`~cellsim.parameters.loader.build`)."""

    molar_mass: float = quantity("kg.mol-1", 0.0, None, "molar mass of Li", lo_open=True)
    density: float = quantity("kg.m-3", 0.0, None, "density of Li metal", lo_open=True)
    shear_modulus_temperature_slope: float = quantity("K-1", -1e-2, 0.0, "fractional dG/dT of polycrystalline Li")
    monroe_newman_electrolyte_poisson_ratio: float = quantity(
        "1", -1.0, 0.5, "Poisson's ratio of the polymer electrolyte in Monroe & Newman (2005)", hi_open=True)
    surface_energy: float = quantity("J.m-2", 0.0, 10.0, "surface energy of Li (Ahmad & Viswanathan)", lo_open=True)
    sources: Mapping[str, str] = _sources_field()


@dataclass(frozen=True)
class LithiumMetal:
    """Lithium metal data for the dendrite criteria, SI units, with sources."""

    shear_modulus_298K: float  # [Pa]
    poisson_ratio: float  # [1]
    melting_temperature: float  # [K]
    molar_mass: float  # [kg.mol-1]
    density: float  # [kg.m-3]
    shear_modulus_temperature_slope: float  # [K-1]
    monroe_newman_electrolyte_poisson_ratio: float  # [1]
    surface_energy: float  # [J.m-2]
    sources: Mapping[str, str]

    @property
    def molar_volume(self) -> float:
        """Molar volume of Li metal, M / rho [m3.mol-1]."""
        return self.molar_mass / self.density


def load_lithium_metal(dirs=()) -> LithiumMetal:
    """Lithium metal: ``[Li]`` of elastic.toml (G at 298 K, Poisson's ratio, melting point) and lithium_metal.toml.

    Examples
    --------
    >>> li = load_lithium_metal()
    >>> li.shear_modulus_298K, li.poisson_ratio, li.melting_temperature
    (4250000000.0, 0.42, 453.65)
    >>> round(li.molar_volume * 1e6, 3)  # cm3/mol
    12.998
    """
    li = load_elastic(dirs)["Li"]
    path = table_files("mechanics", "lithium_metal.toml", dirs)[-1]  # the user's file wins
    rest = build(_LithiumMetalFile, read_toml(path), str(path))
    return LithiumMetal(
        shear_modulus_298K=li["shear_modulus"], poisson_ratio=li["poisson_ratio"],
        melting_temperature=li["melting_temperature"], molar_mass=rest.molar_mass, density=rest.density,
        shear_modulus_temperature_slope=rest.shear_modulus_temperature_slope,
        monroe_newman_electrolyte_poisson_ratio=rest.monroe_newman_electrolyte_poisson_ratio,
        surface_energy=rest.surface_energy,
        sources=MappingProxyType({"shear_modulus_298K": li.sources["shear_modulus"],
                                  "poisson_ratio": li.sources["poisson_ratio"],
                                  "melting_temperature": li.sources["melting_temperature"], **rest.sources}))


@dataclass(frozen=True, kw_only=True)
class _UnitCell:
    """One material of ``molar_volume_per_li.toml``: its unit cell and Li atoms per cell."""

    a: float = quantity("m", 0.0, 1e-8, "lattice parameter a", lo_open=True)
    b: float | None = quantity("m", 0.0, 1e-8, "lattice parameter b (default a)", default=None, lo_open=True)
    c: float | None = quantity("m", 0.0, 1e-8, "lattice parameter c (default a)", default=None, lo_open=True)
    alpha: float = quantity("rad", 0.0, math.pi, "cell angle alpha (default 90 deg)", default=math.pi / 2,
                            lo_open=True, hi_open=True)
    beta: float = quantity("rad", 0.0, math.pi, "cell angle beta (default 90 deg)", default=math.pi / 2,
                           lo_open=True, hi_open=True)
    gamma: float = quantity("rad", 0.0, math.pi, "cell angle gamma (default 90 deg)", default=math.pi / 2,
                            lo_open=True, hi_open=True)
    li_per_cell: float = quantity("1", 0.0, None, "Li atoms per unit cell (Z x Li per formula unit)", lo_open=True)
    sources: Mapping[str, str] = _sources_field()

    def volume(self) -> float:
        """Unit-cell volume [m3] (triclinic formula)."""
        b = self.a if self.b is None else self.b
        c = self.a if self.c is None else self.c
        ca, cb, cg = (math.cos(x) if abs(x - math.pi / 2) > 1e-15 else 0.0 for x in (self.alpha, self.beta, self.gamma))
        return self.a * b * c * math.sqrt(1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg)


def load_molar_volume_per_li(path: str | Path | None = None, dirs=()) -> dict[str, tuple[float, str]]:
    """Crystal volume per Li atom [m3.mol-1] of solid electrolytes, from their unit cells, with a source text.

    v_Li = N_A V_cell / (Li atoms per cell); default ``mechanics/molar_volume_per_li.toml`` of the parameter
    folders (a user's material replaces the shipped one; ``dirs`` are searched before ``CELLSIM_PARAMETER_PATH``).

    Returns
    -------
    dict
        {material: (v_Li [m3.mol-1], source)}: a fresh dict; the source names the lattice sources (``assumed:``
        where any input is).

    Examples
    --------
    >>> v, src = load_molar_volume_per_li()["Li3OCl"]
    >>> round(v * 1e6, 3), src.startswith("assumed:")
    (11.972, True)
    """
    # imported here, not at the top: cellsim.constants needs scipy, which `cellsim list` (sections -> this module)
    # does not import
    from ..constants import AVOGADRO

    if path is None:
        return _merged("molar_volume_per_li.toml", load_molar_volume_per_li, dirs)
    file = str(path)
    out = {}
    for material, table in read_toml(path, "TOML file of unit cells").items():
        if not isinstance(table, dict):
            raise ParameterError(material, table, "a [material] table of {value, unit, source} entries", file)
        cell = build(_UnitCell, table, file, f"{material}.")
        srcs = list(dict.fromkeys(cell.sources.values()))
        assumed = any(s.lower().startswith("assumed") for s in srcs)
        source = ("assumed: " if assumed else "") + "unit cell: " + "; ".join(srcs)
        out[material] = (AVOGADRO * cell.volume() / cell.li_per_cell, source)
    return out


@dataclass(frozen=True, kw_only=True)
class _LiIon:
    """One material of ``li_ion_volume.toml``: the effective ionic radius of Li+ on its site."""

    li_ion_radius: float = quantity("m", 0.3e-10, 1.5e-10, "effective ionic radius of Li+ (Shannon) on the Li site")
    sources: Mapping[str, str] = _sources_field()


def load_li_ion_volume(path: str | Path | None = None, dirs=()) -> dict[str, tuple[float, str]]:
    """Partial molar volume of Li+ in solid electrolytes, estimated as the volume of the ion [m3.mol-1].

    V_Li+ = N_A (4/3) pi r^3 with Shannon's effective ionic radius r for the coordination of the Li site; default
    ``mechanics/li_ion_volume.toml`` of the parameter folders (a user's material replaces the shipped one;
    ``dirs`` are searched before ``CELLSIM_PARAMETER_PATH``). A lower estimate: :func:`load_molar_volume_per_li`
    gives the upper one (the whole crystal volume per Li).

    Returns
    -------
    dict
        {material: (V_Li+ [m3.mol-1], source)}: a fresh dict; the source is the radius's (``assumed:`` where the
        coordination is).

    Raises
    ------
    ParameterError
        Naming file, key and value when the radius is missing, has no unit or source, or lies outside
        0.3-1.5 A (Li+ radii in Shannon's table are 0.59-0.92 A).

    Examples
    --------
    >>> v, src = load_li_ion_volume()["Li3OCl"]
    >>> round(v * 1e6, 4), src.startswith("assumed:")
    (1.1073, True)
    """
    from ..constants import AVOGADRO  # scipy: see load_molar_volume_per_li

    if path is None:
        return _merged("li_ion_volume.toml", load_li_ion_volume, dirs)
    file = str(path)
    out = {}
    for material, table in read_toml(path, "TOML file of Li+ ionic radii").items():
        if not isinstance(table, dict):
            raise ParameterError(material, table, "a [material] table with li_ion_radius = {value, unit, source}",
                                 file)
        ion = build(_LiIon, table, file, f"{material}.")
        out[material] = (AVOGADRO * 4.0 / 3.0 * math.pi * ion.li_ion_radius ** 3, ion.sources["li_ion_radius"])
    return out
