"""Sweep specifications: which cell, which protocol, which axes, which metrics.

A sweep is read from TOML (:func:`load_sweep`) or built from a dict (:meth:`SweepSpec.from_dict`).
Every axis value is converted to SI with cellsim's unit table and checked against the schema's range,
every parameter, metric, material and evaluator name is checked, all before anything runs::

    name = "temperature_thickness"
    cell = "default"
    model = "SPMe"
    compile = "auto"               # true: IDAKLU compiles the model to C (~2-3x faster solves, round-off changes);
                                   # "auto" (default): when the sweep solves >= AUTO_COMPILE_POINTS points per model
    sampling = "grid"              # grid | lhs | list
    metrics = ["capacity", "hysteresis"]

    [protocol]                     # overrides of the cell's stored protocol
    cycles = 1
    rate = "25mA/g"

    [fixed]                        # design changes applied to every point
    "separator.thickness" = "80 um"

    [[axis]]
    parameter = "temperature"
    min = "60 degC"
    max = "120 degC"
    num = 20                       # linspace (scale = "log": geomspace)

    [[axis]]
    parameter = "cathode.thickness"
    values = [30, 40, 50]
    unit = "um"                    # or values = ["30 um", "40 um", "50 um"]

Sampling: ``grid`` takes the Cartesian product of the axes (first axis slowest); ``lhs`` draws
``samples`` points of a Latin hypercube (``scipy.stats.qmc``, seed ``seed``) over the axes given as
``min``/``max`` and crosses them with the axes given as ``values``; ``list`` zips axes of equal length.
"""
from __future__ import annotations

import dataclasses
import difflib
import hashlib
import importlib
import itertools
import json
import math
import typing
from dataclasses import dataclass, field
from pathlib import Path

from ..cell.model import INPUT_FIELDS, MODEL_TYPES
from ..checks import TEMPERATURE_MAX_K, TEMPERATURE_MIN_K, temperature_hint
from ..cell.protocol import parse_rate
from ..errors import ParameterError, UnknownNameError
from ..parameters import available, load_cell_design, read_sweep_file, schema
from .metrics import METRICS
from ..parameters.units import known_units, parse_quantity, to_si

SAMPLINGS = ("grid", "lhs", "list")
#: names of the built-in evaluators (:data:`cellsim.sweep.evaluate.EVALUATORS` maps them to functions)
BUILTIN_EVALUATORS = ("cell", "sleep")
MESH_KEYS = ("x_n", "x_s", "x_p", "r_n", "r_p")
SPEC_KEYS = ("name", "cell", "model", "compile", "sampling", "samples", "seed", "metrics", "evaluator",
             "evaluator_options", "timeout", "protocol", "fixed", "axis", "mesh", "dirs")
AXIS_KEYS = ("parameter", "values", "unit", "min", "max", "num", "scale")
#: ``compile = "auto"`` compiles a cell sweep's models when it solves at least this many points per built model.
#: Break-even of a cold compile (measured, one-cycle SPMe of the default cell, 2-core machine): the first build
#: compiles for ~5.3 s, a point then takes ~10 ms instead of ~22 ms, so the compile pays back after ~440 points;
#: later builds of the same model read the compiled library from PyBaMM's disk cache (0.5 s).
AUTO_COMPILE_POINTS = 400


@dataclass(frozen=True)
class ParameterInfo:
    """What a sweep parameter is: where it goes, its SI unit and allowed range."""

    name: str
    kind: str  # "temperature", "model", "rate", "protocol", "design", "scale"
    unit: str | None  # SI unit; "1" dimensionless; None for text
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    integer: bool = False
    choices: str | None = None  # parameter-set kind whose names are the allowed values, or "model"
    doc: str = ""

    @property
    def column(self) -> str:
        """Column name in the result table: the name with its SI unit in PyBaMM's bracket form."""
        return self.name if self.unit in (None, "1") else f"{self.name} [{self.unit}]"

    @property
    def structural(self) -> bool:
        """True if changing it needs another built cell model: model type and design fields, except those
        the cell takes as input parameters (:data:`cellsim.cell.model.INPUT_FIELDS`)."""
        return self.kind == "model" or (self.kind == "design" and self.name not in INPUT_FIELDS)


# protocol parameters: name -> (Protocol keyword, SI unit, lo, hi, integer, doc)
_PROTOCOL = {
    "protocol.specific_current": ("specific_current_A_kg", "A.kg-1", 0.0, None, False,
                                  "current per mass of cathode active material"),
    "protocol.c_rate": ("c_rate", "1", 0.0, None, False, "current as a C-rate [h-1]"),
    "protocol.lower_voltage": ("lower_voltage_V", "V", 0.0, 10.0, False, "lower cut-off voltage"),
    "protocol.upper_voltage": ("upper_voltage_V", "V", 0.0, 10.0, False, "upper cut-off voltage"),
    "protocol.cycles": ("cycles", "1", 1, None, True, "number of cycles"),
    "protocol.rest": ("rest_s", "s", 0.0, None, False, "rest after each half cycle"),
    "protocol.cv_hold_current_fraction": ("cv_hold_current_fraction", "1", 0.0, 1.0, False,
                                          "end of the CV hold as a fraction of the charge current"),
}
#: scale factors on the built cell's input parameters (:class:`cellsim.cell.model.CellInputs` fields): name ->
#: (CellInputs field, doc). They act on the value the cell computes from its materials, at every point's temperature
INPUT_SCALES = {
    "electrolyte_conductivity_factor": (
        "electrolyte_conductivity_S_m",
        "factor on the electrolyte's total ionic conductivity at every temperature (1: the material's own); for a "
        "single Arrhenius branch without grain boundaries the same as scaling its conductivity_ref"),
}
_ALIASES = {"protocol.temperature": "temperature", "model_type": "model", "protocol.rate": "rate",
            "protocol.current": "rate", "current": "rate"}
_MATERIAL_KIND = {"electrolyte": "electrolyte", "anode.material": "electrode", "cathode.material": "electrode",
                  "coating.material": "coating"}


def _design_parameters(cls, prefix: str = "") -> dict[str, ParameterInfo]:
    out = {}
    hints = typing.get_type_hints(cls)
    for f in schema.schema_fields(cls):
        name = prefix + f.name
        if name in ("name", "description", "protocol"):
            continue
        nested = next((t for t in (hints[f.name], *typing.get_args(hints[f.name])) if dataclasses.is_dataclass(t)),
                      None)
        if nested is not None:
            out.update(_design_parameters(nested, name + "."))
            continue
        m = f.metadata
        if m.get("unit") is None:
            out[name] = ParameterInfo(name, "design", None, integer=bool(m.get("integer")),
                                      choices=_MATERIAL_KIND.get(name), doc=m.get("doc", ""))
        else:
            out[name] = ParameterInfo(name, "design", m["unit"], m.get("lo"), m.get("hi"), bool(m.get("lo_open")),
                                      bool(m.get("hi_open")), doc=m.get("doc", ""))
    return out


def sweep_parameters() -> dict[str, ParameterInfo]:
    """All parameters a sweep axis (or ``[fixed]``) may name, from the cell-design schema and the protocol.

    Examples
    --------
    >>> p = sweep_parameters()
    >>> p["cathode.thickness"].unit, p["temperature"].unit, p["coating.material"].choices
    ('m', 'K', 'coating')
    """
    out = {"temperature": ParameterInfo("temperature", "temperature", "K", TEMPERATURE_MIN_K, TEMPERATURE_MAX_K,
                                        doc="cell temperature (an input parameter: no rebuild)"),
           "model": ParameterInfo("model", "model", None, choices="model", doc="DFN or SPMe"),
           "rate": ParameterInfo("rate", "rate", None, doc="current such as '25mA/g', '0.2C', '0.5mA/cm2' or '2mA'")}
    for name, (_, unit, lo, hi, integer, doc) in _PROTOCOL.items():
        out[name] = ParameterInfo(name, "protocol", unit, lo, hi, lo_open=name in ("protocol.specific_current",
                                                                                    "protocol.c_rate"),
                                  hi_open=name == "protocol.cv_hold_current_fraction", integer=integer, doc=doc)
    out.update(_design_parameters(schema.CellDesign))
    for name, (_, doc) in INPUT_SCALES.items():
        out[name] = ParameterInfo(name, "scale", "1", 0.0, None, lo_open=True, doc=doc)
    return out


_PARAMETERS: dict | None = None


def _parameters() -> dict[str, ParameterInfo]:
    """:func:`sweep_parameters`, computed once per process (read from the schema's type hints it costs ~1 ms,
    and every point's variant key and settings look parameters up: 14 s for a 10,000-point sweep uncached)."""
    global _PARAMETERS
    if _PARAMETERS is None:
        _PARAMETERS = sweep_parameters()
    return _PARAMETERS


def parameter_info(name: str) -> ParameterInfo:
    """The :class:`ParameterInfo` of a sweep parameter; unknown names fail with close matches."""
    params = _parameters()
    name = _ALIASES.get(name, name)
    if name not in params:
        raise UnknownNameError("sweep parameter", name, params)
    return params[name]


# -- values -------------------------------------------------------------------------------------------------------
def _example(info: ParameterInfo) -> str:
    if info.unit in (None, "1"):
        return ""
    units = known_units(info.unit)
    return f", e.g. '{units[min(2, len(units) - 1)]}'" if units else ""


def convert_value(info: ParameterInfo, raw, unit: str | None = None, key: str | None = None, dirs=()):
    """One axis value in SI (float), as a checked name (str) or integer; raises ParameterError.

    Examples
    --------
    >>> convert_value(parameter_info("cathode.thickness"), "60 um")
    6e-05
    >>> convert_value(parameter_info("temperature"), 80, unit="degC")
    353.15
    """
    key = key or info.name
    if info.unit is None:
        return _convert_text(info, raw, key, dirs)
    if isinstance(raw, bool):
        raise ParameterError(key, raw, f"a number{' with a unit' if info.unit != '1' else ''}{_example(info)}")
    if isinstance(raw, str):
        if unit is not None:
            raise ParameterError(key, raw, "a plain number when the axis has a 'unit' key (or drop 'unit')")
        if info.unit == "1":
            try:
                value = float(raw.replace("%", "")) * (0.01 if raw.strip().endswith("%") else 1.0)
            except ValueError:
                raise ParameterError(key, raw, "a dimensionless number such as 0.6 or '60 %'") from None
        else:
            value = parse_quantity(raw, info.unit, key)
    elif isinstance(raw, (int, float)):
        if unit is None and info.unit != "1":
            raise ParameterError(key, raw, f"a unit is required: a string such as '{raw} {known_units(info.unit)[0]}'"
                                           f" or the axis key unit = one of {known_units(info.unit)}")
        value = to_si(raw, unit or "1", info.unit, key)
    else:
        raise ParameterError(key, raw, f"a number or a string with a unit{_example(info)}")
    if not math.isfinite(value):
        raise ParameterError(key, raw, "a finite number")
    _check_range(info, value, raw, key, unit)
    if info.integer:
        if value != int(value):
            raise ParameterError(key, raw, "an integer")
        return int(value)
    return float(f"{value:.12g}")  # one canonical float, so ids do not depend on how the value was written


def _check_range(info, value, raw, key, unit=None):
    lo, hi = info.lo, info.hi
    if info.name == "temperature":
        if not lo <= value <= hi:
            given = f"{raw} {unit}" if unit else str(raw)
            in_kelvin = (unit or "").strip() == "K" or (unit is None and str(raw).strip().endswith("K"))
            hint = temperature_hint(value, lo, hi).replace("degC?", "degC with unit K?") if in_kelvin else ""
            raise ParameterError(key, raw, f"{lo:g}-{hi:g} K ({lo - 273.15:.0f} to {hi - 273.15:.0f} degC), the range "
                                           f"of cellsim's models; {given} = {value:.2f} K is outside it{hint}")
        return
    bad = (lo is not None and (value < lo or (info.lo_open and value == lo))) or \
          (hi is not None and (value > hi or (info.hi_open and value == hi)))
    if bad:
        rng = f"{'(' if info.lo_open else '['}{lo if lo is not None else '-inf'}, " \
              f"{hi if hi is not None else 'inf'}{')' if info.hi_open else ']'} {info.unit}"
        raise ParameterError(key, raw, f"a value in {rng}")


def _convert_text(info, raw, key, dirs):
    if info.integer:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise ParameterError(key, raw, "a positive integer")
        return raw
    if not isinstance(raw, str) or not raw.strip():
        raise ParameterError(key, raw, "a non-empty string")
    if info.kind == "rate":
        parse_rate(raw)
        return raw.replace(" ", "")
    if info.choices == "model":
        if raw not in MODEL_TYPES:
            raise UnknownNameError(key, raw, MODEL_TYPES)
        return raw
    if info.choices is not None:
        known = set(available(info.choices, dirs)) | ({"none"} if info.choices == "coating" else set())
        if raw not in known and not raw.endswith(".toml"):
            raise UnknownNameError(key, raw, known)
    return raw


# -- axes ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Axis:
    """One swept parameter: explicit ``values`` (SI) or a range ``lo``..``hi`` for Latin-hypercube sampling."""

    parameter: str
    values: tuple = ()
    lo: float | None = None
    hi: float | None = None
    log: bool = False

    @property
    def info(self) -> ParameterInfo:
        return parameter_info(self.parameter)

    @property
    def is_range(self) -> bool:
        return not self.values


def parse_axis(table: dict, sampling: str = "grid", index: int = 0, dirs=()) -> Axis:
    """Build an :class:`Axis` from its TOML table, converting and checking every value."""
    where = f"axis[{index}]"
    if not isinstance(table, dict):
        raise ParameterError(where, table, "a table [[axis]] with parameter = ... and values = [...] or min/max")
    _check_keys(table, AXIS_KEYS, where)
    if "parameter" not in table:
        raise ParameterError(f"{where}.parameter", "<missing>", "a parameter name such as 'cathode.thickness'")
    info = parameter_info(table["parameter"])
    key = f"axis '{info.name}'"
    unit = table.get("unit")
    if unit is not None and not isinstance(unit, str):
        raise ParameterError(f"{key}.unit", unit, f"a unit string, one of {known_units(info.unit or '1')}")
    if unit is not None and info.unit is None:
        raise ParameterError(f"{key}.unit", unit, "no unit: this parameter takes names")
    scale = table.get("scale", "linear")
    if scale not in ("linear", "log"):
        raise ParameterError(f"{key}.scale", scale, "'linear' or 'log'")
    has_values, has_range = "values" in table, ("min" in table or "max" in table)
    if has_values == has_range:
        raise ParameterError(key, table, "either values = [...] or min = ..., max = ... (with num = N for a grid)")
    if has_values:
        raw = table["values"]
        if not isinstance(raw, list):
            raise ParameterError(f"{key}.values", raw, "a list such as [\"40 um\", \"60 um\"]")
        if not raw:
            raise ParameterError(f"{key}.values", raw, "at least one value (an empty axis gives no points)")
        if "num" in table:
            raise ParameterError(f"{key}.num", table["num"], "num only with min/max")
        values = tuple(convert_value(info, v, unit, f"{key}.values", dirs) for v in raw)
        if sampling != "list" and len(set(values)) != len(values):
            raise ParameterError(f"{key}.values", raw, "distinct values (a duplicate gives the same point twice)")
        return Axis(info.name, values)
    if info.unit is None:
        raise ParameterError(key, table, f"values = [...]: '{info.name}' takes names, not a range")
    for part in ("min", "max"):
        if part not in table:
            raise ParameterError(f"{key}.{part}", "<missing>", "both min and max")
    lo = convert_value(info, table["min"], unit, f"{key}.min", dirs)
    hi = convert_value(info, table["max"], unit, f"{key}.max", dirs)
    if not lo < hi:
        raise ParameterError(f"{key}.max", table["max"], f"greater than min = {table['min']!r}")
    if scale == "log" and lo <= 0:
        raise ParameterError(f"{key}.min", table["min"], "> 0 for scale = 'log'")
    if sampling == "lhs":
        if "num" in table:
            raise ParameterError(f"{key}.num", table["num"], "no num with sampling = 'lhs' (give samples = N)")
        return Axis(info.name, (), lo, hi, scale == "log")
    num = table.get("num")
    if isinstance(num, bool) or not isinstance(num, int) or num < 1:
        raise ParameterError(f"{key}.num", table.get("num", "<missing>"),
                             "a positive integer number of grid values (an empty axis gives no points)")
    import numpy as np

    grid = np.geomspace(lo, hi, num) if scale == "log" else np.linspace(lo, hi, num)
    if info.integer:
        values = tuple(sorted({int(round(v)) for v in grid}))
    else:
        values = tuple(float(f"{v:.12g}") for v in grid)
    return Axis(info.name, values)


def _check_keys(table, known, where):
    unknown = sorted(set(table) - set(known))
    if unknown:
        close = difflib.get_close_matches(unknown[0], known, n=3)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        raise ParameterError(f"{where}.{unknown[0]}", table[unknown[0]], f"one of the keys {sorted(known)}{hint}")


# -- the spec -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Point:
    """One point of a sweep: ``values`` maps parameter names to SI numbers or names."""

    id: str
    values: dict
    variant: str


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep. Build with :meth:`from_dict` or :func:`load_sweep`.

    Examples
    --------
    >>> spec = SweepSpec.from_dict({"cell": "default", "model": "SPMe", "protocol": {"cycles": 1},
    ...     "axis": [{"parameter": "temperature", "values": [60, 80, 100], "unit": "degC"},
    ...              {"parameter": "cathode.thickness", "values": ["40 um", "60 um"]}]})
    >>> len(spec.points()), spec.points()[0].values
    (6, {'temperature': 333.15, 'cathode.thickness': 4e-05})
    >>> len({p.variant for p in spec.points()})  # two cathode thicknesses: two built models
    2
    """

    name: str = "sweep"
    cell: str = "default"
    model: str = "SPMe"
    sampling: str = "grid"
    samples: int | None = None
    seed: int = 0
    metrics: tuple = ("capacity", "hysteresis")
    evaluator: str = "cell"
    evaluator_options: dict = field(default_factory=dict)
    timeout_s: float | None = None
    protocol: dict = field(default_factory=dict)  # protocol parameter name -> value (SI)
    fixed: dict = field(default_factory=dict)  # parameter name -> value (SI) for every point
    axes: tuple = ()
    mesh: dict = field(default_factory=dict)
    dirs: tuple = ()
    compile: bool = False  # CellModel(compile=True): IDAKLU's C-compiled functions (round-off-level differences);
    # from_dict resolves ``compile = "auto"`` to a bool (:func:`_auto_compile`)
    auto_compiled: bool = False  # compile came from "auto": not part of the point ids (see :meth:`resolved`)

    # -- construction -------------------------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict, file: str | None = None) -> "SweepSpec":
        """Validate a sweep given as a dict (the TOML layout); every error names the key and the value."""
        try:
            return cls._from_dict(data)
        except ParameterError as exc:
            if file is None or exc.file is not None:
                raise
            if isinstance(exc, UnknownNameError):
                exc.file = file
                exc.args = (f"{file}: {exc.args[0]}",)
                raise exc
            raise ParameterError(exc.key, exc.value, exc.allowed, file) from None

    @classmethod
    def _from_dict(cls, data):
        if not isinstance(data, dict):
            raise ParameterError("sweep", data, "a table of sweep settings")
        _check_keys(data, SPEC_KEYS, "sweep")
        name = data.get("name", "sweep")
        if not isinstance(name, str) or not name.strip():
            raise ParameterError("name", name, "a non-empty string")
        dirs = data.get("dirs", ())
        if isinstance(dirs, str) or not all(isinstance(d, str) for d in dirs):
            raise ParameterError("dirs", dirs, "a list of folders with parameter sets")
        dirs = tuple(dirs)
        cell = data.get("cell", "default")
        if not isinstance(cell, str):
            raise ParameterError("cell", cell, "a cell name or .toml path")
        load_cell_design(cell, dirs)  # fail now on an unknown cell (with close matches)
        model = convert_value(parameter_info("model"), data.get("model", "SPMe"), key="model")
        sampling = data.get("sampling", "grid")
        if sampling not in SAMPLINGS:
            raise UnknownNameError("sampling", sampling, SAMPLINGS)
        samples = data.get("samples")
        if sampling == "lhs":
            if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
                raise ParameterError("samples", samples if samples is not None else "<missing>",
                                     "a positive integer number of Latin-hypercube samples, e.g. samples = 64")
        elif samples is not None:
            raise ParameterError("samples", samples, "only with sampling = 'lhs'")
        seed = data.get("seed", 0)
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ParameterError("seed", seed, "a non-negative integer")
        metrics = data.get("metrics", ["capacity", "hysteresis"])
        if isinstance(metrics, str):
            metrics = [metrics]
        if not isinstance(metrics, list) or not metrics:
            raise ParameterError("metrics", metrics, "a non-empty list of metric names, e.g. ['capacity']")
        for m in metrics:
            if m not in METRICS:
                raise UnknownNameError("metric", m, METRICS)
        if len(set(metrics)) != len(metrics):
            raise ParameterError("metrics", metrics, "distinct metric names")
        evaluator = data.get("evaluator", "cell")
        options = data.get("evaluator_options", {})
        if not isinstance(options, dict):
            raise ParameterError("evaluator_options", options, "a table of options for the evaluator")
        check_evaluator(evaluator)
        timeout = data.get("timeout")
        timeout_s = None if timeout is None else parse_timeout(timeout)
        protocol = cls._protocol(data.get("protocol", {}), dirs)
        fixed_raw = data.get("fixed", {})
        if not isinstance(fixed_raw, dict):
            raise ParameterError("fixed", fixed_raw, "a table of parameter = value applied to every point")
        fixed = {}
        for k, v in fixed_raw.items():
            info = parameter_info(k)
            if info.kind in ("protocol", "rate"):
                raise ParameterError(f"fixed.{k}", v, "design parameters, input scale factors or temperature; "
                                                      "protocol settings go in [protocol]")
            fixed[info.name] = convert_value(info, v, key=f"fixed.{k}", dirs=dirs)
        axes_raw = data.get("axis", [])
        if not isinstance(axes_raw, list) or not axes_raw:
            raise ParameterError("axis", axes_raw, "at least one [[axis]] table with parameter and values or min/max")
        axes = tuple(parse_axis(t, sampling, i, dirs) for i, t in enumerate(axes_raw))
        names = [a.parameter for a in axes]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ParameterError("axis", dup[0], "each parameter on one axis only")
        clash = sorted(set(names) & set(fixed))
        if clash:
            raise ParameterError(f"fixed.{clash[0]}", fixed[clash[0]], "a parameter that is not also an axis")
        if sampling == "lhs" and not any(a.is_range for a in axes):
            raise ParameterError("axis", names, "at least one axis with min/max for sampling = 'lhs'")
        if sampling == "list":
            lengths = {a.parameter: len(a.values) for a in axes}
            if len(set(lengths.values())) != 1:
                raise ParameterError("axis", lengths, "axes of equal length for sampling = 'list' (zipped)")
        mesh = data.get("mesh", {})
        if not isinstance(mesh, dict):
            raise ParameterError("mesh", mesh, f"a table of points per domain, keys {list(MESH_KEYS)}")
        _check_keys(mesh, MESH_KEYS, "mesh")
        for k, v in mesh.items():
            if isinstance(v, bool) or not isinstance(v, int) or v < 2:
                raise ParameterError(f"mesh.{k}", v, "an integer >= 2")
        if "coulombic_efficiency" in metrics and protocol.get("protocol.cycles", 2) < 2 \
                and "protocol.cycles" not in names:
            raise ParameterError("metrics", "coulombic_efficiency", "a protocol of >= 2 cycles (it is defined from "
                                 "cycle 2 on), or the metric first_cycle_efficiency for one cycle")
        compile_ = data.get("compile", "auto")
        if not isinstance(compile_, bool) and compile_ != "auto":
            raise ParameterError("compile", compile_, "true, false or 'auto' (compile the model's functions to C; "
                                 f"auto: when the sweep solves >= {AUTO_COMPILE_POINTS} points per model)")
        spec = cls(name=name, cell=cell, model=model, sampling=sampling, samples=samples, seed=seed,
                   metrics=tuple(metrics), evaluator=evaluator, evaluator_options=dict(options), timeout_s=timeout_s,
                   protocol=protocol, fixed=fixed, axes=axes, mesh=dict(mesh), dirs=dirs, compile=compile_ is True)
        points = spec.points()
        if not points:
            raise ParameterError("axis", names, "axes that give at least one point")
        if compile_ == "auto" and _auto_compile(points, evaluator):
            spec = dataclasses.replace(spec, compile=True, auto_compiled=True)
        return spec

    @staticmethod
    def _protocol(table, dirs):
        if not isinstance(table, dict):
            raise ParameterError("protocol", table, "a table such as {cycles = 1, rate = '25mA/g'}")
        out = {}
        for k, v in table.items():
            info = parameter_info(k if k in ("rate", "temperature") else f"protocol.{k}")
            if info.kind in ("design", "scale"):
                raise ParameterError(f"protocol.{k}", v, "a protocol setting")
            if info.name == "temperature":
                raise ParameterError("protocol.temperature", v, "temperature as a [fixed] value or an axis")
            out[info.name] = convert_value(info, v, key=f"protocol.{k}", dirs=dirs)
        return out

    def to_dict(self) -> dict:
        """A JSON-serialisable record of the spec (stored with the results)."""
        d = dataclasses.asdict(self)
        d["axes"] = [dataclasses.asdict(a) for a in self.axes]
        return d

    # -- points -------------------------------------------------------------------------------------------------
    def points(self) -> list[Point]:
        """All points of the sweep in a fixed order, each with its stable id and structural-variant key."""
        axes = self.axes
        if self.sampling == "grid":
            rows = list(itertools.product(*(a.values for a in axes)))
            names = [a.parameter for a in axes]
        elif self.sampling == "list":
            rows = list(zip(*(a.values for a in axes)))
            names = [a.parameter for a in axes]
        else:
            rows, names = self._lhs_rows()
        out, seen = [], set()
        for row in rows:
            values = dict(zip(names, row))
            pid = self.point_id(values)
            if pid in seen:
                continue
            seen.add(pid)
            out.append(Point(pid, values, self.variant_key(values)))
        return out

    def _lhs_rows(self):
        import numpy as np
        from scipy.stats import qmc

        ranges = [a for a in self.axes if a.is_range]
        lists = [a for a in self.axes if not a.is_range]
        sample = qmc.LatinHypercube(d=len(ranges), rng=self.seed).random(self.samples)
        lo = np.array([math.log(a.lo) if a.log else a.lo for a in ranges])
        hi = np.array([math.log(a.hi) if a.log else a.hi for a in ranges])
        scaled = qmc.scale(sample, lo, hi)
        cont = []
        for s in scaled:
            row = []
            for a, v in zip(ranges, s):
                v = math.exp(v) if a.log else float(v)
                v = min(max(v, a.lo), a.hi)  # exp(log(x)) may round a hair outside the range
                row.append(int(round(v)) if a.info.integer else float(f"{v:.12g}"))
            cont.append(tuple(row))
        rows = [c + g for c in cont for g in itertools.product(*(a.values for a in lists))]
        return rows, [a.parameter for a in ranges] + [a.parameter for a in lists]

    def resolved(self, values: dict) -> dict:
        """All settings of a point: the fixed values, the protocol overrides and the point's axis values."""
        # ``compile`` only when set on in the spec: the ids of sweeps without it stay what they were, and a sweep
        # that "auto" compiles keeps the ids it had before "auto" was the default (or below its threshold), so
        # resuming it, or growing it past the threshold, recomputes nothing; its compiled and uncompiled points
        # then differ at round-off only (capacity 2e-14, hysteresis 4e-10 relative, measured)
        explicit = self.compile and not self.auto_compiled
        return {"cell": self.cell, "model": self.model, "mesh": self.mesh, "evaluator": self.evaluator,
                **({"compile": True} if explicit else {}), "evaluator_options": self.evaluator_options,
                "protocol": dict(sorted(self.protocol.items())), "fixed": dict(sorted(self.fixed.items())),
                "values": dict(sorted(values.items()))}

    def point_id(self, values: dict) -> str:
        """Stable id of a point: a hash of everything that determines its result."""
        return _hash(self.resolved(values))[:16]

    def variant_key(self, values: dict) -> str:
        """Key of the built model a point needs: cell, model type, mesh and the structural (design) values."""
        merged = {**self.fixed, **values}
        structural = {k: v for k, v in merged.items() if parameter_info(k).structural}
        structural.setdefault("model", self.model)
        return _hash({"cell": self.cell, "mesh": self.mesh, "dirs": list(self.dirs),
                      **({"compile": True} if self.compile else {}),
                      "structural": dict(sorted(structural.items()))})[:12]

    @property
    def columns(self) -> dict[str, str]:
        """Result-table column of each axis parameter."""
        return {a.parameter: a.info.column for a in self.axes}


def _auto_compile(points, evaluator: str) -> bool:
    """``compile = "auto"``: compile when a cell sweep solves >= :data:`AUTO_COMPILE_POINTS` points per built model.

    The whole sweep decides (points / distinct models), so the same spec always resolves the same way and its
    point ids stay stable across resumptions.
    """
    models = {p.variant for p in points}
    return evaluator == "cell" and len(points) >= AUTO_COMPILE_POINTS * len(models)


def _hash(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def parse_timeout(raw) -> float:
    """A per-point timeout in seconds from a number, a quantity string (``"2 h"``) or ``{value, unit}``.

    Examples
    --------
    >>> parse_timeout("2 min"), parse_timeout({"value": 1.5, "unit": "s"})
    (120.0, 1.5)
    """
    if isinstance(raw, bool):
        raise ParameterError("timeout", raw, "seconds, e.g. 60 or '2 h' or {value = 60, unit = 's'}")
    if isinstance(raw, dict):
        if set(raw) != {"value", "unit"}:
            raise ParameterError("timeout", raw, "{value = 60, unit = 's'}")
        value = to_si(raw["value"], raw["unit"], "s", "timeout")
    elif isinstance(raw, str):
        value = parse_quantity(raw, "s", "timeout")
    elif isinstance(raw, (int, float)):
        value = float(raw)
    else:
        raise ParameterError("timeout", raw, "seconds, e.g. 60")
    if not value > 0 or not math.isfinite(value):
        raise ParameterError("timeout", raw, "a positive number of seconds")
    return value


def check_evaluator(name: str):
    """Check an evaluator name: a built-in (:data:`BUILTIN_EVALUATORS`) or an importable
    ``"package.module:function"``; returns the user function for a dotted path, None for a built-in."""
    if not isinstance(name, str) or not name:
        raise ParameterError("evaluator", name, f"a name in {list(BUILTIN_EVALUATORS)} or 'package.module:function'")
    if name in BUILTIN_EVALUATORS:
        return None
    if "." not in name and ":" not in name:
        raise UnknownNameError("evaluator", name, BUILTIN_EVALUATORS)
    module, _, attr = name.partition(":") if ":" in name else name.rpartition(".")
    try:
        fn = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ParameterError("evaluator", name, f"an importable 'package.module:function' ({exc})") from None
    if not callable(fn):
        raise ParameterError("evaluator", name, "a callable evaluate(point, spec, cache) -> dict")
    return fn


def load_sweep(path) -> SweepSpec:
    """Read and validate a sweep TOML file.

    Raises
    ------
    ParameterError
        Naming the file, the key and the offending value.
    """
    data = read_sweep_file(Path(path))
    return SweepSpec.from_dict(data, str(path))
