"""Isotropic elastic relations, polycrystal averages and elastic stability.

All moduli are in pascal; Poisson's ratio is dimensionless. Functions are pure and raise
:class:`cellsim.errors.ParameterError` on physically impossible input.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import check_poisson_ratio, check_positive
from ..errors import ParameterError

__all__ = [
    "IsotropicModuli",
    "VoigtReussHill",
    "bulk_modulus",
    "shear_modulus",
    "isotropic_moduli",
    "born_stable_cubic",
    "voigt_reuss_hill_cubic",
    "voigt_reuss_hill",
    "pugh_ratio",
]


@dataclass(frozen=True)
class IsotropicModuli:
    """The four moduli of an isotropic linear-elastic solid (SI)."""

    youngs_modulus: float  # [Pa]
    poisson_ratio: float  # [1]
    shear_modulus: float  # [Pa]
    bulk_modulus: float  # [Pa]


@dataclass(frozen=True)
class VoigtReussHill:
    """Upper (Voigt), lower (Reuss) bounds and Hill mean of a polycrystal."""

    voigt: IsotropicModuli
    reuss: IsotropicModuli
    hill: IsotropicModuli


def bulk_modulus(youngs_modulus, poisson_ratio):
    """Bulk modulus of an isotropic solid from Young's modulus and Poisson's ratio.

    Parameters
    ----------
    youngs_modulus : float or array
        Young's modulus E [Pa].
    poisson_ratio : float or array
        Poisson's ratio nu [1], -1 < nu < 0.5.

    Returns
    -------
    float or array
        K [Pa].

    Notes
    -----
    .. math:: K = \\frac{E}{3 (1 - 2\\nu)}

    References
    ----------
    Landau & Lifshitz, Theory of Elasticity, 3rd ed. (Pergamon, 1986), section 4, doi:10.1016/C2009-0-25521-8.

    Examples
    --------
    Li3OCl, Review Table 3 (E 99.7 GPa, nu 0.20):

    >>> round(bulk_modulus(99.7e9, 0.20) / 1e9, 1)
    55.4
    """
    E = check_positive(youngs_modulus, "youngs_modulus", "Pa")
    nu = check_poisson_ratio(poisson_ratio)
    return E / (3 * (1 - 2 * nu))


def shear_modulus(youngs_modulus, poisson_ratio):
    """Shear modulus of an isotropic solid from Young's modulus and Poisson's ratio.

    Parameters
    ----------
    youngs_modulus : float or array
        Young's modulus E [Pa].
    poisson_ratio : float or array
        Poisson's ratio nu [1], -1 < nu < 0.5.

    Returns
    -------
    float or array
        G [Pa].

    Notes
    -----
    Review eq. 31, :math:`G = E / (2 (1 + \\nu))`.

    References
    ----------
    Xia et al., Chem. Rev. 122, 3763 (2022), doi:10.1021/acs.chemrev.1c00594, eq. 31.

    Examples
    --------
    >>> round(shear_modulus(99.7e9, 0.20) / 1e9, 1)
    41.5
    """
    E = check_positive(youngs_modulus, "youngs_modulus", "Pa")
    nu = check_poisson_ratio(poisson_ratio)
    return E / (2 * (1 + nu))


def isotropic_moduli(E: float | None = None, nu: float | None = None, G: float | None = None,
                     K: float | None = None) -> IsotropicModuli:
    """Complete the isotropic moduli from any two of E, nu, G, K.

    Parameters
    ----------
    E : float, optional
        Young's modulus [Pa].
    nu : float, optional
        Poisson's ratio [1], -1 < nu < 0.5.
    G : float, optional
        Shear modulus [Pa].
    K : float, optional
        Bulk modulus [Pa].

    Returns
    -------
    IsotropicModuli
        Frozen dataclass with all four moduli.

    Raises
    ------
    ParameterError
        If not exactly two values are given, a modulus is not positive, or the implied
        Poisson's ratio lies outside (-1, 0.5).

    Notes
    -----
    Standard isotropic relations, e.g. G = E / (2 (1 + nu)) (Review eq. 31) and
    K = E / (3 (1 - 2 nu)); for (G, K): E = 9 K G / (3 K + G), nu = (3 K - 2 G) / (2 (3 K + G)).

    References
    ----------
    Xia et al., Chem. Rev. 122, 3763 (2022), doi:10.1021/acs.chemrev.1c00594, eq. 31.

    Examples
    --------
    Li3OCl, Review Table 3 (E 99.7 GPa, nu 0.20, G listed as 41.5 GPa):

    >>> m = isotropic_moduli(E=99.7e9, nu=0.20)
    >>> round(m.shear_modulus / 1e9, 1), round(m.bulk_modulus / 1e9, 1)
    (41.5, 55.4)
    """
    given = {k: v for k, v in dict(E=E, nu=nu, G=G, K=K).items() if v is not None}
    if len(given) != 2:
        raise ParameterError("isotropic_moduli", sorted(given),
                             "exactly two of E, nu, G, K, e.g. isotropic_moduli(E=99.7e9, nu=0.20)")
    for name in ("E", "G", "K"):
        if name in given:
            check_positive(given[name], name, "Pa")
    if nu is not None:
        check_poisson_ratio(nu, "nu")
    pair = frozenset(given)
    if pair == {"E", "nu"}:
        G, K = shear_modulus(E, nu), bulk_modulus(E, nu)
    elif pair == {"E", "G"}:
        nu = E / (2 * G) - 1
        check_poisson_ratio(nu, "nu (from E, G)")
        K = E * G / (3 * (3 * G - E))
    elif pair == {"E", "K"}:
        nu = (3 * K - E) / (6 * K)
        check_poisson_ratio(nu, "nu (from E, K)")
        G = 3 * K * E / (9 * K - E)
    elif pair == {"nu", "G"}:
        E = 2 * G * (1 + nu)
        K = bulk_modulus(E, nu)
    elif pair == {"nu", "K"}:
        E = 3 * K * (1 - 2 * nu)
        G = shear_modulus(E, nu)
    else:  # G, K
        E = 9 * K * G / (3 * K + G)
        nu = (3 * K - 2 * G) / (2 * (3 * K + G))
        check_poisson_ratio(nu, "nu (from G, K)")
    return IsotropicModuli(float(E), float(nu), float(G), float(K))


def born_stable_cubic(c11: float, c12: float, c44: float) -> bool:
    """Born mechanical stability of an unstressed cubic crystal.

    Parameters
    ----------
    c11, c12, c44 : float
        Elastic constants in Voigt notation [Pa].

    Returns
    -------
    bool
        True if C11 - C12 > 0, C11 + 2 C12 > 0 and C44 > 0.

    Notes
    -----
    The necessary and sufficient conditions for cubic symmetry (Born 1940); the Review
    (section 6.4) reports that the DFT constants of antiperovskites satisfy them.

    References
    ----------
    Mouhat & Coudert, Phys. Rev. B 90, 224104 (2014), doi:10.1103/PhysRevB.90.224104.

    Examples
    --------
    >>> born_stable_cubic(100e9, 40e9, 30e9), born_stable_cubic(40e9, 60e9, 30e9)
    (True, False)
    """
    return bool(c11 - c12 > 0 and c11 + 2 * c12 > 0 and c44 > 0)


def _from_kg(K: float, G: float) -> IsotropicModuli:
    return isotropic_moduli(G=G, K=K)


def voigt_reuss_hill_cubic(c11: float, c12: float, c44: float) -> VoigtReussHill:
    """Voigt, Reuss and Hill polycrystal moduli of a cubic crystal.

    Parameters
    ----------
    c11, c12, c44 : float
        Single-crystal elastic constants [Pa].

    Returns
    -------
    VoigtReussHill
        Bounds and Hill mean as :class:`IsotropicModuli`.

    Raises
    ------
    ParameterError
        If the constants violate the Born criteria.

    Notes
    -----
    K_V = K_R = (C11 + 2 C12) / 3; G_V = (C11 - C12 + 3 C44) / 5;
    G_R = 5 (C11 - C12) C44 / (4 C44 + 3 (C11 - C12)); Hill = arithmetic mean.

    References
    ----------
    Hill, Proc. Phys. Soc. A 65, 349 (1952), doi:10.1088/0370-1298/65/5/307.

    Examples
    --------
    An elastically isotropic cubic set (C44 = (C11 - C12) / 2) gives G_V = G_R:

    >>> r = voigt_reuss_hill_cubic(100e9, 40e9, 30e9)
    >>> round(r.voigt.shear_modulus / 1e9, 3), round(r.reuss.shear_modulus / 1e9, 3)
    (30.0, 30.0)
    """
    if not born_stable_cubic(c11, c12, c44):
        raise ParameterError("elastic_constants", (c11, c12, c44),
                             "Born-stable cubic constants: C11 - C12 > 0, C11 + 2 C12 > 0, C44 > 0")
    K = (c11 + 2 * c12) / 3
    gv = (c11 - c12 + 3 * c44) / 5
    gr = 5 * (c11 - c12) * c44 / (4 * c44 + 3 * (c11 - c12))
    return VoigtReussHill(_from_kg(K, gv), _from_kg(K, gr), _from_kg(K, (gv + gr) / 2))


def voigt_reuss_hill(stiffness: np.ndarray) -> VoigtReussHill:
    """Voigt, Reuss and Hill moduli from a general 6x6 stiffness matrix.

    Parameters
    ----------
    stiffness : array_like, shape (6, 6)
        Stiffness matrix C in Voigt notation [Pa], symmetric.

    Returns
    -------
    VoigtReussHill
        Bounds and Hill mean.

    Raises
    ------
    ParameterError
        If C is not 6x6 and symmetric, or not positive definite (Born stability, any symmetry).

    Notes
    -----
    9 K_V = (C11 + C22 + C33) + 2 (C12 + C23 + C31);
    15 G_V = (C11 + C22 + C33) - (C12 + C23 + C31) + 3 (C44 + C55 + C66);
    1 / K_R = (S11 + S22 + S33) + 2 (S12 + S23 + S31);
    15 / G_R = 4 (S11 + S22 + S33) - 4 (S12 + S23 + S31) + 3 (S44 + S55 + S66), S = C^-1.

    References
    ----------
    Hill, Proc. Phys. Soc. A 65, 349 (1952), doi:10.1088/0370-1298/65/5/307.

    Examples
    --------
    >>> import numpy as np
    >>> C = np.zeros((6, 6)); C[:3, :3] = 40e9
    >>> C[[0, 1, 2], [0, 1, 2]] = 100e9; C[[3, 4, 5], [3, 4, 5]] = 30e9
    >>> round(voigt_reuss_hill(C).hill.bulk_modulus / 1e9, 3)
    60.0
    """
    C = np.asarray(stiffness, dtype=float)
    if C.shape != (6, 6) or not np.allclose(C, C.T, rtol=1e-10, atol=1e-6 * np.abs(C).max()):
        raise ParameterError("stiffness", C.shape, "a symmetric 6x6 matrix in Voigt notation [Pa]")
    if np.linalg.eigvalsh(C).min() <= 0:
        raise ParameterError("stiffness", np.linalg.eigvalsh(C).min(),
                             "a positive-definite stiffness matrix (Born stability)")
    S = np.linalg.inv(C)
    d = np.diag(C)
    kv = (d[:3].sum() + 2 * (C[0, 1] + C[1, 2] + C[2, 0])) / 9
    gv = (d[:3].sum() - (C[0, 1] + C[1, 2] + C[2, 0]) + 3 * d[3:].sum()) / 15
    s = np.diag(S)
    kr = 1 / (s[:3].sum() + 2 * (S[0, 1] + S[1, 2] + S[2, 0]))
    gr = 15 / (4 * s[:3].sum() - 4 * (S[0, 1] + S[1, 2] + S[2, 0]) + 3 * s[3:].sum())
    return VoigtReussHill(_from_kg(kv, gv), _from_kg(kr, gr), _from_kg((kv + kr) / 2, (gv + gr) / 2))


def pugh_ratio(bulk_modulus: float, shear_modulus: float) -> float:
    """Pugh's ratio K/G, a ductility indicator.

    Parameters
    ----------
    bulk_modulus : float
        Bulk modulus K [Pa].
    shear_modulus : float
        Shear modulus G [Pa].

    Returns
    -------
    float
        K / G [1]; values below about 1.75 indicate brittle behaviour.

    Notes
    -----
    The Review (section 6.4) reports K/G ~1.4 for antiperovskites, > 2 for sulfides and
    1.6-2.0 for most oxides.

    References
    ----------
    Pugh, Philos. Mag. 45, 823 (1954), doi:10.1080/14786440808520496.

    Examples
    --------
    Li3OCl, Review Table 3 (K 55.7 GPa, G 41.5 GPa):

    >>> round(pugh_ratio(55.7e9, 41.5e9), 2)
    1.34
    """
    return check_positive(bulk_modulus, "bulk_modulus", "Pa") / check_positive(shear_modulus, "shear_modulus", "Pa")
