"""A real distributed run: a Dask scheduler and two Dask workers started as separate processes on 127.0.0.1
(``dask scheduler`` / ``dask worker``, as on a cluster), a sweep sent to them with ``--scheduler ADDRESS``.

1. The cell evaluator (SPMe, one cycle) on the cluster gives the serial numbers.
2. A worker killed (SIGKILL, nanny and worker together: a lost machine) mid-sweep loses no finished point:
   Dask reruns its in-flight task on the other worker and the sweep completes; then the sweep's own process is
   killed and a rerun with resume computes only the missing points.

Every process is started in its own session and killed with its group in a ``finally``; every wait is bounded.
"""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from cellsim.sweep import load_results, run_sweep

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90  # scheduler file written / workers registered (imports on a busy 2-core machine)


def _env():
    env = dict(os.environ)
    # the processes import cellsim from this checkout (as the test does), never telemetry or a browser
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env["PYBAMM_DISABLE_TELEMETRY"] = "true"
    return env


def _start(args, log):
    with open(log, "wb") as fh:
        return subprocess.Popen([sys.executable, "-m", *args], cwd=ROOT, env=_env(), stdout=fh,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _kill(proc):
    """SIGKILL a process and everything in its session (the nanny's worker process too)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:  # pragma: no cover - the kernel reaps a SIGKILLed process at once
        pass


def _wait_for(condition, timeout, what, logs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    text = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in logs if p.exists())
    raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{text}")


class Cluster:
    """A scheduler and named workers on 127.0.0.1, each a separate process group."""

    def __init__(self, tmp):
        self.tmp, self.procs, self.workers = tmp, [], {}
        self.file = tmp / "scheduler.json"
        log = tmp / "scheduler.log"
        self.scheduler = _start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                                 "--no-dashboard", "--scheduler-file", str(self.file), "--idle-timeout", "300s"],
                                log)
        self.procs.append(self.scheduler)
        self.logs = [log]

        def address():
            if self.file.exists():
                import json

                try:
                    return json.loads(self.file.read_text())["address"]
                except (ValueError, KeyError):  # being written
                    return None
            assert self.scheduler.poll() is None, log.read_text()
            return None

        self.address = _wait_for(address, START_TIMEOUT_S, "the scheduler file", self.logs)
        assert self.address.startswith("tcp://127.0.0.1:")

    def add_worker(self, name):
        log = self.tmp / f"{name}.log"
        self.logs.append(log)
        proc = _start(["distributed.cli.dask_worker", "--scheduler-file", str(self.file), "--nworkers", "1",
                       "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard", "--name", name,
                       "--death-timeout", "60", "--local-directory", str(self.tmp / "dask-scratch")], log)
        self.procs.append(proc)
        self.workers[name] = proc
        return proc

    def wait_for_workers(self, n):
        def registered():
            return sum("Registered to" in p.read_text() for p in self.logs[1:] if p.exists()) >= n
        _wait_for(registered, START_TIMEOUT_S, f"{n} worker(s) to register", self.logs)

    def close(self):
        for p in reversed(self.procs):
            _kill(p)


@pytest.fixture
def cluster(tmp_path):
    c = None
    try:
        c = Cluster(tmp_path)
        c.add_worker("w0")
        c.add_worker("w1")
        c.wait_for_workers(2)
        yield c
    finally:
        if c is not None:
            c.close()


def _sweep_cmd(toml, out, address):
    return [sys.executable, "-m", "cellsim.sweep", str(toml), "--out", str(out), "--scheduler", address,
            "--no-progress"]


CELL_TOML = """
name = "dask-cell"
cell = "default"
model = "SPMe"
metrics = ["capacity", "hysteresis", "energy"]

[protocol]
cycles = 1

[[axis]]
parameter = "temperature"
values = [60, 100]
unit = "degC"

[[axis]]
parameter = "cathode.thickness"
values = [40, 60]
unit = "um"
"""
COLUMNS = ["capacity [mA.h.g-1]", "hysteresis [V]", "energy [W.h.kg-1]"]


def test_cell_sweep_on_a_scheduler_and_two_worker_processes_gives_the_serial_numbers(cluster, tmp_path):
    toml = tmp_path / "cell.toml"
    toml.write_text(CELL_TOML)
    done = subprocess.run(_sweep_cmd(toml, tmp_path / "dask", cluster.address), cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    assert f"(dask:{cluster.address})" in done.stdout
    dask = load_results(tmp_path / "dask").set_index("point_id").sort_index()
    assert len(dask) == 4 and set(dask.status) == {"ok"}, dask.error.tolist()
    assert all(w.startswith("tcp://127.0.0.1:") for w in dask.worker)  # computed on the Dask workers
    serial = run_sweep(tmp_path / "cell.toml", tmp_path / "serial", workers=1, progress=False)
    assert serial.backend == "serial"
    ref = serial.results.set_index("point_id").sort_index()
    # the same built problem and solver in another process: equal to solver round-off
    assert dask[COLUMNS].to_numpy() == pytest.approx(ref[COLUMNS].to_numpy(), rel=1e-9)


SLEEP_TOML = """
name = "dask-kill"
evaluator = "sleep"
metrics = ["capacity"]

[evaluator_options]
sleep_s = 0.15
log = "{log}"

[[axis]]
parameter = "temperature"
min = "60 degC"
max = "110 degC"
num = 30

[[axis]]
parameter = "separator.thickness"
values = [50, 100]
unit = "um"
"""
N_POINTS = 60  # 0.15 s each: ~4.5 s on two workers


def _stored(db):
    if not db.exists():
        return {}
    with closing(sqlite3.connect(db, timeout=5)) as conn:
        try:
            return {pid: (t, w) for pid, t, w in conn.execute("SELECT point_id, finished_at, worker FROM points")}
        except sqlite3.OperationalError:  # the table is not created yet
            return {}


def test_a_worker_killed_mid_sweep_loses_no_finished_point_and_resume_completes(cluster, tmp_path):
    calls = tmp_path / "calls.log"
    toml = tmp_path / "sleep.toml"
    toml.write_text(SLEEP_TOML.format(log=calls))
    out = tmp_path / "out"
    db = out / "sweep.sqlite"
    cmd = _sweep_cmd(toml, out, cluster.address)
    log = tmp_path / "sweep1.log"
    with open(log, "wb") as fh:
        sweep = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=fh, stderr=subprocess.STDOUT,
                                 start_new_session=True)
    try:
        # both workers have delivered points: kill w0 (nanny and worker process, like a lost machine)
        before = _wait_for(lambda: (lambda s: s if len(s) >= 8 and len({w for _, w in s.values()}) == 2 else None)(
            _stored(db)), 120, "8 stored points from 2 workers", [log, *cluster.logs])
        _kill(cluster.workers["w0"])
        at_kill = _stored(db)
        assert len(at_kill) < N_POINTS, "the sweep ended before the kill: make it longer"
        # the sweep goes on on w1 (Dask reruns w0's in-flight task there); kill the sweep itself part-way
        _wait_for(lambda: len(_stored(db)) >= len(at_kill) + 8 or sweep.poll() is not None, 120,
                  "8 more points on the surviving worker", [log, *cluster.logs])
    finally:
        _kill(sweep)
    time.sleep(1.0)  # the scheduler drops the dead client's tasks; a task already running on w1 ends (0.15 s)
    after = _stored(db)
    assert set(before) <= set(at_kill) <= set(after)
    assert all(after[pid] == at_kill[pid] for pid in at_kill)  # every finished point kept, none rewritten
    assert len(after) >= len(at_kill) + 8
    n_calls = len(calls.read_text().split())
    # resume on the surviving worker: only the missing points are computed, and all of them
    done = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr + done.stdout
    assert f"computed {N_POINTS - len(after)} point(s)" in done.stdout
    df = load_results(out)
    assert len(df) == N_POINTS and df.point_id.is_unique and set(df.status) == {"ok"}
    assert all(dict(zip(df.point_id, df.finished_at))[pid] == t for pid, (t, _) in after.items())
    # the rerun evaluated the missing points (at most one more: a task still ending after the sweep's kill)
    assert N_POINTS - len(after) <= len(calls.read_text().split()) - n_calls <= N_POINTS - len(after) + 1
    survivors = set(df.worker[~df.point_id.isin(before)])
    assert len(survivors) >= 1 and all(w.startswith("tcp://127.0.0.1:") for w in survivors)
