"""Evaluators: what a sweep computes at one point.

An evaluator is ``evaluate(point, spec, cache) -> {metric name: float}``; ``cache`` is a dict that
lives as long as the worker process, so an evaluator can keep built models in it. Evaluators are
named in :data:`EVALUATORS` or given as a dotted path (``"package.module:function"`` or
``"package.module.function"``).

``"cell"`` solves the cellsim cell: one :class:`~cellsim.cell.CellModel` per structural variant
(built once per worker, kept in a small LRU cache), solved at each point's temperature as a PyBaMM
input parameter. ``"sleep"`` is a cheap deterministic stand-in for tests and demos.
"""
from __future__ import annotations

import dataclasses
import functools
import gc
import math
import os
import time
import warnings
from collections import OrderedDict

from ..cell.model import CellMaterials, CellModel, default_protocol, inputs_at
from ..cell.protocol import RATE_FIELDS, parse_rate
from ..cell.results import stoichiometry_messages
from ..checks import check_temperature
from ..errors import ParameterError, StoichiometryRangeWarning
from ..parameters import load_cell_design
from ..parameters.schema import CoatingDesign
from .metrics import METRICS, PointResult
from .spec import _PROTOCOL, INPUT_SCALES, check_evaluator, parameter_info

MODEL_CACHE_SIZE = 8  # built cell models kept per worker (each is a few MB)
MATERIALS_CACHE_SIZE = 64  # loaded material sets kept per worker (memory stays flat over a long sweep)


def apply_changes(design, changes: dict):
    """A copy of ``design`` with dotted-path changes (``{"cathode.thickness": 6e-5}``); the original is untouched.

    Examples
    --------
    >>> from cellsim import load_cell
    >>> d = apply_changes(load_cell(), {"cathode.thickness": 8e-5, "coating.material": "none"})
    >>> d.cathode.thickness, d.coating.material, round(load_cell().cathode.thickness * 1e6, 6)
    (8e-05, 'none', 50.0)
    """
    nested: dict = {}
    top = {}
    for path, value in changes.items():
        head, _, rest = path.partition(".")
        if rest:
            nested.setdefault(head, {})[rest] = value
        else:
            top[head] = value
    for head, sub in nested.items():
        current = getattr(design, head)
        if current is None and head == "coating":
            current = CoatingDesign(material="none", thickness=0.0)
        if current is None:
            raise ParameterError(head, None, f"a [{head}] table in the cell design to change {sorted(sub)}")
        top[head] = apply_changes(current, sub)
    return dataclasses.replace(design, **top) if top else design


def point_settings(point, spec):
    """Split a point into (design changes, model type, Protocol keyword overrides, temperature_K or None)."""
    merged = {**spec.fixed, **point.values}
    changes, overrides, model, T = {}, {}, spec.model, None
    for name, value in {**spec.protocol, **merged}.items():
        info = parameter_info(name)
        if info.kind == "design":
            changes[name] = value
        elif info.kind == "model":
            model = value
        elif info.kind == "temperature":
            T = value
        elif info.kind == "scale":
            continue  # applied to the point's CellInputs (input_scales)
        elif info.kind == "rate":
            for k in RATE_FIELDS:
                overrides.pop(k, None)
            overrides.update(parse_rate(value))
        else:
            kw = _PROTOCOL[name][0]
            if kw in RATE_FIELDS:
                for k in RATE_FIELDS:
                    overrides.pop(k, None)
            overrides[kw] = value
    return changes, model, overrides, T


def input_scales(point, spec) -> dict:
    """{CellInputs field: factor} of a point's scale parameters (:data:`cellsim.sweep.spec.INPUT_SCALES`)."""
    merged = {**spec.fixed, **point.values}
    return {INPUT_SCALES[k][0]: v for k, v in merged.items() if k in INPUT_SCALES}


def _cell_point(point, spec, cache):
    """(design, built CellModel, Protocol, temperature_K, CellInputs) of a point, the model from ``cache``."""
    bases = cache.setdefault("designs", {})
    key = (spec.cell, spec.dirs)
    if key not in bases:
        bases[key] = load_cell_design(spec.cell, spec.dirs)
    changes, model_type, overrides, T = point_settings(point, spec)
    models: OrderedDict = cache.setdefault("models", OrderedDict())
    design = apply_changes(bases[key], changes)  # this point's design (input-only fields may differ from the model's)
    cell_model = models.get(point.variant)
    if cell_model is None:
        cell_model = CellModel(design, model=model_type, mesh=spec.mesh or None, dirs=spec.dirs,
                               compile=getattr(spec, "compile", False))
        models[point.variant] = cell_model
        cache["builds"] = cache.get("builds", 0) + 1
        while len(models) > MODEL_CACHE_SIZE:
            models.popitem(last=False)
    else:
        models.move_to_end(point.variant)
    protocol = default_protocol(design, **overrides)
    T = check_temperature(design.protocol.temperature if T is None else T)
    materials = cache.setdefault("materials", {})
    mkey = repr(sorted(changes.items()))
    if mkey not in materials:
        materials[mkey] = CellMaterials.load(design, spec.dirs)
        while len(materials) > MATERIALS_CACHE_SIZE:  # a continuous design axis makes a new key per point
            materials.pop(next(iter(materials)))
    inputs = inputs_at(materials[mkey], T)
    scales = input_scales(point, spec)
    if scales:
        inputs = inputs.replace(**{k: getattr(inputs, k) * f for k, f in scales.items()})
    return design, cell_model, protocol, T, inputs


class Metrics(dict):
    """An evaluator's metrics ``{name: number}``, with what the point warned about (``warning``, str or None):
    stored in the point's ``warning`` column instead of printed, one line per point and worker."""

    warning: str | None = None


def _cell_metrics(design, run, spec) -> Metrics:
    r = PointResult(design, run)
    out = Metrics({name: float(METRICS[name].function(r)) for name in spec.metrics})
    out.warning = "; ".join(stoichiometry_messages(run.stoichiometry_excursions, run.temperature_K)) or None
    return out


def evaluate_cell(point, spec, cache) -> dict:
    """Solve the cellsim cell at one point and return the spec's metrics.

    The built :class:`~cellsim.cell.CellModel` of the point's structural variant is taken from
    ``cache`` (built on first use); the temperature is a PyBaMM input parameter, so points that differ
    only in temperature, protocol or an input-only design field (electrolyte, coating, grain size:
    :data:`cellsim.cell.model.INPUT_FIELDS`) reuse it.
    """
    design, cell_model, protocol, T, inputs = _cell_point(point, spec, cache)
    with warnings.catch_warnings():  # kept with the point (Metrics.warning)
        warnings.simplefilter("ignore", StoichiometryRangeWarning)
        run = cell_model.solve(protocol, T, inputs=inputs)
    return _cell_metrics(design, run, spec)


def evaluate_cell_batch(points, spec, cache) -> list:
    """:func:`evaluate_cell` of several points: per point its metrics dict or the exception that failed it.

    Points of the same built model and protocol are solved together (:meth:`CellModel.solve_many`: one IDAKLU
    call per experiment step for all of them); a point that fails fails alone.
    """
    out: list = [None] * len(points)
    groups: dict = {}
    for i, p in enumerate(points):
        try:
            design, cell_model, protocol, T, inputs = _cell_point(p, spec, cache)
        except Exception as exc:
            out[i] = exc
            continue
        groups.setdefault((id(cell_model), protocol), (cell_model, protocol, []))[2].append((i, design, T, inputs))
    for cell_model, protocol, members in groups.values():
        with warnings.catch_warnings():  # kept with each point (Metrics.warning)
            warnings.simplefilter("ignore", StoichiometryRangeWarning)
            runs = cell_model.solve_many(protocol, [m[2] for m in members], [m[3] for m in members])
        for (i, design, _, _), run in zip(members, runs):
            try:
                if isinstance(run, Exception):
                    raise run
                out[i] = _cell_metrics(design, run, spec)
            except Exception as exc:
                out[i] = exc
    return out


def evaluate_sleep(point, spec, cache) -> dict:
    """A cheap deterministic evaluator for tests: sleeps, then returns made-up metrics.

    Options (``evaluator_options``): ``sleep_s`` (default 0.01) seconds per point; ``fail_if`` /
    ``hang_if`` ``{parameter = value}``: raise a RuntimeError / sleep for an hour at matching points; ``warn_if``:
    warn (RuntimeWarning, twice the same message) at matching points;
    ``log``: a file to which each evaluated point id is appended (to count calls across processes).
    Metric ``m`` is ``sum(numeric values) + len(m)``.
    """
    opts = spec.evaluator_options
    if opts.get("log"):
        with open(opts["log"], "a") as fh:
            fh.write(point.id + "\n")
    matches = (lambda cond: bool(cond) and all(point.values.get(k) == v for k, v in cond.items()))
    if matches(opts.get("hang_if")):
        time.sleep(3600)
    time.sleep(float(opts.get("sleep_s", 0.01)))
    if matches(opts.get("fail_if")):
        raise RuntimeError(f"evaluator failed on purpose at {point.values}")
    if matches(opts.get("warn_if")):
        for _ in range(2):
            warnings.warn(f"evaluator warned on purpose at {point.values}", RuntimeWarning)
    total = sum(v for v in point.values.values() if isinstance(v, (int, float)) and not isinstance(v, bool))
    cache["calls"] = cache.get("calls", 0) + 1
    return {m: float(total + len(m)) for m in spec.metrics}


EVALUATORS = {"cell": evaluate_cell, "sleep": evaluate_sleep}
#: evaluators that solve several points at once: ``evaluate_many(points, spec, cache) -> [metrics dict | exception]``
BATCH_EVALUATORS = {"cell": evaluate_cell_batch}
#: points of one built model handed to a batch evaluator at a time (each is stored as soon as its batch finishes)
BATCH_SIZE = 16


def batch_size(spec) -> int:
    """How many points of one variant to evaluate together: :data:`BATCH_SIZE` for a batch evaluator, else 1."""
    return BATCH_SIZE if spec.evaluator in BATCH_EVALUATORS else 1


def resolve_evaluator(name: str):
    """The evaluator function for a registry name or a dotted path ``"pkg.module:function"``."""
    return check_evaluator(name) or EVALUATORS[name]


def run_point(point, spec, cache) -> dict:
    """Evaluate one point, never raising: a dict with status ok/failed, metrics, error, warning, duration and
    worker. Warnings the evaluator raises are kept with the point (``warning``: their messages, once each)."""
    fn = resolve_evaluator(spec.evaluator)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            metrics, error = fn(point, spec, cache), None
        except Exception as exc:  # a failed point is recorded, the sweep goes on
            metrics, error = {}, exc
    notes = [getattr(metrics, "warning", None)] + [str(w.message) for w in caught]
    return _outcome(point, metrics, error, time.perf_counter() - start, notes)


def _outcome(point, metrics, error, duration_s, notes=()):
    """The outcome dict of :func:`run_point` from an evaluator's metrics or its exception (``notes``: warning
    messages; empty ones and repeats dropped)."""
    warning = "; ".join(dict.fromkeys(n for n in notes if n)) or None
    try:
        if error is not None:
            raise error
        bad = [k for k, v in metrics.items() if not isinstance(v, (int, float)) or math.isnan(v)]
        if bad:
            raise ValueError(f"metric(s) {bad} are not numbers: {[metrics[k] for k in bad]}")
        status, error = "ok", None
    except Exception as exc:  # a failed point is recorded, the sweep goes on
        metrics, status, error = {}, "failed", f"{type(exc).__name__}: {exc}"
    return {"point_id": point.id, "status": status, "metrics": dict(metrics), "error": error, "warning": warning,
            "duration_s": duration_s, "worker": worker_name()}


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim``, or None (another C library, another system)."""
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_RELEASE_CALLS = 0


def release_freed_memory(every: int = 1) -> None:
    """Free the solves' garbage and return the C heap's freed memory to the operating system.

    A solve leaves PyBaMM solutions in reference cycles that hold native (CasADi, IDAKLU) memory; Python's
    collector is paced by Python allocations, not by that memory, so a sweep's memory grew ~250 KB per one-cycle
    SPMe point (measured in one process on one model: 257 -> 554 MB over 1,200 points; 238 MB after a full
    collection and glibc's ``malloc_trim``: kept, not leaked). Collecting the two young generations
    (``gc.collect(1)``, ~1 ms; a full collection walks the built models' expression trees, ~100 ms) and trimming
    glibc's heap after each batch of ~16 points keeps it flat: after 600 points 256 MB instead of 423 MB (255 MB
    at the start), no slower (measured).
    On a system without glibc only the collection runs. ``every``: act on every ``every``-th call only (for
    loops that solve one point at a time: a release costs ~1-2 ms, a one-cycle SPMe point ~10-20 ms).
    """
    global _RELEASE_CALLS
    _RELEASE_CALLS += 1
    if _RELEASE_CALLS % every:
        return
    gc.collect(1)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def run_points(points, spec, cache) -> list:
    """Outcomes (as :func:`run_point`) of several points of one variant, solved together by a batch evaluator.

    Never raises. ``duration_s`` of each point is the batch's wall time divided by its size. If the batch
    evaluator itself fails, the points are evaluated one by one. The memory the solves freed is returned to the
    system afterwards (:func:`release_freed_memory`).
    """
    try:
        return _run_points(list(points), spec, cache)
    finally:
        release_freed_memory()


def _run_points(points, spec, cache) -> list:
    fn = BATCH_EVALUATORS.get(spec.evaluator)
    if fn is None or len(points) < 2:
        return [run_point(p, spec, cache) for p in points]
    start = time.perf_counter()
    try:
        results = fn(points, spec, cache)
    except Exception:  # the batch as a whole failed: one by one
        return [run_point(p, spec, cache) for p in points]
    each = (time.perf_counter() - start) / len(points)
    return [_outcome(p, r if isinstance(r, dict) else {}, r if isinstance(r, Exception) else None, each,
                     [getattr(r, "warning", None)]) for p, r in zip(points, results)]


def worker_name() -> str:
    """``host:pid`` of the process computing a point (stored with each result row)."""
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"
