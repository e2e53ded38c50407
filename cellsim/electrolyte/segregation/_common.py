"""Helpers shared by the segregation modules: parameter default, argument checks, FiPy import, quadrature."""
from __future__ import annotations

import warnings

import numpy as np

from ...errors import ParameterError
from ...parameters.segregation import SegregationParameters, load_parameters

_GAUSS_X, _GAUSS_W = np.polynomial.legendre.leggauss(4)
_GAUSS_W = _GAUSS_W / 2.0  # weights of the cell average


def _fipy():
    """Import FiPy, silencing its own numpy.core DeprecationWarning (fipy/tools/numerix.py, numpy >= 2)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="numpy.core is deprecated", category=DeprecationWarning)
        import fipy
    return fipy



def _params(params: SegregationParameters | None) -> SegregationParameters:
    if params is None:
        return load_parameters()
    if not isinstance(params, SegregationParameters):
        raise ParameterError("params", type(params).__name__,
                             "a SegregationParameters (see cellsim.parameters.segregation.load_parameters) or None")
    return params


def _check_grain_size(grain_size_m, p: SegregationParameters) -> float:
    L = float(grain_size_m)
    if not np.isfinite(L) or L <= p.gb_width_m:
        raise ParameterError("grain_size_m", grain_size_m,
                             f"larger than the grain-boundary width gb_width_m = {p.gb_width_m:.3g} m, e.g. 16e-9")
    return L

