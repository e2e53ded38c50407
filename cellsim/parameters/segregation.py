"""Segregation parameter sets: Li-vacancy segregation at grain boundaries, one file per material.

Files live in a ``segregation/`` folder of any parameter folder (:func:`cellsim.parameters.loader.search_dirs`:
the caller's folders, then ``CELLSIM_PARAMETER_PATH``, then the built-in ``parameter_sets/``; earlier folders win).
Each file names the material it belongs to (``material = "Li3OCl"``, the electrolyte's ``name``) and holds a
``[parameters]`` table of ``{value, unit, source}`` entries::

    material = "Li3OCl"
    [parameters]
    gb_width = {value = 1.0, unit = "nm", source = "assumed: ..."}

The model that uses them is :mod:`cellsim.electrolyte.segregation`; a material without a file has no
segregation data, and models asked to use it refuse (:func:`load_segregation` raises).
"""
from __future__ import annotations

import dataclasses
import math
import os
import typing
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Mapping

import numpy as np

from ..checks import check_temperature
from ..constants import BOLTZMANN_EV
from ..errors import ParameterError, UnknownNameError
from .loader import read_quantity, read_toml, search_dirs

#: the material of :func:`load_parameters` without a path (the set the segregation studies use)
DEFAULT_MATERIAL = "Li3OCl"
FOLDER = "segregation"
#: how segregation changes the saddle points between Li sites (see SegregationParameters.saddle_model)
SADDLE_MODELS = ("trapping", "shifted")


@dataclasses.dataclass(frozen=True)
class SegregationParameters:
    """Material parameters of the segregation model, in SI units.

    Attributes
    ----------
    bulk_diffusivity_prefactor_m2_s : float
        Arrhenius prefactor of the bulk vacancy diffusivity [m2.s-1].
    bulk_activation_energy_eV : float
        Activation energy of the bulk vacancy diffusivity [eV].
    gb_diffusivity_prefactor_m2_s : float
        Arrhenius prefactor of the grain-boundary-core vacancy diffusivity [m2.s-1].
    gb_activation_energy_eV : float
        Activation energy of the grain-boundary-core vacancy diffusivity [eV].
    gb_width_m : float
        Full width of the slow grain-boundary core [m].
    trap_depth_eV : float
        Depth of the segregation well at the boundary plane, minus the segregation energy there [eV];
        positive attracts vacancies, negative repels them.
    decay_length_m : float
        Decay length of the exponential segregation profile [m].
    vacancy_site_fraction : float or None
        Mean free-vacancy fraction of Li sites over the polycrystal, held fixed (a closed set of free vacancies,
        no reservoir) [1]. None (the shipped sets): the free vacancies come from the defect chemistry of
        ``dopant_per_formula_unit`` and ``dopant_binding_energy_eV``
        (:func:`cellsim.electrolyte.defects.free_vacancy_fraction`), with the dopant-vacancy pairs as a reservoir.
    dopant_per_formula_unit : float or None
        Divalent dopant per formula unit, x in Li(3-2x)M_xOCl: one Li vacancy each [1].
    dopant_binding_energy_eV : float or None
        Binding energy of a Li vacancy to its dopant [eV].
    li_sites_per_formula_unit : float
        Li sites per formula unit (3 in Li3OCl) [1].
    saddle_model : {"trapping", "shifted"}
        "trapping" (default): segregation lowers the site energies only; the saddle points between sites keep
        the bulk (or boundary-core) migration barrier, so a vacancy leaving a trap climbs the trap depth plus
        the barrier. "shifted": the saddles move down with the sites (a local diffusivity independent of the
        segregation energy; the picture of a Cahn-Hilliard mobility D c / kT with D set by the core only).
    site_saturation : bool
        McLean / Fermi-Dirac occupancy (True) or dilute Boltzmann occupancy (False).
    li_site_density_mol_m3 : float
        Li-site density, used only to report concentrations [mol.m-3].
    temperature_K : float
        Temperature at which fitted values were fitted; the default of studies [K].
    energy_profile : callable or tuple or None
        Optional user segregation profile replacing ``trap_depth_eV`` and ``decay_length_m``: a function of the
        distance to the boundary plane [m] returning the segregation energy [eV], or a table
        ``(distance_m, energy_eV)`` interpolated linearly and zero beyond its last distance.
    material : str or None
        The electrolyte (its ``name``) the set belongs to; None for a set built by hand.
    sources : mapping
        Source of each value read from a file, by TOML key (not compared).
    """

    bulk_diffusivity_prefactor_m2_s: float
    bulk_activation_energy_eV: float
    gb_diffusivity_prefactor_m2_s: float
    gb_activation_energy_eV: float
    gb_width_m: float
    trap_depth_eV: float
    decay_length_m: float
    vacancy_site_fraction: float | None = None
    dopant_per_formula_unit: float | None = None
    dopant_binding_energy_eV: float | None = None
    li_sites_per_formula_unit: float = 3.0
    saddle_model: str = "trapping"
    site_saturation: bool = True
    li_site_density_mol_m3: float = 8.33e4
    temperature_K: float = 300.0
    energy_profile: Callable | tuple | None = None
    material: str | None = None
    sources: Mapping[str, str] = dataclasses.field(default_factory=lambda: MappingProxyType({}), compare=False,
                                                   repr=False)

    def __post_init__(self):
        _validate_parameters(self)

    def bulk_diffusivity(self, temperature_K: float) -> float:
        """Bulk vacancy diffusivity D0 exp(-Ea / kB T) [m2.s-1]."""
        return self.bulk_diffusivity_prefactor_m2_s * math.exp(
            -self.bulk_activation_energy_eV / (BOLTZMANN_EV * temperature_K))

    def gb_diffusivity(self, temperature_K: float) -> float:
        """Grain-boundary-core vacancy diffusivity D0 exp(-Ea / kB T) [m2.s-1]."""
        return self.gb_diffusivity_prefactor_m2_s * math.exp(
            -self.gb_activation_energy_eV / (BOLTZMANN_EV * temperature_K))

    def profile_energy_eV(self, distance_m) -> np.ndarray:
        """Segregation energy [eV] at a distance [m] from the nearest boundary plane (negative = attractive).

        The exponential :math:`-E_{trap}\\exp(-d/\\lambda)`, or ``energy_profile`` when it is set.
        """
        d = np.asarray(distance_m, dtype=float)
        if self.energy_profile is None:
            if self.trap_depth_eV == 0.0:
                return np.zeros_like(d)
            return -self.trap_depth_eV * np.exp(-d / self.decay_length_m)
        if callable(self.energy_profile):
            e = np.asarray(self.energy_profile(d), dtype=float) * np.ones_like(d)
            if not np.all(np.isfinite(e)):
                raise ParameterError("energy_profile", "non-finite values", "a function returning finite energies [eV]")
            return e
        dd, ee = (np.asarray(v, dtype=float) for v in self.energy_profile)
        return np.interp(d, dd, ee, right=0.0)

    def with_vacancy_site_fraction(self, fraction: float) -> "SegregationParameters":
        """A copy with a fixed mean free-vacancy site fraction instead of the dopant defect chemistry.

        Examples
        --------
        >>> q = load_parameters().with_vacancy_site_fraction(1e-10)
        >>> q.vacancy_site_fraction, q.dopant_per_formula_unit
        (1e-10, None)
        """
        return dataclasses.replace(self, vacancy_site_fraction=fraction, dopant_per_formula_unit=None,
                                   dopant_binding_energy_eV=None)

    def without_segregation(self) -> "SegregationParameters":
        """A copy with a flat energy landscape (the slow boundary core is kept)."""
        return dataclasses.replace(self, trap_depth_eV=0.0, energy_profile=None)


def _validate_parameters(p: SegregationParameters, file: str | None = None) -> None:
    positive = {
        "bulk_diffusivity_prefactor_m2_s": "> 0 m2.s-1 (a diffusivity cannot be negative)",
        "gb_diffusivity_prefactor_m2_s": "> 0 m2.s-1 (a diffusivity cannot be negative)",
        "gb_width_m": "> 0 m, e.g. 1e-9",
        "decay_length_m": "> 0 m, e.g. 4e-10",
        "li_site_density_mol_m3": "> 0 mol.m-3",
    }
    for key, allowed in positive.items():
        value = getattr(p, key)
        if not (np.isfinite(value) and value > 0):
            raise ParameterError(key, value, allowed, file)
    try:
        check_temperature(p.temperature_K, "temperature_K")  # the one temperature range of cellsim.checks
    except ParameterError as exc:
        raise ParameterError("temperature_K", p.temperature_K, exc.allowed, file) from None
    for key in ("bulk_activation_energy_eV", "gb_activation_energy_eV", "trap_depth_eV"):
        if not np.isfinite(getattr(p, key)):
            raise ParameterError(key, getattr(p, key), "a finite energy [eV]", file)
    dopant = (p.dopant_per_formula_unit, p.dopant_binding_energy_eV)
    if p.vacancy_site_fraction is None:
        if None in dopant:
            raise ParameterError("vacancy_site_fraction", None, "either a fixed free-vacancy site fraction "
                                 "(0 < fraction < 1) or both dopant_per_formula_unit and dopant_binding_energy_eV "
                                 "(free vacancies from the defect chemistry)", file)
        x = p.dopant_per_formula_unit
        if not (np.isfinite(x) and 0.0 < x < p.li_sites_per_formula_unit):
            raise ParameterError("dopant_per_formula_unit", p.dopant_per_formula_unit,
                                 "0 < x < Li sites per formula unit, e.g. 0.005 for Li2.99M0.005OCl", file)
        if not np.isfinite(p.dopant_binding_energy_eV):
            raise ParameterError("dopant_binding_energy_eV", p.dopant_binding_energy_eV, "a finite energy [eV]", file)
    else:
        if not 0.0 < p.vacancy_site_fraction < 1.0:
            raise ParameterError("vacancy_site_fraction", p.vacancy_site_fraction, "0 < fraction < 1, e.g. 2.5e-8",
                                 file)
        if any(v is not None for v in dopant):
            raise ParameterError("vacancy_site_fraction", p.vacancy_site_fraction,
                                 "None when dopant_per_formula_unit / dopant_binding_energy_eV are given (one source "
                                 "of free vacancies, not two)", file)
    if not (np.isfinite(p.li_sites_per_formula_unit) and p.li_sites_per_formula_unit > 0):
        raise ParameterError("li_sites_per_formula_unit", p.li_sites_per_formula_unit, "> 0, e.g. 3", file)
    if p.saddle_model not in SADDLE_MODELS:
        raise ParameterError("saddle_model", p.saddle_model, f"one of {SADDLE_MODELS}", file)
    if not isinstance(p.site_saturation, (bool, np.bool_)):
        raise ParameterError("site_saturation", p.site_saturation, "true or false", file)
    if p.material is not None and (not isinstance(p.material, str) or not p.material.strip()):
        raise ParameterError("material", p.material, "an electrolyte name such as 'Li3OCl', or None", file)
    if p.energy_profile is not None and not callable(p.energy_profile):
        try:
            d, e = (np.asarray(v, dtype=float) for v in p.energy_profile)
        except (TypeError, ValueError):
            raise ParameterError("energy_profile", p.energy_profile,
                                 "a function of distance [m] -> energy [eV], or (distance_m, energy_eV) arrays",
                                 file) from None
        if d.ndim != 1 or d.shape != e.shape or d.size < 2 or np.any(np.diff(d) <= 0) or d[0] < 0:
            raise ParameterError("energy_profile", p.energy_profile,
                                 "two equal-length 1D arrays, distances >= 0 strictly increasing", file)
    if not p.site_saturation:
        trap = p.trap_depth_eV if p.energy_profile is None else -float(np.min(p.profile_energy_eV(np.linspace(
            0.0, 10 * p.gb_width_m, 2001))))
        if trap > 0.0:
            raise ParameterError(
                "trap_depth_eV", trap,
                "<= 0 eV (a flat or repulsive boundary) when site_saturation is false: a dilute (Boltzmann) trap "
                "can hold more vacancies than there are sites; set site_saturation = true for an attractive "
                "boundary (it reduces to the dilute limit wherever that limit is valid)", file)


# TOML key -> (dataclass field, SI unit or None for a boolean)
_SCHEMA: dict[str, tuple[str, str | None]] = {
    "bulk_diffusivity_prefactor": ("bulk_diffusivity_prefactor_m2_s", "m2.s-1"),
    "bulk_activation_energy": ("bulk_activation_energy_eV", "eV"),
    "gb_diffusivity_prefactor": ("gb_diffusivity_prefactor_m2_s", "m2.s-1"),
    "gb_activation_energy": ("gb_activation_energy_eV", "eV"),
    "gb_width": ("gb_width_m", "m"),
    "trap_depth": ("trap_depth_eV", "eV"),
    "decay_length": ("decay_length_m", "m"),
    "vacancy_site_fraction": ("vacancy_site_fraction", "1"),
    "dopant_content": ("dopant_per_formula_unit", "1"),
    "dopant_binding_energy": ("dopant_binding_energy_eV", "eV"),
    "li_sites_per_formula_unit": ("li_sites_per_formula_unit", "1"),
    "saddle_model": ("saddle_model", "str"),
    "site_saturation": ("site_saturation", None),
    "li_site_density": ("li_site_density_mol_m3", "mol.m-3"),
    "temperature": ("temperature_K", "K"),
}
#: keys a file may leave out (free vacancies: either vacancy_site_fraction or the two dopant keys)
_OPTIONAL = frozenset({"vacancy_site_fraction", "dopant_content", "dopant_binding_energy", "li_sites_per_formula_unit",
                       "saddle_model"})
_TOP_LEVEL = ("name", "reference", "material", "parameters")


def segregation_files(dirs: typing.Iterable[str | os.PathLike] = ()) -> dict[str, Path]:
    """The segregation file of each material, ``{material: path}``, over the search folders (earlier win).

    Raises
    ------
    ParameterError
        A file in a ``segregation/`` folder is not valid TOML or does not name its material.
    """
    found: dict[str, Path] = {}
    for folder in reversed(search_dirs(dirs)):
        sub = Path(folder) / FOLDER
        if not sub.is_dir():
            continue
        for path in sorted(sub.glob("*.toml")):
            material = read_toml(path, "segregation file").get("material")
            if not isinstance(material, str) or not material.strip():
                raise ParameterError("material", material, 'the electrolyte the set belongs to, e.g. material = '
                                     '"Li3OCl"', str(path))
            found[material] = path
    return found


def segregation_materials(dirs: typing.Iterable[str | os.PathLike] = ()) -> list[str]:
    """Names of the materials that have segregation data, sorted.

    Examples
    --------
    >>> "Li3OCl" in segregation_materials()
    True
    """
    return sorted(segregation_files(dirs))


def load_segregation(material: str, dirs: typing.Iterable[str | os.PathLike] = (),
                     **overrides) -> SegregationParameters:
    """Load the segregation parameters of one material into a fresh :class:`SegregationParameters`.

    Parameters
    ----------
    material : str
        Electrolyte name, as in its parameter file (``"Li3OCl"``).
    dirs : iterable of path
        Extra folders searched first (each with a ``segregation/`` sub-folder).
    **overrides
        Field values replacing those of the file (SI, dataclass field names).

    Raises
    ------
    UnknownNameError
        ``material`` has no segregation data; the message lists the materials that have.

    Examples
    --------
    >>> load_segregation("Li3OCl").material
    'Li3OCl'
    """
    files = segregation_files(dirs)
    if material not in files:
        raise UnknownNameError("material (segregation data)", material, files)
    return load_parameters(files[material], **overrides)


def load_parameters(path: str | Path | None = None, **overrides) -> SegregationParameters:
    """Load a segregation parameter file into a fresh :class:`SegregationParameters`.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        TOML file with ``material = "..."`` and a ``[parameters]`` table whose entries are ``{value, unit,
        source}`` inline tables. Defaults to the set of :data:`DEFAULT_MATERIAL` (Li3OCl).
    **overrides
        Field values replacing those of the file (SI, dataclass field names), e.g. ``trap_depth_eV=0.2``.

    Returns
    -------
    SegregationParameters
        A new, validated object.

    Raises
    ------
    ParameterError
        Unknown or missing key (with suggestions), entry without value/unit/source, wrong unit, or a value
        out of range.

    Examples
    --------
    >>> p = load_parameters()
    >>> round(p.gb_width_m * 1e9, 3), p.site_saturation
    (1.0, True)
    """
    if path is None:
        return load_segregation(DEFAULT_MATERIAL, **overrides)
    file = str(path)
    data = read_toml(file, "segregation file")
    for key in data:
        if key not in _TOP_LEVEL:
            raise UnknownNameError("top-level key", key, _TOP_LEVEL, file)
    material = data.get("material")
    if not isinstance(material, str) or not material.strip():
        raise ParameterError("material", material, 'the electrolyte the set belongs to, e.g. material = "Li3OCl"',
                             file)
    table = data.get("parameters")
    if not isinstance(table, dict):
        raise ParameterError("parameters", table, "a [parameters] table", file)
    values, sources = {"material": material}, {}
    for key, entry in table.items():
        if key not in _SCHEMA:
            raise UnknownNameError("parameters key", key, _SCHEMA, file)
        if not isinstance(entry, dict) or not {"value", "unit", "source"} <= set(entry):
            raise ParameterError(f"parameters.{key}", entry,
                                 '{value = ..., unit = "...", source = "..."} (source may be "assumed: why")', file)
        extra = set(entry) - {"value", "unit", "source"}
        if extra:
            raise ParameterError(f"parameters.{key}", sorted(extra), "only value, unit and source", file)
        field, si_unit = _SCHEMA[key]
        if si_unit == "str":
            if not str(entry["source"]).strip():
                raise ParameterError(f"parameters.{key}.source", entry["source"], "a non-empty source or reason", file)
            values[field], sources[key] = entry["value"], entry["source"]
            continue
        if si_unit is not None:
            values[field], sources[key] = read_quantity(entry, f"parameters.{key}", si_unit, file)
            continue
        if not str(entry["source"]).strip():
            raise ParameterError(f"parameters.{key}.source", entry["source"], "a non-empty source or reason", file)
        if not isinstance(entry["value"], bool):
            raise ParameterError(f"parameters.{key}", entry["value"], "true or false", file)
        values[field], sources[key] = entry["value"], entry["source"]
    missing = [k for k, (f, _) in _SCHEMA.items() if f not in values and k not in _OPTIONAL]
    if missing:
        raise ParameterError("parameters", missing, f"all of {sorted(_SCHEMA)} (missing ones listed)", file)
    known = [f.name for f in dataclasses.fields(SegregationParameters) if f.name != "sources"]
    for name in overrides:
        if name not in known:
            raise UnknownNameError("override", name, known)
    values.update(overrides)
    try:
        return SegregationParameters(**values, sources=MappingProxyType(sources))
    except ParameterError as exc:
        raise ParameterError(exc.key, exc.value, exc.allowed, file if exc.file is None else exc.file) from None
