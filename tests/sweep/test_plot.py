"""``cellsim sweep plot``: figures of a sweep store, from a real tiny SPMe sweep and from a hand-made partial store."""
import stat

import numpy as np
import pytest

from cellsim.cli import main
from cellsim.errors import ParameterError, UnknownNameError
from cellsim.sweep import ResultStore, SweepSpec, run_sweep
from cellsim.sweep.plot import metric_figure, plot_store, sweep_columns


@pytest.fixture(scope="module")
def tiny_sweep(tmp_path_factory):
    """3 temperatures x 2 cathode thicknesses on the SPMe, one cycle; 0 degC is below the electrolyte's data range
    (25-250 degC), so its two points fail and are stored as failed."""
    out = tmp_path_factory.mktemp("tiny")
    spec = SweepSpec.from_dict({
        "name": "tiny", "cell": "default", "model": "SPMe", "protocol": {"cycles": 1},
        "metrics": ["capacity", "hysteresis"],
        "axis": [{"parameter": "temperature", "values": [0, 60, 100], "unit": "degC"},
                 {"parameter": "cathode.thickness", "values": ["40 um", "60 um"]}]})
    run_sweep(spec, out, workers=1, progress=False)
    return out


@pytest.mark.slow
def test_plot_store_draws_every_metric_with_units_and_failed_points(tiny_sweep, tmp_path):
    paths = plot_store(tiny_sweep, out_dir=tmp_path / "plots")
    assert [p.name for p in paths] == ["capacity.png", "hysteresis.png"]
    for p in paths:
        mode = p.stat().st_mode
        assert p.stat().st_size > 20_000 and mode & stat.S_IRGRP and mode & stat.S_IROTH

    with ResultStore(tiny_sweep) as store:
        info, df = sweep_columns(store), store.load()
    assert info["axes"] == ["temperature [K]", "cathode.thickness [m]"]
    fig = metric_figure(df, "capacity [mA.h.g-1]", *info["axes"])
    lines, heat = fig.axes[0], fig.axes[1]
    assert lines.get_xlabel() == "temperature (°C)" and lines.get_ylabel() == "capacity (mAh/g)"
    assert heat.get_ylabel() == "cathode.thickness (µm)"
    assert "4 of 6 stored points ok, 2 failed (×)" in fig.get_suptitle()
    # one line per thickness (40, 60 um) plus the failed-point markers, at 0 degC
    labels = [line.get_label() for line in lines.get_lines()]
    assert labels == ["40 µm", "60 µm", "2 failed (×)"]
    assert lines.get_lines()[-1].get_xdata().tolist() == [0.0, 0.0]
    # the heatmap holds the stored numbers: rows = thickness, columns = temperature; failed cells empty
    grid = heat.get_images()[0].get_array()
    ok = df[df.status == "ok"].set_index(["cathode.thickness [m]", "temperature [K]"])["capacity [mA.h.g-1]"]
    assert grid[0, 2] == pytest.approx(ok[(4e-5, 373.15)]) and grid[1, 1] == pytest.approx(ok[(6e-5, 333.15)])
    assert np.ma.is_masked(grid[0, 0]) or np.isnan(grid[0, 0])


@pytest.mark.slow
def test_cli_sweep_plot(tiny_sweep, tmp_path, capsys):
    assert main(["sweep", "plot", str(tiny_sweep), "--metric", "hysteresis", "--x", "cathode.thickness",
                 "--out", str(tmp_path)]) == 0
    assert (tmp_path / "hysteresis.png").exists() and not (tmp_path / "capacity.png").exists()
    assert main(["sweep", "plot", str(tiny_sweep), "--metric", "capasity"]) == 2
    assert "did you mean 'capacity'" in capsys.readouterr().err
    assert main(["sweep", "plot", str(tiny_sweep), "--x", "temperature", "--by", "temperature"]) == 2


def test_partial_hand_made_store_plots_one_axis(tmp_path):
    # no sweep description kept: the axes are the varying numeric inputs, the metrics the registered columns
    with ResultStore(tmp_path) as store:
        for i, T in enumerate((333.15, 353.15, 373.15)):
            store.record({"point_id": f"p{i}", "status": "ok", "duration_s": 0.1, "worker": "w"},
                         inputs={"temperature [K]": T}, metrics={"capacity [mA.h.g-1]": 130.0 + 5 * i})
        store.record({"point_id": "p3", "status": "timeout", "duration_s": 9.0, "worker": "w"},
                     inputs={"temperature [K]": 393.15})
    (path,) = plot_store(tmp_path, out_dir=tmp_path / "figs")
    assert path.name == "capacity.png"
    with ResultStore(tmp_path) as store:
        df = store.load()
    fig = metric_figure(df, "capacity [mA.h.g-1]", "temperature [K]")
    line, failed = fig.axes[0].get_lines()
    assert line.get_xdata().tolist() == pytest.approx([60.0, 80.0, 100.0])  # K -> degC
    assert line.get_ydata().tolist() == [130.0, 135.0, 140.0]
    assert failed.get_xdata().tolist() == pytest.approx([120.0]) and failed.get_label() == "1 timed out (×)"


def test_bad_stores_and_names_are_one_line_errors(tmp_path):
    with pytest.raises(ParameterError, match="sweep.sqlite"):
        plot_store(tmp_path / "nowhere")
    with ResultStore(tmp_path) as store:
        store.record({"point_id": "a", "status": "ok", "duration_s": 0.1, "worker": "w"},
                     inputs={"temperature [K]": 300.0}, metrics={"capacity [mA.h.g-1]": 1.0})
        store.record({"point_id": "b", "status": "ok", "duration_s": 0.1, "worker": "w"},
                     inputs={"temperature [K]": 310.0}, metrics={"capacity [mA.h.g-1]": 2.0})
    with pytest.raises(UnknownNameError, match="capacity"):
        plot_store(tmp_path, metrics=["energy"])
    with pytest.raises(UnknownNameError, match="temperature"):
        plot_store(tmp_path, x="pressure")
    assert main(["sweep", "plot"]) == 2
    assert main(["sweep", "plot", str(tmp_path), "--workers", "2"]) == 2  # a run option: refused, not ignored
    assert main(["sweep", "plot", str(tmp_path), "--out", str(tmp_path / "ok")]) == 0


def test_three_axis_latin_hypercube_store_scatters_and_names_the_held_axis(tmp_path):
    rng = np.random.default_rng(1)
    with ResultStore(tmp_path) as store:
        store.set_meta("spec", {"sampling": "lhs", "metrics": ["capacity"],
                                "axes": [{"parameter": "temperature"}, {"parameter": "cathode.thickness"},
                                         {"parameter": "separator.thickness"}]})
        for i in range(12):
            store.record({"point_id": f"p{i}", "status": "ok" if i else "failed", "duration_s": 0.1, "worker": "w"},
                         inputs={"temperature [K]": 333.15 + 3 * i, "cathode.thickness [m]": rng.uniform(3e-5, 9e-5),
                                 "separator.thickness [m]": 1e-4 if i % 2 == 0 else 2e-4},
                         metrics={"capacity [mA.h.g-1]": 130.0 + i} if i else {})
    with ResultStore(tmp_path) as store:
        info = sweep_columns(store)
    assert info["axes"] == ["temperature [K]", "cathode.thickness [m]", "separator.thickness [m]"]
    (path,) = plot_store(tmp_path, out_dir=tmp_path / "figs")
    assert path.stat().st_size > 20_000
    with ResultStore(tmp_path) as store:
        df = store.load()
    held = df[df["separator.thickness [m]"] == 1e-4]  # what plot_store draws: the third axis at its first value
    fig = metric_figure(held, "capacity [mA.h.g-1]", *info["axes"][:2], sampling="lhs", note="separator.thickness = 100 µm")
    scatter = fig.axes[1].collections[0]
    assert len(scatter.get_offsets()) == 5  # six points at 100 um, one of them failed (marked, not coloured)
    assert "1 failed (×)" in fig.get_suptitle() and "separator.thickness = 100 µm" in fig.get_suptitle()
    # a sampled second axis (12 distinct thicknesses > MAX_LINES): coloured points on the left too, not 12 lines
    every = metric_figure(df, "capacity [mA.h.g-1]", *info["axes"][:2], sampling="lhs")
    assert len(every.axes[0].collections[0].get_offsets()) == 11 and len(every.axes[0].get_lines()) == 1  # failed x
