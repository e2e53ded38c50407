"""Sweep execution with a cheap fake evaluator: store, resume, failures, time-outs, SIGKILL, CLI, Dask address."""
import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest

from cellsim.errors import ParameterError
from cellsim.sweep import ResultStore, SweepSpec, load_results, run_sweep
from cellsim.cli.sweep import add_parser, run

ROOT = Path(__file__).resolve().parents[2]


def fake(tmp_path, n=6, **options):
    return SweepSpec.from_dict({
        "name": "fake", "cell": "default", "evaluator": "sleep", "metrics": ["capacity", "hysteresis"],
        "evaluator_options": {"sleep_s": 0.0, "log": str(tmp_path / "calls.log"), **options},
        "axis": [{"parameter": "temperature", "min": "60 degC", "max": "110 degC", "num": n},
                 {"parameter": "cathode.thickness", "values": ["40 um", "60 um"]}]})


def calls(tmp_path):
    f = tmp_path / "calls.log"
    return f.read_text().split() if f.exists() else []


def test_serial_run_stores_every_point_and_resume_computes_nothing(tmp_path):
    s = fake(tmp_path)
    out = tmp_path / "out"
    first = run_sweep(s, out, workers=1, progress=False)
    assert first.computed == 12 and first.counts == {"ok": 12, "failed": 0, "timeout": 0}
    df = pd.read_csv(out / "results.csv")
    assert len(df) == 12 and set(df.status) == {"ok"}
    for col in ("point_id", "temperature [K]", "cathode.thickness [m]", "capacity [mA.h.g-1]", "hysteresis [V]",
                "status", "error", "duration_s", "worker"):
        assert col in df
    # the fake metric is sum(inputs) + len(name): checks that each row carries its own point's inputs
    assert df["capacity [mA.h.g-1]"].to_numpy() == pytest.approx(
        (df["temperature [K]"] + df["cathode.thickness [m]"] + len("capacity")).to_numpy(), rel=1e-12)
    second = run_sweep(s, out, workers=1, progress=False)
    assert second.computed == 0 and len(calls(tmp_path)) == 12  # no evaluator call on resume
    assert len(load_results(out)) == 12
    with closing(sqlite3.connect(out / "sweep.sqlite")) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    fresh = run_sweep(s, out, workers=1, resume=False, progress=False)
    assert fresh.computed == 12 and len(calls(tmp_path)) == 24


def test_new_points_of_an_extended_sweep_are_the_only_ones_computed(tmp_path):
    out = tmp_path / "out"
    run_sweep(fake(tmp_path, n=3), out, workers=1, progress=False)
    before = len(calls(tmp_path))
    run = run_sweep(fake(tmp_path, n=5), out, workers=1, progress=False)  # 60, 85, 110 degC are shared
    assert run.computed == len(calls(tmp_path)) - before == 10 - 6
    assert len(run.results) == 10


def test_failed_point_is_recorded_and_the_sweep_goes_on(tmp_path):
    s = fake(tmp_path, fail_if={"temperature": 333.15, "cathode.thickness": 4e-05})
    out = tmp_path / "out"
    r = run_sweep(s, out, workers=1, progress=False)
    assert r.counts == {"ok": 11, "failed": 1, "timeout": 0}
    bad = r.results[r.results.status == "failed"].iloc[0]
    assert "RuntimeError: evaluator failed on purpose" in bad.error
    assert bad["temperature [K]"] == 333.15 and pd.isna(bad["capacity [mA.h.g-1]"])
    assert run_sweep(s, out, workers=1, progress=False).computed == 0  # failed points are not retried ...
    again = run_sweep(s, out, workers=1, retry_failed=True, progress=False)  # ... unless asked
    assert again.computed == 1 and again.counts["failed"] == 1 and len(again.results) == 12


def test_dotted_path_evaluator(tmp_path):
    from tests_sweep_helpers import fake_evaluators  # noqa: F401  (see conftest: importable by this name)

    fake_evaluators.CALLS.clear()
    s = SweepSpec.from_dict({"evaluator": "tests_sweep_helpers.fake_evaluators:counting", "metrics": ["energy"],
                             "axis": [{"parameter": "temperature", "values": ["60 degC", "70 degC"]}]})
    r = run_sweep(s, tmp_path, workers=1, progress=False)
    assert r.counts["ok"] == 2 and len(fake_evaluators.CALLS) == 2
    assert r.results["energy [W.h.kg-1]"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_points_warnings_are_stored_with_it_not_printed(tmp_path, capfd, workers):
    s = fake(tmp_path, n=3, warn_if={"temperature": 358.15})  # 60, 85, 110 degC x two thicknesses
    r = run_sweep(s, tmp_path / "out", workers=workers, timeout_s=60 if workers > 1 else None, progress=False)
    assert r.counts["ok"] == 6
    hot = r.results["temperature [K]"] == 358.15
    assert r.results.warning[~hot].isna().all()
    for warning in r.results.warning[hot]:  # the message once, though warned twice
        assert warning.startswith("evaluator warned on purpose at {'temperature': 358.15") and ";" not in warning
    assert "warned on purpose" not in capfd.readouterr().err
    with ResultStore(tmp_path / "out") as store:
        assert store.warned() == 2 and store.warned(set(r.results.point_id[~hot])) == 0


def test_a_store_written_before_the_warning_column_gains_it(tmp_path):
    with closing(sqlite3.connect(tmp_path / "sweep.sqlite")) as conn, conn:
        conn.execute("CREATE TABLE points (point_id TEXT PRIMARY KEY, status TEXT NOT NULL, error TEXT, "
                     "duration_s REAL, worker TEXT, variant TEXT, finished_at TEXT, inputs TEXT)")
        conn.execute("INSERT INTO points (point_id, status) VALUES ('old', 'ok')")
    with ResultStore(tmp_path) as store:
        assert "warning" in store.columns() and store.warned() == 0
        store.record({"point_id": "new", "status": "ok", "warning": "w"})
        w = store.load().set_index("point_id").warning
        assert pd.isna(w["old"]) and w["new"] == "w"


def test_pool_kills_a_point_that_exceeds_its_timeout(tmp_path):
    s = fake(tmp_path, n=3, sleep_s=0.05, hang_if={"temperature": 333.15, "cathode.thickness": 6e-05})
    start = time.perf_counter()
    r = run_sweep(s, tmp_path / "out", workers=2, timeout_s=2.0, progress=False)
    took = time.perf_counter() - start
    assert r.counts == {"ok": 5, "failed": 0, "timeout": 1}
    row = r.results[r.results.status == "timeout"].iloc[0]
    assert "time-out of 2 s" in row.error and row.duration_s >= 2.0
    assert took < 30  # the hung worker (sleeping an hour) was killed, not waited for


def test_serial_with_timeout_runs_points_in_a_child_process(tmp_path):
    s = fake(tmp_path, n=1, hang_if={"temperature": 333.15, "cathode.thickness": 4e-05})
    r = run_sweep(s, tmp_path / "out", workers=1, timeout_s=1.5, progress=False)
    assert r.backend == "pool:1" and r.counts == {"ok": 1, "failed": 0, "timeout": 1}


def write_fake_toml(tmp_path, n=10, sleep_s=0.0, options=""):
    f = tmp_path / "fake.toml"
    f.write_text(f"""
name = "fake"
evaluator = "sleep"
metrics = ["capacity"]

[evaluator_options]
sleep_s = {sleep_s}
{options}
log = "{tmp_path / 'calls.log'}"

[[axis]]
parameter = "temperature"
min = "60 degC"
max = "110 degC"
num = {n}

[[axis]]
parameter = "separator.thickness"
values = [50, 100]
unit = "um"
""")
    return f


def test_sigkill_mid_sweep_loses_and_duplicates_nothing(tmp_path):
    toml = write_fake_toml(tmp_path, n=20, sleep_s=0.1)  # 40 points, ~2 s per worker
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "cellsim.sweep", str(toml), "--out", str(out), "--workers", "2", "--no-progress"]
    log = tmp_path / "stderr.txt"
    with open(log, "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    db = out / "sweep.sqlite"
    deadline = time.monotonic() + 60
    stored = {}
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                with closing(sqlite3.connect(db, timeout=5)) as conn:
                    try:
                        stored = dict(conn.execute("SELECT point_id, finished_at FROM points"))
                    except sqlite3.OperationalError:  # table not created yet
                        stored = {}
                if len(stored) >= 8:
                    break
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL, log.read_text()
    assert 8 <= len(stored) < 40  # killed mid-sweep
    with closing(sqlite3.connect(db)) as conn:
        after_kill = dict(conn.execute("SELECT point_id, finished_at FROM points"))
    assert set(stored) <= set(after_kill)  # every committed point survived the kill
    n_calls = len(calls(tmp_path))
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    df = load_results(out)
    assert len(df) == 40 and df.point_id.is_unique and set(df.status) == {"ok"}
    finished = dict(zip(df.point_id, df.finished_at))
    assert all(finished[pid] == t for pid, t in after_kill.items())  # stored points were not recomputed
    assert len(calls(tmp_path)) - n_calls <= 40 - len(after_kill) + 2  # only missing ones (+ the 2 in flight)
    assert len(pd.read_csv(out / "results.csv")) == 40


def parser():
    p = argparse.ArgumentParser(prog="cellsim")
    add_parser(p.add_subparsers(dest="command", required=True))
    return p


def test_cli_runs_resumes_and_reports_failures(tmp_path, capsys):
    toml = write_fake_toml(tmp_path, n=2)
    out = tmp_path / "out"
    args = parser().parse_args(["sweep", str(toml), "--workers", "1", "--out", str(out), "--no-progress"])
    assert args.func(args) == 0 and len(calls(tmp_path)) == 4
    assert "computed 4 point(s)" in capsys.readouterr().out
    args = parser().parse_args(["sweep", str(toml), "--workers", "1", "--out", str(out), "--resume"])
    assert run(args) == 0 and len(calls(tmp_path)) == 4
    assert "computed 0 point(s)" in capsys.readouterr().out
    args = parser().parse_args(["sweep", str(toml), "--workers", "1", "--out", str(out), "--no-resume",
                                "--no-progress"])
    assert run(args) == 0 and len(calls(tmp_path)) == 8
    failing = write_fake_toml(tmp_path, n=2, options="fail_if = {temperature = 333.15}")
    args = parser().parse_args(["sweep", str(failing), "--workers", "1", "--out", str(tmp_path / "o2"),
                                "--no-progress"])
    assert run(args) == 1
    assert "2 failed" in capsys.readouterr().out


@pytest.mark.parametrize("argv, match", [
    (["--workers", "0"], "positive number of workers"),
    (["--timeout", "-3"], "timeout"),
])
def test_cli_rejects_bad_options(tmp_path, capsys, argv, match):
    with pytest.raises(SystemExit):
        parser().parse_args(["sweep", str(write_fake_toml(tmp_path)), *argv])
    assert match in capsys.readouterr().err


def test_cli_bad_spec_fails_before_output(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[axis]]\nparameter = "temprature"\nvalues = ["80 degC"]\n')
    args = parser().parse_args(["sweep", str(bad), "--out", str(tmp_path / "out")])
    with pytest.raises(ParameterError, match="did you mean 'temperature'"):
        run(args)
    assert not (tmp_path / "out").exists()
    r = subprocess.run([sys.executable, "-m", "cellsim.sweep", str(bad)], cwd=ROOT, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2 and "did you mean 'temperature'" in r.stderr


def test_unreachable_dask_scheduler_fails_fast(tmp_path):
    pytest.importorskip("distributed")
    s = fake(tmp_path, n=1)
    start = time.perf_counter()
    with pytest.raises(ParameterError, match=r"reachable Dask scheduler"):
        run_sweep(s, tmp_path / "out", scheduler="tcp://127.0.0.1:9", progress=False)
    assert time.perf_counter() - start < 15  # connect time-out 5 s, no hang
    with ResultStore(tmp_path / "out") as store:
        assert store.counts() == {"ok": 0, "failed": 0, "timeout": 0}


def test_pool_workers_run_single_threaded_blas_and_the_parent_environment_is_unchanged(tmp_path, monkeypatch):
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.delenv(var, raising=False)
    # an evaluator whose metrics are the thread limits seen by the worker (-1: not set); spawned workers get
    # the parent's sys.path, so a module in tmp_path is importable there
    (tmp_path / "envprobe.py").write_text(
        "import os\n\n\ndef thread_limits(point, spec, cache):\n"
        "    return {m: float(os.environ.get(v, -1)) for m, v in zip(spec.metrics, "
        "('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS'))}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    s = SweepSpec.from_dict({"evaluator": "envprobe:thread_limits",
                             "metrics": ["capacity", "energy"],
                             "axis": [{"parameter": "temperature", "values": ["60 degC", "70 degC"]}]})
    r = run_sweep(s, tmp_path / "out", workers=2, progress=False)
    assert r.backend == "pool:2" and r.counts["ok"] == 2, r.results.error.tolist()
    assert r.results["capacity [mA.h.g-1]"].tolist() == [1.0, 1.0]  # OMP_NUM_THREADS in the workers
    assert r.results["energy [W.h.kg-1]"].tolist() == [1.0, 1.0]  # OPENBLAS_NUM_THREADS
    assert "OMP_NUM_THREADS" not in os.environ and "OPENBLAS_NUM_THREADS" not in os.environ
    assert 0 < r.startup_s < r.wall_time_s


def test_queue_helps_with_another_workers_variant_only_when_the_rest_outlasts_a_build():
    from types import SimpleNamespace

    from cellsim.sweep.execute import _Queue

    pts = [SimpleNamespace(id=f"a{i}", variant="A") for i in range(20)]
    idle = SimpleNamespace(variants=["B"])
    q = _Queue(pts)
    assert q.next_for(idle, {"A"}).variant == "A"  # nothing measured yet: help
    q.observe(1.0, built=True)  # a build ~0.99 s, a point 0.01 s
    q.observe(0.01, built=False)
    assert q.next_for(idle, {"A"}) is None  # 19 points x 0.01 s on the other worker: not worth a build
    assert q.next_for(SimpleNamespace(variants=["A"]), {"A"}).variant == "A"  # its own worker goes on
    q.observe(0.2, built=False)  # slower points: 18 x ~0.1 s > 2 x ~0.9 s
    assert q.next_for(idle, {"A"}).variant == "A"


def test_a_task_that_compiles_its_model_gets_the_compile_allowance():
    # compile = "auto" switches the C compiler on for large sweeps: a worker building a compiled model must not be
    # timed out (and replaced, to compile again) for the compiler's seconds
    from types import SimpleNamespace

    from cellsim.sweep.execute import COMPILE_ALLOWANCE_S, _Worker

    w = SimpleNamespace(started=100.0, task=[1, 2, 3], builds=True)
    assert _Worker.deadline(w, 2.0, compile_=False) == 106.0
    assert _Worker.deadline(w, 2.0, compile_=True) == 106.0 + COMPILE_ALLOWANCE_S
    w.builds = False  # its model is built already: no allowance
    assert _Worker.deadline(w, 2.0, compile_=True) == 106.0
