"""Arrhenius fits of measured conductivity (review eq. 1) and the CSV reader that feeds them.

The fit is linear in ln(sigma T) = ln(A n) - Ea / (kB T) (review eq. 1; A here absorbs the carrier
fraction n), solved by weighted least squares. An optional first-order transition splits the data
into two branches with their own prefactor and activation energy (e.g. Li2(OH)Cl near 35 degC,
review section 3); asked to find it (``transition="auto"``), the fit splits only when an F-test of the
nested models prefers two branches (:class:`TransitionTest`: F, p-value and delta AICc in the report).
"""
from __future__ import annotations

import csv
import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import linalg

from ..checks import check_temperature
from ..constants import BOLTZMANN_EV
from ..errors import ParameterError
from ..parameters.units import normalize_unit, to_si, unit_spellings

__all__ = ["ConductivityData", "read_conductivity_csv", "ArrheniusFit", "TwoBranchFit", "TransitionTest",
           "fit_arrhenius"]

_TEMPERATURE_NAMES = {"t", "temp", "temperature"}
_CONDUCTIVITY_NAMES = {"sigma", "σ", "cond", "conductivity"}
_HEADER_HELP = ("a header with a temperature column in K or degC and a conductivity column in S/m, S/cm or "
                "mS/cm, e.g. 'temperature_C,conductivity_S_cm' or 'T [K],sigma [S/m]'")


class ConductivityData(NamedTuple):
    """Measured points: ``temperature_K`` [K] and ``sigma_S_m`` [S.m-1] (1-D arrays, file order)."""

    temperature_K: np.ndarray
    sigma_S_m: np.ndarray


def _parse_header_cell(cell):
    """'T [K]' -> ('t', 'K'); 'conductivity_mS_cm' -> ('conductivity', 'mS_cm'); no unit -> (name, None)."""
    cell = cell.strip()
    m = re.fullmatch(r"(.+?)\s*[\[(](.+)[\])]", cell)
    if m:
        name, unit = m.groups()
    else:
        name, _, unit = cell.partition("_")
    return name.strip().lower(), unit.strip() or None


def _find_column(header, names, si_unit, quantity, path):
    """Index of the ``quantity`` column and its unit (one of cellsim.parameters.units, case ignored)."""
    for j, cell in enumerate(header):
        name, text = _parse_header_cell(cell)
        if name in names:
            unit = None if text is None else normalize_unit(text, si_unit, ignore_case=True)
            if unit is None:
                raise ParameterError(f"column '{cell}'", text, f"{quantity} unit one of {unit_spellings(si_unit)}",
                                     str(path))
            return j, unit
    raise ParameterError("header", ",".join(header), f"a {quantity} column; {_HEADER_HELP}", str(path))


def read_conductivity_csv(path):
    """Read a conductivity-vs-temperature CSV file into SI units.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV file: one header line naming a temperature column (K or degC) and a conductivity
        column (S/m, S/cm or mS/cm), e.g. ``temperature_C,conductivity_S_cm`` or
        ``T [K], sigma [S/m]``; other columns are ignored, blank lines and lines starting with
        ``#`` are skipped.

    Returns
    -------
    ConductivityData
        ``temperature_K`` [K] and ``sigma_S_m`` [S.m-1].

    Raises
    ------
    ParameterError
        Naming the file, line and column: missing column or unit, non-numeric value, temperature
        <= 0 K, conductivity <= 0, fewer than 3 data points.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = Path(d) / "li3ocl.csv"
    ...     _ = f.write_text("temperature_C,conductivity_mS_cm\\n25,0.85\\n50,1.9\\n75,3.8\\n")
    ...     data = read_conductivity_csv(f)
    >>> float(data.temperature_K[0]), float(data.sigma_S_m[0])
    (298.15, 0.085)
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = [(i, r) for i, r in enumerate(csv.reader(fh), start=1)
                    if any(c.strip() for c in r) and not r[0].lstrip().startswith("#")]
    except OSError as exc:
        raise ParameterError("path", str(path), f"a readable CSV file ({exc.strerror})") from None
    if not rows:
        raise ParameterError("header", "", _HEADER_HELP, str(path))
    header = rows[0][1]
    jt, t_unit = _find_column(header, _TEMPERATURE_NAMES, "K", "temperature", path)
    js, s_unit = _find_column(header, _CONDUCTIVITY_NAMES, "S.m-1", "conductivity", path)
    T, s = [], []
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise ParameterError(f"line {line}", ",".join(row), f"{len(header)} comma-separated values", str(path))
        vals = []
        for j in (jt, js):
            try:
                vals.append(float(row[j]))
            except ValueError:
                vals.append(np.nan)
            if not np.isfinite(vals[-1]):
                raise ParameterError(f"line {line}, column '{header[j].strip()}'", row[j], "a finite number",
                                     str(path))
        t_K, sigma = to_si(vals[0], t_unit, "K"), to_si(vals[1], s_unit, "S.m-1")
        if t_K <= 0:
            raise ParameterError(f"line {line}, column '{header[jt].strip()}'", row[jt], "> 0 K", str(path))
        if sigma <= 0:
            raise ParameterError(f"line {line}, column '{header[js].strip()}'", row[js], "> 0 (conductivity)",
                                 str(path))
        T.append(t_K)
        s.append(sigma)
    if len(T) < 3:
        raise ParameterError("data rows", len(T), ">= 3 points for an Arrhenius fit", str(path))
    return ConductivityData(np.array(T), np.array(s))


@dataclass(frozen=True)
class ArrheniusFit:
    """One Arrhenius branch, sigma = (A/T) exp(-Ea / kB T) (review eq. 1 with n absorbed in A).

    ``covariance`` is that of (ln A, Ea) [1, eV]; ``residual`` the weighted sum of squared residuals
    of ln(sigma T) [1]; standard errors are 1-sigma, A's from the delta method (A * se(ln A)).
    """

    prefactor_S_K_m: float
    activation_energy_eV: float
    prefactor_stderr_S_K_m: float
    activation_energy_stderr_eV: float
    covariance: tuple
    residual: float
    n_points: int
    temperature_min_K: float
    temperature_max_K: float
    transition_test: "TransitionTest | None" = None

    def sigma(self, temperature_K):
        """Fitted conductivity [S.m-1] at ``temperature_K`` [K]."""
        T = np.asarray(temperature_K, dtype=float)
        out = self.prefactor_S_K_m / T * np.exp(-self.activation_energy_eV / (BOLTZMANN_EV * T))
        return out if out.ndim else float(out)

    def report(self):
        """Plain-text summary of the fit."""
        return (f"Arrhenius fit, {self.n_points} points, {self.temperature_min_K:.2f}-{self.temperature_max_K:.2f} K\n"
                f"  A  = {self.prefactor_S_K_m:.4e} +/- {self.prefactor_stderr_S_K_m:.2e} S.K.m-1\n"
                f"  Ea = {self.activation_energy_eV:.4f} +/- {self.activation_energy_stderr_eV:.4f} eV\n"
                f"  residual (weighted SSR of ln(sigma T)) = {self.residual:.3e}"
                + (f"\n{self.transition_test.report()}" if self.transition_test is not None else ""))


@dataclass(frozen=True)
class TwoBranchFit:
    """Two Arrhenius branches split at ``transition_K``: ``low`` below it, ``high`` at and above.

    ``transition_interval_K`` = (highest T of the low branch, lowest T of the high branch) [K];
    ``residual`` sums both branches.
    """

    low: ArrheniusFit
    high: ArrheniusFit
    transition_K: float
    transition_interval_K: tuple
    residual: float
    n_points: int
    transition_test: "TransitionTest | None" = None

    def sigma(self, temperature_K):
        """Fitted conductivity [S.m-1] at ``temperature_K`` [K], switching branch at ``transition_K``."""
        T = np.asarray(temperature_K, dtype=float)
        out = np.where(T < self.transition_K, self.low.sigma(T), self.high.sigma(T))
        return out if out.ndim else float(out)

    def report(self):
        """Plain-text summary of both branches."""
        lo, hi = self.transition_interval_K
        return (f"Two-branch Arrhenius fit, {self.n_points} points, transition at {self.transition_K:.2f} K "
                f"(between {lo:.2f} and {hi:.2f} K), total residual {self.residual:.3e}\n"
                f"low-temperature branch: {self.low.report()}\nhigh-temperature branch: {self.high.report()}"
                + (f"\n{self.transition_test.report()}" if self.transition_test is not None else ""))


@dataclass(frozen=True)
class TransitionTest:
    """Does a transition (two Arrhenius branches) describe the data better than one branch?

    The nested-model F-test: F = ((RSS_1 - RSS_2) / df1) / (RSS_2 / df2) with the weighted residuals of one
    branch (2 parameters) and of the best two-branch split (4 parameters and the break temperature, which is
    searched and so counted as a parameter: df1 = 3, df2 = n - 5). Two branches are chosen when p < ``alpha``.
    Counting the searched break as a parameter keeps the test honest: with the break free, a plain df1 = 2
    test would split noisy single-Arrhenius data far more often than alpha. ``delta_aicc`` = AICc(two) -
    AICc(one) (small-sample Akaike criterion, k = 3 and 6 with the variance; negative favours two branches) is
    reported beside it.
    """

    f_statistic: float
    df: tuple
    p_value: float
    delta_aicc: float
    alpha: float
    two_branches: bool
    transition_K: float

    def report(self):
        verdict = (f"two branches (transition at {self.transition_K:.2f} K)" if self.two_branches
                   else "one branch (no transition)")
        return (f"transition test: F({self.df[0]}, {self.df[1]}) = {self.f_statistic:.4g}, p = {self.p_value:.3g} "
                f"(alpha {self.alpha:g}), delta AICc (two - one) = {self.delta_aicc:+.2f}: {verdict}")


def _aicc(rss, n, k):
    """Small-sample AIC of a least-squares fit with ``k`` parameters (the variance included)."""
    return n * np.log(max(rss, np.finfo(float).tiny) / n) + 2 * k + 2 * k * (k + 1) / max(n - k - 1, 1)


def _transition_test(one, two, n, alpha, roundoff):
    from scipy import stats

    df1, df2 = 3, n - 5
    rss1, rss2 = one.residual, two.residual
    scale = max(rss1, 1e-300)
    if rss1 <= roundoff or rss1 - rss2 <= 1e-12 * scale:  # one branch exact to round-off, or no improvement
        F, p = 0.0, 1.0
    elif rss2 <= 1e-12 * scale:  # two branches describe the data exactly, one does not
        F, p = float("inf"), 0.0
    else:
        F = ((rss1 - rss2) / df1) / (rss2 / df2)
        p = float(stats.f.sf(F, df1, df2))
    return TransitionTest(float(F), (df1, df2), p, float(_aicc(rss2, n, 6) - _aicc(rss1, n, 3)), alpha,
                          bool(p < alpha), two.transition_K)


def _fit_branch(T, s, w, absolute):
    if np.unique(T).size < 2:
        raise ParameterError("temperature_K", T.tolist(), "at least two different temperatures per Arrhenius branch")
    x = 1.0 / (BOLTZMANN_EV * T)
    X = np.column_stack([np.ones_like(x), -x])
    y = np.log(s * T)
    sw = np.sqrt(w)
    coef = linalg.lstsq(X * sw[:, None], y * sw)[0]
    residual = float(np.sum(w * (y - X @ coef) ** 2))
    cov = linalg.inv((X * w[:, None]).T @ X)
    if not absolute:
        cov = cov * residual / (len(T) - 2)
    A = float(np.exp(coef[0]))
    return ArrheniusFit(A, float(coef[1]), A * float(np.sqrt(cov[0, 0])), float(np.sqrt(cov[1, 1])),
                        tuple(map(tuple, cov.tolist())), residual, len(T), float(T.min()), float(T.max()))


def fit_arrhenius(temperature_K, sigma_S_m, transition=None, relative_error=None, alpha=0.01):
    """Fit ln(sigma T) = ln(A) - Ea / (kB T) by weighted least squares, optionally in two branches.

    Parameters
    ----------
    temperature_K : array
        Temperatures, >= 3 points, not all equal [K].
    sigma_S_m : array
        Conductivities, > 0 [S.m-1].
    transition : None, "auto", "split" or float
        None: one branch. "auto": two branches only if the data ask for them: the best split (below) is
        compared with one branch by an F-test (:class:`TransitionTest`, recorded as ``transition_test`` of
        the returned fit, and in its report); one branch unless p < ``alpha``. "split": always two branches,
        the break placed between the consecutive (sorted) temperatures that minimise the total residual,
        >= 3 points per branch. A float: break at that temperature (points below it form the low branch) [K].
    relative_error : None, float or array
        1-sigma relative uncertainty of sigma (= uncertainty of ln sigma), giving weights
        1/relative_error^2 and absolute standard errors. None: equal weights, standard errors
        scaled by the residual variance [1].
    alpha : float
        Significance level of the transition test of ``transition="auto"`` (default 0.01).

    Returns
    -------
    ArrheniusFit or TwoBranchFit

    Notes
    -----
    Review eq. 1 with n folded into A: :math:`\\ln(\\sigma T) = \\ln A - E_a/(k_B T)`, linear in
    (ln A, Ea); solved with :func:`scipy.linalg.lstsq`, covariance (X^T W X)^-1.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, eq. 1, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    Exact eq. 1 data (Li3OCl-like, A = 3e6 S.K.m-1, Ea = 0.30 eV) are recovered:

    >>> T = np.linspace(250.0, 400.0, 6)
    >>> fit = fit_arrhenius(T, 3e6 / T * np.exp(-0.30 / (BOLTZMANN_EV * T)))
    >>> round(fit.activation_energy_eV, 6), round(fit.prefactor_S_K_m / 3e6, 6)
    (0.3, 1.0)
    """
    T = np.asarray(temperature_K, dtype=float)
    s = np.asarray(sigma_S_m, dtype=float)
    if T.ndim != 1 or T.shape != s.shape:
        raise ParameterError("sigma_S_m", f"shape {s.shape}", f"a 1-D array of the shape of temperature_K {T.shape}")
    if len(T) < 3 or np.ptp(T) == 0:
        raise ParameterError("temperature_K", temperature_K, ">= 3 points at 2 or more distinct temperatures")
    check_temperature(T)
    if np.any(~np.isfinite(s) | (s <= 0)):
        raise ParameterError("sigma_S_m", sigma_S_m, "finite values > 0 S.m-1")
    absolute = relative_error is not None
    rel = np.asarray(1.0 if relative_error is None else relative_error, dtype=float)
    if rel.shape not in ((), T.shape) or not np.all(np.isfinite(rel) & (rel > 0)):
        raise ParameterError("relative_error", relative_error, "finite values > 0 (scalar or one per point)")
    w = np.broadcast_to(rel, T.shape) ** -2.0
    order = np.argsort(T, kind="stable")
    T, s, w = T[order], s[order], w[order]
    if transition is None:
        return _fit_branch(T, s, w, absolute)

    def split(k, t_split):
        if k < 3 or len(T) - k < 3:
            raise ParameterError("transition", transition, f">= 3 points on each side; split at {t_split} K "
                                 f"leaves {k} below and {len(T) - k} above")
        lo, hi = _fit_branch(T[:k], s[:k], w[:k], absolute), _fit_branch(T[k:], s[k:], w[k:], absolute)
        return TwoBranchFit(lo, hi, float(t_split), (float(T[k - 1]), float(T[k])), lo.residual + hi.residual,
                            len(T))

    if isinstance(transition, str):
        if transition not in ("auto", "split"):
            raise ParameterError("transition", transition, "None, 'auto', 'split' or a temperature in K")
        if not 0 < alpha < 1:
            raise ParameterError("alpha", alpha, "0 < alpha < 1, e.g. 0.01")
        cuts = [k for k in range(3, len(T) - 2) if T[k] > T[k - 1]]
        if not cuts:
            raise ParameterError("transition", transition, ">= 6 points at distinct temperatures (3 per branch)")
        fits = [split(k, 0.5 * (T[k - 1] + T[k])) for k in cuts]
        best = min(fits, key=lambda f: f.residual)
        if transition == "split":
            return best
        one = _fit_branch(T, s, w, absolute)
        # weighted residual of relative errors ~1e-10 per point: exact to round-off
        test = _transition_test(one, best, len(T), alpha, roundoff=1e-20 * float(np.sum(w)))
        return dataclasses.replace(best if test.two_branches else one, transition_test=test)
    try:
        t_split = float(transition)
    except (TypeError, ValueError):
        raise ParameterError("transition", transition, "None, 'auto', 'split' or a temperature in K") from None
    return split(int(np.searchsorted(T, t_split, side="left")), t_split)
