r"""Issue 14 item 2: one coating coverage and one interface resistance for the review's coated cell.

Problem statement
-----------------
The default coated cell (2 nm ALD Al2O3 on NCM111, ``parameter_sets/cells/default.toml``) should keep 80-90 % of
its first discharge after 100 cycles at 100 degC and 25 mA/g (Review section 7.1: "over 80 %"; issue 14 asks for
80-90 % with a named mechanism) while its first-cycle hysteresis stays at the review's ~0.1 V (section 7.1), the
number the interface resistances are fitted to (``studies/fit_review.py`` fits R_ct alone at the file's coverage).
Two targets, two parameters:

- the coating coverage theta (the exposed fraction 1 - theta reacts at the bare rate:
  :func:`cellsim.stability.interphase.protection_factor`), which sets the fade;
- the charge-transfer resistance R_ct per particle surface, tied between both electrodes as in ``fit_review``,
  which sets most of the hysteresis.

The interphase's exchange current density (fitted to the assumed bare 0.79), its parabolic rate constant and the
coating's electron decay length are kept (issue 14 brief). The cell file holds this study's DFN fit (coverage
0.189, R_ct 0.0404 Ohm.m2, 2026-11-30).

With the interphase's resistivity held at its 25 degC value (1e6 Ohm.m; ``film_resistivity_scale`` = 57.6 at
100 degC, :func:`held_at_25c`) the pair has no solution with R_ct >= 0: the film and the Li released on charge
alone hold the first cycle above 0.1 V below coverage ~0.25, where the cell keeps ~0.86. With the resistivity
following the interphase's Arrhenius law (:func:`cellsim.cell.model.film_resistivity`, the file's model) the pair
has a root. Both are run.

Method
------
Nested one-dimensional roots (brentq), one built model, all four numbers are inputs (no rebuild):

1. inner: for a coverage theta, R_ct such that cycle 1's hysteresis is ``target_V`` (1-cycle runs, brentq on ln R_ct
   between ``r_min`` and 2 Ohm.m2). The hysteresis falls with R_ct, so if it exceeds the target already at ``r_min``
   no R_ct >= r_min reaches it;
2. the smallest coverage theta_min for which the inner root exists (H(theta_min, r_min) = target, brentq on
   theta): below it the film and the released Li alone exceed the target hysteresis;
3. outer: theta in [theta_min, 1] such that the retention after ``cycles`` cycles, with R_ct(theta), is
   ``target_retention`` (:func:`root_on_completed_runs`: regula falsi that steps around runs the solver did not
   complete). Retention rises with theta, so the lowest retention compatible with the hysteresis target is the
   one at theta_min (the *floor*); a target below the floor has no root. Where the floor's run does not complete
   (DFN), the first completed run above theta_min (steps of 0.05) decides.

``film_resistivity_scale`` multiplies the interphase's resistivity (1e6 Ohm.m at 25 degC in ``[interphase]``, falling
with its activation energy) with the coating's equivalent thickness divided by it, so the coating's own resistance
is unchanged: run at 1 (the file) and at :func:`held_at_25c` to show what the earlier infeasibility rested on.

Outputs (in ``out_dir``): ``fit_coverage.csv`` (one row per model and film-resistivity scale: feasible or not,
theta, R_ct, hysteresis, retention, or the floor), ``iso_hysteresis.csv`` (along H = target: theta, R_ct, retention,
cycle-1 capacity).

Usage: ``python studies/fit_coverage.py [out_dir] [--quick]`` (``--quick``: SPMe only; default SPMe then DFN).
"""
from __future__ import annotations

import dataclasses
import math
import sys
import warnings
from pathlib import Path

T100 = 373.15
#: the review's hysteresis (section 7.1, ~0.1 V) and the middle of issue 14's 80-90 % (review: "over 80 %")
TARGET_HYSTERESIS_V = 0.100
TARGET_RETENTION = 0.85
#: the smallest interface resistance tried [Ohm.m2] (1 % of the issue-13 fit, 0.1059): a practical zero (the
#: hysteresis changes by < 0.3 mV from it to 1.3e-3); with IDA's separate consistent initialisation the DFN
#: failed to solve 100 cycles at some of these points (it no longer runs one: cellsim.cell.model.SOLVER_OPTIONS)
R_MIN = 1e-3
R_MAX = 2.0


def coated_inputs(cell, temperature_K, coverage, r_ct_ohm_m2, film_resistivity_scale=1.0, base=None, design=None):
    """The :class:`cellsim.cell.model.CellInputs` of ``cell`` with the coating's ``coverage`` and both interfaces at
    ``r_ct_ohm_m2`` (the film inputs from :func:`cellsim.cell.model.cathode_film_inputs`: no formula repeated);
    ``design`` (default the cell's) gives the other coating numbers (e.g. another thickness: an input)."""
    from cellsim.cell.model import BARE_FILM_M, CellMaterials, cathode_film_inputs, inputs_at

    d = design if design is not None else cell.design
    base = base if base is not None else inputs_at(cell.materials, temperature_K)
    covered = dataclasses.replace(d, coating=dataclasses.replace(d.coating, coverage=float(coverage)))
    film = cathode_film_inputs(CellMaterials.load(covered), temperature_K)
    return base.replace(
        interphase_exposed_fraction=film["interphase_exposed_fraction"],
        interphase_film_area_fraction=film["interphase_film_area_fraction"],
        film_resistivity_Ohm_m=film["film_resistivity_Ohm_m"] * film_resistivity_scale,
        film_initial_thickness_m=max(film["film_initial_thickness_m"] / film_resistivity_scale, BARE_FILM_M),
        anode_charge_transfer_resistance_Ohm_m2=float(r_ct_ohm_m2),
        cathode_charge_transfer_resistance_Ohm_m2=float(r_ct_ohm_m2))


def cycle_summary(cell, temperature_K, inputs, cycles):
    """The run's per-cycle summary (pandas.DataFrame); fewer rows than ``cycles`` if the solver stopped early."""
    from cellsim.cell.model import default_protocol
    from cellsim.errors import StoichiometryRangeWarning

    with warnings.catch_warnings():  # a trial coverage may relithiate the cathode past its OCP fit
        warnings.simplefilter("ignore", StoichiometryRangeWarning)
        return cell.solve(default_protocol(cell.design, cycles=cycles), temperature_K, inputs=inputs,
                          check_range="ignore").summary


def root_on_completed_runs(f, lo, f_lo, hi, f_hi, xtol, ftol, max_iter=40):
    """x in [lo, hi] with |f(x)| <= ``ftol`` or a bracket narrower than ``xtol`` (f(lo) < 0 < f(hi)).

    Illinois regula falsi; f returns NaN where the run did not complete (a solver failure), and such a trial is
    replaced by the first completing point 10 % / 20 % of the bracket to either side of it; if none completes, the
    best point so far is returned.
    """
    best = min(((abs(f_lo), lo), (abs(f_hi), hi)))
    side = 0
    for _ in range(max_iter):
        if hi - lo < xtol or best[0] <= ftol:
            break
        x0 = hi - f_hi * (hi - lo) / (f_hi - f_lo)
        for x in (x0, *(x0 + k * (hi - lo) for k in (0.1, -0.1, 0.2, -0.2))):
            if lo < x < hi and not math.isnan(fx := f(x)):
                break
        else:  # no completed run near the next trial: the best so far (the caller reports its retention)
            break
        best = min(best, (abs(fx), x))
        if fx < 0:
            lo, f_lo = x, fx
            f_hi, side = (f_hi / 2, -1) if side == -1 else (f_hi, -1)
        else:
            hi, f_hi = x, fx
            f_lo, side = (f_lo / 2, 1) if side == 1 else (f_lo, 1)
    return best[1]


class JointFit:
    """Cached evaluations of one built cell at 100 degC for the (coverage, R_ct) fit."""

    def __init__(self, cell, film_resistivity_scale=1.0, cycles=100, temperature_K=T100):
        from cellsim.cell.model import inputs_at

        self.cell, self.scale, self.cycles, self.T = cell, film_resistivity_scale, cycles, temperature_K
        self.base = inputs_at(cell.materials, temperature_K)
        self._h, self._r = {}, {}
        self.solves = 0

    def inputs(self, coverage, r_ct):
        return coated_inputs(self.cell, self.T, coverage, r_ct, self.scale, self.base)

    def hysteresis(self, coverage, r_ct):
        """Cycle 1's hysteresis [V]."""
        key = (float(coverage), float(r_ct))
        if key not in self._h:
            self.solves += 1
            self._h[key] = float(cycle_summary(self.cell, self.T, self.inputs(*key), 1).hysteresis_V.iloc[0])
        return self._h[key]

    def run(self, coverage, r_ct):
        """(retention after ``cycles``, cycles completed, cycle-1 capacity [mAh/g], film after the last [nm])."""
        key = (float(coverage), float(r_ct))
        if key not in self._r:
            self.solves += 1
            s = cycle_summary(self.cell, self.T, self.inputs(*key), self.cycles)
            self._r[key] = (float(s.capacity_retention.iloc[-1]), len(s),
                            float(s.discharge_capacity_mAh_per_g.iloc[0]), float(s.cathode_interphase_nm.iloc[-1]))
        return self._r[key]

    def interface_for(self, coverage, target_V, xtol=1e-5):
        """R_ct [Ohm.m2] giving ``target_V`` at ``coverage``, or None if even :data:`R_MIN` gives more."""
        from scipy.optimize import brentq

        if self.hysteresis(coverage, R_MIN) > target_V:
            return None
        if self.hysteresis(coverage, R_MAX) < target_V:
            raise RuntimeError(f"R_ct = {R_MAX} Ohm.m2 gives less than {target_V} V at coverage {coverage}")
        ln = brentq(lambda x: self.hysteresis(coverage, math.exp(x)) - target_V, math.log(R_MIN), math.log(R_MAX),
                    xtol=xtol)
        return math.exp(ln)

    def smallest_coverage(self, target_V, xtol=1e-4):
        """theta_min: the coverage whose hysteresis at :data:`R_MIN` is ``target_V`` (0 if even bare is below)."""
        from scipy.optimize import brentq

        if self.hysteresis(0.0, R_MIN) <= target_V:
            return 0.0
        return brentq(lambda th: self.hysteresis(th, R_MIN) - target_V, 0.0, 1.0, xtol=xtol)

    def fit(self, target_V=TARGET_HYSTERESIS_V, target_retention=TARGET_RETENTION, xtol=1e-3, ftol=5e-4):
        """The joint fit: a dict with ``feasible`` and either the root or the floor (see the module notes)."""
        th_min = self.smallest_coverage(target_V)
        floor, n, cap, film = self.run(th_min, R_MIN)
        out = {"film_resistivity_scale": self.scale, "target_hysteresis_V": target_V,
               "target_retention": target_retention, "coverage_min": th_min, "floor_retention": floor,
               "floor_cycles": n, "floor_hysteresis_V": self.hysteresis(th_min, R_MIN)}
        if n == self.cycles and target_retention < floor:
            return {**out, "feasible": False, "solves": self.solves}

        def gap(th):
            ret, done = self.run(th, self.interface_for(th, target_V))[:2]
            return ret - target_retention if done == self.cycles else float("nan")

        # lower end of the bracket: the first coverage above theta_min whose run completes (a run that stops early
        # has no retention after 100 cycles; kept for cells or solver settings where that happens)
        lo = th_min
        while not gap(lo) < 0:
            lo += 0.05
            if lo > 0.99 or gap(lo) > 0:
                return {**out, "feasible": False, "solves": self.solves}
        theta = root_on_completed_runs(gap, lo, gap(lo), 1.0, gap(1.0), xtol, ftol)
        r = self.interface_for(theta, target_V)
        ret, n, cap, film = self.run(theta, r)
        return {**out, "feasible": True, "coverage": theta, "charge_transfer_resistance_Ohm_m2": r,
                "hysteresis_V": self.hysteresis(theta, r), "retention": ret, "cycles_completed": n,
                "capacity_cycle1_mAh_per_g": cap, "film_nm": film, "solves": self.solves}

    def iso_hysteresis(self, coverages, target_V=TARGET_HYSTERESIS_V):
        """Rows along H = ``target_V``: coverage, R_ct (None below theta_min), retention, cycles, capacity, film."""
        rows = []
        for th in coverages:
            r = self.interface_for(th, target_V)
            ret, n, cap, film = self.run(th, r if r is not None else R_MIN)
            rows.append({"film_resistivity_scale": self.scale, "coverage": th, "charge_transfer_resistance_Ohm_m2": r,
                         "hysteresis_V": self.hysteresis(th, r if r is not None else R_MIN), "retention": ret,
                         "cycles_completed": n, "capacity_cycle1_mAh_per_g": cap, "film_nm": film})
        return rows


def held_at_25c(design, temperature_K=T100):
    """The film-resistivity scale that holds the interphase's resistivity at its 25 degC value at ``temperature_K``:
    its Arrhenius factor (57.6 at 100 degC for the file's 50 kJ/mol)."""
    from cellsim.cell.model import film_resistivity

    ip = design.interphase
    return ip.resistivity / film_resistivity(ip.resistivity, ip.resistivity_activation_energy, temperature_K)


def run(out_dir="studies-out", quick=False, scales=None, coverages=(0.2, 0.3, 0.4, 0.5, 1.0)) -> dict:
    """The joint fit for each model (SPMe; DFN unless ``quick``) and film-resistivity scale (default: 1 and
    :func:`held_at_25c`); CSVs written."""
    import pandas as pd

    from cellsim.api import load_cell
    from cellsim.cell.model import CellModel

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    design = load_cell()
    scales = scales or (1.0, held_at_25c(design))
    fits, iso = [], []
    for model in ("SPMe",) if quick else ("SPMe", "DFN"):
        cell = CellModel(design, model)
        for scale in scales:
            jf = JointFit(cell, scale)
            fits.append({"model": model, **jf.fit()})
            if scale == 1.0:
                iso += [{"model": model, **r} for r in jf.iso_hysteresis(coverages)]
    fits, iso = pd.DataFrame(fits), pd.DataFrame(iso)
    fits.to_csv(out / "fit_coverage.csv", index=False)
    iso.to_csv(out / "iso_hysteresis.csv", index=False)
    return {"fits": fits, "iso": iso, "paths": {"fits": out / "fit_coverage.csv", "iso": out / "iso_hysteresis.csv"}}


def main(out_dir: str | Path = "studies-out", quick: bool = False) -> dict:
    """Run the fits, write the CSVs, print them."""
    res = run(out_dir, quick)
    with __import__("pandas").option_context("display.width", 200, "display.max_columns", 30):
        print(res["fits"].to_string(index=False, float_format=lambda x: f"{x:.4g}"))
        print(res["iso"].to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    return res


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "studies-out", quick="--quick" in sys.argv)
