"""A wheel built from the checkout carries the parameter sets and the study scripts, and an installed cellsim
(not the checkout) finds them: ``pip install .`` gives a working cellsim (issue 11, package data).

The wheel is installed with ``pip install --no-deps --target`` into a temporary folder that is put first on
PYTHONPATH, and cellsim runs with the current interpreter from another directory, so its dependencies come from
the current environment while ``cellsim`` itself is the installed copy (checked through ``cellsim.__file__``).
"""
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_SUFFIXES = (".toml", ".md", ".csv")
# what is not part of the source tree: caches, build output, virtual environments, run outputs
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                    "*-out", "results", "tests", "benchmarks")

CHECK = r"""
import json, sys
import cellsim
from cellsim.parameters import available, builtin_dir, load_cell_design, load_electrolyte, studies_dir
from cellsim.report import study_scripts

cellsim.load_cell("default")
electrolytes = available("electrolyte")
for name in electrolytes:
    load_electrolyte(name)
print(json.dumps({"cellsim": cellsim.__file__, "parameter_sets": str(builtin_dir()), "studies": str(studies_dir()),
                  "electrolytes": electrolytes, "cells": available("cell"), "study_scripts": sorted(study_scripts())}))
"""
CLI = "import sys; from cellsim.cli import main; sys.exit(main(sys.argv[1:]))"


def _backend_in_env() -> bool:
    """setuptools >= 70.1 (bdist_wheel built in) is installed here, so the wheel builds without downloads."""
    try:
        major, minor = (int(x) for x in importlib.metadata.version("setuptools").split(".")[:2])
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return False
    return (major, minor) >= (70, 1)


def _files(folder: Path, suffixes) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.suffix in suffixes and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(site folder holding the installed wheel, environment that imports it, an unrelated working folder)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)  # build from a copy: no build/ or egg-info in the checkout
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-input", "-w", str(tmp / "dist"), str(src)]
    if _backend_in_env():
        build.insert(4, "--no-build-isolation")
    # otherwise pip fetches the build backend (setuptools) into an isolated environment, from its cache if there
    done = subprocess.run(build, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (wheel,) = (tmp / "dist").glob("cellsim-*.whl")
    site = tmp / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--no-input",
                           "--target", str(site), str(wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    env = {k: v for k, v in os.environ.items() if k not in ("CELLSIM_PARAMETER_PATH", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    env["MPLBACKEND"] = "Agg"
    cwd = tmp / "elsewhere"
    cwd.mkdir()
    return site, env, cwd


def _run(installed, *args):
    _, env, cwd = installed
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd)


@pytest.mark.slow
def test_installed_wheel_finds_its_parameter_sets_and_studies(installed):
    site = installed[0]
    done = _run(installed, "-c", CHECK)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    # the installed copy runs, not the checkout, and it reads its own data
    for key in ("cellsim", "parameter_sets", "studies"):
        assert Path(found[key]).resolve().is_relative_to(site.resolve()), (key, found[key])
    assert "default" in found["cells"]
    assert found["study_scripts"] == sorted(
        p.stem for p in (ROOT / "studies").glob("*.py") if "def main(" in p.read_text())
    # every data file and every module of the checkout is in the wheel
    assert _files(Path(found["parameter_sets"]), DATA_SUFFIXES) == _files(ROOT / "parameter_sets", DATA_SUFFIXES)
    assert _files(Path(found["studies"]), DATA_SUFFIXES + (".py",)) == _files(ROOT / "studies", DATA_SUFFIXES + (".py",))
    assert _files(site / "cellsim", (".py",)) >= _files(ROOT / "cellsim", (".py",))
    assert len(found["electrolytes"]) == len(list((ROOT / "parameter_sets" / "electrolytes").glob("*.toml")))


@pytest.mark.slow
def test_installed_cli_lists_parameter_sets_and_studies(installed):
    done = _run(installed, "-c", CLI, "list")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "cells: default" in done.stdout and "Li3OCl" in done.stdout
    # an unknown study name is refused with the list of the studies found in the installed copy
    done = _run(installed, "-c", CLI, "studies", "no-such-study")
    assert done.returncode == 2, done.stderr[-3000:]
    assert "arrhenius" in done.stderr and "windows" in done.stderr
