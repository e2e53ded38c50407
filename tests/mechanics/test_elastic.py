"""Tests of cellsim.mechanics.elastic against Review Table 3 and closed-form identities."""
import numpy as np
import pytest

from cellsim.errors import ParameterError
from cellsim.mechanics.elastic import (
    born_stable_cubic,
    isotropic_moduli,
    pugh_ratio,
    voigt_reuss_hill,
    voigt_reuss_hill_cubic,
)


@pytest.mark.parametrize("E,nu,G,K", [
    # Review Table 3 (DFT, GPa): the table's G and K are rounded and computed from Cij, so 2 % tolerance
    (99.7, 0.20, 41.5, 55.7),   # Li3OCl
    (43.1, 0.24, 17.4, 27.6),   # Li2(OH)Cl
    (57.4, 0.22, 23.6, 34.0),   # Na3OBr
    (175.1, 0.27, 68.9, 127.4),  # LLZO
])
def test_review_table3_consistency(E, nu, G, K):
    m = isotropic_moduli(E=E * 1e9, nu=nu)
    assert m.shear_modulus == pytest.approx(G * 1e9, rel=0.02)
    assert m.bulk_modulus == pytest.approx(K * 1e9, rel=0.02)


@pytest.mark.parametrize("pair", [("E", "nu"), ("E", "G"), ("E", "K"), ("nu", "G"), ("nu", "K"), ("G", "K")])
def test_every_pair_round_trips(pair):
    ref = isotropic_moduli(E=99.7e9, nu=0.20)
    full = dict(E=ref.youngs_modulus, nu=ref.poisson_ratio, G=ref.shear_modulus, K=ref.bulk_modulus)
    m = isotropic_moduli(**{k: full[k] for k in pair})
    assert m.youngs_modulus == pytest.approx(ref.youngs_modulus, rel=1e-12)
    assert m.poisson_ratio == pytest.approx(ref.poisson_ratio, rel=1e-12)
    assert m.shear_modulus == pytest.approx(ref.shear_modulus, rel=1e-12)
    assert m.bulk_modulus == pytest.approx(ref.bulk_modulus, rel=1e-12)


def test_bad_isotropic_input():
    with pytest.raises(ParameterError, match="exactly two"):
        isotropic_moduli(E=1e9)
    with pytest.raises(ParameterError, match="'nu' = 0.5"):
        isotropic_moduli(E=1e9, nu=0.5)
    with pytest.raises(ParameterError, match="'E' = -1"):
        isotropic_moduli(E=-1e9, nu=0.3)
    with pytest.raises(ParameterError, match=r"nu \(from E, G\)"):
        isotropic_moduli(E=10e9, G=1e9)  # implies nu = 4


def test_born_and_vrh_cubic():
    assert born_stable_cubic(100e9, 40e9, 30e9)
    assert not born_stable_cubic(100e9, 40e9, -1e9)
    assert not born_stable_cubic(100e9, -60e9, 30e9)  # C11 + 2 C12 < 0
    # isotropic case: C44 = (C11 - C12)/2 gives Voigt = Reuss exactly
    r = voigt_reuss_hill_cubic(100e9, 40e9, 30e9)
    assert r.voigt.shear_modulus == pytest.approx(30e9, rel=1e-12)
    assert r.reuss.shear_modulus == pytest.approx(30e9, rel=1e-12)
    # anisotropic: Reuss <= Hill <= Voigt, K equal
    r = voigt_reuss_hill_cubic(13.5e9, 11.4e9, 8.78e9)  # Li-like, strongly anisotropic
    assert r.reuss.shear_modulus < r.hill.shear_modulus < r.voigt.shear_modulus
    assert r.voigt.bulk_modulus == pytest.approx(r.reuss.bulk_modulus, rel=1e-12)
    with pytest.raises(ParameterError, match="Born-stable"):
        voigt_reuss_hill_cubic(40e9, 60e9, 30e9)


def test_general_matrix_matches_cubic():
    c11, c12, c44 = 13.5e9, 11.4e9, 8.78e9
    C = np.full((3, 3), c12)
    np.fill_diagonal(C, c11)
    full = np.zeros((6, 6))
    full[:3, :3] = C
    full[3:, 3:] = np.eye(3) * c44
    g, c = voigt_reuss_hill(full), voigt_reuss_hill_cubic(c11, c12, c44)
    for attr in ("voigt", "reuss", "hill"):
        assert getattr(g, attr).shear_modulus == pytest.approx(getattr(c, attr).shear_modulus, rel=1e-10)
        assert getattr(g, attr).bulk_modulus == pytest.approx(getattr(c, attr).bulk_modulus, rel=1e-10)
    bad = full.copy()
    bad[3, 3] = -1e9
    with pytest.raises(ParameterError, match="positive-definite"):
        voigt_reuss_hill(bad)
    with pytest.raises(ParameterError, match="symmetric 6x6"):
        voigt_reuss_hill(np.eye(5))


def test_pugh_ratio_review():
    # Review section 6.4: K/G ~1.4 for antiperovskites, > 2 for sulfides (LGPS K 27.3, G 7.9)
    assert pugh_ratio(55.7e9, 41.5e9) == pytest.approx(1.34, abs=0.01)
    assert pugh_ratio(27.6e9, 17.4e9) == pytest.approx(1.59, abs=0.01)
    assert pugh_ratio(27.3e9, 7.9e9) > 2.0
    with pytest.raises(ParameterError, match="shear_modulus"):
        pugh_ratio(1e9, 0.0)
