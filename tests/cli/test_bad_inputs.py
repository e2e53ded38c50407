"""Bad input, CLI and API (issue 16): each is a one-line error, exit status 2, no traceback and no output.

Every case is caught before any model is built or solved, so the whole table runs in seconds. The CLI cases run
``cellsim.cli.main(argv)`` in an empty working folder (``tmp_path``, where the default output folders would go)
and check that the folder is unchanged afterwards: nothing created, not even an empty output folder.
"""
import re

import numpy as np
import pytest

from cellsim.cli import main
from cellsim.errors import ParameterError

SWEEP_500_DEGC = """name = "hot"
cell = "default"
model = "SPMe"
metrics = ["capacity"]
[[axis]]
parameter = "temperature"
values = [60, 500]
unit = "degC"
"""

#: (argv, pattern the one-line message must match); "FILE" is an existing file, "CELL" a cell design file,
#: "SWEEP500" a sweep file with a 500 degC axis value
CLI_CASES = [
    # rates
    (["cycle", "--rate", "1.2.3C"], r"rate.*'1\.2\.3C'.*'0\.2C'"),
    (["cycle", "--rate", ".C"], r"rate.*'\.C'"),
    (["cycle", "--rate", "-1C"], r"rate.*'-1C'.*> 0"),
    (["cycle", "--rate", "C/0"], r"rate.*'C/0'.*> 0"),
    (["cycle", "--rate", "1e400C"], r"rate.*finite"),
    (["cycle", "--rate", "25"], r"rate.*'25mA/g'"),
    (["cycle", "--rate", "25mA/kg"], r"rate"),
    # temperatures
    (["cycle", "--temperature", "-40C"], r"'-40C'.*25 to 250 degC.*Li1\.9\(OH\)Cl0\.9; -40C = 233\.15 K is outside"),
    (["cycle", "--temperature=-40C"], r"'-40C'.*data range of the cell's electrolyte"),
    (["cycle", "--temperature", "100"], r"a unit is required"),
    (["cycle", "--temperature", "100F"], r"--temperature\.unit"),
    (["cycle", "--temperature", "1000C"], r"150-700 K.*1273\.15 K"),
    (["cycle", "--temperature", "1e400K"], r"finite"),
    (["cycle", "--temperature", "25K"], r"did you pass degC\? 25 degC is 298\.15 K"),
    (["cycle", "--temperature", "1.2.3C"], r"--temperature.*'1\.2\.3C'"),
    # other cycle options
    (["cycle", "--cycles", "0"], r"cycles.*>= 1"),
    (["cycle", "--cycles", "x"], r"--cycles: invalid int value"),
    (["cycle", "--model", "P2D"], r"--model: invalid choice"),
    (["cycle", "--cell", "defualt"], r"did you mean 'default'"),
    (["cycle", "--cell", "missing.toml"], r"an existing \.toml file"),
    (["cycle", "--out", "FILE"], r"--out.*a folder \(this is an existing file\)"),
    (["cycle", "--out", "FILE/sub"], r"--out.*is a file"),
    (["cycle", "--bogus"], r"unrecognized arguments: --bogus"),
    # report, studies, mechanics, windows
    (["report", "--out", "FILE"], r"--out.*existing file"),
    (["report", "--temperature", "-300C"], r"150-700 K"),
    (["report", "--cell", "nosuchcell"], r"cell.*nosuchcell"),
    (["studies", "--out", "FILE"], r"--out.*existing file"),
    (["studies", "nosuchstudy"], r"study.*nosuchstudy"),
    (["mechanics", "--out", "FILE"], r"--out.*existing file"),
    (["mechanics", "--temperature", "hot"], r"--temperature.*'hot'"),
    (["windows", "--out", "FILE"], r"--out.*existing file"),
    (["windows", "--coating", "Al2O4"], r"did you mean 'Al2O3'"),
    (["windows", "--temperature", "900K"], r"150-700 K"),
    # sweeps
    (["sweep", "CELL"], r"this is a cell design"),
    (["sweep", "missing.toml"], r"missing\.toml"),
    (["sweep", "SWEEP500", "--out", "FILE"], r"--out.*existing file"),
    (["sweep", "SWEEP500"], r"500 degC = 773\.15 K is outside it"),
    (["sweep", "SWEEP500", "--workers", "0"], r"not a positive number of workers"),
    # conductivity
    (["conductivity", "Li3OCl", "--temperature", "5000C"], r"150-700 K.*5000C is 5273\.15 K"),
    (["conductivity", "Li3OCl", "--temperature", "1e400K"], r"finite.*overflows to infinity"),
    (["conductivity", "Li3OCl", "--temperature", "25K"], r"25 degC is 298\.15 K"),
    (["conductivity", "Li3OXl"], r"did you mean 'Li3OCl'"),
    (["conductivity", "li2ohcl"], r"did you mean 'Li2\(OH\)Cl'"),
    (["conductivity", "Li3OCl", "--grain-size", "16m"], r"grain_size_m.*1 nm to 1 cm"),
    (["conductivity", "Li3OCl", "--grain-size", "0nm"], r"grain_size_m"),
    (["conductivity", "Li3OCl", "--gb-model", "magic"], r"--gb-model: invalid choice"),
    (["conductivity", "fit"], r"needs a CSV file"),
    (["conductivity", "fit", "missing.csv"], r"missing\.csv"),
    # the command itself
    ([], r"the following arguments are required: command"),
    (["simulate"], r"invalid choice: 'simulate'"),
]


def _snapshot(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "FILE").write_text("not a folder")
    (tmp_path / "SWEEP500").with_suffix(".toml").write_text(SWEEP_500_DEGC)
    return tmp_path


def _argv(args, workdir):
    from cellsim.parameters import loader

    names = {"CELL": str(loader.builtin_dir() / "cells" / "default.toml"), "SWEEP500": "SWEEP500.toml"}
    return [names.get(a, a) for a in args]


def assert_one_line_error(rc, err, pattern):
    assert rc == 2, err
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert re.search(pattern, err), err


@pytest.mark.parametrize("args,pattern", CLI_CASES, ids=[" ".join(a) or "(none)" for a, _ in CLI_CASES])
def test_cli_bad_input(workdir, capsys, args, pattern):
    before = _snapshot(workdir)
    rc = main(_argv(args, workdir))
    captured = capsys.readouterr()
    assert_one_line_error(rc, captured.err, pattern)
    assert captured.out == ""
    assert _snapshot(workdir) == before  # no output folder, no partial files


def test_missing_parameter_path_folder(workdir, capsys, monkeypatch):
    monkeypatch.setenv("CELLSIM_PARAMETER_PATH", str(workdir / "no-such-folder"))
    assert_one_line_error(main(["conductivity", "Li3OCl"]), capsys.readouterr().err,
                          r"CELLSIM_PARAMETER_PATH.*no-such-folder.*does not exist")


def test_unwritable_output_folder(workdir, capsys):
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    locked = workdir / "locked"
    locked.mkdir(mode=0o555)
    try:
        assert_one_line_error(main(["cycle", "--out", str(locked / "run")]), capsys.readouterr().err,
                              r"--out.*a folder that can be created in")
        assert not (locked / "run").exists()
    finally:
        locked.chmod(0o755)


def test_version(capsys):
    assert main(["--version"]) == 0
    import cellsim

    assert capsys.readouterr().out.strip() == f"cellsim {cellsim.__version__}"


def _api_cases(tmp_path):
    import cellsim
    from cellsim.cell.protocol import Protocol, parse_rate
    from cellsim.electrolyte.fitting import fit_arrhenius
    from cellsim.files import check_output_dir
    from cellsim.parameters.units import parse_quantity
    from cellsim.report import cell_report
    from cellsim.sweep import run_sweep
    from cellsim.sweep.spec import convert_value, parameter_info

    afile = tmp_path / "FILE"
    spec = {"name": "fake", "cell": "default", "evaluator": "sleep", "metrics": ["capacity"],
            "axis": [{"parameter": "temperature", "values": [60, 80], "unit": "degC"}]}
    return [
        (lambda: cellsim.conductivity("Li3OCl", 25), r"did you pass degC\? 25 degC is 298\.15 K"),
        (lambda: cellsim.conductivity("Li3OCl", 298.15, grain_size_m=16), r"grain_size_m.*16 nm is 16e-9"),
        (lambda: cellsim.conductivity("Li3OCl", np.inf), r"temperature_K.*inf"),
        (lambda: cellsim.conductivity("Li3OCl", 5273.15), r"150-700 K$"),
        (lambda: cellsim.conductivity("Li3OXl", 300.0), r"did you mean 'Li3OCl'"),
        (lambda: cellsim.conductivity("Li3OCl", 300.0, gb_model="magic"), r"gb_model"),
        (lambda: cellsim.cycle(temperature_K=25), r"25 degC is 298\.15 K"),
        (lambda: cellsim.cycle(rate="1.2.3C"), r"rate.*'1\.2\.3C'"),
        (lambda: cellsim.cycle(rate="-1C"), r"rate.*> 0"),
        (lambda: cellsim.cycle(cycles=0), r"cycles"),
        (lambda: cellsim.cycle(model="P2D"), r"model"),
        (lambda: Protocol(c_rate=-1.0), r"rate.*> 0"),
        (lambda: parse_rate("C/0"), r"rate.*> 0"),
        (lambda: parse_quantity("1e400K", "K", "temperature"), r"finite"),
        (lambda: convert_value(parameter_info("temperature"), 500, unit="degC"),
         r"500 degC = 773\.15 K is outside it"),
        (lambda: run_sweep(spec, afile, workers=1, progress=False), r"out_dir.*existing file"),
        (lambda: cell_report("default", afile), r"out_dir.*existing file"),
        (lambda: fit_arrhenius([300, 350, 400, 450, 500, 550], [1, 2, 3, 4, 5, 6], transition="best"),
         r"'auto', 'split'"),
        (lambda: check_output_dir(afile / "sub"), r"is a file"),
    ]


API_IDS = ["conductivity 25 K", "grain 16 m", "conductivity inf", "conductivity 5273 K", "electrolyte typo",
           "gb_model", "cycle 25 K", "cycle rate 1.2.3C", "cycle rate -1C", "cycle 0 cycles", "cycle model",
           "Protocol c_rate -1", "parse_rate C/0", "parse_quantity 1e400K", "sweep 500 degC",
           "run_sweep out file", "cell_report out file", "fit transition", "check_output_dir"]


@pytest.mark.parametrize("i", range(len(API_IDS)), ids=API_IDS)
def test_api_bad_input(tmp_path, i):
    (tmp_path / "FILE").write_text("not a folder")
    before = _snapshot(tmp_path)
    call, pattern = _api_cases(tmp_path)[i]
    with pytest.raises(ParameterError, match=pattern) as err:
        call()
    assert "\n" not in str(err.value)
    assert _snapshot(tmp_path) == before


def test_table_size():
    assert len(CLI_CASES) + len(API_IDS) + 2 >= 40  # issue 16: at least 40 bad inputs


ADDITIVE = 'additive = {material = "carbon_black", volume_fraction = {value = 0.12,'


@pytest.mark.parametrize("value,pattern", [
    ("-0.1", r"cathode\.additive\.volume_fraction.*-0\.1.*\[0\.0, 1\.0\]"),
    ("1.5", r"cathode\.additive\.volume_fraction.*1\.5.*\[0\.0, 1\.0\]"),
    ("0.2", r"cathode\.additive\.volume_fraction.*0\.2.*active \+ electrolyte \+ additive.*got 1\.06"),
])
def test_cli_bad_additive_fraction(workdir, capsys, value, pattern):
    from cellsim.parameters import loader

    text = (loader.builtin_dir() / "cells" / "default_carbon.toml").read_text()
    (workdir / "cell.toml").write_text(text.replace(ADDITIVE, ADDITIVE.replace("0.12", value), 1))
    before = _snapshot(workdir)
    rc = main(["cycle", "--cell", "cell.toml", "--out", "run"])
    captured = capsys.readouterr()
    assert_one_line_error(rc, captured.err, pattern)
    assert captured.out == ""
    assert _snapshot(workdir) == before  # no output folder
