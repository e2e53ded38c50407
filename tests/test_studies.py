"""The report studies run end to end (reduced sizes) and write their figures and tables."""
import numpy as np
import pytest

from cellsim.report import load_study as _load


def test_arrhenius_study(tmp_path):
    res = _load("arrhenius").main(tmp_path, n_grain_sizes=6)
    assert (tmp_path / "arrhenius.png").stat().st_size > 20_000
    arr = res["arrhenius"]
    assert arr.material.nunique() >= 12
    # Li2(OH)Cl: >= 100x jump across 35 degC (Review section 3), visible in the plotted curve
    c = arr[arr.material == "Li2(OH)Cl"].set_index("temperature_K").conductivity_S_cm
    assert c[c.index >= 308.15].iloc[0] / c[c.index < 308.15].iloc[-1] >= 100
    gs = res["grain_size"]
    for _, g in gs[gs.model == "brick-layer"].groupby(["material", "temperature_K"]):
        assert np.all(np.diff(g.conductivity_S_cm.to_numpy()) > 0)  # larger grains, fewer boundaries
    # every curve looks different (colour, line style, marker), the Na conductors in colours of their own and
    # dash-dotted (issue 16: three Na materials shared one grey)
    styles = res["styles"]
    assert len(set(styles.values())) == len(styles) == arr.material.nunique()
    na = [styles[m] for m in arr[arr.ion == "Na"].material.unique()]
    assert len(na) >= 3 and len({c for c, _, _ in na}) == len(na) and {ls for _, ls, _ in na} == {"-."}
    assert all(ls != "-." for m, (_, ls, _) in styles.items() if m not in arr[arr.ion == "Na"].material.unique())


def test_windows_study(tmp_path):
    # the study cycles a bare cathode on purpose: Li released by its interphase relithiates NCM111 past the BPX fit's
    # lithiated end, onto the borrowed MSMR tail: no warning (pytest turns warnings into errors)
    res = _load("windows").main(tmp_path, cycles=5, coatings=("Al2O3", "LiNbO3", "none"))
    assert (tmp_path / "windows.png").stat().st_size > 20_000
    ret = res["retention"]
    # the coatings leave the cell file's 81 % of the cathode bare (coverage 0.189, fitted: issue 14) and tunnelling
    # through 2 nm is negligible, so Al2O3 and LiNbO3 keep the same (their films' resistance is small against the
    # interfaces'); the bare patches' interphase releases Li, and the regular-solution LTO, emptied on every
    # discharge, passes it on to the cathode: over the first cycles the capacity grows, the bare cathode's less
    # (measured 1.1179, 1.1179 and 1.0937 after 5 cycles; 0.79 for the bare cell after 100, test_ageing)
    assert ret["Al2O3"].iloc[-1] == pytest.approx(ret["LiNbO3"].iloc[-1], abs=1e-3)
    assert ret["Al2O3"].iloc[-1] > ret["none"].iloc[-1] > 1.05
    # the overlapping lines each have their own colour, style and marker, and their retention in the legend (issue
    # 16: overlapping lines hid legend entries)
    st = res["styles"]
    assert len({v[:3] for v in st.values()}) == 3
    assert st["Al2O3"][3] == f"Al2O3: {100 * ret['Al2O3'].iloc[-1]:.1f} %" and st["none"][3].startswith("no coating")
    # the cathode reaches 4.30 V at the top of charge; once the released Li fills it, its surface ends each
    # discharge near x = 1, where NCM111's tail holds 3.516 V and the vanishing exchange current (j0 ~ sqrt(x (1 -
    # x))) pulls it further down (measured 2.67 V)
    lo, hi = res["potential_ranges"]["cathode"]
    assert 2.5 < lo < 3.516 < 4.25 < hi < 4.35


@pytest.mark.slow
@pytest.mark.parametrize("quick", [False, True], ids=["DFN", "SPMe"])
def test_fit_review_study(tmp_path, quick):
    """DFN (the study's own mode, ~20 s) and --quick (SPMe, ~8 s).

    * Synthetic (DFN only: SPMe fitting DFN data is biased, measured 5.71e-3 S/m [5.53, 5.89] for the 6e-3 truth):
      the electrolyte branch (0.6e-4 S/cm at 50 degC, 0.40 eV) is recovered inside its 95 % intervals (measured
      6.005e-3 S/m [5.990, 6.019], 0.3993 eV [0.3978, 0.4008]).
    * Review fit (calibration of both interface resistances to the 0.1 V hysteresis at 100 degC, at the file's
      coating coverage): in DFN the fitted R_ct is within 10 % of the cell file's 0.0404 Ohm.m2 (measured 0.04045:
      the file was fitted jointly with the coverage, studies/fit_coverage.py, DFN); SPMe needs a larger one
      (measured 0.0479, +18 %), checked within 0.043-0.053.
    * 60 degC profile over the interface Ea: the hysteresis rises with it; at the stored 0.326 eV it is more than twice
      100 degC's (measured x2.46 DFN, x2.53 SPMe) and so is the floor with a temperature-independent interface
      (x2.08 both): the review's "similarly small" 60 degC hysteresis (issue 13: at most twice) cannot hold with the
      electrolyte's related-material Ea (cubic Li2(OH)Cl, 0.326 eV, review section 8.1). With the electrolyte also at
      its 100 degC conductivity the ratio is 0.85 (measured): the electrolyte sets the floor, and the side reaction,
      slower at 60 degC (50 kJ/mol), adds less film and released Li to the 60 degC hysteresis than to 100 degC's."""
    study = _load("fit_review")
    res = study.main(tmp_path, quick=quick)
    t = res["table"].set_index(["fit", "parameter"])
    if not quick:
        for name in ("electrolyte.conductivity_ref", "electrolyte.activation_energy"):
            row = t.loc[("synthetic", name)]
            assert row.ci_low <= row.truth <= row.ci_high and row.identifiable, (name, row.to_dict())
    r = res["review"]
    r100 = r["charge_transfer_resistance_100C_Ohm_m2"]
    if quick:
        assert 0.043 < r100 < 0.053
    else:
        assert r100 == pytest.approx(0.0404, rel=0.10)
    assert r["hysteresis_100C_V"] == pytest.approx(0.100, abs=1e-3)  # calibration: brentq's own target
    # capacity: near the review's ~150 mAh/g (section 7.1), measured 146.2 (DFN) and 147.4 (SPMe); less at 60 degC
    assert 140 < r["capacity_100C_mAh_per_g"] < 155 and r["capacity_60C_mAh_per_g"] < r["capacity_100C_mAh_per_g"]
    p = res["profile"].set_index("interface_activation_energy_eV")
    assert np.all(np.diff(p.hysteresis_60C_V) > 0) and np.all(np.diff(p.ratio_60C_to_100C) > 0)
    assert p.ratio_60C_to_100C.loc[0.326] == pytest.approx(r["ratio_60C_to_100C"], rel=1e-9)  # same solve twice
    assert p.ratio_60C_to_100C.loc[0.326] > 2.0
    floor = p.ratio_60C_to_100C.loc[0.0]
    assert floor > 2.0 and floor == pytest.approx(2.08, abs=0.05)
    c = res["conclusion"]
    assert not c["holds"] and c["smallest_ratio"] == pytest.approx(floor)
    assert c["ratio_without_electrolyte_temperature_dependence"] == pytest.approx(0.85, abs=0.05)
    assert "0.326 eV" in c["setting_term"] and "Li1.9(OH)Cl0.9" in c["measurement"]
    assert (tmp_path / "synthetic" / "fit.csv").is_file()
    for name in ("fit_review.csv", "ea_profile.csv", "floors.csv"):
        assert (tmp_path / name).is_file()


@pytest.mark.slow
def test_fit_coverage_study(tmp_path):
    """--quick (SPMe, ~40 s): the joint (coverage, R_ct) fit of issue 14 item 2.

    * With the interphase's resistivity following its Arrhenius law (the cell file) the review's 0.1 V and 0.85
      after 100 cycles have a root: coverage 0.2092, R_ct 0.0494 Ohm.m2 (SPMe, measured; the file holds the DFN's
      0.189 and 0.0404); the fit reaches its own targets (calibration: the root finder's tolerances).
    * With the resistivity held at its 25 degC value (x57.6 at 100 degC) there is no common solution with
      R_ct >= 1e-3 Ohm.m2: the hysteresis reaches 0.100 V from coverage 0.252 on, where the cell keeps 0.8675
      (the floor, measured).
    * Along H = 0.1 V retention rises with the coverage and the needed R_ct with it (iso_hysteresis.csv)."""
    study = _load("fit_coverage")
    res = study.main(tmp_path, quick=True)
    from cellsim.api import load_cell

    held = study.held_at_25c(load_cell())
    assert held == pytest.approx(57.62, abs=0.01)  # exp(50e3 / 8.314 (1/298.15 - 1/373.15)), by hand
    f = res["fits"].set_index("film_resistivity_scale")
    assert f.loc[1.0, "feasible"]
    assert f.loc[1.0, "hysteresis_V"] == pytest.approx(0.100, abs=1e-4)
    assert f.loc[1.0, "retention"] == pytest.approx(0.85, abs=2e-3)
    assert f.loc[1.0, "coverage"] == pytest.approx(0.209, abs=0.01)
    assert f.loc[1.0, "charge_transfer_resistance_Ohm_m2"] == pytest.approx(0.0494, rel=0.1)
    assert not f.loc[held, "feasible"]
    assert f.loc[held, "coverage_min"] == pytest.approx(0.252, abs=0.005)
    assert f.loc[held, "floor_retention"] == pytest.approx(0.8675, abs=0.005) and f.loc[held, "floor_retention"] > 0.85
    iso = res["iso"].dropna(subset=["charge_transfer_resistance_Ohm_m2"])
    assert np.all(np.diff(iso.retention) > 0) and np.all(np.diff(iso.charge_transfer_resistance_Ohm_m2) > 0)
    assert (tmp_path / "fit_coverage.csv").is_file() and (tmp_path / "iso_hysteresis.csv").is_file()


@pytest.mark.slow
def test_coated_fade_study(tmp_path):
    """--quick (SPMe, 20 cycles, ~25-40 s): the coated cell's fade budget, coated vs bare, coating thickness, for
    the cell file (coverage 0.189) and complete coverage.

    After 20 cycles (before the window is pinned, ~cycle 30) the partly covered cell still gains capacity from the
    Li its interphase releases; what is checked holds from the first cycles on (measured, 20 cycles):
    * the electrolyte's consumption caps the growth: without it the film grows further (551 vs 439 nm) and the
      cell keeps less (0.957 vs 1.049);
    * room in the anode for the released Li keeps more (1.12 vs 1.05);
    * at 100 and 120 degC the coated cell keeps more than the bare one with the same interfaces and film
      (1.049 vs 0.983; 0.909 vs 0.840);
    * the coating's thickness (0.5-5 nm) changes little once the bare patches set the fade (retention within
      0.002);
    * with complete coverage nothing grows through 2 nm and more (retention 1, film < 0.1 nm), while 0.5 and 1 nm
      let electrons tunnel (film 362 and 153 nm)."""
    res = _load("coated_fade").main(tmp_path, quick=True)
    assert (tmp_path / "coated_fade.png").stat().st_size > 20_000
    b = res["budget"].set_index(["candidate", "case"])
    names = list(dict.fromkeys(res["budget"].candidate))
    assert names[0].startswith("cell file (coverage 0.189") and names[1] == "complete coverage"
    as_is = b.loc[(names[0], "as is")]
    uncapped = b.loc[(names[0], "electrolyte consumption off")]
    assert uncapped.film_nm > 1.1 * as_is.film_nm and uncapped.retention < as_is.retention - 0.05
    assert b.loc[(names[0], "anode x2 (room for the released Li)")].retention > as_is.retention + 0.01
    closed = res["budget"][res["budget"].candidate == names[1]]
    assert np.all(np.abs(closed.retention - 1) < 0.002) and np.all(closed.film_nm < 0.1)
    t = res["temperature"].set_index("candidate")
    hot = t.loc[names[0]][t.loc[names[0]].temperature_C >= 100]
    assert np.all(hot.coated_retention > hot.bare_retention + 0.03)
    assert np.all(np.abs(t.loc[names[1]].coated_retention - 1) < 0.002)
    th = res["thickness"].set_index("candidate")
    assert np.ptp(th.loc[names[0]].retention) < 0.005
    tunnel = th.loc[names[1]].set_index("thickness_nm").film_nm
    assert tunnel.loc[0.5] > tunnel.loc[1] > 100 > 0.1 > tunnel.loc[2] > tunnel.loc[5]
    for name in ("budget", "temperature", "thickness"):
        assert (tmp_path / f"coated_fade_{name}.csv").is_file()
