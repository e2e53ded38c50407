"""Ctrl-C (SIGINT) during `cellsim cycle` and `cellsim sweep`: exit status 130, one line, completed work kept."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def _start(args, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    err = open(tmp_path / "stderr.txt", "wb")
    # SIGINT back to its default in the child (a shell may have started the tests with it ignored)
    proc = subprocess.Popen([sys.executable, "-m", "cellsim", *args], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                            stderr=err, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    return proc, err


def _interrupt_when(proc, err, ready, tmp_path, timeout=120):
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and proc.poll() is None and not ready():
            time.sleep(0.05)
        assert proc.poll() is None, (tmp_path / "stderr.txt").read_text()
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err.close()
    return proc.returncode, (tmp_path / "stderr.txt").read_text()


def test_ctrl_c_during_cycle_keeps_completed_cycles(tmp_path):
    """DFN, 400 cycles (minutes): interrupted after cycle 3 started, the cycles before are saved."""
    out = tmp_path / "run"
    proc, err = _start(["cycle", "--cycles", "400", "--out", str(out)], tmp_path)
    rc, stderr = _interrupt_when(proc, err, lambda: "cycle 4 of 400" in (tmp_path / "stderr.txt").read_text(),
                                 tmp_path)
    assert rc == 130, stderr
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("cellsim: interrupted (Ctrl-C) after ") and f"saved them to {out}" in last
    n = int(last.split(" after ")[1].split()[0])
    summary = pd.read_csv(out / "summary.csv")
    assert n >= 3 and len(summary) == n and list(summary.cycle) == list(range(1, n + 1))
    assert {p.name for p in out.iterdir()} == {"summary.csv", "timeseries.csv", "run.json", "cycling.png"}
    assert '"termination": "interrupted (Ctrl-C)"' in (out / "run.json").read_text()


def test_ctrl_c_during_sweep_keeps_stored_points(tmp_path):
    spec = tmp_path / "slow.toml"
    spec.write_text('name = "slow"\ncell = "default"\nevaluator = "sleep"\nmetrics = ["capacity"]\n'
                    "[evaluator_options]\nsleep_s = 0.2\n"
                    '[[axis]]\nparameter = "temperature"\nmin = "60 degC"\nmax = "110 degC"\nnum = 200\n')
    out = tmp_path / "out"
    proc, err = _start(["sweep", str(spec), "--out", str(out), "--workers", "2", "--no-progress"], tmp_path)

    def some_stored():
        import sqlite3
        from contextlib import closing

        db = out / "sweep.sqlite"
        if not db.exists():
            return False
        try:
            with closing(sqlite3.connect(db, timeout=5)) as conn:
                return conn.execute("SELECT COUNT(*) FROM points").fetchone()[0] >= 4
        except sqlite3.OperationalError:
            return False

    rc, stderr = _interrupt_when(proc, err, some_stored, tmp_path)
    assert rc == 130, stderr
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("cellsim: interrupted (Ctrl-C); ") and "of 200 point(s) stored" in last
    n = int(last.split("; ")[1].split()[0])
    df = pd.read_csv(out / "results.csv")
    assert 4 <= n < 200 and len(df) == n and set(df.status) == {"ok"}
