"""``cellsim report`` (one Markdown page per cell) and ``cellsim studies`` (the study runner)."""
import pytest

from cellsim.cli import main
from cellsim.report import cell_report, run_studies, study_scripts


def test_cell_report_has_every_section_and_well_formed_tables(tmp_path):
    path = cell_report("default", tmp_path, cycles=1, model="SPMe")
    text = path.read_text()
    for heading in ("## Design", "## Cycling", "## Interface stability windows", "### Cathode coatings",
                    "## Electrolyte conductivity", "### Dendrite criteria", "### Thermal residual stress",
                    "### Stress and conductivity", "### Loss budget"):
        assert heading in text
    assert (tmp_path / "cycling" / "cycling.png").stat().st_size > 10_000
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
