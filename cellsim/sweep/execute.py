"""Running a sweep: serial, a local process pool, or Dask; every finished point committed to the store.

Build once, solve many: pending points are grouped by structural variant (the built cell model they
need); each worker keeps a cache {variant: CellModel} and is preferably handed points of the variants
it already built, so a 20 x 10 temperature x thickness grid builds each of its 10 models about once.

Backends
--------
serial (``workers=1``, no time-out)
    Points are evaluated in this process.
local process pool (``workers=N`` > 1, or any time-out)
    N worker processes started with the ``spawn`` method (PyBaMM/casadi are not fork-safe), fed one
    point at a time through pipes. Start-up is paid once per worker: a worker imports PyBaMM (for the
    ``cell`` evaluator) before it reports ready and keeps its built models across the points it is fed.
    Each worker runs single-threaded BLAS/OpenMP (``OMP_NUM_THREADS`` etc. = 1 in its environment before
    numpy loads, unless the user set them), so N workers on N cores do not oversubscribe. A point that
    exceeds its time-out is recorded as ``"timeout"`` and its worker is killed and replaced; a worker that
    dies (segfault, OOM kill) is recorded as a failed point and replaced.
    (``concurrent.futures.ProcessPoolExecutor`` cannot kill one hung worker without breaking the whole
    pool, hence this small pool on :mod:`multiprocessing`'s spawn context.)
Dask (``scheduler="local"`` or ``"tcp://host:port"``)
    One task per point, submitted variant by variant; each Dask worker process keeps its own model cache.
    (Dask's nanny pins the same BLAS/OpenMP variables to 1: ``distributed.nanny.pre-spawn-environ``.)
    Per-point time-outs are not enforced under Dask (a running task cannot be interrupted); a warning says so.
    Start external workers with ``--nthreads 1``: a point's warnings are caught per process (Python's warning
    filters are global), so with several threads a warning could be stored with a concurrent point.
"""
from __future__ import annotations

import collections
import dataclasses
import os
import statistics
import sys
import threading
import time
import warnings
from pathlib import Path

from ..errors import ParameterError
from .evaluate import batch_size, release_freed_memory, run_point, run_points
from .metrics import metric_columns
from .spec import SweepSpec, load_sweep
from ..files import check_output_dir
from .store import ResultStore

CONNECT_TIMEOUT_S = 5.0  # how long to try to reach a remote Dask scheduler
#: set to 1 in each spawned worker's environment (read by OpenBLAS / MKL / OpenMP when numpy or casadi load):
#: one process per core, each single-threaded, rather than N processes x N threads fighting over N cores
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                    "NUMEXPR_NUM_THREADS")


@dataclasses.dataclass
class SweepRun:
    """The outcome of :func:`run_sweep`.

    Attributes
    ----------
    results : pandas.DataFrame
        One row per point of the sweep (stored now or in earlier runs).
    computed : int
        Points evaluated in this run (0 when everything was already stored).
    counts : dict
        Number of points per status (ok / failed / timeout) in the whole sweep.
    startup_s : float
        Seconds from the start of the run until every worker of a local pool was ready (spawned, imports
        done); 0 for the serial and Dask backends. ``wall_time_s - startup_s`` is the steady-state time a
        longer sweep scales with.
    """

    out_dir: Path
    results: object
    computed: int
    counts: dict
    wall_time_s: float
    paths: dict
    backend: str
    startup_s: float = 0.0


def default_workers() -> int:
    """Cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_sweep(spec, out_dir, workers: int | None = None, scheduler: str | None = None, resume: bool = True,
              retry_failed: bool = False, timeout_s: float | None = None, progress: bool = True,
              dask_options: dict | None = None) -> SweepRun:
    """Run a sweep and store every finished point in ``out_dir/sweep.sqlite``; export ``out_dir/results.csv``.

    Parameters
    ----------
    spec : SweepSpec, dict or path to a sweep TOML file
    out_dir : path
        Output folder (created).
    workers : int, optional
        Worker processes (default: all cores); ``1`` runs in this process unless a time-out is set.
    scheduler : str, optional
        ``"local"`` (a Dask LocalCluster with ``workers`` workers) or a Dask scheduler address
        ``"tcp://host:port"``; default: no Dask.
    resume : bool
        Keep the points already stored and compute only the missing ones (default); False starts afresh.
    retry_failed : bool
        Also recompute stored points whose status is failed or timeout.
    timeout_s : float, optional
        Per-point time-out [s]; default: the spec's ``timeout``.
    progress : bool
        Show a progress bar (tqdm) with rate and ETA on stderr.
    dask_options : dict, optional
        Extra keyword arguments of ``distributed.LocalCluster`` (e.g. ``processes=False``).
    """
    if isinstance(spec, dict):
        spec = SweepSpec.from_dict(spec)
    elif not isinstance(spec, SweepSpec):
        spec = load_sweep(spec)
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise ParameterError("workers", workers, "a positive integer number of worker processes")
    timeout_s = spec.timeout_s if timeout_s is None else timeout_s
    if timeout_s is not None and not timeout_s > 0:
        raise ParameterError("timeout", timeout_s, "a positive number of seconds")
    out = check_output_dir(out_dir, "out_dir")  # a bad output folder fails before any point runs
    start = time.perf_counter()
    points = spec.points()
    ids = [p.id for p in points]
    with ResultStore(out) as store:
        if not resume:
            store.clear()
        columns = {**spec.columns}
        metric_cols = metric_columns(spec.metrics)
        store.ensure_columns([*columns.values(), *metric_cols.values()])
        store.set_meta("spec", spec.to_dict())
        done = store.done(retry_failed) & set(ids)
        pending = _group_by_variant([p for p in points if p.id not in done])
        backend, outcomes = _backend(spec, pending, workers, scheduler, timeout_s, dask_options)
        computed = 0
        bar = _progress_bar(len(points), len(points) - len(pending), spec.name, progress and bool(pending))
        by_id = {p.id: p for p in pending}
        failures = 0
        try:
            for outcome in outcomes:
                p = by_id[outcome["point_id"]]
                store.record(outcome, inputs={columns[k]: v for k, v in p.values.items()},
                             metrics={metric_cols[k]: v for k, v in outcome["metrics"].items() if k in metric_cols},
                             variant=p.variant, raw_inputs=p.values)
                computed += 1
                failures += outcome["status"] != "ok"
                if bar is not None:
                    bar.update(1)
                    if failures:
                        bar.set_postfix(failed=failures, refresh=False)
        finally:
            if bar is not None:
                bar.close()
            close = getattr(outcomes, "close", None)
            if close is not None:
                close()  # stops workers / the Dask client even when interrupted
            paths = store.export(out, ids)
        results = store.load(ids)
        counts = store.counts(set(ids))
        ready_at = getattr(outcomes, "ready_at", None)
        startup = 0.0 if ready_at is None else max(0.0, ready_at - start)
    return SweepRun(out, results, computed, counts, time.perf_counter() - start, paths, backend, startup)


def _group_by_variant(points):
    groups = collections.OrderedDict()
    for p in points:
        groups.setdefault(p.variant, []).append(p)
    return [p for group in groups.values() for p in group]


def _progress_bar(total, initial, name, enabled):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, desc=name, unit="pt", file=sys.stderr, smoothing=0.1)


def _backend(spec, pending, workers, scheduler, timeout_s, dask_options):
    if scheduler is not None:
        if timeout_s is not None:
            warnings.warn("per-point time-outs are not enforced under Dask (a running task cannot be "
                          "interrupted); use the local process pool for time-outs", RuntimeWarning, stacklevel=3)
        client = connect_dask(scheduler, workers, dask_options)  # fails fast, before any point runs
        return f"dask:{scheduler}", _dask_outcomes(spec, pending, client)
    if not pending:
        return "none", iter(())
    n = default_workers() if workers is None else workers
    n = max(1, min(n, len(pending)))
    if n == 1 and timeout_s is None:
        return "serial", _serial_outcomes(spec, pending)
    return f"pool:{n}", _pool_outcomes(spec, pending, n, timeout_s)


# -- serial -------------------------------------------------------------------------------------------------------
def _batches(points, size):
    """Consecutive runs of points of the same variant, at most ``size`` long."""
    batch: list = []
    for p in points:
        if batch and (len(batch) == size or p.variant != batch[0].variant):
            yield batch
            batch = []
        batch.append(p)
    if batch:
        yield batch


def _serial_outcomes(spec, pending):
    cache: dict = {}
    for batch in _batches(pending, batch_size(spec)):
        yield from run_points(batch, spec, cache)  # each point is stored as soon as its batch is done


# -- local process pool -------------------------------------------------------------------------------------------
def _worker_main(conn, spec):
    """Worker process: evaluate the points it is sent, keeping built models in its cache, until told to stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what happens on Ctrl-C
    cache: dict = {}
    try:
        if spec.evaluator == "cell":  # pay the PyBaMM import before reporting ready, not in the first point
            from ..cell._pybamm import pybamm

            pybamm()
        conn.send(("ready", os.getpid()))
        while True:
            task = conn.recv()
            if task is None:
                return
            if isinstance(task, list):  # a batch of points of one variant
                conn.send(("done", run_points(task, spec, cache)))
            else:
                conn.send(("done", run_point(task, spec, cache)))
                release_freed_memory(every=16)
    except (EOFError, OSError):  # the parent is gone (even killed with SIGKILL): stop
        return


class _single_threaded_children:
    """Set :data:`THREAD_VARIABLES` to 1 (where the user has not set them) while worker processes are spawned:
    a spawned child copies the environment at start, before it imports numpy; the parent's is restored."""

    def __enter__(self):
        self.added = [k for k in THREAD_VARIABLES if k not in os.environ]
        for k in self.added:
            os.environ[k] = "1"

    def __exit__(self, *exc):
        for k in self.added:
            os.environ.pop(k, None)


#: extra time a task gets when it builds a compiled model on its worker (a cold compile of the SPMe takes ~5 s, the
#: DFN longer; measured on a 2-core machine): a sweep that compiles ("auto" from 400 points per model) must not
#: time out, and replace, the workers that are compiling
COMPILE_ALLOWANCE_S = 120.0


class _Worker:
    def __init__(self, ctx, spec, index):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, spec), name=f"cellsim-sweep-{index}", daemon=True)
        with _single_threaded_children():
            self.proc.start()
        child.close()
        self.ready = False
        self.task = None
        self.started = None
        self.builds = False
        self.variants: list[str] = []  # most recent last

    def send(self, points):
        """Send a batch (list) of points of one variant; a single point goes alone (the worker's old protocol)."""
        self.conn.send(points if len(points) > 1 else points[0])
        self.task, self.started = points, time.monotonic()
        point = points[0]
        self.builds = point.variant not in self.variants  # the batch builds its model on this worker
        if point.variant in self.variants:
            self.variants.remove(point.variant)
        self.variants.append(point.variant)

    def deadline(self, timeout_s: float, compile_: bool) -> float:
        """When the task runs out of time: ``timeout_s`` per point, plus :data:`COMPILE_ALLOWANCE_S` when the task
        builds a compiled model on this worker (the C compiler's few seconds are not a point's time)."""
        return self.started + timeout_s * len(self.task) + (COMPILE_ALLOWANCE_S if compile_ and self.builds else 0.0)

    def kill(self):
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self):
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


class _Queue:
    """Pending points by variant; hands a worker points of the models it has already built.

    A worker with nothing of its own left takes a variant nobody works on; failing that it helps with the
    largest variant another worker is on, but only when the points left there take longer than the build
    it costs (estimated from the durations seen so far), else it waits: at the end of a sweep a second
    build of a nearly finished variant would only add work.
    """

    def __init__(self, points):
        self.groups = collections.OrderedDict()
        self.alone = collections.deque()  # points of a batch that timed out or killed its worker: one at a time
        for p in points:
            self.groups.setdefault(p.variant, collections.deque()).append(p)
        self.first: list[float] = []  # durations of points that built their model
        self.rest: list[float] = []  # durations of points on an already built model

    def __len__(self):
        return sum(len(g) for g in self.groups.values()) + len(self.alone)

    def next_batch_for(self, worker, busy_variants, size, n_workers):
        """Up to ``size`` points of one variant (fewer near the end, so that every worker gets a share)."""
        if self.alone:
            return [self.alone.popleft()]
        first = self.next_for(worker, busy_variants)
        if first is None:
            return []
        batch = [first]
        size = max(1, min(size, -(-len(self) // n_workers)))
        group = self.groups.get(first.variant)
        while group and len(batch) < size:
            batch.append(self._pop(first.variant))
            group = self.groups.get(first.variant)
        return batch

    def observe(self, duration_s, built):
        if duration_s is not None:
            (self.first if built else self.rest).append(duration_s)

    def worth_helping(self, n_left) -> bool:
        if not self.first or not self.rest:
            return True  # nothing measured yet
        point = statistics.median(self.rest[-50:])
        build = max(0.0, statistics.median(self.first[-10:]) - point)
        return n_left * point > 2 * build  # 2: the helper's share is half the remaining points

    def next_for(self, worker, busy_variants):
        for v in reversed(worker.variants):  # a model this worker has built
            if self.groups.get(v):
                return self._pop(v)
        for v, g in self.groups.items():  # a variant nobody is working on
            if g and v not in busy_variants:
                return self._pop(v)
        if self.groups:  # help with the largest remaining variant, if that is worth a build
            v = max(self.groups, key=lambda v: len(self.groups[v]))
            if self.worth_helping(len(self.groups[v])):
                return self._pop(v)
        return None

    def _pop(self, v):
        p = self.groups[v].popleft()
        if not self.groups[v]:
            del self.groups[v]
        return p


class _PoolOutcomes:
    """Iterator of outcomes from a spawn-context process pool, with per-point time-outs."""

    def __init__(self, spec, pending, n, timeout_s):
        import multiprocessing as mp

        self.ctx = mp.get_context("spawn")
        self.spec, self.timeout_s = spec, timeout_s
        self.batch_size = batch_size(spec)
        self.queue = _Queue(pending)
        self.count = 0
        self.workers = [_Worker(self.ctx, spec, i) for i in range(n)]
        self.first_ready_at = None
        self.all_ready_at = None  # perf_counter time when all first workers had reported ready
        self.gen = self._run()

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.gen)

    def _replace(self, w):
        w.kill()
        self.count += 1
        new = _Worker(self.ctx, self.spec, len(self.workers) + self.count)
        self.workers[self.workers.index(w)] = new

    def _run(self):
        from multiprocessing.connection import wait

        while True:
            for w in self.workers:
                if w.ready and w.task is None and len(self.queue):
                    busy = {x.task[0].variant for x in self.workers if x.task is not None} | \
                           {x.variants[-1] for x in self.workers if x is not w and x.variants}
                    batch = self.queue.next_batch_for(w, busy, self.batch_size, len(self.workers))
                    if batch:
                        w.send(batch)
            busy = [w for w in self.workers if w.task is not None]
            if not busy and not len(self.queue):
                return
            if not busy and any(w.ready for w in self.workers):  # nobody took a point: never stall
                w = next(w for w in self.workers if w.ready)
                q = self.queue
                w.send([q.alone.popleft() if q.alone else q._pop(max(q.groups, key=lambda v: len(q.groups[v])))])
                continue
            wait_s = None
            if self.timeout_s is not None and busy:
                wait_s = max(0.0, min(w.deadline(self.timeout_s, self.spec.compile) for w in busy) - time.monotonic())
            wait([w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers], timeout=wait_s)
            for w in list(self.workers):
                yield from self._check(w)

    def _check(self, w):
        if w.conn.poll():
            try:
                kind, payload = w.conn.recv()
            except (EOFError, OSError):
                kind, payload = "died", None
            if kind == "ready":
                w.ready = True
                now = time.perf_counter()
                self.first_ready_at = self.first_ready_at or now
                if self.all_ready_at is None and all(x.ready for x in self.workers):
                    self.all_ready_at = now
                return []
            if kind == "done":
                w.task = None
                outcomes = payload if isinstance(payload, list) else [payload]
                for i, o in enumerate(outcomes):  # the first point of a batch pays for a build on this worker
                    self.queue.observe(o.get("duration_s"), w.builds and i == 0)
                return outcomes
        elif w.proc.is_alive():
            if w.task is not None and self.timeout_s is not None \
                    and time.monotonic() >= w.deadline(self.timeout_s, self.spec.compile):
                if len(w.task) > 1:  # a batch ran out of time: its points again, one at a time
                    self.queue.alone.extend(w.task)
                    self._replace(w)
                    return []
                point, took = w.task[0], time.monotonic() - w.started
                self._replace(w)
                return [{"point_id": point.id, "status": "timeout", "metrics": {}, "duration_s": took,
                         "error": f"exceeded the time-out of {self.timeout_s:g} s; worker killed",
                         "worker": f"pid {w.proc.pid}"}]
            return []
        # the worker process is gone
        if w.task is not None and len(w.task) > 1:  # it died in a batch: its points again, one at a time
            self.queue.alone.extend(w.task)
            w.task = None
        point, code = (w.task[0] if w.task else None), w.proc.exitcode
        took = None if w.started is None else time.monotonic() - w.started
        self._replace(w)
        if point is None:
            if not w.ready:
                raise RuntimeError(f"a sweep worker process failed to start (exit code {code}); workers are "
                                   "started with the spawn method, so a script that runs a sweep must guard it "
                                   "with 'if __name__ == \"__main__\":'")
            return []
        return [{"point_id": point.id, "status": "failed", "metrics": {}, "duration_s": took,
                 "error": f"worker process died (exit code {code})", "worker": f"pid {w.proc.pid}"}]

    @property
    def ready_at(self):
        """When every first worker was ready (or the first one, if the sweep ended before the others)."""
        return self.all_ready_at or self.first_ready_at

    def close(self):
        self.gen.close()
        for w in self.workers:
            if w.task is None and w.ready and w.proc.is_alive():
                w.stop()
            else:
                w.kill()


def _pool_outcomes(spec, pending, n, timeout_s):
    return _PoolOutcomes(spec, pending, n, timeout_s)


# -- Dask ---------------------------------------------------------------------------------------------------------
_DASK_CACHE: dict = {}
_DASK_LOCK = threading.Lock()


def _dask_task(spec, point):
    """Evaluate one point on a Dask worker, with that worker process's model cache."""
    with _DASK_LOCK:  # one evaluation at a time per process: casadi is not thread-safe
        outcome = run_point(point, spec, _DASK_CACHE)
        release_freed_memory(every=16)
    try:
        from distributed import get_worker

        outcome["worker"] = get_worker().address
    except (ImportError, ValueError):
        pass
    return outcome


class _DaskSession:
    def __init__(self, client, cluster):
        self.client, self.cluster = client, cluster

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect_dask(scheduler: str, workers: int | None = None, dask_options: dict | None = None):
    """Start a LocalCluster (``"local"``) or connect to a scheduler address, failing within seconds."""
    import logging

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ParameterError("scheduler", scheduler, "Dask needs 'dask[distributed]': pip install "
                                                     "'dask[distributed]' (or run without --scheduler)") from None
    if not isinstance(scheduler, str) or not scheduler:
        raise ParameterError("scheduler", scheduler, "'local' or an address such as 'tcp://10.0.0.5:8786'")
    if scheduler == "local":
        opts = dict(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR)
        opts.update(dask_options or {})
        cluster = LocalCluster(**opts)
        return _DaskSession(Client(cluster), cluster)
    if "://" not in scheduler and ":" not in scheduler:
        raise ParameterError("scheduler", scheduler, "'local' or an address such as 'tcp://10.0.0.5:8786'")
    try:
        client = Client(scheduler, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ParameterError("scheduler", scheduler,
                             f"a reachable Dask scheduler (could not connect within {CONNECT_TIMEOUT_S:g} s: "
                             f"{exc}); start one with 'dask scheduler' or use --scheduler local") from None
    return _DaskSession(client, None)


class _DaskOutcomes:
    def __init__(self, spec, pending, session):
        self.session = session
        self.futures = {session.client.submit(_dask_task, spec, p, key=f"cellsim-point-{p.id}", pure=False): p
                        for p in pending}
        from distributed import as_completed

        self.iter = as_completed(list(self.futures))

    def __iter__(self):
        return self

    def __next__(self):
        fut = next(self.iter)
        try:
            return fut.result()
        except Exception as exc:  # e.g. KilledWorker: record the point as failed, go on
            return {"point_id": self.futures[fut].id, "status": "failed", "metrics": {}, "duration_s": None,
                    "error": f"{type(exc).__name__}: {exc}", "worker": "dask"}

    def close(self):
        for f in self.futures:
            if not f.done():
                f.cancel()
        self.session.close()


def _dask_outcomes(spec, pending, session):
    return _DaskOutcomes(spec, pending, session)
