"""Parameter sweeps: grid / Latin hypercube / list, build once solve many, local pool or Dask, resumable store.

Quick start::

    from cellsim.sweep import load_sweep, run_sweep
    run = run_sweep(load_sweep("studies/sweeps/temperature_thickness.toml"), "out/tt", workers=2)
    run.results            # pandas DataFrame, one row per point; also out/tt/results.csv

or ``python -m cellsim.sweep studies/sweeps/temperature_thickness.toml --workers 2 --out out/tt``.
"""
from .evaluate import EVALUATORS, apply_changes, resolve_evaluator
from .execute import SweepRun, connect_dask, run_sweep
from .metrics import METRICS, PointResult, register_metric
from .spec import Axis, Point, SweepSpec, load_sweep, parameter_info, sweep_parameters
from .store import ResultStore, load_results

__all__ = ["EVALUATORS", "METRICS", "Axis", "Point", "PointResult", "ResultStore", "SweepRun", "SweepSpec",
           "apply_changes", "connect_dask", "load_results", "load_sweep", "parameter_info", "register_metric",
           "resolve_evaluator", "run_sweep", "sweep_parameters"]
