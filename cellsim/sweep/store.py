"""The sweep result store: one SQLite file in WAL mode, one committed row per finished point.

Each finished point is written in its own transaction, so a sweep killed at any moment (even with
SIGKILL) keeps every point that finished before; rerunning computes only what is missing. WAL mode
lets readers (a notebook looking at partial results) work while the sweep writes. ``synchronous =
NORMAL``: a process crash never loses a committed row; a power cut may lose the last few, never
corrupts the file.

Columns: ``point_id`` (stable hash of the point's inputs), one column per input parameter (name with
its SI unit, ``"cathode.thickness [m]"``), one per metric (``"capacity [mA.h.g-1]"``), ``status``
(ok / failed / timeout), ``error``, ``warning`` (what the point warned about, e.g. an electrode past its OCP fit;
empty if nothing), ``duration_s``, ``worker``, ``variant``, ``finished_at`` (UTC ISO).
"""
from __future__ import annotations

import datetime
import json
import sqlite3
from pathlib import Path

from ..files import atomic_write

STATUSES = ("ok", "failed", "timeout")
DB_NAME = "sweep.sqlite"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class ResultStore:
    """A sweep's SQLite result table.

    Parameters
    ----------
    path : path
        The output folder (the database is ``DIR/sweep.sqlite``) or a ``.sqlite`` file.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, ResultStore(d) as store:
    ...     store.record({"point_id": "a1", "status": "ok", "duration_s": 0.1, "worker": "w"},
    ...                  inputs={"temperature [K]": 353.15}, metrics={"capacity [mA.h.g-1]": 150.0})
    ...     store.load()[["point_id", "temperature [K]", "capacity [mA.h.g-1]", "status"]].values.tolist()
    [['a1', 353.15, 150.0, 'ok']]
    """

    def __init__(self, path):
        path = Path(path)
        if path.suffix != ".sqlite":
            path.mkdir(parents=True, exist_ok=True)
            path = path / DB_NAME
        self.path = path
        self._known: set | None = None  # columns known to exist (this connection added or saw them)
        self.conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)  # autocommit; explicit BEGIN
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        with self._transaction():
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS points (point_id TEXT PRIMARY KEY, status TEXT NOT NULL, error TEXT, "
                "duration_s REAL, worker TEXT, variant TEXT, finished_at TEXT, inputs TEXT)")
            self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self.ensure_columns(["warning"], "TEXT")  # stores written before points kept their warnings

    # -- context and transactions -------------------------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _transaction(self):
        conn = self.conn

        class _Tx:
            def __enter__(self_):
                conn.execute("BEGIN IMMEDIATE")

            def __exit__(self_, typ, *rest):
                conn.execute("COMMIT" if typ is None else "ROLLBACK")

        return _Tx()

    # -- schema -------------------------------------------------------------------------------------------------
    def columns(self) -> list[str]:
        return [row[1] for row in self.conn.execute("PRAGMA table_info(points)")]

    def ensure_columns(self, names, sql_type: str = "") -> None:
        """Add columns that are missing (new axes or metrics on a resumed store)."""
        if self._known is not None and self._known.issuperset(names):
            return  # every point checks its columns: skip the schema query when nothing is new
        have = set(self.columns())
        missing = [n for n in names if n not in have]
        if missing:
            with self._transaction():
                for n in missing:
                    self.conn.execute(f"ALTER TABLE points ADD COLUMN {_q(n)} {sql_type}".rstrip())
        self._known = have | set(missing)

    def set_meta(self, key: str, value) -> None:
        with self._transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value, default=str)))

    def get_meta(self, key: str, default=None):
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    # -- rows ---------------------------------------------------------------------------------------------------
    def record(self, outcome: dict, inputs: dict | None = None, metrics: dict | None = None,
               variant: str | None = None, raw_inputs: dict | None = None) -> None:
        """Commit one finished point (insert, or replace a failed row being retried).

        ``outcome`` has point_id, status, error, duration_s, worker (and optionally warning); ``inputs`` and
        ``metrics`` map column names to values.
        """
        if outcome["status"] not in STATUSES:
            raise ValueError(f"status {outcome['status']!r} is not one of {STATUSES}")
        inputs, metrics = inputs or {}, metrics or {}
        self.ensure_columns([*inputs, *metrics])
        row = {"point_id": outcome["point_id"], "status": outcome["status"], "error": outcome.get("error"),
               "warning": outcome.get("warning"), "duration_s": outcome.get("duration_s"),
               "worker": outcome.get("worker"), "variant": variant,
               "finished_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"),
               "inputs": json.dumps(raw_inputs if raw_inputs is not None else inputs, sort_keys=True, default=str),
               **inputs, **metrics}
        cols = ", ".join(_q(c) for c in row)
        marks = ", ".join("?" for _ in row)
        with self._transaction():
            self.conn.execute(f"INSERT OR REPLACE INTO points ({cols}) VALUES ({marks})", list(row.values()))

    def statuses(self) -> dict[str, str]:
        """{point_id: status} of every stored point."""
        return dict(self.conn.execute("SELECT point_id, status FROM points"))

    def done(self, retry_failed: bool = False) -> set[str]:
        """Ids that need no computation: ok points, plus failed/timed-out ones unless ``retry_failed``."""
        return {pid for pid, st in self.statuses().items() if st == "ok" or not retry_failed}

    def counts(self, ids=None) -> dict[str, int]:
        """Number of points per status (optionally among ``ids`` only)."""
        out = dict.fromkeys(STATUSES, 0)
        for pid, st in self.statuses().items():
            if ids is None or pid in ids:
                out[st] = out.get(st, 0) + 1
        return out

    def warned(self, ids=None) -> int:
        """Number of stored points (optionally among ``ids`` only) that finished with a warning."""
        rows = self.conn.execute("SELECT point_id FROM points WHERE warning IS NOT NULL AND warning != ''")
        return sum(1 for (pid,) in rows if ids is None or pid in ids)

    def clear(self) -> None:
        """Delete every stored point (a fresh start, ``--no-resume``)."""
        with self._transaction():
            self.conn.execute("DELETE FROM points")

    def load(self, ids=None):
        """The stored points as a pandas DataFrame (optionally only ``ids``), in insertion order."""
        import pandas as pd

        cur = self.conn.execute("SELECT * FROM points ORDER BY rowid")
        names = [d[0] for d in cur.description]
        df = pd.DataFrame(cur.fetchall(), columns=names)
        if ids is not None:
            df = df[df["point_id"].isin(set(ids))].reset_index(drop=True)
        return df

    def export(self, out_dir=None, ids=None) -> dict:
        """Write ``results.csv`` (and ``results.parquet`` if pyarrow is installed) to ``out_dir``."""
        out = Path(out_dir) if out_dir is not None else self.path.parent
        df = self.load(ids)
        paths = {"csv": out / "results.csv"}
        atomic_write(paths["csv"], lambda tmp: df.to_csv(tmp, index=False))
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            return paths
        paths["parquet"] = out / "results.parquet"
        atomic_write(paths["parquet"], lambda tmp: df.to_parquet(tmp, index=False))
        return paths


def load_results(path):
    """The results of a sweep output folder (or .sqlite file) as a pandas DataFrame."""
    with ResultStore(path) as store:
        return store.load()
