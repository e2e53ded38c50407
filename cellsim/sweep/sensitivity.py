"""Global sensitivity of a sweep's metrics to its axes: Sobol' indices or Morris screening, with SALib.

The sweep file's axes define the problem: each axis must give a range (``min``/``max``; a ``num`` for a
grid is ignored). An axis is sampled on a log scale when the file says ``scale = "log"`` or when its range
spans :data:`LOG_RATIO` or more (two decades); the indices then refer to log10 of the parameter. SALib draws
the samples (Saltelli's scheme on a scrambled Sobol' sequence for ``"sobol"``, Morris trajectories on a
4-level grid for ``"morris"``); the points are evaluated by the sweep engine (:func:`cellsim.sweep.run_sweep`,
``sampling = "list"``) into ``out_dir/sweep.sqlite``, so a second run with the same file, method, samples and
seed computes nothing, and a larger Sobol' ``samples`` reuses the points of a smaller one.

Failed points
    SALib's estimators need every row of a block: the ``D + 2`` rows of one Sobol' base sample (A, the D
    mixed rows AB_i, B) or the ``D + 1`` rows of one Morris trajectory. A block with a failed point is
    dropped whole and the indices are computed from the complete blocks (the estimators stay unbiased for
    the region that solves; a region where the cell fails is left out, which is stated in the result's
    ``attrs`` and printed). More than ``max_failed`` (default 10 %) of the blocks dropped is refused with
    :class:`SensitivityError`, naming the first failures.

References
----------
Saltelli, A. et al. (2010), Variance based sensitivity analysis of model output. Design and estimator for the
total sensitivity index, Comput. Phys. Commun. 181, 259-270, doi:10.1016/j.cpc.2009.09.018.
Morris, M. D. (1991), Factorial sampling plans for preliminary computational experiments, Technometrics 33,
161-174, doi:10.1080/00401706.1991.10484804; Campolongo, F. et al. (2007), Environ. Model. Softw. 22, 1509.
Herman, J. and Usher, W. (2017), SALib: an open-source Python library for sensitivity analysis, JOSS 2(9), 97,
doi:10.21105/joss.00097.
"""
from __future__ import annotations

import dataclasses
import math
import time
import warnings
from pathlib import Path

from ..errors import CellsimError, ParameterError, UnknownNameError
from ..files import atomic_write, check_output_dir
from ..parameters import read_sweep_file
from .metrics import METRICS
from .spec import Axis, SweepSpec

METHODS = ("sobol", "morris")
#: smallest ``samples`` per method: Sobol' base samples (a power of 2), Morris trajectories
MIN_SAMPLES = {"sobol": 4, "morris": 2}
DEFAULT_SAMPLES = {"sobol": 64, "morris": 10}
#: an axis whose hi / lo reaches this ratio (two decades) is sampled on a log scale
LOG_RATIO = 100.0
MORRIS_LEVELS = 4
CONF_LEVEL = 0.95
RESAMPLES = 100
MAX_FAILED = 0.10
COLUMNS = {"sobol": ["metric", "parameter", "S1", "S1_conf", "ST", "ST_conf"],
           "morris": ["metric", "parameter", "mu_star", "mu_star_conf", "sigma", "mu"]}


class SensitivityError(CellsimError):
    """The points were evaluated but too many failed to compute indices (the store keeps them)."""


@dataclasses.dataclass(frozen=True)
class Problem:
    """A sensitivity problem: the sweep (axes as ranges) and the scale of each axis.

    ``bounds`` are in SI, or log10 of SI for log axes; :meth:`values` turns SALib's sample rows into point values.
    """

    spec: SweepSpec
    names: tuple
    lo: tuple
    hi: tuple
    log: tuple

    @property
    def bounds(self) -> list:
        return [[math.log10(a), math.log10(b)] if g else [a, b] for a, b, g in zip(self.lo, self.hi, self.log)]

    def salib(self) -> dict:
        """The problem dict SALib takes."""
        return {"num_vars": len(self.names), "names": list(self.names), "bounds": self.bounds}

    def values(self, X) -> list[tuple]:
        """SI values of sample rows (12 significant digits, as sweep axes store them; clipped to the range)."""
        rows = []
        for x in X:
            row = []
            for v, a, b, g in zip(x, self.lo, self.hi, self.log):
                v = 10.0 ** v if g else float(v)
                row.append(float(f"{min(max(v, a), b):.12g}"))
            rows.append(tuple(row))
        return rows

    def point_spec(self, X) -> SweepSpec:
        """The sweep of these sample rows (``sampling = "list"``: one point per distinct row)."""
        cols = list(zip(*self.values(X)))
        axes = tuple(Axis(n, values=tuple(c)) for n, c in zip(self.names, cols))
        return dataclasses.replace(self.spec, sampling="list", samples=None, axes=axes)


def load_problem(source, log_ratio: float = LOG_RATIO) -> Problem:
    """The sensitivity :class:`Problem` of a sweep file (path) or a dict in the sweep-file layout.

    Every axis must be a numeric range (``min``/``max``); axes given as ``values`` are listed in the error.

    Examples
    --------
    >>> p = load_problem({"cell": "default", "metrics": ["capacity"], "axis": [
    ...     {"parameter": "temperature", "min": "60 degC", "max": "100 degC"},
    ...     {"parameter": "electrolyte_conductivity_factor", "min": 0.1, "max": 10}]})
    >>> p.names, p.log, p.bounds[1]
    (('temperature', 'electrolyte_conductivity_factor'), (False, True), [-1.0, 1.0])
    """
    file = None
    if isinstance(source, dict):
        data = dict(source)
    else:
        file = str(source)
        data = read_sweep_file(Path(source))
    axes = data.get("axis")
    if isinstance(axes, list) and axes and all(isinstance(t, dict) for t in axes):
        no_range = [str(t.get("parameter", f"axis[{i}]")) for i, t in enumerate(axes) if "values" in t]
        if no_range:
            raise ParameterError("axis", no_range, "min = ..., max = ... on every axis of a sensitivity analysis "
                                                   f"(these axes give values instead: {', '.join(no_range)})", file)
        axes = [{k: v for k, v in t.items() if k != "num"} for t in axes]
    data.update(axis=axes, sampling="lhs", samples=1)
    spec = SweepSpec.from_dict(data, file)
    for a in spec.axes:
        if a.info.integer:
            raise ParameterError(f"axis '{a.parameter}'", a.parameter,
                                 "a continuous parameter (integer parameters cannot be sampled by SALib)", file)
    log = tuple(bool(a.log or a.lo > 0 and a.hi / a.lo >= log_ratio) for a in spec.axes)
    return Problem(spec, tuple(a.parameter for a in spec.axes), tuple(a.lo for a in spec.axes),
                   tuple(a.hi for a in spec.axes), log)


def check_method(method: str, samples: int | None) -> int:
    """The number of samples for ``method`` (default :data:`DEFAULT_SAMPLES`), checked."""
    if method not in METHODS:
        raise UnknownNameError("method", method, METHODS)
    if samples is None:
        return DEFAULT_SAMPLES[method]
    lo = MIN_SAMPLES[method]
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < lo:
        what = "a power of 2" if method == "sobol" else "an integer"
        raise ParameterError("samples", samples, f"{what} >= {lo} for method '{method}'")
    if method == "sobol" and samples & (samples - 1):
        raise ParameterError("samples", samples, "a power of 2 (4, 8, ..., 64, 128, ...): SALib's Saltelli sampling "
                                                 "on a Sobol' sequence keeps its balance properties only for 2^k "
                                                 f"base samples, e.g. {1 << (samples.bit_length() - 1)} or "
                                                 f"{1 << samples.bit_length()}")
    return samples


def sample(problem: Problem, method: str, samples: int, seed: int = 0):
    """SALib's sample matrix (rows in SALib's scaled space: log10 for log axes) and its block length."""
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    d = len(problem.names)
    if method == "sobol":
        return sobol_sample.sample(problem.salib(), samples, calc_second_order=False, seed=seed), d + 2
    return morris_sample.sample(problem.salib(), samples, num_levels=MORRIS_LEVELS, seed=seed), d + 1


def analyse(problem: Problem, method: str, X, Y, seed: int = 0):
    """Indices of one metric from the complete blocks of ``X`` / ``Y`` (a dict of arrays, one per parameter)."""
    import numpy as np
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze

    d = len(problem.names)
    if np.ptp(Y) <= 1e-12 * max(1.0, float(np.max(np.abs(Y)))):  # a constant metric: no input matters
        zeros = np.zeros(d)
        if method == "sobol":
            return {"S1": zeros, "S1_conf": zeros, "ST": zeros, "ST_conf": zeros}
        return {"mu_star": zeros, "mu_star_conf": zeros, "sigma": zeros, "mu": zeros}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib's notes on sample sizes; the checks above say what matters
        if method == "sobol":
            return sobol_analyze.analyze(problem.salib(), Y, calc_second_order=False, num_resamples=RESAMPLES,
                                         conf_level=CONF_LEVEL, seed=seed)
        return morris_analyze.analyze(problem.salib(), X, Y, num_resamples=RESAMPLES, conf_level=CONF_LEVEL,
                                      num_levels=MORRIS_LEVELS, seed=seed)


def sensitivity(source, out_dir, method: str = "sobol", samples: int | None = None, seed: int = 0,
                workers: int | None = None, max_failed: float = MAX_FAILED, progress: bool = False,
                figures: bool = True, retry_failed: bool = False):
    """Sensitivity indices of a sweep's metrics to its axes; writes ``out_dir/sensitivity.csv`` and figures.

    Parameters
    ----------
    source : path or dict
        A sweep file (or its dict) whose axes all give ``min``/``max``.
    out_dir : path
        Output folder: ``sweep.sqlite`` (resumable store), ``results.csv`` (one row per point),
        ``sensitivity.csv``, ``sensitivity_<metric>.png``.
    method : {"sobol", "morris"}
    samples : int, optional
        Sobol': base samples N (a power of 2 >= 4; N (D + 2) points); Morris: trajectories (>= 2; N (D + 1)
        points). Default :data:`DEFAULT_SAMPLES`.
    seed : int
        Seed of the sampling and of the bootstrap confidence intervals.
    workers : int, optional
        Worker processes of the sweep engine (default: all cores).
    max_failed : float
        Largest fraction of blocks with a failed point that is accepted (see the module notes).
    retry_failed : bool
        Recompute stored points that failed (by default a stored failure is kept, as in every sweep).

    Returns
    -------
    pandas.DataFrame
        One row per (metric, parameter): ``S1, S1_conf, ST, ST_conf`` (Sobol') or ``mu_star, mu_star_conf,
        sigma, mu`` (Morris; in the metric's unit per the parameter's whole range, or per its log10 range);
        ``conf`` columns are half-widths of 95 % bootstrap intervals. ``attrs`` holds the run's numbers.
    """
    import numpy as np
    import pandas as pd

    samples = check_method(method, samples)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ParameterError("seed", seed, "a non-negative integer")
    if not 0.0 <= max_failed < 1.0:
        raise ParameterError("max_failed", max_failed, "a fraction in [0, 1)")
    problem = load_problem(source)
    out = check_output_dir(out_dir, "out_dir")  # everything is checked before a point runs or a file is made
    start = time.perf_counter()
    X, block = sample(problem, method, samples, seed)
    spec = problem.point_spec(X)
    from .execute import run_sweep

    run = run_sweep(spec, out, workers=workers, progress=progress, retry_failed=retry_failed)
    ids = [spec.point_id(dict(zip(problem.names, row))) for row in problem.values(X)]
    table = run.results.set_index("point_id")
    ok = (table["status"] == "ok").reindex(ids).fillna(False).to_numpy(dtype=bool)
    n_blocks = len(ids) // block
    complete = ok.reshape(n_blocks, block).all(axis=1)
    dropped = int((~complete).sum())
    if dropped > max_failed * n_blocks or complete.sum() < 2:
        bad = table.loc[[i for i, good in zip(ids, ok) if not good]]
        first = "; ".join(dict.fromkeys(str(e) for e in bad["error"].head(3)))
        raise SensitivityError(f"{dropped} of {n_blocks} {'Sobol base samples' if method == 'sobol' else 'Morris trajectories'} "
                               f"have a failed point ({len(bad)} of {len(ids)} points failed), more than "
                               f"max_failed = {max_failed:.0%}: no indices computed (points kept in {out}); "
                               f"first errors: {first}")
    keep = np.repeat(complete, block)
    rows = []
    from .metrics import metric_columns

    for name, col in metric_columns(spec.metrics).items():
        Y = table[col].reindex(ids).to_numpy(dtype=float)[keep]
        res = analyse(problem, method, np.asarray(X)[keep], Y, seed)
        for i, p in enumerate(problem.names):
            rows.append({"metric": name, "parameter": p,
                         **{c: float(res[c][i]) for c in COLUMNS[method][2:]}})
    df = pd.DataFrame(rows, columns=COLUMNS[method])
    df.attrs.update(method=method, samples=samples, seed=seed, points=len(set(ids)), computed=run.computed,
                    failed_points=int((~ok).sum()), dropped_blocks=dropped, blocks=n_blocks,
                    log_scale=dict(zip(problem.names, problem.log)), wall_time_s=time.perf_counter() - start,
                    units={m: METRICS[m].unit for m in spec.metrics})
    atomic_write(out / "sensitivity.csv", lambda p: df.to_csv(p, index=False))
    if figures:
        for name in spec.metrics:
            atomic_write(out / f"sensitivity_{name}.png", lambda p, n=name: plot_sensitivity(df, n, save_to=p))
    return df


def format_table(df) -> str:
    """The indices as a printable table (one block per metric)."""
    method = df.attrs.get("method", "sobol" if "S1" in df else "morris")
    cols = COLUMNS[method][2:]
    lines = []
    for metric, part in df.groupby("metric", sort=False):
        unit = df.attrs.get("units", {}).get(metric, "1")
        head = metric + (f" [{unit}]" if method == "morris" and unit != "1" else "")
        lines.append(head)
        width = max(len(p) for p in part.parameter)
        lines.append("  " + "parameter".ljust(width) + "".join(f"{c:>14}" for c in cols))
        for _, r in part.iterrows():
            lines.append("  " + r.parameter.ljust(width) + "".join(f"{r[c]:>14.4g}" for c in cols))
    return "\n".join(lines)


def plot_sensitivity(df, metric: str, save_to=None):
    """Horizontal bars (a tornado ordered by importance) of one metric's indices with their 95 % intervals."""
    import numpy as np

    from ..plots import STYLE, _pyplot

    plt = _pyplot()
    method = df.attrs.get("method", "sobol" if "S1" in df else "morris")
    part = df[df.metric == metric]
    key = "ST" if method == "sobol" else "mu_star"
    part = part.iloc[np.argsort(part[key].to_numpy())]  # largest on top
    y = np.arange(len(part))
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(5.5, 0.5 + 0.45 * len(part)), constrained_layout=True)
        if method == "sobol":
            ax.barh(y + 0.2, part.ST, 0.4, xerr=part.ST_conf, capsize=3, label="total order $S_T$")
            ax.barh(y - 0.2, part.S1, 0.4, xerr=part.S1_conf, capsize=3, label="first order $S_1$")
            ax.set_xlabel("Sobol' index [-] (bars: 95 % bootstrap interval)")
            ax.axvline(0.0, color="0.5", lw=0.8)
        else:
            unit = df.attrs.get("units", {}).get(metric, "1")
            ax.barh(y, part.mu_star, 0.6, xerr=part.mu_star_conf, capsize=3, label=r"$\mu^*$")
            ax.plot(part.sigma, y, "kd", ms=4, label=r"$\sigma$")
            ax.set_xlabel(f"Morris elementary effect{'' if unit == '1' else f' [{unit}]'} per parameter range")
        ax.set_yticks(y, [p + (" (log)" if df.attrs.get("log_scale", {}).get(p) else "") for p in part.parameter])
        ax.set_title(f"{metric}: {method} sensitivity")
        ax.legend(loc="lower right")
        if save_to is not None:
            fig.savefig(save_to, format="png")
            plt.close(fig)
    return fig


__all__ = ["METHODS", "Problem", "SensitivityError", "analyse", "check_method", "format_table", "load_problem",
           "plot_sensitivity", "sample", "sensitivity"]
