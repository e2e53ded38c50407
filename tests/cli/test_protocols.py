"""Protocols an engineer runs from the CLI on the default cell (DFN): C/100 to 5C, CC-CV with rests, and a rate
the cell cannot take. Each run finishes, or stops with a one-line reason; completed cycles are on disk."""
import warnings

import pandas as pd
import pytest

from cellsim.cli import main
from cellsim.errors import StoichiometryRangeWarning

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("rate", ["C/100", "C/20", "1C", "2C"])
def test_rates_from_c100_to_2c_run_on_the_dfn(rate, tmp_path, capsys):
    out = tmp_path / "run"
    # a range warning would reach the CLI's one-line handler (pytest makes warnings errors: let it through)
    with warnings.catch_warnings():
        warnings.simplefilter("always", StoichiometryRangeWarning)
        assert main(["cycle", "--rate", rate, "--cycles", "1", "--out", str(out)]) == 0
    s = pd.read_csv(out / "summary.csv")
    assert len(s) == 1
    cap = s.discharge_capacity_mAh_per_g[0]
    # slow rates: the electrode balance up to 2.77 V (138.3 mAh/g in the BPX fit's window) plus the Li the
    # interphase releases on the uncovered cathode during the long charge, which the discharge brings back to the
    # cathode (measured C/20 158.6 mAh/g; C/100 154.2, whose first-cycle efficiency is 0.87: it releases more Li than
    # the cathode can take back); 2C is cut off early by the interfaces' and the electrolyte's ohmic drops (0.71 V
    # hysteresis, 92.7 mAh/g); 5C no longer completes a cycle (its charge meets 2.77 V at once)
    assert (145 < cap < 165) if rate in ("C/100", "C/20") else (5 < cap < 150)
    err = capsys.readouterr().err
    # the 2.77 V cut-off keeps NCM111 inside its BPX fit at every rate here (at C/100 and C/20 the side reaction
    # carries part of the current at the top of charge); 1C and 2C pass the fit's lithiated end onto NCM111's
    # sourced MSMR tail (to x = 1): no warning either
    assert "cellsim: warning: the cathode stoichiometry" not in err
    assert "Traceback" not in err


def test_cc_cv_with_rests(tmp_path, capsys):
    out = tmp_path / "cccv"
    with warnings.catch_warnings():  # the CV hold at 2.71 V takes NCM111 past its BPX fit: the CLI warns, goes on
        warnings.simplefilter("always", StoichiometryRangeWarning)
        assert main(["cycle", "--cycles", "2", "--cv-hold", "0.05", "--rest", "10min", "--out", str(out)]) == 0
    assert "cellsim: warning: the cathode stoichiometry" in capsys.readouterr().err
    s, ts = pd.read_csv(out / "summary.csv"), pd.read_csv(out / "timeseries.csv")
    assert len(s) == 2
    assert sorted(ts.step.unique()) == [1, 2, 3, 4, 5]  # CC charge, CV hold, rest, CC discharge, rest
    rest = ts[(ts.cycle == 1) & (ts.step == 3)]
    assert rest.current_A.abs().max() < 1e-12
    assert rest.time_s.iloc[-1] - rest.time_s.iloc[0] == pytest.approx(600.0, rel=1e-9)
    hold = ts[(ts.cycle == 1) & (ts.step == 2)]
    charge_current = ts[(ts.cycle == 1) & (ts.step == 1)].current_A.iloc[-1]
    assert abs(hold.current_A.iloc[-1]) == pytest.approx(0.05 * abs(charge_current), rel=1e-3)


def test_a_rate_beyond_the_cell_stops_with_one_line(tmp_path, capsys):
    out = tmp_path / "fast"
    assert main(["cycle", "--rate", "20C", "--cycles", "2", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    # at 20C every step of the cycle starts past its cut-off: PyBaMM refuses the cycle (its reason kept in the line)
    assert err[-1].startswith("cellsim: error:") and "infeasible due to exceeded bounds" in err[-1]
    assert "Traceback" not in "\n".join(err)


def test_bad_rest_is_refused_before_computing(tmp_path, capsys):
    out = tmp_path / "bad"
    assert main(["cycle", "--rest", "10parsecs", "--out", str(out)]) == 2
    assert not out.exists()
    assert "--rest" in capsys.readouterr().err
