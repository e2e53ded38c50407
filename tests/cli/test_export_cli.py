"""`cellsim export`: bad input is one line, exit 2 and no file; a good export is one readable JSON file."""
import json
import os
import stat

import pytest

from cellsim.cli import main


def _bad_cases(tmp):
    folder = tmp / "folder"
    folder.mkdir()
    return [
        ([], "one of the arguments --pybamm --bpx is required"),
        (["--pybamm", str(tmp / "a.json"), "--bpx", str(tmp / "b.json")], "not allowed with"),
        (["--pybamm", str(tmp / "missing" / "a.json")], "existing folder"),
        (["--bpx", str(folder)], "existing folder"),
        (["--bpx", str(tmp / "a.json"), "--cell", "nosuchcell"], "one of"),
        (["--pybamm", str(tmp / "a.json"), "--temperature", "10C"], "data range of the cell's electrolyte"),
        (["--pybamm", str(tmp / "a.json"), "--model", "P2D"], "invalid choice"),
        (["--bpx", str(tmp / "a.json"), "--rate", "fast"], "rate"),
        (["--bpx", str(tmp / "a.json"), "--cycles", "0"], "cycles"),
    ]


@pytest.mark.parametrize("case", range(9))
def test_bad_input_one_line_exit_2_no_file(tmp_path, capsys, case):
    args, match = _bad_cases(tmp_path)[case]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["export", *args]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and match in err, err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written, no temporary left


def test_bpx_export_writes_one_readable_file(tmp_path, capsys):
    path = tmp_path / "cell.bpx.json"
    old = os.umask(0o022)
    try:
        assert main(["export", "--bpx", str(path), "--temperature", "60C"]) == 0
    finally:
        os.umask(old)
    out = capsys.readouterr().out
    assert "validated with the bpx package" in out and "BPX cannot hold" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    data = json.loads(path.read_text())
    assert data["State"]["Thermal environment"]["Ambient temperature [K]"] == pytest.approx(333.15)
    assert data["Header"]["Model"] == "DFN"
    assert [p.name for p in tmp_path.iterdir()] == ["cell.bpx.json"]
