"""Stability windows from Gibbs energies: the Li grand-potential construction as linear programmes.

At an interface the Li chemical potential is set by the electrode, mu_Li = -e V relative to Li metal
(V in volts vs Li/Li+). A material with fixed amounts of its non-Li elements relaxes to the phase
assemblage that minimises the grand potential at that mu_Li; its stability window is the range of V over
which that assemblage holds exactly the material's own lithium (Review section 6.2; Zhu, He & Mo 2015).

All energies inside this module are in eV per formula unit; potentials in V vs Li/Li+.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np
from scipy.optimize import linprog

from ..errors import ModelError, ParameterError
from ..parameters.thermo import parse_formula
from ..parameters.windows import Window

__all__ = ["ComputedWindow", "compute_window", "reaction_voltage"]

# name used for an element's standard-state phase when it is added automatically
_ELEMENT_PHASE = {"H": "H2", "N": "N2", "O": "O2", "F": "F2", "Cl": "Cl2", "Br": "Br2", "I": "I2"}
_AMOUNT_TOL = 1e-7     # phase amounts below this (per formula unit of the composition) are dropped
_REF_SHIFT_EV = 1e-7   # lowers the reference energy in the ratio LPs so that they stay bounded
_LP_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


def _key(counts: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    """Composition key independent of element order and formula-unit size (atom fractions)."""
    total = sum(counts.values())
    return tuple(sorted((el, round(c / total, 9)) for el, c in counts.items()))


# ----------------------------------------------------------------------------------------------------
# calculator
@dataclass(frozen=True)
class ComputedWindow(Window):
    """A stability window computed from Gibbs energies (see :func:`compute_window`).

    Besides the :class:`~cellsim.parameters.windows.Window` fields (``lower``, ``upper`` [V] vs Li/Li+,
    ``products_lower``, ``products_upper``, ``source`` naming the phases considered):

    Attributes
    ----------
    reaction_lower, reaction_upper : str or None
        Decomposition reaction at each limit, per formula unit of the composition
        (``None`` at a 0 V lower limit: stable against Li metal).
    lower_suppressed, upper_suppressed : float
        Window [V] of the composition itself when its Li-neutral decomposition is suppressed
        (equal to ``lower``/``upper`` for a phase on the hull).
    products_lower_suppressed, products_upper_suppressed : tuple of str
    reaction_lower_suppressed, reaction_upper_suppressed : str or None
    neutral_decomposition : tuple of (str, float)
        Equilibrium assemblage at the composition's own Li content (phase, amount per formula unit).
    energy_above_hull_eV_per_atom : float
        Energy of the composition above that assemblage [eV] per atom (0 for a stable phase).
    metastability_eV_per_atom : float
        Penalty that was added [eV] per atom.
    phases_considered : tuple of str
        Every phase of the chemical system that entered the linear programmes.
    """

    reaction_lower: str | None = None
    reaction_upper: str | None = None
    lower_suppressed: float = math.nan
    upper_suppressed: float = math.nan
    products_lower_suppressed: tuple[str, ...] = ()
    products_upper_suppressed: tuple[str, ...] = ()
    reaction_lower_suppressed: str | None = None
    reaction_upper_suppressed: str | None = None
    neutral_decomposition: tuple[tuple[str, float], ...] = ()
    energy_above_hull_eV_per_atom: float = 0.0
    metastability_eV_per_atom: float = 0.0
    phases_considered: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Phase:
    name: str
    counts: dict
    energy_eV: float


class _System:
    """Phases of one chemical system as matrices; the linear programmes on them."""

    def __init__(self, phases: list[_Phase], target: dict[str, float]):
        self.phases = phases
        self.names = [p.name for p in phases]
        others = sorted({el for p in phases for el in p.counts} - {"Li"})
        self.A = np.array([[p.counts.get(el, 0.0) for p in phases] for el in others],
                          dtype=float).reshape(len(others), len(phases))
        self.b = np.array([target.get(el, 0.0) for el in others])
        self.L = np.array([p.counts.get("Li", 0.0) for p in phases])
        self.G = np.array([p.energy_eV for p in phases])

    def _solve(self, c, A_ub=None, b_ub=None, A_eq=None, b_eq=None):
        res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=(0, None),
                      method="highs-ds", options=_LP_OPTIONS)
        return res

    def closed_hull(self, n_li: float) -> tuple[float, np.ndarray]:
        """Lowest Gibbs energy at fixed amounts of every element, Li included."""
        A = np.vstack([self.A, self.L])
        b = np.append(self.b, n_li)
        res = self._solve(self.G, A_eq=A, b_eq=b)
        if res.status != 0:
            raise ModelError(f"no assemblage of the given phases has the composition ({res.message})")
        return float(res.fun), res.x

    def grand_minimum(self, V: float) -> float:
        """min over n of sum n_i (G_i + N_Li,i V) at fixed non-Li elements [eV]."""
        res = self._solve(self.G + self.L * V, A_eq=self.A if self.A.size else None,
                          b_eq=self.b if self.A.size else None)
        if res.status != 0:
            raise ModelError(f"grand-potential LP failed at {V} V ({res.message})")
        return float(res.fun)

    def extreme_li_assemblage(self, V: float, most_li: bool) -> np.ndarray:
        """Among the grand-potential minimisers at V, the one with the least (or most) Li."""
        phi = self.grand_minimum(V)
        c = -self.L if most_li else self.L
        tol = 1e-10 * (1.0 + abs(phi))
        res = self._solve(c, A_ub=(self.G + self.L * V)[None, :], b_ub=[phi + tol],
                          A_eq=self.A if self.A.size else None, b_eq=self.b if self.A.size else None)
        if res.status != 0:
            raise ModelError(f"lexicographic LP failed at {V} V ({res.message})")
        return res.x

    def next_limit(self, g_ref: float, n_li_ref: float, oxidation: bool) -> tuple[float, bool]:
        """Potential at which an assemblage with less (oxidation) or more Li first beats the reference.

        Linear-fractional programme, made linear with the Charnes-Cooper substitution
        y = t n, t = 1/|N_Li,ref - N_Li(n)|. Returns (V, found); found is False when no assemblage
        with less (more) Li exists.
        """
        n = len(self.names)
        g_shift = g_ref - _REF_SHIFT_EV
        c = np.append(self.G, -g_shift)
        rows = [np.hstack([self.A, -self.b[:, None]])] if self.A.size else []
        li_row = np.append(-self.L, n_li_ref) if oxidation else np.append(self.L, -n_li_ref)
        A_eq = np.vstack(rows + [li_row]) if rows else li_row[None, :]
        b_eq = np.append(np.zeros(A_eq.shape[0] - 1), 1.0)
        res = linprog(c, A_eq=A_eq, b_eq=b_eq, bounds=[(0, None)] * (n + 1), method="highs-ds",
                      options=_LP_OPTIONS)
        if res.status == 2:  # infeasible: no assemblage with less (more) Li
            return (math.inf if oxidation else -math.inf), False
        if res.status != 0:
            raise ModelError(f"window LP failed ({res.message}); are the phase energies consistent?")
        return (float(res.fun) if oxidation else -float(res.fun)), True

    def assemblage(self, x: np.ndarray) -> tuple[tuple[str, float], ...]:
        return tuple((name, float(a)) for name, a in zip(self.names, x) if a > _AMOUNT_TOL)


def _coefficient(x: float) -> str:
    return "" if abs(x - 1.0) < 1e-6 else f"{x:.4g} "


def _reaction(name: str, products: tuple[tuple[str, float], ...], li_taken_up: float) -> str:
    lhs = [name]
    rhs = [f"{_coefficient(a)}{p}" for p, a in products]
    if abs(li_taken_up) > 1e-6:
        k = _coefficient(abs(li_taken_up))
        (lhs if li_taken_up > 0 else rhs).extend([f"{k}Li+", f"{k}e-"])
    return " + ".join(lhs) + " -> " + " + ".join(rhs)


def _walk(system: _System, g0: float, n0: float, oxidation: bool) -> list[tuple[float, float, float, np.ndarray]]:
    """Successive equilibrium assemblages beyond the window: (V, G, N_Li, amounts) per vertex."""
    vertices = []
    g, n_li = g0, n0
    for _ in range(200):
        V, found = system.next_limit(g, n_li, oxidation)
        if not found or (not oxidation and V <= 1e-9):
            return vertices
        x = system.extreme_li_assemblage(V, most_li=not oxidation)
        g_new, n_new = float(system.G @ x), float(system.L @ x)
        if (n_new >= n_li - 1e-9) if oxidation else (n_new <= n_li + 1e-9):
            raise ModelError(f"window walk did not move at {V:.6f} V; check the phase energies")
        V = (g_new - g) / (n_li - n_new)  # exact breakpoint from the two assemblages (removes the shift)
        vertices.append((V, g_new, n_new, x))
        g, n_li = g_new, n_new
    raise ModelError("window walk did not terminate after 200 breakpoints")


def _validated_phases(phases: Mapping[str, float]) -> list[_Phase]:
    if not isinstance(phases, Mapping) or not phases:
        raise ParameterError("phases", phases, "a non-empty dict {formula: Gibbs energy of formation [eV]}")
    out: list[_Phase] = []
    seen: dict[tuple, _Phase] = {}
    for name, energy in phases.items():
        counts = parse_formula(name)
        if isinstance(energy, bool) or not isinstance(energy, (int, float, np.floating)) \
                or not math.isfinite(energy):
            raise ParameterError(f"phases[{name!r}]", energy, "a finite Gibbs energy of formation [eV] per formula unit")
        p = _Phase(name, counts, float(energy))
        if len(counts) == 1 and abs(p.energy_eV) > 1e-12:
            raise ParameterError(f"phases[{name!r}]", energy,
                                 "0 eV: elements in their standard state have zero formation energy")
        key = _key(counts)
        if key in seen:
            q = seen[key]
            e_p = p.energy_eV / sum(counts.values())
            e_q = q.energy_eV / sum(q.counts.values())
            if abs(e_p - e_q) > 1e-9:
                raise ParameterError(
                    "phases", {q.name: q.energy_eV, name: p.energy_eV},
                    f"each composition once: {q.name!r} and {name!r} are the same composition with different "
                    f"energies ({e_q:.6g} vs {e_p:.6g} eV per atom); keep one")
            continue
        seen[key] = p
        out.append(p)
    return out


def compute_window(composition: str, phases: Mapping[str, float], metastability_eV_per_atom: float = 0.0,
                   *, name: str | None = None, data_source: str = "user-supplied Gibbs energies") -> ComputedWindow:
    """Electrochemical stability window of a composition from Gibbs energies of formation.

    Parameters
    ----------
    composition : str
        Formula of the material, e.g. ``"Li3OCl"``, ``"Li2(OH)Cl"``, ``"Li1.9(OH)Cl0.9"``.
    phases : dict
        Formula -> Gibbs energy of formation [eV] per formula unit (e.g. from
        :func:`cellsim.parameters.thermo.load_gibbs_energies`). Elements are added automatically with 0 eV; phases with elements
        outside the composition's chemical system (plus Li) are ignored. The composition itself may be
        listed; if it is not, it is placed on the hull of the others (then raised by the penalty).
    metastability_eV_per_atom : float, optional
        Energy [eV] per atom added to the composition (e.g. Li3OCl: 0.013-0.022 above the hull, Review
        section 6.1). Default 0.
    name : str, optional
        Label for the result (default: ``composition``).
    data_source : str, optional
        Name of the thermochemical data, copied into ``source``.

    Returns
    -------
    ComputedWindow
        ``lower``, ``upper`` [V] vs Li/Li+, products and reactions at each limit, the narrower window
        with the Li-neutral decomposition suppressed, the phases considered.

    Raises
    ------
    ParameterError
        Unreadable formula, a composition element that no phase contains, a non-finite energy, an
        element with a non-zero energy, one composition listed twice with different energies
        (e.g. ``"LiCl"`` and ``"ClLi"``), a negative penalty.

    Notes
    -----
    With the applied potential :math:`V` (so :math:`\\mu_{Li} = -eV` relative to Li metal), the
    equilibrium assemblage :math:`n^*(V)` solves the linear programme

    .. math:: \\Phi(V) = \\min_{n \\ge 0} \\sum_i n_i\\,(G_i + N_{Li,i}\\,eV)
              \\quad \\text{s.t.} \\quad \\sum_i n_i c_{X,i} = c_X \\;\\; (X \\ne \\mathrm{Li})

    (grand potential at fixed non-Li elements; Review section 6.2, Zhu, He & Mo 2015). The window is
    the set of :math:`V` where :math:`N_{Li}(n^*) = N_{Li}` of the composition. With :math:`G_0` the
    lowest Gibbs energy at the composition's own Li content, its limits are

    .. math:: V_{upper} = \\min_{a:\\,N_a < N} \\frac{G_a - G_0}{(N - N_a)\\,e}, \\qquad
              V_{lower} = \\max\\Big(0, \\max_{a:\\,N_a > N} \\frac{G_0 - G_a}{(N_a - N)\\,e}\\Big)

    over assemblages :math:`a`, solved exactly as linear programmes after the Charnes-Cooper
    substitution (scipy ``linprog``, HiGHS dual simplex). Beyond each limit the successive equilibrium
    assemblages :math:`v` (vertices of the grand-potential hull) are followed; with the Li-neutral
    decomposition suppressed, the composition at its own energy :math:`G_c \\ge G_0` reacts directly to
    them:

    .. math:: V^{supp}_{upper} = \\min_v \\frac{G_v - G_c}{(N - N_v)\\,e}

    which for Li3OCl gives the review's "suppressed decomposition" case (oxidation to Li2O2 + LiCl).
    A reaction voltage is :math:`V = -\\Delta_r G / (z e)` for a reaction releasing :math:`z` Li.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, sections 6.1-6.2 and Table 3, doi:10.1021/acs.chemrev.1c00594.
    Zhu, He & Mo, ACS Appl. Mater. Interfaces 7 (2015) 23685, doi:10.1021/acsami.5b07517.
    Charnes & Cooper, Naval Res. Logist. Q. 9 (1962) 181, doi:10.1002/nav.3800090303.

    Examples
    --------
    Li2O with the shipped NIST-JANAF/NBS energies oxidises to Li2O2:

    >>> from cellsim.parameters.thermo import load_gibbs_energies
    >>> w = compute_window("Li2O", load_gibbs_energies())
    >>> round(w.lower, 2), round(w.upper, 2), w.reaction_upper
    (0.0, 2.86, 'Li2O -> 0.5 Li2O2 + Li+ + e-')
    """
    target = parse_formula(composition)
    if len(target) < 2:
        raise ParameterError("composition", composition, "a compound of at least two elements, e.g. 'Li3OCl'")
    label = name or composition
    if isinstance(metastability_eV_per_atom, bool) or not isinstance(metastability_eV_per_atom, (int, float)) \
            or not math.isfinite(metastability_eV_per_atom) or metastability_eV_per_atom < 0:
        raise ParameterError("metastability_eV_per_atom", metastability_eV_per_atom,
                             ">= 0 eV per atom (e.g. 0.013-0.022 for Li3OCl, Review section 6.1)")
    all_phases = _validated_phases(phases)
    system_elements = set(target) | {"Li"}
    contained = {el for p in all_phases for el in p.counts}
    missing = sorted(set(target) - contained)
    if missing:
        raise ParameterError("composition", composition,
                             f"elements that some phase contains; {missing} appear in no phase (elements are "
                             f"added automatically only for elements other phases contain)")
    in_system = [p for p in all_phases if set(p.counts) <= system_elements]
    keys = {_key(p.counts) for p in in_system}
    for el in sorted(system_elements):
        if _key({el: 1.0}) not in keys:
            element_phase = _ELEMENT_PHASE.get(el, el)
            in_system.append(_Phase(element_phase, parse_formula(element_phase), 0.0))
    comp_key = _key(target)
    n_atoms = sum(target.values())
    listed = [p for p in in_system if _key(p.counts) == comp_key]
    others = [p for p in in_system if _key(p.counts) != comp_key]
    n_li = target.get("Li", 0.0)

    g_hull_others, x_others = _System(others, target).closed_hull(n_li)
    if listed:
        p = listed[0]
        g_comp = p.energy_eV * n_atoms / sum(p.counts.values())
        comp_name = p.name
    else:
        g_comp = g_hull_others
        comp_name = composition
    g_comp += metastability_eV_per_atom * n_atoms
    phases_all = others + [_Phase(comp_name, dict(target), g_comp)]
    system = _System(phases_all, target)

    stable = g_comp < g_hull_others - 1e-9
    g0 = min(g_comp, g_hull_others)
    if stable:
        neutral = ((comp_name, 1.0),)
    else:
        neutral = _System(others, target).assemblage(x_others)
    e_hull = max(0.0, (g_comp - g_hull_others) / n_atoms)

    up = _walk(system, g0, n_li, oxidation=True)
    down = _walk(system, g0, n_li, oxidation=False)

    def _products(x):
        return system.assemblage(x)

    if up:
        upper, _, n_up, x_up = up[0]
        prod_up = _products(x_up)
        reaction_up = _reaction(label, prod_up, n_up - n_li)
    else:
        upper, prod_up, reaction_up = math.inf, (), None
    if down:
        lower, _, n_dn, x_dn = down[0]
        prod_dn = _products(x_dn)
        reaction_dn = _reaction(label, prod_dn, n_dn - n_li)
    else:
        lower, prod_dn, reaction_dn = 0.0, neutral, None

    # suppressed Li-neutral decomposition: the composition reacts directly to the hull vertices
    upper_s, prod_up_s, reaction_up_s = math.inf, (), None
    for V, g_v, n_v, x_v in up:
        v = (g_v - g_comp) / (n_li - n_v)
        if v < upper_s - 1e-12:
            upper_s, prod_up_s = v, _products(x_v)
            reaction_up_s = _reaction(label, prod_up_s, n_v - n_li)
    lower_s, prod_dn_s, reaction_dn_s = 0.0, ((comp_name, 1.0),), None
    for V, g_v, n_v, x_v in down:
        v = (g_comp - g_v) / (n_v - n_li)
        if v > lower_s + 1e-12:
            lower_s, prod_dn_s = v, _products(x_v)
            reaction_dn_s = _reaction(label, prod_dn_s, n_v - n_li)

    considered = tuple(p.name for p in phases_all)
    source = (f"computed: Li grand-potential LP ({data_source}); phases considered: {', '.join(considered)}"
              + (f"; composition raised by {metastability_eV_per_atom:g} eV/atom" if metastability_eV_per_atom else ""))
    return ComputedWindow(
        material=label, lower=float(lower), upper=float(upper), source=source,
        products_lower=tuple(p for p, _ in prod_dn), products_upper=tuple(p for p, _ in prod_up),
        source_id="computed", default=False, kind="computed",
        note="" if stable else f"{label} is not on the hull; limits are those of its Li-neutral decomposition",
        reaction_lower=reaction_dn, reaction_upper=reaction_up,
        lower_suppressed=float(lower_s), upper_suppressed=float(upper_s),
        products_lower_suppressed=tuple(p for p, _ in prod_dn_s),
        products_upper_suppressed=tuple(p for p, _ in prod_up_s),
        reaction_lower_suppressed=reaction_dn_s, reaction_upper_suppressed=reaction_up_s,
        neutral_decomposition=neutral, energy_above_hull_eV_per_atom=float(e_hull),
        metastability_eV_per_atom=float(metastability_eV_per_atom), phases_considered=considered,
    )


def reaction_voltage(reactants: Mapping[str, float], products: Mapping[str, float], phases: Mapping[str, float],
                     li_released: float) -> float:
    """Equilibrium potential [V] vs Li/Li+ of one written reaction that releases Li.

    Parameters
    ----------
    reactants, products : dict
        Formula -> stoichiometric coefficient (Li metal not included).
    phases : dict
        Formula -> Gibbs energy of formation [eV] per formula unit (elements may be omitted: 0 eV).
    li_released : float
        Li+ + e- released per reaction as written (negative if taken up).

    Returns
    -------
    float
        :math:`V = \\Delta_r G / (z e)` with :math:`\\Delta_r G = \\sum G_{products} - \\sum G_{reactants}`
        [V].

    Examples
    --------
    >>> from cellsim.parameters.thermo import load_gibbs_energies
    >>> g = load_gibbs_energies()
    >>> round(reaction_voltage({"LiCl": 1}, {"Cl2": 0.5}, g, 1.0), 2)
    3.98
    """
    if not li_released:
        raise ParameterError("li_released", li_released, "a non-zero number of Li exchanged")

    def g(f):
        if f in phases:
            return float(phases[f])
        if len(parse_formula(f)) == 1:
            return 0.0
        raise ParameterError("phases", f, f"a Gibbs energy for {f!r}")

    dG = sum(c * g(f) for f, c in products.items()) - sum(c * g(f) for f, c in reactants.items())
    return dG / li_released
