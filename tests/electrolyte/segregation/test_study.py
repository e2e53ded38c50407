"""The grain-boundary segregation study runs on a coarse setting and reproduces the fitted 16 nm ratio."""
import pytest

from cellsim.report import load_study


def test_study_runs_coarse(tmp_path):
    study = load_study("gb_segregation")
    config = dict(study.DEFAULT_CONFIG, coarse=True)
    results = study.run(config, tmp_path)
    assert (tmp_path / "deff_vs_grain_size.csv").exists()
    row = results["curve"].query("temperature_K == 300 and abs(grain_size_nm - 16) < 1e-6").iloc[0]
    assert row["ratio_without"] / row["ratio_with"] == pytest.approx(12.0, rel=0.02)
    study.plot(results, tmp_path)
    assert (tmp_path / "gb_segregation.png").stat().st_size > 10_000
