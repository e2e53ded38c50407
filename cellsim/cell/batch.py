"""Batched solves: several input sets of one built cell and protocol in one IDAKLU call per experiment step.

PyBaMM 26.10's ``Simulation.solve`` refuses a list of inputs with an Experiment, but its IDAKLU solver
integrates several input sets in one C call (``IDAKLUSolver._integrate``), each from its own initial state. This
module runs the Simulation's own built experiment step models (one per unique step, PyBaMM's "legacy" experiment
mode) step by step for all sets still running:

1. for each set, PyBaMM's own ``BaseSolver.step`` prepares the step (initial state mapped from that set's previous
   step, consistent initialisation, time grid) and is stopped just before it integrates (:class:`_Prepared`);
2. one C call integrates all prepared sets, on the step's local time axis (the step models do not depend on
   absolute time: :func:`check_private_api` tests it), and each set's output is shifted to its own start time;
3. each set's step solution is post-processed by the solver as ``step`` would (events, termination) and the
   experiment's stepping rules are applied per set (an event outside the experiment, or a solver failure, ends
   that set's run, as in ``Simulation.solve``); the cycles are assembled into a ``pybamm.Solution`` with
   ``.cycles`` and ``.steps`` like the Experiment's, so :class:`~cellsim.cell.results.CellRun` reads it unchanged.

This uses private PyBaMM API (``BaseSolver.step``'s call of ``_integrate``, ``_post_process_solution``,
``get_termination_reason``, the Simulation's built step models); tests/cell/test_batch.py fails loudly if a PyBaMM
release changes it, and compares every summary with ``CellModel.solve``.
"""
from __future__ import annotations


import numpy as np

from ._pybamm import pybamm as _import_pybamm

#: PyBaMM names this module relies on (checked by :func:`check_private_api`)
_START_TIME = "start time"


class _Prepared(Exception):
    """Raised by the capturing ``_integrate`` once ``BaseSolver.step`` has prepared a step."""

    def __init__(self, t_eval, t_interp, inputs, y0, ydot0):
        super().__init__("prepared")
        self.t_eval, self.t_interp, self.inputs, self.y0, self.ydot0 = t_eval, t_interp, inputs, y0, ydot0


class _Shifted:
    """A raw IDAKLU solution with its time axis moved to a set's own start (everything else delegated)."""

    def __init__(self, raw, t):
        self._raw, self.t = raw, t

    def __getattr__(self, name):
        return getattr(self._raw, name)


def _prepare(solver, old_solution, model, dt, t_eval, t_interp, inputs, state_mapper):
    """Run PyBaMM's ``solver.step`` up to its integration and return what it would integrate."""

    def capture(model_, t_eval_, inputs_list, t_interp_=None, *args, **kwargs):
        raise _Prepared(np.array(t_eval_, dtype=float), np.array(t_interp_, dtype=float), dict(inputs_list[0]),
                        np.array(model_.y0full[0], dtype=float), np.array(model_.ydot0full[0], dtype=float))

    solver._integrate = capture
    solver.set_up = _initial_state_only(solver)
    try:
        solver.step(old_solution, model, dt, t_eval, t_interp=t_interp, save=False, inputs=inputs,
                    state_mapper=state_mapper)
    except _Prepared as prepared:
        return prepared
    finally:
        del solver._integrate
        del solver.set_up
    raise RuntimeError("pybamm's BaseSolver.step returned without integrating: cellsim.cell.batch needs updating")


def _initial_state_only(solver):
    """``solver.set_up`` for ``BaseSolver.step``'s restart of a set up model from its initial conditions.

    At the first step of every set (an empty old solution) PyBaMM's ``step`` calls ``set_up(model, inputs,
    ics_only=True)``, which converts the model's initial-condition expression to CasADi again (~1 ms per set on
    the SPMe) only to evaluate it at the set's inputs. The expression and the input layout do not change between
    sets, so the function built by the model's first full ``set_up`` is evaluated instead
    (``_set_initial_conditions``, as ``set_up`` ends): the same initial state, without the conversion.
    """
    full = type(solver).set_up.__get__(solver)

    def set_up(model, inputs=None, t_eval=None, ics_only=False):
        if not ics_only or model not in solver._model_set_up or getattr(model, "initial_conditions_eval", None) is None:
            return full(model, inputs, t_eval, ics_only)
        solver._set_initial_conditions(model, 0.0, [inputs] if isinstance(inputs, dict) else list(inputs or [{}]))
        return None

    return set_up


def _integrate_many(solver, model, prepared, t_eval_local, t_interp_local):
    """One IDAKLU call for all prepared sets; returns per set a step Solution or the SolverError raised."""
    pb = _import_pybamm()
    from pybamm.solvers.idaklu_solver import flatten_inputs

    inputs = np.vstack([flatten_inputs(p.inputs) for p in prepared])
    model.y0full = [p.y0 for p in prepared]
    model.ydot0full = [p.ydot0 for p in prepared]
    timer = pb.Timer()
    try:
        raws = solver._setup["solver"].solve(t_eval_local, t_interp_local, np.vstack(model.y0full),
                                             np.vstack(model.ydot0full), inputs, logger=None, pbar=np.empty((0, 0)))
    except ValueError as exc:
        raise pb.SolverError(str(exc)) from None
    integration_time = timer.time()
    out = []
    for raw, p in zip(raws, prepared, strict=True):
        if raw.flag < 0:
            from pybamm.solvers.idaklu_solver import idaklu

            out.append(pb.SolverError(f"IDAKLU failed: {idaklu.sundials_error_message(raw.flag)}"))
            continue
        t0 = p.t_eval[0] - t_eval_local[0]
        t = np.asarray(raw.t, dtype=float) + t0
        t[0] = p.t_eval[0]
        try:
            sol = solver._post_process_solution(_Shifted(raw, t), model, integration_time, p.inputs,
                                                p.t_eval.copy())
            sol.solve_time = integration_time
            solver.check_extrapolation(sol, model.events)
            sol, _ = solver.get_termination_reason(sol, model.events)
            out.append(sol)
        except pb.SolverError as exc:
            out.append(exc)
    return out


class _SetState:
    def __init__(self, user_inputs):
        self.user_inputs = user_inputs
        self.current = None  # the run so far (pybamm Solution), EmptySolution at the start
        self.cycles, self.steps, self.cycle_solution = [], [], None
        self.error = None
        self.running = True


def solve_many(sim, user_inputs_list):
    """Solve an Experiment ``sim`` (built by :class:`~cellsim.cell.model.CellModel`) for several input sets.

    Returns, per input set, a ``pybamm.Solution`` of the run (with ``.cycles`` and their ``.steps``, as
    ``Simulation.solve`` gives) or the ``pybamm.SolverError`` that ended it before any step finished.
    """
    pb = _import_pybamm()
    if not user_inputs_list:
        return []
    sim.build_for_experiment(inputs=user_inputs_list[0], solve_kwargs={})
    if sim._experiment_uses_unified_model:
        raise RuntimeError("cellsim.cell.batch solves the legacy (one model per step) experiment mode only")
    states = [_SetState(dict(u)) for u in user_inputs_list]
    for s in states:
        s.current = pb.EmptySolution()
    steps = sim.experiment.steps
    idx = 0
    for cycle_length in sim.experiment.cycle_lengths:
        for s in states:
            s.steps, s.cycle_solution = [], None
        for _ in range(cycle_length):
            step = steps[idx]
            idx += 1
            active = [s for s in states if s.running]
            if not active:
                break
            model = sim._get_built_experiment_model(step)
            solver = sim._get_built_experiment_solver(step)
            dt = step.duration
            t_eval, t_interp = step.setup_timestepping(solver, dt, None)
            prepared, ready = [], []
            for s in active:
                start = s.current.t[-1]
                inputs = sim._build_experiment_step_inputs(s.user_inputs, step, start, None, include_temperature=False)
                try:
                    prepared.append(_prepare(solver, s.current, model, dt, t_eval, t_interp, inputs,
                                             sim._get_state_mapper_for_solution(s.current, model)))
                    ready.append(s)
                except pb.SolverError as exc:
                    s.running, s.error = False, exc
            if not ready:
                continue
            local_t_eval = np.array([0.0, dt])
            local_t_interp = solver.process_t_interp(t_interp, t_eval=np.array(t_eval, dtype=float))
            results = _integrate_many(solver, model, prepared, local_t_eval, np.asarray(local_t_interp, float))
            for s, sol in zip(ready, results, strict=True):
                if isinstance(sol, Exception):
                    s.running, s.error = False, sol
                    continue
                s.steps.append(sol)
                s.cycle_solution = sol if s.cycle_solution is None else s.cycle_solution + sol
                s.current = s.cycle_solution
                term = sol.termination
                if not (term == "final time" or "[experiment]" in term):
                    s.running = False  # an event outside the experiment: the Experiment stops here too
                elif term == "final time" and step.uses_default_duration:
                    s.running = False
        for s in states:
            if s.steps:
                cycle_solution, summary, first = pb.make_cycle_solution(s.steps, esoh_solver=None,
                                                                        save_this_cycle=True, inputs=s.user_inputs)
                s.cycles.append((cycle_solution, summary, first))
    out = []
    for s in states:
        if not s.cycles:
            out.append(s.error or pb.SolverError("no step finished"))
            continue
        solution = pb.Solution.from_sub_solutions([c[0] for c in s.cycles])
        solution.termination = s.cycles[-1][0].termination
        solution.cycles = [c[0] for c in s.cycles]
        solution.update_summary_variables([c[1] for c in s.cycles])
        solution.all_first_states = [c[2] for c in s.cycles]
        solution.initial_start_time = None
        out.append(solution)
    return out


def check_private_api(sim) -> None:
    """Fail loudly if the private PyBaMM API used here changed (run by the tests)."""
    pb = _import_pybamm()
    for obj, names in ((sim, ("_get_built_experiment_model", "_get_built_experiment_solver",
                              "_build_experiment_step_inputs", "_get_state_mapper_for_solution",
                              "_experiment_uses_unified_model", "build_for_experiment")),
                       (pb.IDAKLUSolver, ("_post_process_solution", "get_termination_reason", "check_extrapolation",
                                          "step", "_integrate", "set_up", "_set_initial_conditions")),
                       (pb, ("make_cycle_solution", "EmptySolution"))):
        missing = [n for n in names if not hasattr(obj, n)]
        if missing:
            raise RuntimeError(f"pybamm {pb.__version__} lacks {missing}: cellsim.cell.batch needs updating")
    sim.build_for_experiment(solve_kwargs={})
    for step in sim.experiment.unique_steps:
        model = sim._get_built_experiment_model(step)
        names = {p.name for p in model.input_parameters}
        if _START_TIME in names:
            # the step would depend on absolute time: solving sets on a shared local time axis would be wrong
            for eq in [*model.rhs.values(), *model.algebraic.values()]:
                if any(isinstance(x, pb.InputParameter) and x.name == _START_TIME for x in eq.pre_order()):
                    raise RuntimeError(f"step {step} depends on the absolute start time: batching is not exact")
