"""Which data sections a material has, across every table in ``parameter_sets/``.

A material is one key: the same name (``"Li3OCl"``, ``"Li1.9(OH)Cl0.9"``, ``"NCM111"``) finds its
conductivity file, its stability window, its elastic and thermal-expansion entries and so on. Names are
compared with :func:`~cellsim.parameters.loader.normalise` (case and white space ignored); an electrolyte or
coating file also answers to its file stem (``Li1.9OHCl0.9``) and a window entry to its aliases (``LLZO``).

A model that needs a section calls :func:`require`, which refuses a material without it with a
:class:`~cellsim.errors.ParameterError` naming the material and the materials that have the section,
instead of borrowing another material's data.
"""
from __future__ import annotations

import difflib
import os
import typing

from ..errors import ParameterError
from . import loader
from .loader import normalise
from .mechanics import load_cycling_strain, load_elastic, load_thermal_expansion
from .windows import load_windows
from .windows import aliases as window_aliases

__all__ = ["SECTIONS", "sections", "materials_with", "require"]

#: The sections a material can have, in this order.
SECTIONS = ("conductivity", "grain_boundary", "segregation", "window", "elastic", "thermal", "cycling_strain")

Dirs = typing.Iterable[typing.Union[str, os.PathLike]]


def _parameter_names(kind: str, dirs: Dirs, having: str | None = None) -> dict[str, str]:
    """{normalised name or file stem: material name} of the parameter files of ``kind``.

    With ``having``, only the files that have that top-level table.
    """
    out: dict[str, str] = {}
    for name, path in loader._candidates(kind, loader.search_dirs(dirs)).items():
        data = loader._peek(path) or {}  # parsed once per file version, only read here
        if having is None or having in data:
            out.setdefault(normalise(name), str(data.get("name", path.stem)))
    return out


def _canonical(material: str, dirs: Dirs) -> set[str]:
    """Normalised keys of ``material``: as given, and the name in its parameter file (a file stem such as
    ``Li1.9OHCl0.9`` becomes ``Li1.9(OH)Cl0.9``)."""
    keys = {normalise(material)}
    for kind in ("electrolyte", "coating", "electrode"):
        name = _parameter_names(kind, dirs).get(normalise(material))
        if name is not None:
            keys.add(normalise(name))
    return keys


def _segregation_names(dirs: Dirs) -> dict[str, str]:
    """Materials with a segregation parameter file: its ``material`` key, else its file stem."""
    # imported here: the segregation data model needs numpy and scipy.constants, which `cellsim list` avoids
    from .segregation import segregation_materials

    return {normalise(m): m for m in segregation_materials(dirs)}


def _window_names(dirs: Dirs) -> dict[str, str]:
    out = {normalise(m): m for m in load_windows(dirs=dirs)}
    out.update({normalise(a): m for a, m in window_aliases(dirs=dirs).items()})
    return out


def _table_names(table: typing.Mapping) -> dict[str, str]:
    return {normalise(m): m for m in table}


def _lookups(dirs: Dirs) -> dict[str, typing.Callable[[], dict[str, str]]]:
    dirs = tuple(dirs)
    return {
        "conductivity": lambda: {**_parameter_names("coating", dirs), **_parameter_names("electrolyte", dirs)},
        "grain_boundary": lambda: _parameter_names("electrolyte", dirs, having="grain_boundary"),
        "segregation": lambda: _segregation_names(dirs),
        "window": lambda: _window_names(dirs),
        "elastic": lambda: _table_names({m: d for m, d in load_elastic(dirs).items()
                                          if {"youngs_modulus", "poisson_ratio"} <= set(d.values)}),
        "thermal": lambda: _table_names(load_thermal_expansion(dirs)),
        "cycling_strain": lambda: {normalise(m): m for m in load_cycling_strain(dirs=dirs)},
    }


def _check_section(section: str) -> None:
    if section not in SECTIONS:
        raise ParameterError("section", section, f"one of {list(SECTIONS)}")


def materials_with(section: str, dirs: Dirs = ()) -> list[str]:
    """Names of the materials that have ``section`` (one of :data:`SECTIONS`).

    Examples
    --------
    >>> "NCM111" in materials_with("cycling_strain")
    True
    """
    _check_section(section)
    return sorted(set(_lookups(dirs)[section]().values()))


def sections(material: str, dirs: Dirs = ()) -> tuple[str, ...]:
    """The data sections ``material`` has, in the order of :data:`SECTIONS`.

    Parameters
    ----------
    material : str
        Material name as used in cell files, window aliases or the mechanics tables (case and spaces ignored).
    dirs : iterable of path, optional
        Extra parameter folders searched before ``CELLSIM_PARAMETER_PATH`` and the built-in sets.

    Returns
    -------
    tuple of str
        Among ``"conductivity"`` (an electrolyte or coating file), ``"grain_boundary"``, ``"segregation"``,
        ``"window"``, ``"elastic"`` (Young's modulus and Poisson ratio), ``"thermal"`` (thermal expansion),
        ``"cycling_strain"``. Elastic and thermal data a material takes from another with a sourced ``data_from``
        entry in the mechanics files count as its own.

    Examples
    --------
    >>> sections("Li3OCl")
    ('conductivity', 'grain_boundary', 'segregation', 'window', 'elastic', 'thermal')
    >>> sections("NCM111")
    ('elastic', 'thermal', 'cycling_strain')
    """
    keys = _canonical(material, dirs)
    return tuple(s for s, names in _lookups(dirs).items() if keys & set(names()))


def require(material: str, section: str, dirs: Dirs = (), what: str = "") -> str:
    """The name under which ``material`` has ``section``; refuse a material without it.

    Parameters
    ----------
    material : str
        Material name (case and spaces ignored).
    section : str
        One of :data:`SECTIONS`.
    what : str, optional
        The model that needs the data, for the message.

    Returns
    -------
    str
        The material's name in that section's table.

    Raises
    ------
    ParameterError
        Naming the material and listing the materials that have the section.

    Examples
    --------
    >>> require("li3ocl", "elastic")
    'Li3OCl'
    """
    _check_section(section)
    names = _lookups(dirs)[section]()
    found = [names[k] for k in _canonical(material, dirs) if k in names]
    if not found:
        need = f" ({what} needs it)" if what else ""
        known = sorted(set(names.values()))
        close = difflib.get_close_matches(str(material), known, n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        raise ParameterError(
            "material", material,
            f"a material with {section} data{need}; '{material}' has none. Materials with {section} data: "
            f"{known}{hint}")
    return found[0]
