"""Thermal-mismatch residual stress: sphere in a matrix, thin film on a substrate, fracture.

Temperatures are passed as the processing temperature the stress-free state is set at
(``temperature_from_K``) and the operating temperature (``temperature_to_K``); cooling means
``temperature_from_K >= temperature_to_K``. Positive stress is tensile, pressure positive
in compression.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import solve_banded

from ..checks import check_fraction, check_poisson_ratio, check_positive, check_temperature
from ..errors import ParameterError
from .elastic import bulk_modulus, shear_modulus

__all__ = [
    "SphereStress",
    "mismatch_interface_pressure",
    "matrix_hoop_stress",
    "sphere_in_matrix_stress",
    "sphere_in_matrix_fv",
    "biaxial_film_stress",
    "stoney_curvature",
    "fracture_strength",
    "residual_stress_verdict",
    "turner_thermal_expansion",
]


def _cooling(t_from, t_to):
    t_from, t_to = check_temperature(t_from, "temperature_from_K"), check_temperature(t_to, "temperature_to_K")
    if t_from < t_to:
        raise ParameterError("temperature_from_K", t_from,
                             f">= temperature_to_K = {t_to} K (cooling from the stress-free processing "
                             "temperature to the operating temperature)")
    return t_to - t_from  # <= 0


@dataclass(frozen=True)
class SphereStress:
    """Stress around a spherical particle; arrays follow the shape of ``radius_m``."""

    interface_pressure: float  # p = -sigma_rr(a) [Pa], > 0 compressive
    radial: np.ndarray  # sigma_rr(r) [Pa]
    hoop: np.ndarray  # sigma_theta(r) [Pa]


def mismatch_interface_pressure(mismatch_strain, youngs_modulus_particle: float, poisson_ratio_particle: float,
                                youngs_modulus_matrix: float, poisson_ratio_matrix: float,
                                volume_fraction: float = 0.0):
    """Interface pressure of a sphere whose free linear strain exceeds the matrix's by ``mismatch_strain``.

    Parameters
    ----------
    mismatch_strain : float or array_like
        eps* = free linear strain of the particle minus that of the matrix [1]; > 0 when the
        particle would be larger than its hole.
    youngs_modulus_particle, youngs_modulus_matrix : float
        Young's moduli [Pa].
    poisson_ratio_particle, poisson_ratio_matrix : float
        Poisson's ratios [1].
    volume_fraction : float, optional
        Particle volume fraction f [1] of the concentric-sphere cell (traction-free outer radius
        b = a f^(-1/3)); 0 is the infinite matrix.

    Returns
    -------
    float or ndarray
        p = -sigma_rr(a) [Pa], > 0 compressive.

    Notes
    -----
    Lame solution of the concentric-sphere cell; :func:`sphere_in_matrix_stress` uses it with
    eps* = (alpha_p - alpha_m) dT, :func:`cellsim.mechanics.cycling_strain.interface_stress_history` with the
    intercalation strain:

        p = 12 G_m K_p (1 - f) eps* / (3 K_p + 4 G_m (1 - f) + 4 G_m K_p f / K_m),

    K = E / (3 (1 - 2 nu)), G = E / (2 (1 + nu)). For f = 0, p = 12 G_m K_p eps* / (3 K_p + 4 G_m)
    (an Eshelby misfitting sphere). The matrix hoop stress at r = a is p (1/2 + f) / (1 - f).

    References
    ----------
    Selsing, J. Am. Ceram. Soc. 44, 419 (1961), doi:10.1111/j.1151-2916.1961.tb15475.x.

    Examples
    --------
    NCM111-like particle (180 GPa, 0.25) in Li2(OH)Cl (43.1 GPa, 0.24), eps_v = -1.2 %:

    >>> round(mismatch_interface_pressure(-0.012 / 3, 180e9, 0.25, 43.1e9, 0.24) / 1e6, 1)
    -233.1
    """
    E_p = check_positive(youngs_modulus_particle, "youngs_modulus_particle", "Pa")
    E_m = check_positive(youngs_modulus_matrix, "youngs_modulus_matrix", "Pa")
    K_p = bulk_modulus(E_p, check_poisson_ratio(poisson_ratio_particle, "poisson_ratio_particle"))
    nu_m = check_poisson_ratio(poisson_ratio_matrix, "poisson_ratio_matrix")
    K_m, G_m = bulk_modulus(E_m, nu_m), shear_modulus(E_m, nu_m)
    f = check_fraction(volume_fraction, "volume_fraction", one=False)
    eps = np.asarray(mismatch_strain, dtype=float)
    p = 12 * G_m * K_p * (1 - f) * eps / (3 * K_p + 4 * G_m * (1 - f) + 4 * G_m * K_p * f / K_m)
    return float(p) if p.ndim == 0 else p


def matrix_hoop_stress(interface_pressure, volume_fraction, radius_ratio_cubed=1.0):
    """Hoop stress of the matrix shell around a misfitting sphere (Lame solution, see
    :func:`mismatch_interface_pressure`).

    Parameters
    ----------
    interface_pressure : float or array
        p at the particle surface, positive in compression [Pa].
    volume_fraction : float
        Particle volume fraction f = (a/b)^3 [1], < 1.
    radius_ratio_cubed : float or array, optional
        (a/r)^3 at the radius r in the matrix (a <= r <= b) [1]; default 1, the particle surface.

    Returns
    -------
    float or array
        sigma_tt = p ((a/r)^3 / 2 + f) / (1 - f) [Pa], tensile for p > 0; p (1/2 + f) / (1 - f) at r = a.

    Examples
    --------
    >>> matrix_hoop_stress(100e6, 0.5) / 1e6
    200.0
    """
    return interface_pressure * (radius_ratio_cubed / 2 + volume_fraction) / (1 - volume_fraction)


def sphere_in_matrix_stress(radius_m, particle_radius_m: float, alpha_particle: float, alpha_matrix: float,
                            youngs_modulus_particle: float, poisson_ratio_particle: float,
                            youngs_modulus_matrix: float, poisson_ratio_matrix: float,
                            temperature_from_K: float, temperature_to_K: float,
                            volume_fraction: float = 0.0) -> SphereStress:
    """Thermal-mismatch stress of an elastic sphere in an elastic matrix after cooling.

    Parameters
    ----------
    radius_m : float or array_like
        Radii r at which to evaluate the stress [m]; r < a gives the (uniform) particle stress.
    particle_radius_m : float
        Particle radius a [m].
    alpha_particle, alpha_matrix : float
        Linear thermal expansion coefficients [K-1].
    youngs_modulus_particle, youngs_modulus_matrix : float
        Young's moduli [Pa].
    poisson_ratio_particle, poisson_ratio_matrix : float
        Poisson's ratios [1].
    temperature_from_K : float
        Stress-free (processing/solidification) temperature [K].
    temperature_to_K : float
        Operating temperature [K], <= temperature_from_K.
    volume_fraction : float, optional
        Particle volume fraction f [1]; concentric-sphere cell with matrix shell of outer radius
        b = a f^(-1/3) and a traction-free outer surface. f = 0 is the infinite matrix.

    Returns
    -------
    SphereStress
        Interface pressure and radial / hoop stress at ``radius_m``.

    Notes
    -----
    With dT = T_to - T_from < 0, K = E / (3 (1 - 2 nu)), G = E / (2 (1 + nu)) (Lame solution):

        p = -12 G_m K_p (1 - f) (alpha_m - alpha_p) dT / (3 K_p + 4 G_m (1 - f) + 4 G_m K_p f / K_m)

    which for f -> 0 is Selsing's p = (alpha_m - alpha_p) |dT| / ((1 + nu_m)/(2 E_m) + (1 - 2 nu_p)/E_p).
    Matrix (a <= r <= b): sigma_rr = -p ((a/r)^3 - f) / (1 - f), sigma_tt = p ((a/r)^3 / 2 + f) / (1 - f);
    particle: sigma_rr = sigma_tt = -p.

    References
    ----------
    Selsing, J. Am. Ceram. Soc. 44, 419 (1961), doi:10.1111/j.1151-2916.1961.tb15475.x.

    Examples
    --------
    NCM111-like particle (E 180 GPa, nu 0.25, alpha 1.0e-5 K-1) in a Li2(OH)Cl-like matrix
    (E 43.1 GPa, nu 0.24, alpha 3.5e-5 K-1), cooled 573 -> 373 K:

    >>> s = sphere_in_matrix_stress(2e-6, 2e-6, 1.0e-5, 3.5e-5, 180e9, 0.25, 43.1e9, 0.24, 573.0, 373.0)
    >>> round(s.interface_pressure / 1e6), round(float(s.hoop) / 1e6)
    (291, 146)
    """
    a = check_positive(particle_radius_m, "particle_radius_m", "m")
    E_p = check_positive(youngs_modulus_particle, "youngs_modulus_particle", "Pa")
    E_m = check_positive(youngs_modulus_matrix, "youngs_modulus_matrix", "Pa")
    nu_p = check_poisson_ratio(poisson_ratio_particle, "poisson_ratio_particle")
    nu_m = check_poisson_ratio(poisson_ratio_matrix, "poisson_ratio_matrix")
    dT = _cooling(temperature_from_K, temperature_to_K)
    f = check_fraction(volume_fraction, "volume_fraction", one=False)
    r = np.asarray(radius_m, dtype=float)
    if np.any(r < 0):
        raise ParameterError("radius_m", r.tolist(), ">= 0 m")
    if f > 0 and np.any(r > a * f ** (-1 / 3) * (1 + 1e-12)):
        raise ParameterError("radius_m", r.max(), f"<= outer cell radius b = a f^(-1/3) = {a * f ** (-1 / 3):.3e} m")
    p = mismatch_interface_pressure((alpha_particle - alpha_matrix) * dT, E_p, nu_p, E_m, nu_m, f)
    with np.errstate(divide="ignore"):
        x = np.where(r > 0, (a / np.where(r > 0, r, 1.0)) ** 3, np.inf)
    inside = r < a
    radial = np.where(inside, -p, -p * (x - f) / (1 - f))
    hoop = np.where(inside, -p, matrix_hoop_stress(p, f, x))
    return SphereStress(float(p), radial[()] if radial.ndim == 0 else radial, hoop[()] if hoop.ndim == 0 else hoop)


def sphere_in_matrix_fv(particle_radius_m: float, alpha_particle: float, alpha_matrix: float,
                        youngs_modulus_particle: float, poisson_ratio_particle: float,
                        youngs_modulus_matrix: float, poisson_ratio_matrix: float,
                        temperature_from_K: float, temperature_to_K: float, volume_fraction: float,
                        n_cells: int = 400):
    """Finite-volume solution of the same problem, to verify :func:`sphere_in_matrix_stress`.

    Parameters
    ----------
    particle_radius_m, alpha_particle, alpha_matrix, youngs_modulus_particle, poisson_ratio_particle,
    youngs_modulus_matrix, poisson_ratio_matrix, temperature_from_K, temperature_to_K :
        As in :func:`sphere_in_matrix_stress` ([m], [K-1], [Pa], [1], [K]).
    volume_fraction : float
        f > 0 [1]; the domain is 0 <= r <= b = a f^(-1/3).
    n_cells : int, optional
        Number of cells; the grid has a node at r = a (cells split in proportion to length).

    Returns
    -------
    r : ndarray
        Node radii [m].
    u : ndarray
        Radial displacement [m].
    sigma_rr, sigma_tt : ndarray
        Radial and hoop stress at the nodes [Pa] (one-sided derivatives at r = 0, a, b). The
        hoop stress jumps at r = a; the interface node reports the particle side.

    Notes
    -----
    Radial equilibrium in conservation form, d(r^2 sigma_rr)/dr = 2 r sigma_tt, with
    sigma_rr = (lambda + 2 mu) u' + 2 lambda u / r - 3 K alpha dT and
    sigma_tt = lambda u' + 2 (lambda + mu) u / r - 3 K alpha dT; in a homogeneous region this is
    d/dr(1/r^2 d(r^2 u)/dr) = 0. Integrated over vertex-centred control volumes (each
    half-volume uses its own material), so continuity of u and of sigma_rr at r = a hold by
    construction; u(0) = 0 and sigma_rr(b) = 0. Second-order accurate.

    References
    ----------
    Selsing, J. Am. Ceram. Soc. 44, 419 (1961), doi:10.1111/j.1151-2916.1961.tb15475.x.

    Examples
    --------
    >>> r, u, srr, stt = sphere_in_matrix_fv(1e-6, 1e-5, 3.5e-5, 180e9, 0.25, 43.1e9, 0.24, 573.0, 373.0, 0.3)
    >>> round(-srr[r.searchsorted(1e-6)] / 1e6)
    175
    """
    a = check_positive(particle_radius_m, "particle_radius_m", "m")
    dT = _cooling(temperature_from_K, temperature_to_K)
    f = check_fraction(volume_fraction, "volume_fraction", one=False)
    if f == 0:
        raise ParameterError("volume_fraction", f, "> 0 for the finite-volume cell (b must be finite)")
    if n_cells < 10:
        raise ParameterError("n_cells", n_cells, ">= 10")
    b = a * f ** (-1 / 3)
    n_in = max(2, int(round(n_cells * a / b)))
    r = np.concatenate([np.linspace(0, a, n_in + 1), np.linspace(a, b, n_cells - n_in + 1)[1:]])
    mats = []
    for E, nu, al in ((youngs_modulus_particle, poisson_ratio_particle, alpha_particle),
                      (youngs_modulus_matrix, poisson_ratio_matrix, alpha_matrix)):
        E, nu = check_positive(E, "youngs_modulus", "Pa"), check_poisson_ratio(nu, "poisson_ratio")
        lam, mu = E * nu / ((1 + nu) * (1 - 2 * nu)), shear_modulus(E, nu)
        mats.append((lam, mu, (3 * lam + 2 * mu) * al * dT))
    n = len(r)
    cell_mat = [mats[0] if r[i + 1] <= a * (1 + 1e-12) else mats[1] for i in range(n - 1)]
    # residual_i = sum over the two half-cells of [r^2 sigma_rr]_faces - int 2 r sigma_tt dr, linear in u
    ab = np.zeros((3, n))  # banded: ab[0] super, ab[1] diag, ab[2] sub
    rhs = np.zeros(n)

    def add(i, j, val):
        ab[1 + i - j, j] += val

    for c in range(n - 1):  # cell c between nodes c, c+1
        lam, mu, th = cell_mat[c]
        h = r[c + 1] - r[c]
        rf = 0.5 * (r[c] + r[c + 1])  # face between the two control volumes
        # sigma_rr at the mid-cell face, u at face = mean
        coef_l = -(lam + 2 * mu) / h + lam / rf
        coef_r = (lam + 2 * mu) / h + lam / rf
        for node, sgn in ((c, +1.0), (c + 1, -1.0)):
            # +r_f^2 sigma_f goes to the residual of the left node (its east face), - to the right one
            add(node, c, sgn * rf ** 2 * coef_l)
            add(node, c + 1, sgn * rf ** 2 * coef_r)
            rhs[node] -= sgn * rf ** 2 * (-th)
        # hoop source over each half of the cell: - int 2 r sigma_tt dr, midpoint rule per half
        for node, (r0, r1) in ((c, (r[c], rf)), (c + 1, (rf, r[c + 1]))):
            rq = 0.5 * (r0 + r1)
            wq = 2 * rq * (r1 - r0)
            t = (rq - r[c]) / h  # linear interpolation weight for u at rq
            add(node, c, -wq * (-lam / h + 2 * (lam + mu) * (1 - t) / rq))
            add(node, c + 1, -wq * (lam / h + 2 * (lam + mu) * t / rq))
            rhs[node] -= -wq * (-th)
    # node 0: u = 0
    ab[:, 0] = 0.0
    ab[0, 1] = 0.0
    ab[1, 0] = 1.0
    rhs[0] = 0.0
    # node n-1: residual already has -r_f^2 sigma_f - hoop(half); traction-free adds b^2 * 0
    u = solve_banded((1, 1), ab, rhs)
    du = np.gradient(u, r, edge_order=2)
    srr = np.empty(n)
    stt = np.empty(n)
    for i in range(n):
        lam, mu, th = cell_mat[i - 1] if i > 0 else cell_mat[0]
        if i == 0:
            srr[i] = stt[i] = (3 * lam + 2 * mu) * du[0] - th
            continue
        d = (u[i] - u[i - 1]) / (r[i] - r[i - 1]) if r[i] <= a * (1 + 1e-12) or i == n - 1 else du[i]
        if abs(r[i] - a) < 1e-12 * a:  # interface node: use the particle side (continuous sigma_rr)
            lam, mu, th = mats[0]
            d = (3 * u[i] - 4 * u[i - 1] + u[i - 2]) / (r[i] - r[i - 2])
        elif i == n - 1:
            d = (3 * u[i] - 4 * u[i - 1] + u[i - 2]) / (r[i] - r[i - 2])
        srr[i] = (lam + 2 * mu) * d + 2 * lam * u[i] / r[i] - th
        stt[i] = lam * d + 2 * (lam + mu) * u[i] / r[i] - th
    return r, u, srr, stt


def biaxial_film_stress(youngs_modulus_film: float, poisson_ratio_film: float, alpha_film: float,
                        alpha_substrate: float, temperature_from_K: float, temperature_to_K: float) -> float:
    """Equi-biaxial thermal stress in a thin film bonded to a thick substrate.

    Parameters
    ----------
    youngs_modulus_film : float
        E_f [Pa].
    poisson_ratio_film : float
        nu_f [1].
    alpha_film, alpha_substrate : float
        Linear thermal expansion coefficients [K-1].
    temperature_from_K, temperature_to_K : float
        Stress-free and operating temperature [K], from >= to.

    Returns
    -------
    float
        sigma_f [Pa], tensile positive.

    Notes
    -----
    sigma_f = E_f / (1 - nu_f) (alpha_s - alpha_f) (T_to - T_from).

    References
    ----------
    Freund & Suresh, Thin Film Materials (Cambridge University Press, 2003),
    doi:10.1017/CBO9780511754715, chapter 2.

    Examples
    --------
    Al2O3-like coating (E 170 GPa, nu 0.22, 8.1e-6 K-1) on NCM111 (1.0e-5 K-1), 573 -> 373 K:

    >>> round(biaxial_film_stress(170e9, 0.22, 8.1e-6, 1.0e-5, 573.0, 373.0) / 1e6, 1)
    -82.8
    """
    E = check_positive(youngs_modulus_film, "youngs_modulus_film", "Pa")
    nu = check_poisson_ratio(poisson_ratio_film, "poisson_ratio_film")
    dT = _cooling(temperature_from_K, temperature_to_K)
    return E / (1 - nu) * (alpha_substrate - alpha_film) * dT


def stoney_curvature(film_stress: float, film_thickness_m: float, youngs_modulus_substrate: float,
                     poisson_ratio_substrate: float, substrate_thickness_m: float) -> float:
    """Curvature of a substrate carrying a stressed thin film (Stoney).

    Parameters
    ----------
    film_stress : float
        Biaxial film stress [Pa].
    film_thickness_m, substrate_thickness_m : float
        Thicknesses h_f << h_s [m].
    youngs_modulus_substrate : float
        E_s [Pa].
    poisson_ratio_substrate : float
        nu_s [1].

    Returns
    -------
    float
        kappa [m-1]; positive for tensile film stress (film on the concave side).

    Notes
    -----
    kappa = 6 sigma_f h_f (1 - nu_s) / (E_s h_s^2).

    References
    ----------
    Stoney, Proc. R. Soc. Lond. A 82, 172 (1909), doi:10.1098/rspa.1909.0021.

    Examples
    --------
    >>> round(stoney_curvature(100e6, 1e-6, 100e9, 0.25, 100e-6), 4)
    0.45
    """
    hf = check_positive(film_thickness_m, "film_thickness_m", "m")
    hs = check_positive(substrate_thickness_m, "substrate_thickness_m", "m")
    Es = check_positive(youngs_modulus_substrate, "youngs_modulus_substrate", "Pa")
    nus = check_poisson_ratio(poisson_ratio_substrate, "poisson_ratio_substrate")
    if hf >= hs:
        raise ParameterError("film_thickness_m", hf, f"much smaller than substrate_thickness_m = {hs} m")
    return 6 * film_stress * hf * (1 - nus) / (Es * hs ** 2)


def fracture_strength(K_IC, flaw_size, Y: float = 1.12):
    """Fracture strength of a brittle solid with a flaw.

    Parameters
    ----------
    K_IC : float or array_like
        Fracture toughness [Pa.m0.5].
    flaw_size : float or array_like
        Flaw depth a [m].
    Y : float, optional
        Geometry factor [1], 1.12 for a surface crack.

    Returns
    -------
    float or ndarray
        sigma_f = K_IC / (Y sqrt(pi a)) [Pa].

    Notes
    -----
    Linear-elastic fracture mechanics, K_I = Y sigma sqrt(pi a).

    References
    ----------
    Anderson, Fracture Mechanics, 4th ed. (CRC Press, 2017), doi:10.1201/9781315370293.

    Examples
    --------
    K_IC 1 MPa.m0.5 (oxide electrolytes, Review section 6.4), 10 um flaw:

    >>> round(fracture_strength(1e6, 10e-6) / 1e6)
    159
    """
    return griffith_stress(K_IC, flaw_size, Y, names=("K_IC", "flaw_size", "Y"))


def griffith_stress(toughness, flaw, factor, names=("K_IC", "flaw_size", "Y")):
    """K_IC / (Y sqrt(pi a)) [Pa] with argument checks naming the caller's arguments ``names``.

    Shared by :func:`fracture_strength` and :func:`cellsim.mechanics.dendrite.flaw_fracture_pressure`.
    """
    K = np.asarray(toughness, dtype=float)
    a = np.asarray(flaw, dtype=float)
    if np.any(K <= 0):
        raise ParameterError(names[0], K.tolist(), "> 0 Pa.m0.5")
    if np.any(a <= 0):
        raise ParameterError(names[1], a.tolist(), "> 0 m")
    if factor <= 0:
        raise ParameterError(names[2], factor, "> 0")
    s = K / (factor * np.sqrt(np.pi * a))
    return float(s) if s.ndim == 0 else s


def residual_stress_verdict(interface_pressure: float, matrix_strength: float,
                            interface_strength: float | None = None, volume_fraction: float = 0.0) -> str:
    """Classify a sphere-in-matrix residual stress state as 'crack', 'debond' or 'safe'.

    Parameters
    ----------
    interface_pressure : float
        p from :func:`sphere_in_matrix_stress` [Pa]; > 0 particle compressed.
    matrix_strength : float
        Tensile fracture strength of the matrix [Pa], e.g. :func:`fracture_strength`.
    interface_strength : float, optional
        Tensile strength of the particle/matrix interface [Pa]; default = matrix_strength.
    volume_fraction : float, optional
        Particle volume fraction f [1].

    Returns
    -------
    str
        'crack' if the matrix hoop stress at r = a, p (1/2 + f)/(1 - f), reaches the matrix
        strength (p > 0, radial matrix cracks); 'debond' if the radial tension at the interface,
        -p (p < 0), reaches the interface strength; otherwise 'safe'.

    Notes
    -----
    Maximum tensile stresses of the concentric-sphere solution (see sphere_in_matrix_stress).

    References
    ----------
    Selsing, J. Am. Ceram. Soc. 44, 419 (1961), doi:10.1111/j.1151-2916.1961.tb15475.x.

    Examples
    --------
    >>> residual_stress_verdict(291e6, 159e6), residual_stress_verdict(291e6, 100e6)
    ('safe', 'crack')
    >>> residual_stress_verdict(-50e6, 159e6, interface_strength=20e6)
    'debond'
    """
    sm = check_positive(matrix_strength, "matrix_strength", "Pa")
    si = sm if interface_strength is None else check_positive(interface_strength, "interface_strength", "Pa")
    f = check_fraction(volume_fraction, "volume_fraction", one=False)
    if interface_pressure > 0 and matrix_hoop_stress(interface_pressure, f) >= sm:
        return "crack"
    if interface_pressure < 0 and -interface_pressure >= si:
        return "debond"
    return "safe"


def turner_thermal_expansion(volume_fractions, thermal_expansions, bulk_moduli) -> float:
    """Linear thermal expansion of a particulate composite (Turner's rule).

    Parameters
    ----------
    volume_fractions : sequence of float
        f_i [1], > 0 (normalised internally).
    thermal_expansions : sequence of float
        alpha_i [K-1].
    bulk_moduli : sequence of float
        K_i [Pa], > 0.

    Returns
    -------
    float
        alpha_c = sum(f_i K_i alpha_i) / sum(f_i K_i) [K-1].

    Notes
    -----
    Uniform hydrostatic stress in each phase with zero mean stress; stiff phases dominate.

    References
    ----------
    Turner, J. Res. Natl. Bur. Stand. 37, 239 (1946).

    Examples
    --------
    >>> round(turner_thermal_expansion([0.6, 0.38], [1.0e-5, 3.5e-5], [120e9, 27.6e9]) * 1e6, 2)
    13.18
    """
    f, a, K = (np.asarray(v, dtype=float) for v in (volume_fractions, thermal_expansions, bulk_moduli))
    if not (f.shape == a.shape == K.shape) or f.ndim != 1:
        raise ParameterError("volume_fractions", f.tolist(), "sequences of equal length (one entry per phase)")
    if np.any(f <= 0):
        raise ParameterError("volume_fractions", f.tolist(), "> 0")
    if np.any(K <= 0):
        raise ParameterError("bulk_moduli", K.tolist(), "> 0 Pa")
    return float(np.sum(f * K * a) / np.sum(f * K))
