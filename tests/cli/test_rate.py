"""``cellsim rate`` and ``cellsim.analysis.rate.rate_capability``: one built model, one protocol per rate; a rate that
cannot run is recorded with its reason and the others go on."""
import numpy as np
import pandas as pd
import pytest

from cellsim.analysis.rate import RATE_COLUMNS, parse_rates, rate_capability
from cellsim.cli import main
from cellsim.errors import ParameterError

# 1C of the default cell (tests/cell/test_protocol.py): 3e-9 m3 * 49243 mol/m3 * F / 3600 * (0.90264 - 0.39802)
ONE_C_A = 3e-9 * 49243 * 96485.33212 / 3600 * (0.90264 - 0.39802)


def test_cli_rate_table_csv_and_figure(tmp_path, capsys):
    out = tmp_path / "rate"
    # 20C: no step can start (the ohmic drop alone crosses the cut-off): recorded as failed, exit status 1
    assert main(["rate", "--rates", "C/5,1C,0.5mA/cm2,20C", "--model", "SPMe", "--out", str(out)]) == 1
    df = pd.read_csv(out / "rate.csv")
    assert list(df.columns) == list(RATE_COLUMNS)
    assert list(df.rate) == ["C/5", "1C", "0.5mA/cm2", "20C"]
    # currents by hand: C/5 and 1C of the 1C basis; 0.5 mA/cm2 on the 1 cm2 cell = 0.5 mA
    assert df.current_A.tolist()[:3] == pytest.approx([0.2 * ONE_C_A, ONE_C_A, 5e-4], rel=1e-5)
    assert df.areal_current_mA_per_cm2[2] == pytest.approx(0.5, rel=1e-12)
    assert df.specific_current_mA_per_g[2] == pytest.approx(5e-4 / 1.425e-5, rel=1e-9)  # 14.25 mg NCM
    ok = df[df.status == "ok"]
    assert len(ok) == 3
    # the slowest rate that ran (C/5, 0.40 mA < 0.5 mA) is the reference; capacity falls as the current rises
    assert ok.relative_capacity[0] == 1.0
    by_current = ok.sort_values("current_A")
    assert np.all(np.diff(by_current.discharge_capacity_mAh_per_g) < 0)
    assert np.all(np.diff(by_current.hysteresis_V) > 0)
    # areal = specific x 14.25 mg/cm2
    assert ok.discharge_capacity_mAh_per_cm2.tolist() == pytest.approx(
        (ok.discharge_capacity_mAh_per_g * 14.25e-3).tolist(), rel=1e-9)
    fail = df.iloc[3]
    assert fail.status == "failed" and np.isnan(fail.discharge_capacity_mAh_per_g)
    assert "no step could start" in fail.reason and "\n" not in fail.reason
    assert (out / "rate.png").stat().st_size > 10_000
    captured = capsys.readouterr()
    assert "Q [mAh/g]" in captured.out and "cellsim: rate 20C failed: no step could start" in captured.err
    assert "Traceback" not in captured.err


def test_api_returns_dataframe_with_curves(default_design):
    df = rate_capability(default_design, "C/2,C/10", model="SPMe")
    assert list(df.rate) == ["C/2", "C/10"] and (df.status == "ok").all()
    assert df.relative_capacity.tolist()[1] == 1.0 and df.relative_capacity[0] < 1.0
    cap, v = df.attrs["discharge_curves"]["C/10"]
    # the curve ends at the lower cut-off (1.0 V) and at the tabulated capacity
    assert v[-1] == pytest.approx(1.0, abs=1e-3)
    assert cap[-1] == pytest.approx(df.discharge_capacity_mAh_per_g[1], rel=1e-3)


def test_parse_rates_and_bad_input(tmp_path, capsys):
    assert parse_rates(" C/20 ,1C,, 2mA") == ["C/20", "1C", "2mA"]
    for bad, match in (("1C,1C", "each rate once"), ("", "at least one"), ("1C,fast", "'fast'")):
        with pytest.raises(ParameterError, match=match):
            parse_rates(bad)
    out = tmp_path / "bad"
    assert main(["rate", "--rates", "1C,2kA", "--model", "SPMe", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'2kA'" in err[0] and "'0.5mA/cm2'" in err[0]
    assert not out.exists()


def test_cycle_whose_discharge_cannot_start_says_so(tmp_path, capsys):
    # SPMe at 5C: the charge runs to 2.77 V, then the discharge's first voltage is already below 1.0 V and PyBaMM
    # skips that step (an EmptySolution; before, a TypeError traceback). The cycle is kept: charge passed, 0 out.
    # From the as-made anode (x = 1e-4, 1.76 V on the regular-solution LTO's log branch) the 5C charge starts at
    # 2.28 V and reaches the cut-off within 0.02 mAh/g (measured 0.0212 at 2.77 V; 0.0031 at 2.78 V with the interface
    # resistances, whose 5C overpotential reaches the cut-off sooner; > 1 mAh/g with the Yao 2024 LTO fit)
    out = tmp_path / "fast"
    assert main(["cycle", "--rate", "5C", "--model", "SPMe", "--cycles", "1", "--out", str(out)]) == 0
    s = pd.read_csv(out / "summary.csv")
    assert s.charge_capacity_mAh_per_g[0] > 1e-3 and s.discharge_capacity_mAh_per_g[0] == 0.0
    err = capsys.readouterr().err
    assert "cellsim: step 2 of cycle 1 was skipped: its cut-off was already passed" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_dfn_rate_capability_c20_to_5c(tmp_path, capsys):
    import warnings

    from cellsim.errors import StoichiometryRangeWarning

    out = tmp_path / "dfn"
    with warnings.catch_warnings():  # the cathode passes its OCP fit's range at these rates: warned, per rate
        warnings.simplefilter("always", StoichiometryRangeWarning)
        assert main(["rate", "--rates", "C/20,1C,2C", "--out", str(out)]) == 0
    df = pd.read_csv(out / "rate.csv")
    assert (df.status == "ok").all()
    # C/20: the electrode balance's capacity up to 2.77 V plus the Li the interphase releases during the slow charge
    # (it comes back to the cathode on discharge); measured 158.6, 119.1, 92.7 mAh/g (the interfaces' and the
    # electrolyte's ohmic drops, hysteresis 0.40 V at 1C, 0.71 V at 2C, cut the fast rates short; 5C no longer
    # completes a cycle: its charge meets 2.77 V at once, recorded as failed by `cellsim rate`)
    assert 150 < df.discharge_capacity_mAh_per_g[0] < 165
    assert np.all(np.diff(df.discharge_capacity_mAh_per_g) < 0) and np.all(np.diff(df.hysteresis_V) > 0)
    assert 0.4 < df.relative_capacity[2] < 0.8
    # the 2.77 V cut-off keeps the cathode inside its BPX fit at C/20; at 1C and 2C it passes the fit's lithiated
    # end, onto NCM111's sourced MSMR tail (to x = 1): no rate warns
    err = capsys.readouterr().err
    assert "cellsim: warning" not in err


def test_fine_mesh_option(tmp_path, capsys):
    # the SPMe with t+ = 1 barely depends on its x mesh (cellsim.cell.model.SPME_MESH: 4x finer moves capacity 2e-6)
    for flag, name in (([], "coarse"), (["--fine-mesh"], "fine")):
        assert main(["rate", "--rates", "1C", "--model", "SPMe", "--out", str(tmp_path / name), *flag]) == 0
    coarse, fine = (pd.read_csv(tmp_path / n / "rate.csv").discharge_capacity_mAh_per_g[0] for n in ("coarse", "fine"))
    assert fine == pytest.approx(coarse, rel=1e-4)
    assert "; fine mesh)" in capsys.readouterr().out
