"""Database of electrochemical stability windows (V vs Li/Li+): load, validate, query.

The data live in ``parameter_sets/windows/*.toml`` and in the ``windows/`` folder of every user parameter folder
(:func:`~cellsim.parameters.loader.search_dirs`; a user's material replaces the shipped one of the same name):
one table per material, each with one or more window entries (one per source). Every number is an inline table
``{value = ..., unit = "V", source = "..."}``; the loader converts it to SI and rejects missing units,
missing sources, unknown keys, wrong types and ``lower > upper`` with
:class:`~cellsim.errors.ParameterError`. Where sources disagree all entries are kept and exactly one is
marked ``default = true``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import ParameterError, UnknownNameError
from .loader import file_key, normalise, read_quantity, read_toml, search_dirs

#: The sub-folder of a parameter folder that holds window files.
WINDOWS_FOLDER = "windows"

_KINDS = ("electrolyte", "coating")
_TOP_KEYS = {"kind", "description", "materials"}
_MATERIAL_KEYS = {"formula", "aliases", "windows"}
_ENTRY_KEYS = {"id", "default", "lower", "upper", "products_lower", "products_upper",
               "source", "note"}
_QUANTITY_KEYS = {"value", "unit", "source"}


@dataclass(frozen=True)
class Window:
    """Electrochemical stability window of one material from one source.

    Attributes
    ----------
    material : str
        Material name as used in the database (e.g. ``"Li3OCl"``).
    lower : float
        Reduction limit [V] vs Li/Li+; below it the material takes up Li and decomposes.
    upper : float
        Oxidation limit [V] vs Li/Li+ (``math.inf`` when the material cannot release Li).
    source : str
        Citation of the window (or ``"assumed: reason"``).
    products_lower, products_upper : tuple of str
        Equilibrium phases at the reduction / oxidation limit, where known (else empty).
    source_id : str
        Short identifier of the entry (``"review-table3"``, ``"computed-janaf"`` ...), used to select
        a non-default source.
    default : bool
        Whether this is the material's default entry.
    kind : str
        ``"electrolyte"``, ``"coating"`` or ``"computed"``.
    note : str
        Free text: assumptions, caveats.
    """

    material: str
    lower: float
    upper: float
    source: str
    products_lower: tuple[str, ...] = ()
    products_upper: tuple[str, ...] = ()
    source_id: str = ""
    default: bool = True
    kind: str = ""
    note: str = ""

    @property
    def width(self) -> float:
        """Width of the window, ``upper - lower`` [V]."""
        return self.upper - self.lower

    def contains(self, potential_V: float) -> bool:
        """Whether ``potential_V`` [V vs Li/Li+] lies inside the closed window."""
        return self.lower <= potential_V <= self.upper


def _quantity(raw, key: str, si_unit: str, file: str, required_positive: bool = False) -> tuple[float, str]:
    """Validate one ``{value, unit, source}`` inline table and return (SI value, source)."""
    unknown = set(raw) - _QUANTITY_KEYS if isinstance(raw, dict) else set()
    if unknown:
        raise ParameterError(f"{key}.{sorted(unknown)[0]}", raw[sorted(unknown)[0]],
                             f"only the keys {sorted(_QUANTITY_KEYS)}", file)
    si, source = read_quantity(raw, key, si_unit, file, allow_inf=True)
    if required_positive and not si > 0:
        raise ParameterError(f"{key}.value", raw["value"], "> 0", file)
    return si, source


def _str_list(raw, key: str, file: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise ParameterError(key, raw, 'a list of formula strings, e.g. ["Li2O2", "LiCl"]', file)
    return tuple(raw)


def _parse_entry(name: str, i: int, raw, kind: str, file: str, n_entries: int) -> Window:
    key = f"materials.{name}.windows[{i}]"
    if not isinstance(raw, dict):
        raise ParameterError(key, raw, "a table of window data", file)
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        bad = sorted(unknown)[0]
        raise ParameterError(f"{key}.{bad}", raw[bad], f"one of the keys {sorted(_ENTRY_KEYS)}", file)
    for needed in ("id", "lower", "upper", "source"):
        if needed not in raw:
            raise ParameterError(f"{key}.{needed}", None, f"'{needed}' is required", file)
    source_id = raw["id"]
    if not isinstance(source_id, str) or not source_id.strip():
        raise ParameterError(f"{key}.id", source_id, 'a short identifier such as "review-table3"', file)
    source = raw["source"]
    if not isinstance(source, str) or not source.strip():
        raise ParameterError(f"{key}.source", source, 'a non-empty citation or "assumed: reason"', file)
    default = raw.get("default", n_entries == 1)
    if not isinstance(default, bool):
        raise ParameterError(f"{key}.default", default, "true or false", file)
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise ParameterError(f"{key}.note", note, "a string", file)
    lower, _ = _quantity(raw["lower"], f"{key}.lower", "V", file)
    upper, _ = _quantity(raw["upper"], f"{key}.upper", "V", file)
    if not math.isfinite(lower) or lower < 0.0:
        raise ParameterError(f"{key}.lower.value", lower, "a finite potential >= 0 V vs Li/Li+", file)
    if lower > upper:
        raise ParameterError(f"{key}.lower/upper", (lower, upper), "lower <= upper (V vs Li/Li+)", file)
    return Window(
        material=name, lower=lower, upper=upper, source=source,
        products_lower=_str_list(raw.get("products_lower", []), f"{key}.products_lower", file),
        products_upper=_str_list(raw.get("products_upper", []), f"{key}.products_upper", file),
        source_id=source_id, default=default, kind=kind, note=note,
    )


def _load_file(path: Path) -> tuple[dict[str, tuple[Window, ...]], dict[str, str]]:
    file = str(path)
    data = read_toml(path, "TOML file of stability windows")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        bad = sorted(unknown)[0]
        raise ParameterError(bad, data[bad], f"top-level keys {sorted(_TOP_KEYS)}", file)
    kind = data.get("kind")
    if kind not in _KINDS:
        raise ParameterError("kind", kind, f"one of {list(_KINDS)}", file)
    materials = data.get("materials")
    if not isinstance(materials, dict) or not materials:
        raise ParameterError("materials", materials, "a non-empty table of materials", file)
    out: dict[str, tuple[Window, ...]] = {}
    aliases: dict[str, str] = {}
    for name, mat in materials.items():
        if not isinstance(mat, dict):
            raise ParameterError(f"materials.{name}", mat, "a table with a 'windows' array", file)
        unknown = set(mat) - _MATERIAL_KEYS
        if unknown:
            bad = sorted(unknown)[0]
            raise ParameterError(f"materials.{name}.{bad}", mat[bad], f"one of {sorted(_MATERIAL_KEYS)}", file)
        entries = mat.get("windows")
        if not isinstance(entries, list) or not entries:
            raise ParameterError(f"materials.{name}.windows", entries, "a non-empty array of tables", file)
        windows = tuple(_parse_entry(name, i, e, kind, file, len(entries)) for i, e in enumerate(entries))
        ids = [w.source_id for w in windows]
        if len(set(ids)) != len(ids):
            raise ParameterError(f"materials.{name}.windows.id", ids, "distinct ids", file)
        n_default = sum(w.default for w in windows)
        if n_default != 1:
            raise ParameterError(f"materials.{name}.windows.default", n_default,
                                 "exactly one entry with default = true", file)
        out[name] = windows
        for alias in _str_list(mat.get("aliases", []), f"materials.{name}.aliases", file):
            aliases[alias] = name
    return out, aliases


def _groups(path, dirs) -> list[tuple[Path, ...]]:
    """Window files by parameter folder, lowest priority first (``path``: the given files, one group)."""
    if path is None:
        return [tuple(sorted((d / WINDOWS_FOLDER).glob("*.toml"))) for d in reversed(search_dirs(dirs))]
    if isinstance(path, (str, Path)):
        return [(Path(path),)]
    return [tuple(Path(p) for p in path)]


_FILE_CACHE: dict = {}


def _load_file_cached(p: Path):
    """:func:`_load_file`, parsed once per file version (windows are immutable; callers copy the dicts)."""
    try:
        key = file_key(p)
    except FileNotFoundError:
        return _load_file(p)  # reports the missing file
    if key not in _FILE_CACHE:
        _FILE_CACHE[key] = _load_file(p)
    return _FILE_CACHE[key]


def _load_all(path, dirs=()) -> tuple[dict[str, tuple[Window, ...]], dict[str, str]]:
    windows: dict[str, tuple[Window, ...]] = {}
    aliases: dict[str, str] = {}
    for group in _groups(path, dirs):  # a later folder's material replaces an earlier one's
        in_group: set[str] = set()
        for p in group:
            w, a = _load_file_cached(p)
            clash = set(w) & in_group
            if clash:
                raise ParameterError("materials", sorted(clash)[0], "each material defined in one file of a folder",
                                     str(p))
            in_group |= set(w)
            windows.update(w)
            aliases.update(a)
    return windows, aliases


def load_windows(path: str | Path | Iterable[str | Path] | None = None,
                 dirs: Iterable[str | Path] = ()) -> dict[str, tuple[Window, ...]]:
    """Load and validate window files.

    Parameters
    ----------
    path : str, Path, iterable of them, or None
        TOML file(s) in the format of ``parameter_sets/windows/electrolytes.toml``. ``None`` loads the
        ``windows/*.toml`` files of every parameter folder: the shipped electrolyte and coating files, then
        those of ``CELLSIM_PARAMETER_PATH`` and ``dirs`` (a material there replaces the shipped one).
    dirs : iterable of path, optional
        Extra parameter folders, searched before ``CELLSIM_PARAMETER_PATH`` (with ``path=None`` only).

    Returns
    -------
    dict
        A new dict on every call: material name -> tuple of :class:`Window` (all sources; the one with
        ``default=True`` first is not guaranteed, use :func:`window` to pick).

    Raises
    ------
    ParameterError
        Missing unit or source, unknown key, bad type, ``lower > upper``, no or several defaults.

    Examples
    --------
    >>> db = load_windows()
    >>> [w.upper for w in db["Li3OCl"] if w.default]
    [2.55]
    """
    return _load_all(path, dirs)[0]


def window(material: str, source: str | None = None, *, kind: str | None = None,
           path: str | Path | Iterable[str | Path] | None = None, dirs: Iterable[str | Path] = ()) -> Window:
    """Stability window of a material, from the database.

    Parameters
    ----------
    material : str
        Material name or alias (``"Li3OCl"``, ``"LLZO"``, ``"LiNbO3"``); case and spaces are ignored.
    source : str, optional
        Id of a non-default entry (e.g. ``"computed-janaf"``); ``None`` returns the default entry.
    kind : {"electrolyte", "coating"}, optional
        Restrict the search to one kind (gives a "coating"-specific error message for unknown names).
    path : str, Path or iterable, optional
        User window file(s) instead of the parameter folders' ``windows/`` files.
    dirs : iterable of path, optional
        Extra parameter folders, searched before ``CELLSIM_PARAMETER_PATH`` (see :func:`load_windows`).

    Returns
    -------
    Window
        ``lower`` and ``upper`` [V] vs Li/Li+, ``source``, decomposition products (conductivities live in the
        electrolyte and coating parameter sets)

    Raises
    ------
    UnknownNameError
        Unknown material, or unknown source id; the message lists valid names and close matches.

    Notes
    -----
    A material is thermodynamically stable at an interface where the electrode potential
    :math:`\\phi` (vs Li/Li+) satisfies :math:`V_{lower} \\le \\phi \\le V_{upper}`; the Li chemical
    potential there is :math:`\\mu_{Li} = -e\\phi` relative to Li metal (Review section 6.2).

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, Table 3 and section 7.3, doi:10.1021/acs.chemrev.1c00594.
    Zhu, He & Mo, ACS Appl. Mater. Interfaces 7 (2015) 23685, doi:10.1021/acsami.5b07517.

    Examples
    --------
    >>> w = window("Li3OCl")
    >>> (w.lower, w.upper, w.products_upper)
    (0.0, 2.55, ('Li2O2', 'LiCl'))
    >>> window("LiNbO3", kind="coating").upper
    3.88
    """
    if kind is not None and kind not in _KINDS:
        raise ParameterError("kind", kind, f"None or one of {list(_KINDS)}")
    windows, aliases = _load_all(path, dirs)
    if kind is not None:
        windows = {k: v for k, v in windows.items() if v[0].kind == kind}
        aliases = {a: k for a, k in aliases.items() if k in windows}
    lookup = {normalise(k): k for k in windows}
    lookup.update({normalise(a): k for a, k in aliases.items()})
    key = lookup.get(normalise(material))
    if key is None:
        raise UnknownNameError(kind or "material", material, list(windows) + list(aliases))
    entries = windows[key]
    if source is None:
        return next(w for w in entries if w.default)
    for w in entries:
        if w.source_id == source:
            return w
    raise UnknownNameError(f"window source of {key}", source, [w.source_id for w in entries])


def materials(kind: str | None = None, path: str | Path | Iterable[str | Path] | None = None,
              dirs: Iterable[str | Path] = ()) -> list[str]:
    """Names of the materials in the database, optionally of one ``kind``.

    Examples
    --------
    >>> "Al2O3" in materials("coating")
    True
    """
    if kind is not None and kind not in _KINDS:
        raise ParameterError("kind", kind, f"None or one of {list(_KINDS)}")
    return sorted(k for k, v in _load_all(path, dirs)[0].items() if kind is None or v[0].kind == kind)


def aliases(path: str | Path | Iterable[str | Path] | None = None, dirs: Iterable[str | Path] = ()) -> dict[str, str]:
    """Alias -> material name of the window database (a new dict on every call).

    Examples
    --------
    >>> aliases()["LLZO"]
    'Li7La3Zr2O12'
    """
    return dict(_load_all(path, dirs)[1])
