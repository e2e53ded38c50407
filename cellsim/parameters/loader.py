"""Load TOML parameter sets into frozen, validated dataclasses.

Search order for a name (``"Li1.9(OH)Cl0.9"``, ``"default"``): folders given by the caller,
then the folders in the ``CELLSIM_PARAMETER_PATH`` environment variable (``os.pathsep``
separated), then the built-in ``parameter_sets/``. A path to a ``.toml`` file is loaded as is.
Each call returns a fresh object; modify copies with :func:`dataclasses.replace`.
"""
from __future__ import annotations

import dataclasses
import importlib.resources
import math
import os
from cellsim._toml import tomllib
import typing
from pathlib import Path
from types import MappingProxyType

from ..errors import ParameterError, UnknownNameError
from . import schema
from .units import to_si

KINDS = {
    "electrolyte": ("electrolytes", schema.Electrolyte),
    "electrode": ("electrodes", schema.ActiveMaterial),
    "coating": ("coatings", schema.Coating),
    "cell": ("cells", schema.CellDesign),
}


def _shipped_dir(package: str, folder: str) -> Path:
    """A data folder shipped with cellsim: ``folder`` of the checkout cellsim runs from, else ``package``.

    From a checkout (plain or editable install) the folder at the top of the repository, next to the
    ``cellsim/`` package, is used, so edits show at once and a checkout never reads the data of another
    cellsim installed in the same environment. From an installed wheel the folder is the package ``package``
    (``cellsim.parameter_sets``, ``cellsim.studies``), located with :mod:`importlib.resources`.
    """
    root = Path(__file__).resolve().parents[2]  # the repository, when cellsim runs from a checkout
    if (root / "pyproject.toml").is_file() and (root / folder).is_dir():
        return root / folder
    try:
        found = importlib.resources.files(package)
    except ModuleNotFoundError:
        found = None
    if isinstance(found, Path) and found.is_dir():
        return found
    raise FileNotFoundError(f"cellsim's {folder}/ folder is missing: neither {root / folder} (a checkout) nor "
                            f"the package {package} (an installed wheel) exists")


def builtin_dir() -> Path:
    """The folder of the parameter sets shipped with cellsim (``parameter_sets/``, installed as
    ``cellsim.parameter_sets``). The one place that locates it."""
    return _shipped_dir("cellsim.parameter_sets", "parameter_sets")


def studies_dir() -> Path:
    """The folder of the study scripts shipped with cellsim (``studies/``, installed as ``cellsim.studies``)."""
    return _shipped_dir("cellsim.studies", "studies")


def normalise(name: str) -> str:
    """Material-name key that ignores case and white space (``"li3 ocl"`` matches ``"Li3OCl"``).

    Examples
    --------
    >>> normalise(" Li1.9(OH) Cl0.9")
    'li1.9(oh)cl0.9'
    """
    return "".join(str(name).split()).lower()


def search_dirs(extra: typing.Iterable[str | os.PathLike] = ()) -> list[Path]:
    """Folders searched for parameter files, in order: ``extra``, ``CELLSIM_PARAMETER_PATH``, the built-in sets.

    Raises
    ------
    ParameterError
        A folder named in ``CELLSIM_PARAMETER_PATH`` does not exist.
    """
    env = [Path(p) for p in os.environ.get("CELLSIM_PARAMETER_PATH", "").split(os.pathsep) if p]
    for p in env:
        if not p.is_dir():
            raise ParameterError("CELLSIM_PARAMETER_PATH", str(p),
                                 f"existing folders separated by {os.pathsep!r} (this folder does not exist)")
    return [Path(p) for p in extra] + env + [builtin_dir()]


def table_files(sub: str, name: str = "*.toml", dirs: typing.Iterable[str | os.PathLike] = ()) -> list[Path]:
    """The files ``<folder>/<sub>/<name>`` (a glob pattern) of every parameter folder, the shipped sets first.

    The folders are those of :func:`search_dirs` in reverse (built-in, ``CELLSIM_PARAMETER_PATH`` from last to
    first, ``dirs``): a table read file by file in this order, later entries replacing earlier ones, lets the
    user's entries win over the shipped ones. Within one folder the files are sorted by name.

    Examples
    --------
    >>> [f.name for f in table_files("windows")]
    ['coatings.toml', 'electrolytes.toml']
    """
    return [f for d in reversed(search_dirs(dirs)) for f in sorted((d / sub).glob(name)) if f.is_file()]


def _candidates(kind: str, dirs: list[Path]) -> dict[str, Path]:
    sub = KINDS[kind][0]
    found: dict[str, Path] = {}
    for d in reversed(dirs):  # earlier folders win
        for folder in (d / sub, d):
            if folder.is_dir():
                for f in sorted(folder.glob("*.toml")):
                    data = _peek(f)
                    name = f.stem if data is None else data.get("name", f.stem)
                    if folder == d and not _looks_like(kind, f):
                        continue
                    found[str(name)] = f
                    found.setdefault(f.stem, f)
    return found


def _peek(path: Path) -> dict | None:
    """The parsed file (shared, not to be modified), or None if it is not valid TOML."""
    try:
        key = file_key(path)
        if key not in _TOML_CACHE:
            with open(path, "rb") as fh:
                _TOML_CACHE[key] = tomllib.load(fh)
        return _TOML_CACHE[key]
    except tomllib.TOMLDecodeError:
        return None


def _looks_like(kind: str, path: Path) -> bool:
    """A file at the top of a user folder is taken as ``kind`` if its tables say so."""
    data = _peek(path)
    if data is None:
        return False
    marker = {"electrolyte": "conductivity", "electrode": "ocp", "coating": "conductivity", "cell": "cathode"}
    return marker[kind] in data and (kind != "coating" or "formula" not in data)


def available(kind: str, dirs: typing.Iterable[str | os.PathLike] = ()) -> list[str]:
    """Names of the parameter sets of ``kind`` ('electrolyte', 'electrode', 'coating', 'cell')."""
    names = {}
    for name, path in _candidates(kind, search_dirs(dirs)).items():
        names.setdefault(path, name)
    return sorted(set(names.values()))


def find(kind: str, name: str | os.PathLike, dirs: typing.Iterable[str | os.PathLike] = ()) -> Path:
    """Path of the parameter file for ``name`` (a name or a path to a .toml file)."""
    if kind not in KINDS:
        raise UnknownNameError("kind", kind, KINDS)
    p = Path(name)
    if p.suffix == ".toml":
        if not p.is_file():
            raise ParameterError(kind, str(name), "an existing .toml file or a known name")
        return p
    table = _candidates(kind, search_dirs(dirs))
    if str(name) not in table:
        canonical = {}
        for n, path in table.items():  # the name inside each file first (as available()), its file name an alias
            canonical.setdefault(path, n)
        raise UnknownNameError(kind, str(name), {canonical[p] for n, p in table.items() if not n.startswith("_")},
                               aliases={n: canonical[p] for n, p in table.items() if not n.startswith("_")})
    return table[str(name)]


def load(kind: str, name: str | os.PathLike, dirs: typing.Iterable[str | os.PathLike] = ()):
    """Load one parameter set of ``kind`` by name or path into its frozen dataclass."""
    path = find(kind, name, dirs)
    return build(KINDS[kind][1], read_toml(path), str(path))


_TOML_CACHE: dict = {}


def file_key(path: str | os.PathLike) -> tuple:
    """(real path, modification time, size) of a file: a cache key that changes when the file does."""
    st = os.stat(path)
    return os.path.realpath(path), st.st_mtime_ns, st.st_size


def read_toml(path: str | os.PathLike, what: str = "TOML file") -> dict:
    """Parse the TOML file at ``path`` into a dict (a fresh copy; parsed once per file version).

    Raises
    ------
    ParameterError
        ``path`` does not exist (``allowed`` is "an existing <what>"), or the file is not valid TOML.
    """
    import copy

    try:
        data = _peek(Path(path))
        if data is None:
            with open(path, "rb") as fh:
                tomllib.load(fh)  # raises the decode error with its position
        return copy.deepcopy(data)
    except FileNotFoundError:
        raise ParameterError("path", str(path), f"an existing {what}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError("toml", str(exc), "valid TOML", str(path)) from None


def read_sweep_file(path: str | os.PathLike) -> dict:
    """The raw tables of a sweep TOML file; :mod:`cellsim.sweep.spec` validates them against the sweep schema.

    Raises
    ------
    ParameterError
        When the file is a cell design or material parameter set rather than a sweep description.
    """
    data = read_toml(path, "sweep TOML file")
    for kind, marker in (("cell design", "cathode"), ("electrolyte parameter set", "conductivity"),
                         ("electrode parameter set", "ocp")):
        if marker in data and "axis" not in data:
            raise ParameterError("sweep file", str(path), f"a sweep description (name, [[axis]] tables, metrics); "
                                 f"this is a {kind} (run it with cellsim cycle --cell {path})")
    return data


def build(cls, data: dict, file: str | None = None, prefix: str = ""):
    """Build a schema dataclass ``cls`` from a parsed TOML table, validating every entry."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in schema.schema_fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        import difflib

        key = unknown[0]
        close = difflib.get_close_matches(key, fields, n=3)
        hint = f" (did you mean {close}?)" if close else ""
        raise ParameterError(prefix + key, data[key], f"one of the known keys {sorted(fields)}{hint}", file)
    kwargs, sources = {}, {}
    for name, f in fields.items():
        key = prefix + name
        nested = _dataclass_type(hints[name])
        if name not in data:
            if f.default is dataclasses.MISSING and not (nested and _optional(hints[name])):
                raise ParameterError(key, "<missing>", f"a value is required ({f.metadata.get('doc', '')})", file)
            continue
        raw = data[name]
        if nested is not None:
            if not isinstance(raw, dict):
                raise ParameterError(key, raw, f"a table [{key}]", file)
            kwargs[name] = build(nested, raw, file, key + ".")
        elif f.metadata.get("unit") is None:
            kwargs[name] = _plain(f, raw, key, file)
        else:
            kwargs[name], sources[name] = _quantity(f, raw, key, file)
    try:
        obj = cls(**kwargs)
    except ParameterError as exc:
        raise ParameterError(prefix + exc.key, exc.value, exc.allowed, file) from None
    object.__setattr__(obj, "sources", MappingProxyType(sources))
    return obj


def _dataclass_type(hint):
    for t in (hint, *typing.get_args(hint)):
        if dataclasses.is_dataclass(t):
            return t
    return None


def _optional(hint) -> bool:
    return type(None) in typing.get_args(hint)


def _plain(f, raw, key, file):
    if f.metadata.get("integer"):
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise ParameterError(key, raw, "a positive integer", file)
        return raw
    if not isinstance(raw, str) or not raw.strip():
        raise ParameterError(key, raw, "a non-empty string", file)
    choices = f.metadata.get("choices")
    if choices and raw not in choices:
        raise ParameterError(key, raw, f"one of {list(choices)}", file)
    return raw


def _quantity(f, raw, key, file):
    meta = f.metadata
    return read_quantity(raw, key, meta["unit"], file, meta.get("lo"), meta.get("hi"),
                         lo_open=bool(meta.get("lo_open")), hi_open=bool(meta.get("hi_open")))


def read_quantity(raw, key: str, si_unit: str, file: str | None = None, lo: float | None = None,
                  hi: float | None = None, *, lo_open: bool = False, hi_open: bool = False,
                  allow_inf: bool = False, convert=to_si) -> tuple[float, str]:
    """Validate an inline table ``{value, unit, source}`` (optional ``note``) and return (SI value, source).

    ``value`` must be a real number (not a boolean) and finite (``allow_inf`` admits +-inf, never NaN);
    ``source`` a non-empty citation, not a bare ``"assumed"``/``"fitted"`` without a reason. The value is
    converted to ``si_unit`` with ``convert`` (default :func:`~cellsim.parameters.units.to_si`) and checked
    against the optional range ``lo``..``hi`` (closed unless ``lo_open``/``hi_open``).

    Raises
    ------
    ParameterError
        Naming ``key`` (or ``key.value``, ``key.unit``, ``key.source``), the offending value and ``file``.

    Examples
    --------
    >>> read_quantity({"value": 2, "unit": "mm", "source": "x"}, "thickness", "m")
    (0.002, 'x')
    """
    allowed = "an inline table {value = <number>, unit = \"%s\", source = \"<citation or 'assumed: why'>\"}" % si_unit
    if not isinstance(raw, dict):
        raise ParameterError(key, raw, allowed, file)
    extra = set(raw) - {"value", "unit", "source", "note", "uncertainty"}
    if extra:
        raise ParameterError(f"{key}.{sorted(extra)[0]}", raw[sorted(extra)[0]],
                             "only the keys value, unit, source, note, uncertainty", file)
    for part in ("value", "unit", "source"):
        if part not in raw:
            raise ParameterError(f"{key}.{part}", "<missing>", allowed, file)
    value, unit, source = raw["value"], raw["unit"], raw["source"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"{key}.value", value, "a number", file)
    if math.isnan(value) or (math.isinf(value) and not allow_inf):
        raise ParameterError(f"{key}.value", value, "a finite number", file)
    if not isinstance(source, str) or not source.strip():
        raise ParameterError(f"{key}.source", source, "a citation, or 'fitted: <reason>' / 'assumed: <reason>'",
                             file)
    head, _, reason = source.partition(":")
    if head.strip().lower() in ("fitted", "assumed") and not reason.strip():
        raise ParameterError(f"{key}.source", source, "'fitted:'/'assumed:' followed by the reason", file)
    if not isinstance(unit, str):
        raise ParameterError(f"{key}.unit", unit, f'a unit string such as "{si_unit}"', file)
    si = convert(value, unit, si_unit, key, file)
    meta = {"unit": si_unit, "lo": lo, "hi": hi, "lo_open": lo_open, "hi_open": hi_open}
    _check_range(si, meta, key, value, unit, file)
    if "uncertainty" in raw:
        read_uncertainty(raw, key, si_unit, file, meta, convert)  # checked on every load
    return si, source


def read_uncertainty(raw: dict, key: str, si_unit: str, file: str | None = None, meta: dict | None = None,
                     convert=to_si) -> "schema.Uncertainty | None":
    """The :class:`~cellsim.parameters.schema.Uncertainty` of a quantity table ``raw`` (None if it has none).

    ``uncertainty = {low, high, distribution, source}`` sits inside the quantity's inline table; ``low`` and
    ``high`` are in the quantity's ``unit``. Checked: the keys, numbers, ``low <= value <= high``, a positive
    ``low`` for ``"loguniform"``, the quantity's allowed range (``meta`` as for the value), a source.

    Examples
    --------
    >>> u = read_uncertainty({"value": 50, "unit": "um", "source": "assumed: x", "uncertainty": {
    ...     "low": 40, "high": 60, "distribution": "uniform", "source": "assumed: +-20 %"}}, "cathode.thickness", "m")
    >>> round(u.low * 1e6, 9), round(u.high * 1e6, 9), u.distribution
    (40.0, 60.0, 'uniform')
    """
    u = raw.get("uncertainty")
    if u is None:
        return None
    where = f"{key}.uncertainty"
    allowed = ("an inline table {low = <number>, high = <number>, distribution = \"uniform\" or \"loguniform\", "
               "source = \"<why this range>\"} in the value's unit")
    if not isinstance(u, dict):
        raise ParameterError(where, u, allowed, file)
    extra = sorted(set(u) - {"low", "high", "distribution", "source"})
    if extra:
        raise ParameterError(f"{where}.{extra[0]}", u[extra[0]], "only the keys low, high, distribution, source", file)
    for part in ("low", "high", "distribution", "source"):
        if part not in u:
            raise ParameterError(f"{where}.{part}", "<missing>", allowed, file)
    for part in ("low", "high"):
        v = u[part]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ParameterError(f"{where}.{part}", v, "a finite number in the value's unit", file)
    if u["distribution"] not in schema.DISTRIBUTIONS:
        raise ParameterError(f"{where}.distribution", u["distribution"], f"one of {list(schema.DISTRIBUTIONS)}", file)
    source = u["source"]
    if not isinstance(source, str) or not source.strip():
        raise ParameterError(f"{where}.source", source, "why this range: a citation or 'assumed: <reason>'", file)
    value, unit = raw["value"], raw["unit"]
    if not u["low"] <= value <= u["high"]:
        raise ParameterError(where, f"[{u['low']}, {u['high']}] {unit}", f"low <= value ({value} {unit}) <= high",
                             file)
    if u["distribution"] == "loguniform" and u["low"] <= 0:
        raise ParameterError(f"{where}.low", u["low"], "> 0 for distribution = 'loguniform'", file)
    si_value = convert(value, unit, si_unit, key, file)
    lo_si, hi_si = (convert(u[p], unit, si_unit, f"{where}.{p}", file) for p in ("low", "high"))
    for part, v in (("low", lo_si), ("high", hi_si)):
        _check_range(v, meta or {"unit": si_unit}, f"{where}.{part}", u[part], unit, file)
    return schema.Uncertainty(key, si_value, lo_si, hi_si, u["distribution"], source, si_unit)


def load_uncertainties(kind: str, name, dirs=()) -> dict:
    """{dotted key: :class:`~cellsim.parameters.schema.Uncertainty`} of a parameter set's values that carry one.

    Examples
    --------
    >>> sorted(load_uncertainties("cell", "default"))[:2]
    ['cathode.thickness', 'coating.thickness']
    """
    path = find(kind, name, dirs)
    data = read_toml(path)
    out: dict = {}

    def walk(cls, table, prefix):
        hints = typing.get_type_hints(cls)
        for f in schema.schema_fields(cls):
            raw = table.get(f.name)
            if not isinstance(raw, dict):
                continue
            nested = _dataclass_type(hints[f.name])
            if nested is not None:
                walk(nested, raw, prefix + f.name + ".")
            elif f.metadata.get("unit") is not None and "uncertainty" in raw:
                out[prefix + f.name] = read_uncertainty(raw, prefix + f.name, f.metadata["unit"], str(path),
                                                        f.metadata, to_si)

    walk(KINDS[kind][1], data, "")
    return out


def _check_range(si, meta, key, value, unit, file):
    lo, hi = meta.get("lo"), meta.get("hi")
    bad_lo = lo is not None and (si < lo or (meta.get("lo_open") and si == lo))
    bad_hi = hi is not None and (si > hi or (meta.get("hi_open") and si == hi))
    if bad_lo or bad_hi:
        left = "(" if meta.get("lo_open") else "["
        right = ")" if meta.get("hi_open") else "]"
        rng = f"{left}{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}{right} {meta['unit']}"
        raise ParameterError(key, f"{value} {unit}", f"a value in {rng}", file)


def load_electrolyte(name, dirs=()) -> schema.Electrolyte:
    """Load an electrolyte by name (e.g. ``"Li1.9(OH)Cl0.9"``) or .toml path."""
    return load("electrolyte", name, dirs)


def load_electrode(name, dirs=()) -> schema.ActiveMaterial:
    """Load an active electrode material by name (e.g. ``"NCM111"``) or .toml path."""
    return load("electrode", name, dirs)


def load_coating(name, dirs=()) -> schema.Coating:
    """Load a cathode coating by name (e.g. ``"Al2O3"``) or .toml path."""
    return load("coating", name, dirs)


def load_cell_design(name="default", dirs=()) -> schema.CellDesign:
    """Load a cell design by name or .toml path and check its references resolve."""
    design = load("cell", name, dirs)
    path = str(find("cell", name, dirs))
    for key, kind, ref in (("electrolyte", "electrolyte", design.electrolyte),
                           ("anode.material", "electrode", design.anode.material),
                           ("cathode.material", "electrode", design.cathode.material)):
        _resolve(key, kind, ref, dirs, path)
    if design.coating is not None and design.coating.material != "none":
        _resolve("coating.material", "coating", design.coating.material, dirs, path)
    return design


def _resolve(key, kind, ref, dirs, path):
    try:
        find(kind, ref, dirs)
    except ParameterError as exc:
        raise ParameterError(key, ref, exc.allowed, path) from None


def collect_sources(obj, prefix: str = "") -> dict[str, str]:
    """All sources of a loaded parameter object, nested tables included, as {dotted key: source}."""
    out = {prefix + k: v for k, v in getattr(obj, "sources", {}).items()}
    for f in schema.schema_fields(type(obj)):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            out.update(collect_sources(value, prefix + f.name + "."))
    return out
