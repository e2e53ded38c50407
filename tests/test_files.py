"""Output files: readable by group and others under umask 022 (issue 16: mkstemp gave 0600), the umask honoured,
atomic writes, and the output-folder check."""
import os
import stat

import pandas as pd
import pytest

from cellsim.errors import ParameterError
from cellsim.files import atomic_write, check_output_dir, write_text


@pytest.fixture
def umask():
    def set_mask(mask):
        old.append(os.umask(mask))

    old = []
    yield set_mask
    if old:
        os.umask(old[0])


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("mask,expected", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_atomic_write_honours_umask(tmp_path, umask, mask, expected):
    umask(mask)
    p = atomic_write(tmp_path / "a.csv", lambda tmp: pd.DataFrame({"x": [1]}).to_csv(tmp, index=False))
    assert mode(p) == expected and p.read_text() == "x\n1\n"
    assert mode(write_text(tmp_path / "r.md", "# r")) == expected
    assert sorted(f.name for f in tmp_path.iterdir()) == ["a.csv", "r.md"]  # no temporary files left


def test_failed_write_leaves_nothing(tmp_path):
    (tmp_path / "keep.csv").write_text("old")

    def fail(tmp):
        with open(tmp, "w") as fh:
            fh.write("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "keep.csv", fail)
    assert [f.name for f in tmp_path.iterdir()] == ["keep.csv"] and (tmp_path / "keep.csv").read_text() == "old"


def test_cycle_and_sweep_files_readable_by_group_and_others(tmp_path, umask):
    """`cellsim cycle` (summary, time series, run.json, figure: the files the report links too) and
    `cellsim sweep` (results.csv, sweep.sqlite) under umask 022."""
    from cellsim.cli import main

    umask(0o022)
    run = tmp_path / "run"
    assert main(["cycle", "--model", "SPMe", "--cycles", "1", "--out", str(run)]) == 0
    spec = tmp_path / "s.toml"
    spec.write_text('name = "fake"\ncell = "default"\nevaluator = "sleep"\nmetrics = ["capacity"]\n'
                    '[[axis]]\nparameter = "temperature"\nvalues = [60, 80]\nunit = "degC"\n')
    sweep = tmp_path / "sweep"
    assert main(["sweep", str(spec), "--out", str(sweep), "--workers", "1", "--no-progress"]) == 0
    files = [*run.iterdir(), sweep / "results.csv", sweep / "sweep.sqlite"]
    assert {f.name for f in run.iterdir()} == {"summary.csv", "timeseries.csv", "run.json", "cycling.png"}
    for f in files:
        assert mode(f) & 0o044 == 0o044, f"{f.name}: {oct(mode(f))}"


def test_check_output_dir(tmp_path):
    assert check_output_dir(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert not (tmp_path / "a").exists()  # checked, not created
    assert check_output_dir(tmp_path) == tmp_path  # an existing folder is fine
    (tmp_path / "f").write_text("x")
    with pytest.raises(ParameterError, match=r"--out.*existing file"):
        check_output_dir(tmp_path / "f")
    with pytest.raises(ParameterError, match=r"a folder that can be created \(.*f is a file\)"):
        check_output_dir(tmp_path / "f" / "g")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]  # the write probe left nothing
