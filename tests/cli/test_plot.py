"""``cellsim plot DIR`` and the figures of a cycle run: dQ/dV against a closed form, the cycling figure's fixes
(cycle 1 visible, rate and temperature in the title, a single cycle on sensible axes), clear errors for folders
that are not runs."""
import json

import numpy as np
import pandas as pd
import pytest

from cellsim import plots
from cellsim.analysis.curves import differential_capacity
from cellsim.cli import main
from cellsim.cli.plot import FIGURES


@pytest.mark.parametrize("width_V,tolerance", [(0.05, 0.015), (0.02, 0.07)])
def test_dqdv_of_a_sigmoid_plateau(width_V, tolerance):
    # Q(V) = Qm / (1 + exp(-(V - V0)/w)): dQ/dV peaks at V0 with Qm / (4 w). The 45 mV Savitzky-Golay window
    # flattens a narrow peak: measured -0.9 % (w = 50 mV) and -5.7 % (w = 20 mV); position within a grid step
    qm, v0 = 100.0, 2.0
    q = np.linspace(0, qm, 400)[1:-1]  # uniform in charge, as a constant-current run samples it
    v = v0 + width_V * np.log(q / (qm - q))
    for sign in (1, -1):  # charge (V rises with Q) and discharge (V falls)
        grid, d = differential_capacity(q, v if sign > 0 else v[::-1])
        assert grid[np.argmax(d)] == pytest.approx(v0, abs=0.005)
        assert d.max() == pytest.approx(qm / (4 * width_V), rel=tolerance)
        # the integral over V returns the capacity between the grid ends (trapezoid; within 1 %)
        assert np.trapezoid(d, grid) == pytest.approx(np.interp(grid[-1], v, q) - np.interp(grid[0], v, q), rel=0.01)
    assert differential_capacity([0.0, 1.0], [2.0, 2.001])[0].size == 0  # < 2 grid steps: nothing to show


def test_rate_label_forms():
    assert plots.rate_label({"protocol": {"c_rate": 2.0}, "current_A": 4e-3}) == "2C (4 mA)"
    assert plots.rate_label({"protocol": {"areal_current_A_m2": 5.0}, "current_A": 5e-4}) == "0.5 mA/cm\u00b2 (0.5 mA)"
    assert plots.rate_label({"protocol": {"current_A": 2e-3}}) == "2 mA"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "c"
    assert main(["cycle", "--rate", "C/5", "--model", "SPMe", "--cycles", "2", "--out", str(out)]) == 0
    return out


def test_plot_writes_every_figure(run_dir, tmp_path, capsys):
    out = tmp_path / "figs"
    assert main(["plot", str(run_dir), "--out", str(out)]) == 0
    for name in FIGURES:
        assert (out / name).stat().st_size > 10_000, name
    assert "C/5 (0.4 mA), 100 \u00b0C" in capsys.readouterr().out


def test_cycling_figure_fixes(run_dir):
    summary, ts = pd.read_csv(run_dir / "summary.csv"), pd.read_csv(run_dir / "timeseries.csv")
    meta = json.loads((run_dir / "run.json").read_text())
    fig = plots.cycling_figure(summary, ts, meta)
    assert fig._suptitle.get_text() == "default (SPMe), C/5 (0.4 mA), 100 \u00b0C"
    ax1, ax2 = fig.axes[:2]
    widths = {line.get_label(): line.get_linewidth() for line in ax1.lines if line.get_label().startswith("cycle")}
    assert widths["cycle 1"] > 2 * widths["cycle 2"]  # cycle 1 as a broad band under the later cycles
    one = plots.cycling_figure(summary.iloc[:1], ts[ts.cycle == 1], meta)
    cap_ax = one.axes[1]
    assert cap_ax.get_xlim() == (0.5, 1.5) and cap_ax.get_ylim()[0] == 0  # not a 0.96-1.04 cycle axis
    assert cap_ax.get_ylim()[1] > summary.charge_capacity_mAh_per_g[0]


def test_plot_refuses_a_folder_that_is_not_a_run(tmp_path, capsys):
    assert main(["plot", str(tmp_path / "none")]) == 2
    assert "not an existing folder" in capsys.readouterr().err
    (tmp_path / "half").mkdir()
    pd.DataFrame({"cycle": [1]}).to_csv(tmp_path / "half" / "summary.csv", index=False)
    assert main(["plot", str(tmp_path / "half")]) == 2
    assert "it has no timeseries.csv" in capsys.readouterr().err
    pd.DataFrame({"cycle": [1], "time_s": [0.0]}).to_csv(tmp_path / "half" / "timeseries.csv", index=False)
    assert main(["plot", str(tmp_path / "half")]) == 2
    err = capsys.readouterr().err
    assert "missing: current_A, voltage_V, charge_stored_mAh_per_g" in err and len(err.strip().splitlines()) == 1
    assert not any(p.suffix == ".png" for p in (tmp_path / "half").iterdir())
