"""Figures of a sweep's result store (``cellsim sweep plot``): each metric against the sweep's axes.

One axis: the metric vs the axis. Two axes: the metric vs the first axis, one line per value of the second, and
(for a grid) a heatmap over both. More axes: the first two are drawn, the others held at their first stored value
(said in the title). Failed and timed-out points are marked where they sit and counted in the legend or title,
so a partial or partly failed sweep is visible as such. Values are shown in engineering units (degC, um, mAh/g,
...) named in the axis labels.
"""
from __future__ import annotations

import numpy as np

from ..errors import ParameterError, UnknownNameError
from ..files import atomic_write
from .metrics import METRICS
from .spec import parameter_info
from .store import DB_NAME, ResultStore

__all__ = ["DISPLAY_UNITS", "display", "sweep_columns", "plot_store", "metric_figure"]

#: at most this many values of the second axis are drawn as separate lines; more are colour-coded points
MAX_LINES = 8

#: SI unit of a store column -> (shown unit, factor or function from SI to it)
DISPLAY_UNITS = {
    "K": ("\u00b0C", lambda v: v - 273.15),
    "mA.h.g-1": ("mAh/g", 1.0),
    "W.h.kg-1": ("Wh/kg", 1.0),
    "A.kg-1": ("mA/g", 1.0),
    "Pa": ("MPa", 1e-6),
    "S.m-1": ("mS/cm", 10.0),
    "kg.m-2": ("mg/cm\u00b2", 100.0),
    "A": ("mA", 1e3),
}


def display(unit: str | None, values):
    """Values in SI ``unit`` converted to the unit shown on figures; returns (shown unit, values).

    Lengths get nm, um or mm by their size.

    Examples
    --------
    >>> display("K", [373.15])[0], float(display("K", [373.15])[1][0])
    ('°C', 100.0)
    >>> u, v = display("m", [4e-5, 1.2e-4]); u, v.round(6).tolist()
    ('µm', [40.0, 120.0])
    >>> display("1", [0.5])[0]
    '1'
    """
    v = np.asarray(values, dtype=float)
    if unit == "m":
        size = np.nanmax(np.abs(v)) if np.isfinite(v).any() else 1.0
        for name, f in (("nm", 1e9), ("\u00b5m", 1e6), ("mm", 1e3)):
            if size * f < 1000:
                return name, v * f
        return "m", v
    if unit in DISPLAY_UNITS:
        name, f = DISPLAY_UNITS[unit]
        return name, (f(v) if callable(f) else v * f)
    return unit or "1", v


def _label(name: str, unit: str) -> str:
    return f"{name} ({unit})" if unit not in ("1", "") else name


def _split(column: str) -> tuple[str, str]:
    """'capacity [mA.h.g-1]' -> ('capacity', 'mA.h.g-1'); 'retention' -> ('retention', '1')."""
    if column.endswith("]") and " [" in column:
        name, unit = column[:-1].split(" [", 1)
        return name, unit
    return column, "1"


def sweep_columns(store: ResultStore) -> dict:
    """Axes and metrics of a stored sweep: ``{"axes": [column, ...], "metrics": [column, ...], "sampling": s}``.

    From the sweep description kept with the results; a store without one (written by hand) falls back to every
    registered metric column present, and to the other numeric input columns as axes.
    """
    cols = store.columns()
    spec = store.get_meta("spec") or {}
    axes = [parameter_info(a["parameter"]).column for a in spec.get("axes", [])]
    metrics = [METRICS[m].column for m in spec.get("metrics", []) if m in METRICS]
    if not metrics:
        metrics = [m.column for m in METRICS.values() if m.column in cols]
    if not axes:
        skip = {"point_id", "status", "error", "duration_s", "worker", "variant", "finished_at", "inputs", *metrics}
        df = store.load()
        axes = [c for c in cols if c not in skip and df[c].dtype.kind in "fi" and df[c].nunique() > 1]
    return {"axes": [a for a in axes if a in cols], "metrics": metrics, "sampling": spec.get("sampling", "grid")}


def _failed_note(bad) -> str:
    """'2 failed, 1 timed out (x)' for the stored points that are not ok.

    Examples
    --------
    >>> import pandas as pd
    >>> _failed_note(pd.DataFrame({"status": ["failed", "timeout", "failed"]}))
    '2 failed, 1 timed out (×)'
    """
    counts = bad["status"].value_counts()
    parts = [f"{counts[k]} {word}" for k, word in (("failed", "failed"), ("timeout", "timed out")) if k in counts]
    return ", ".join(parts) + " (\u00d7)"


def metric_figure(df, metric: str, x: str, by: str | None = None, sampling: str = "grid", note: str = ""):
    """A figure of one metric column against axis ``x`` (and ``by``): lines, plus a heatmap for a grid of two axes.

    Parameters
    ----------
    df : pandas.DataFrame
        Stored points (every status); failed and timed-out points have no metric value and are marked with x.
    metric, x, by : str
        Store columns (SI units in brackets).
    sampling : str
        "grid" draws the heatmap; "lhs"/"list" points are scattered (colour = metric) instead.
    note : str
        Appended to the title (e.g. the axes held fixed).
    """
    from ..plots import STYLE, _pyplot

    plt = _pyplot()
    m_name, m_si = _split(metric)
    x_name, x_si = _split(x)
    ok = df[df["status"] == "ok"]
    bad = df[df["status"] != "ok"]
    xu, _ = display(x_si, df[x])
    mu, _ = display(m_si, ok[metric]) if len(ok) else (m_si, None)
    with plt.rc_context(STYLE):
        two = by is not None
        fig, axes = plt.subplots(1, 2 if two else 1, figsize=(10.5 if two else 5.5, 3.8), constrained_layout=True,
                                 squeeze=False)
        ax = axes[0, 0]
        if two:
            b_name, b_si = _split(by)
            bu, _ = display(b_si, df[by])
            levels = sorted(df[by].dropna().unique())
            if len(levels) > MAX_LINES:  # a sampled (not gridded) axis: points coloured by it, not lines
                sc = ax.scatter(display(x_si, ok[x])[1], display(m_si, ok[metric])[1],
                                c=display(b_si, ok[by])[1], cmap="viridis", s=18)
                fig.colorbar(sc, ax=ax, label=_label(b_name, bu))
                levels, b_name = [], None
            cmap = plt.get_cmap("viridis")
            markers = "osD^v<>ph*"
            for i, level in enumerate(levels):
                part = ok[ok[by] == level].sort_values(x)
                if part.empty:
                    continue
                _, lv = display(b_si, [level])
                ax.plot(display(x_si, part[x])[1], display(m_si, part[metric])[1], marker=markers[i % len(markers)],
                        ms=4, color=cmap(i / max(1, len(levels) - 1) * 0.9), label=f"{lv[0]:.4g} {bu}")
            legend_title = _label(b_name, bu) if b_name else None
        else:
            part = ok.sort_values(x)
            ax.plot(display(x_si, part[x])[1], display(m_si, part[metric])[1], "o-", ms=4, label=m_name)
            legend_title = None
        if len(bad):
            # failed points have no value: marked at the bottom of the axis, at their x
            y0 = ax.get_ylim()[0] if len(ok) else 0.0
            ax.plot(display(x_si, bad[x])[1], np.full(len(bad), y0), "x", color="#D55E00", ms=8, mew=2,
                    clip_on=False, label=_failed_note(bad))
        ax.set_xlabel(_label(x_name, xu))
        ax.set_ylabel(_label(m_name, mu))
        if ax.get_legend_handles_labels()[0]:
            ax.legend(title=legend_title, loc="best", fontsize=7)
        if two:
            _map(plt, fig, axes[0, 1], ok, bad, metric, x, by, sampling)
        ok_n, total = len(ok), len(df)
        fig.suptitle(f"{m_name}: {ok_n} of {total} stored points ok"
                     + (f", {_failed_note(bad)}" if len(bad) else "") + (f"; {note}" if note else ""))
    return fig


def _map(plt, fig, ax, ok, bad, metric, x, by, sampling):
    """Heatmap of a grid over (x, by), or a scatter coloured by the metric for other samplings."""
    m_name, m_si = _split(metric)
    x_name, x_si = _split(x)
    b_name, b_si = _split(by)
    xu, _ = display(x_si, ok[x] if len(ok) else bad[x])
    bu, _ = display(b_si, ok[by] if len(ok) else bad[by])
    mu = display(m_si, ok[metric])[0] if len(ok) else m_si
    if sampling == "grid":
        xs = sorted(set(ok[x]) | set(bad[x]))
        bs = sorted(set(ok[by]) | set(bad[by]))
        grid = np.full((len(bs), len(xs)), np.nan)
        for _, row in ok.iterrows():
            grid[bs.index(row[by]), xs.index(row[x])] = display(m_si, [row[metric]])[1][0]
        im = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis", interpolation="nearest")
        ax.set_xticks(range(len(xs)), [f"{v:.3g}" for v in display(x_si, xs)[1]],
                      rotation=45 if len(xs) > 8 else 0)
        ax.set_yticks(range(len(bs)), [f"{v:.3g}" for v in display(b_si, bs)[1]])
        for _, row in bad.iterrows():
            ax.plot(xs.index(row[x]), bs.index(row[by]), "x", color="#D55E00", ms=9, mew=2)
    else:
        im = ax.scatter(display(x_si, ok[x])[1], display(b_si, ok[by])[1],
                        c=display(m_si, ok[metric])[1], cmap="viridis", s=25)
        if len(bad):
            ax.plot(display(x_si, bad[x])[1], display(b_si, bad[by])[1], "x", color="#D55E00", ms=8, mew=2)
    fig.colorbar(im, ax=ax, label=_label(m_name, mu))
    ax.set_xlabel(_label(x_name, xu))
    ax.set_ylabel(_label(b_name, bu))


def plot_store(store_path, out_dir=None, metrics=None, x=None, by=None) -> list:
    """Draw every metric (or ``metrics``) of a sweep store; one PNG per metric, returns their paths.

    Parameters
    ----------
    store_path : path
        Sweep output folder (with ``sweep.sqlite``) or the ``.sqlite`` file; finished or partial.
    out_dir : path, optional
        Where the PNGs go (default: ``plots/`` beside the store); checked before drawing.
    metrics : list of str, optional
        Metric names (``capacity``) or store columns (``capacity [mA.h.g-1]``); default the sweep's metrics.
    x, by : str, optional
        Axis parameter names for the horizontal axis and the line families; default the sweep's first two axes.

    Raises
    ------
    ParameterError
        No store at ``store_path``, a store without points, or an unknown metric or axis (the known ones listed).
    """
    from pathlib import Path

    from ..files import check_output_dir
    from ..plots import STYLE, _pyplot

    p = Path(store_path)
    db = p if p.suffix == ".sqlite" else p / DB_NAME
    if not db.is_file():
        raise ParameterError("STORE", str(store_path), f"a sweep output folder containing {DB_NAME} (or the file)")
    out = check_output_dir(out_dir if out_dir is not None else db.parent / "plots")
    with ResultStore(db) as store:
        info = sweep_columns(store)
        df = store.load()
    if df.empty:
        raise ParameterError("STORE", str(store_path), "a sweep store with at least one finished point")
    axes, known = info["axes"], info["metrics"]
    if not axes:
        raise ParameterError("STORE", str(store_path), "a sweep with at least one axis")
    by_name = {_split(c)[0]: c for c in known}
    chosen = []
    for m in metrics or known:
        col = m if m in known else by_name.get(m)
        if col is None:
            raise UnknownNameError("metric", m, sorted(by_name))
        chosen.append(col)
    axis_by_name = {_split(c)[0]: c for c in axes}

    def axis(name, default):
        if name is None:
            return default
        if name not in axis_by_name and name not in axes:
            raise UnknownNameError("axis", name, sorted(axis_by_name))
        return axis_by_name.get(name, name)

    xc = axis(x, axes[0])
    rest = [a for a in axes if a != xc]
    bc = axis(by, rest[0] if rest else None)
    if bc == xc:
        raise ParameterError("--by", by, f"an axis other than --x ({_split(xc)[0]})")
    held = [a for a in axes if a not in (xc, bc)]
    note = []
    for a in held:  # more than two axes: the others at their first stored value
        first = df[a].dropna().iloc[0]
        df = df[df[a] == first]
        u, v = display(_split(a)[1], [first])
        note.append(f"{_split(a)[0]} = {v[0]:.4g} {u}")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for col in chosen:
        fig = metric_figure(df, col, xc, bc, info["sampling"], note=", ".join(note))
        path = out / f"{_split(col)[0]}.png"
        atomic_write(path, lambda tmp, fig=fig: fig.savefig(tmp, format="png", dpi=STYLE["savefig.dpi"]))
        _pyplot().close(fig)
        paths.append(path)
    return paths
