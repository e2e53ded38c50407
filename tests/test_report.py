"""``cellsim report`` (one Markdown page per cell) and ``cellsim studies`` (the study runner)."""
import pytest

from cellsim.cli import main
import re
import stat

import numpy as np
import pandas as pd

from cellsim.report import (COLUMN_NAMES, cell_report, markdown_table, retention_target, run_studies, study_scripts,
                            verdict_counts, verdict_summary)


def _tables(text):
    """Header cells of every Markdown table in ``text``."""
    lines = text.splitlines()
    return [[c.strip() for c in re.split(r"(?<!\\)\|", lines[i - 1])[1:-1]]
            for i, line in enumerate(lines) if line.startswith("|---")]


@pytest.mark.slow
def test_cell_report_has_every_section_figure_and_well_formed_tables(tmp_path):
    path = cell_report("default", tmp_path, cycles=1, model="SPMe")
    text = path.read_text()
    for heading in ("## Verdict summary", "## Design", "## Cycling", "## Interface stability windows",
                    "### Cathode coatings", "## Electrolyte conductivity", "### Dendrite criteria",
                    "### Thermal residual stress", "### Stress and conductivity", "### Loss budget"):
        assert heading in text
    assert text.index("## Verdict summary") < text.index("## Design") < text.index("## Cycling")
    assert "The Ahmad-Viswanathan verdict depends entirely on how v" in text  # the dendrite line says so
    # every figure the report promises is there, captioned, and readable by group and others (umask 022 here)
    figures = re.findall(r"!\[Figure (\d+)\]\(([^)]+)\)", text)
    names = {f for _, f in figures}
    assert {"cycling/cycling.png", "retention.png", "budget.png", "windows.png", "coatings.png", "dendrite.png",
            "residual_stress.png", "conductivity.png"} <= names
    for n, f in figures:
        assert f"*Figure {n}." in text
        mode = (tmp_path / f).stat().st_mode
        assert (tmp_path / f).stat().st_size > 10_000 and mode & stat.S_IRGRP and mode & stat.S_IROTH
    # one mapping names every column the report prints: no snake_case header anywhere
    headers = {c for table in _tables(text) for c in table}
    assert headers <= set(COLUMN_NAMES.values()), headers - set(COLUMN_NAMES.values())
    # design numbers: 14.25 mg/cm2 NCM (50 um x 0.6 x 4.75 g/cm3), N/P and the 1C basis
    assert "| cathode active loading | 14.25 | mg/cm2 |" in text and "N/P ratio" in text and "1C current" in text
    # the coating ranking would show sub-tolerance costs as "< tol", not as noisy negatives; it states the tolerance
    # (25 ppm of the mean discharge voltage: 5.7e-05 V). With the coating's fitted coverage (0.189) every coating
    # leaves the same 81 % of the cathode bare, so each costs ~0.026 V of hysteresis against the ideal interface,
    # well above it (the bare cathode 0.032 V)
    assert re.search(r"and 5\.[0-9]e-05 V \(25 rtol x mean discharge voltage", text)
    # SPMe throughout: the model is stated once, and the verdicts name it
    # the as-made window (138.3) plus the Li the interphase on the uncovered cathode releases on the first charge;
    # 138.3 at complete coverage, 140.6 before the interfaces and the as-made x 0.896, 142.4 with the Yao LTO fit
    assert text.count("**Models.**") == 1 and "147.6 mAh/g (SPMe)" in text
    # every Markdown table row has as many cells as its header (bars inside cells are escaped)
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---"):
            n = lines[i - 1].replace("\\|", "").count("|")
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert lines[j].replace("\\|", "").count("|") == n, lines[j]
                j += 1
    assert "anode\\|electrolyte" in text


def test_studies_runner_records_failures_and_goes_on(tmp_path):
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    (scripts / "good.py").write_text("def main(out_dir, quick=False):\n    import pathlib\n"
                                     "    pathlib.Path(out_dir).mkdir(parents=True)\n"
                                     "    (pathlib.Path(out_dir) / 'x.csv').write_text(str(quick))\n")
    (scripts / "bad.py").write_text("def main(out_dir):\n    raise RuntimeError('boom')\n")
    table = run_studies(tmp_path / "out", quick=True, directory=scripts).set_index("study")
    assert table.status.to_dict() == {"bad": "failed", "good": "ok"}
    assert "boom" in table.error["bad"]
    assert (tmp_path / "out" / "good" / "x.csv").read_text() == "True"


def test_missing_studies_folder_is_a_clear_error(tmp_path):
    from cellsim.errors import ParameterError

    with pytest.raises(ParameterError, match="studies"):
        run_studies(tmp_path / "out", directory=tmp_path / "nowhere")


def test_every_shipped_study_is_found():
    assert {"arrhenius", "windows", "gb_segregation", "dendrite_map", "residual_stress"} <= set(study_scripts())


def test_cli_studies_and_report(tmp_path, capsys):
    assert main(["studies", "arrhenius", "--quick", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "arrhenius" / "arrhenius.png").exists()
    assert main(["studies", "nonexistent"]) == 2
    assert "arrhenius" in capsys.readouterr().err  # the error lists the known studies
    assert main(["report", "--model", "XYZ"]) == 2  # a usage error: one line, status 2 (no SystemExit from main)


def _inputs(capacity=142.0, hysteresis=0.068, retention=0.999, cycles=3, margin=0.53, stress=200e6,
            stress_verdict="safe", mn="pass"):
    """Constructed inputs of verdict_summary: one run summary, one interface, one component, one dendrite row."""
    summary = pd.DataFrame({"cycle": np.arange(1, cycles + 1), "discharge_capacity_mAh_per_g": capacity,
                            "hysteresis_V": hysteresis, "capacity_retention": np.linspace(1, retention, cycles)})
    interfaces = pd.DataFrame([{"interface": "anode|electrolyte", "material": "X", "lower_V": 0.82, "upper_V": 3.15,
                                "potential_min_V": 1.6, "potential_max_V": 3.15 - margin, "min_margin_V": margin,
                                "worst_excursion_V": max(0.0, -margin), "fraction_outside": 0.0 if margin >= 0 else 0.25,
                                "time_outside_s": 0.0, "passes": margin >= 0}])
    rs = pd.DataFrame([{"component": "cathode particles", "max_tensile_stress_Pa": stress,
                        "fracture_strength_Pa": 225e6, "verdict": stress_verdict}])
    dendrite = {"material": "X", "shear_modulus_ratio": 4.6 if mn == "pass" else 1.0, "mn_critical_ratio": 1.83,
                "mn_verdict": mn, "molar_volume_ratio": 1.5, "generalised_regime": "pressure-driven",
                "generalised_critical_ratio": 2.0, "generalised_stable_side": "above", "generalised_verdict": mn}
    return summary, interfaces, rs, dendrite


def test_verdict_summary_all_pass_at_the_reviews_conditions():
    v = verdict_summary(*_inputs(), excursions={}, temperature_K=373.15, specific_current_A_kg=25.0,
                        anode_potential_min_V=1.6).set_index("check")
    assert set(v.verdict.str.split(r"[:;]").str[0]) == {"pass"}, v.verdict
    assert verdict_counts(v.reset_index()) == f"{len(v)} pass, 0 fail, 0 warn, 0 not assessed"
    # the targets carry their source: review section 7.1 (150 mAh/g, 0.1 V, 80 % after 100 cycles)
    assert "review section 7.1" in v.criterion["Discharge capacity, cycle 1"]
    assert "135-165 mAh/g" in v.criterion["Discharge capacity, cycle 1"]
    assert "0.10 V" in v.criterion["Hysteresis, cycle 3"]
    assert "99.55 %" in v.criterion["Capacity retention after 3 cycle(s)"]  # 0.8 ** (2 / 99)
    assert "1.60 V" in v.verdict["Li dendrites (shear modulus)"]  # an LTO anode never plates Li


def test_verdict_summary_fails_name_the_reason():
    v = verdict_summary(*_inputs(capacity=120.0, hysteresis=0.15, retention=0.9, margin=-1.15, stress=263e6,
                                 stress_verdict="crack", mn="fail"),
                        excursions={"cathode": {"x_low": 0.39, "x_high": 0.99, "fit_min": 0.424, "fit_max": 0.99}},
                        temperature_K=373.15,
                        specific_current_A_kg=25.0).set_index("check").verdict
    assert v["Discharge capacity, cycle 1"] == "FAIL: -20% from 150 mAh/g"
    assert v["Hysteresis, cycle 3"] == "FAIL: 50 mV above 0.1 V"
    # 90 % after 3 cycles against 99.55 %: 9.55 points short
    assert v["Capacity retention after 3 cycle(s)"].startswith("FAIL: 9.55 points")
    assert v["Interface anode|electrolyte"] == "FAIL: 1.15 V outside the window for 25 % of the run (interphase grows)"
    assert v["Residual stress, cathode particles"] == "FAIL: cracks (+17% over the strength)"  # 263 / 225
    assert v["Li dendrites (shear modulus)"].startswith("FAIL")
    assert v["Li dendrites (shear modulus and molar volume)"].startswith(
        "FAIL: pressure-driven regime, G/G_Li must be > 2.00")
    assert v["Electrode stoichiometry"].startswith("warn")
    # the run's metadata form (a dict per electrode, as saved in run.json) is read as such
    e = verdict_summary(*_inputs(), excursions={"cathode": {"x_low": 0.39, "x_high": 0.99, "fit_min": 0.424,
                                                            "fit_max": 0.99}}).set_index("check")
    assert e.value["Electrode stoichiometry"] == "cathode x = 0.390..0.990 (fit 0.424..0.990)"


def test_verdicts_away_from_the_reviews_conditions_are_not_compared():
    v = verdict_summary(*_inputs(capacity=120.0, cycles=1), temperature_K=333.15,
                        specific_current_A_kg=25.0).set_index("check").verdict
    assert v["Discharge capacity, cycle 1"].startswith("not assessed: the run is at 60 degC")
    assert v["Capacity retention after 1 cycle(s)"].startswith("not assessed: one cycle")
    assert retention_target(100) == pytest.approx(0.8) and retention_target(1) == 1.0


def test_markdown_table_uses_the_column_names():
    df = pd.DataFrame({"discharge_capacity_mAh_per_g": [142.36], "passes": [True]})
    assert markdown_table(df).splitlines()[0] == "| Discharge capacity (mAh/g) | Inside window |"


@pytest.mark.slow
def test_report_shows_uncertainty_bands(tmp_path):
    """Issue 15: the report carries 5-95 % bands of the stored uncertain inputs (SPMe, seeded)."""
    path = cell_report("default", tmp_path, model="SPMe", cycles=2, uncertainty=3, seed=1)
    md = path.read_text()
    assert "### Uncertainty" in md and "(uncertainty/uncertainty.png)" in md
    assert "Discharge capacity" in md.split("### Uncertainty")[1]  # human names in the band table
    bands = pd.read_csv(tmp_path / "uncertainty" / "uncertainty_summary.csv")
    cap = bands[(bands.quantity == "discharge_capacity_mAh_per_g") & (bands.cycle == 1)].iloc[0]
    assert cap.p05 <= cap.p50 <= cap.p95 and cap.p95 > cap.p05  # the thickness and conductivity spread


def test_report_refuses_negative_uncertainty(tmp_path, capsys):
    assert main(["report", "--uncertainty", "-1", "--out", str(tmp_path / "r")]) == 2
    assert "--uncertainty" in capsys.readouterr().err and not (tmp_path / "r").exists()
