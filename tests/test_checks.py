"""cellsim.checks: the one set of argument validators (numeric in, numeric out; clear errors)."""
import numpy as np
import pytest

from cellsim.checks import (TEMPERATURE_MAX_K, TEMPERATURE_MIN_K, as_output, check_finite, check_fraction,
                            check_nonnegative, check_number, check_poisson_ratio, check_positive, check_range,
                            check_temperature)
from cellsim.errors import ParameterError


def test_scalar_in_float_out_array_in_array_out():
    assert type(check_positive(np.int64(3), "n")) is float
    a = check_positive([1, 2], "n")
    assert isinstance(a, np.ndarray) and a.dtype == float and a.tolist() == [1.0, 2.0]
    assert as_output(np.asarray(1.5)) == 1.5 and type(as_output(np.asarray(1.5))) is float


@pytest.mark.parametrize("bad", [True, np.bool_(False), "300", None, [1, "a"], object()])
def test_non_numbers_rejected(bad):
    with pytest.raises(ParameterError, match="'x'"):
        check_number(bad, "x")


@pytest.mark.parametrize("check, value, match", [
    (lambda v: check_finite(v, "pressure_Pa", "Pa"), np.inf, r"'pressure_Pa' = inf.*a finite number in Pa"),
    (lambda v: check_positive(v, "grain_size_m", "m"), 0.0, r"'grain_size_m' = 0\.0.*> 0 m"),
    (lambda v: check_positive(v, "grain_size_m", "m"), np.nan, r"grain_size_m.*> 0 m"),
    (lambda v: check_positive(v, "grain_size_m", "m"), [1e-6, -1e-6], r"grain_size_m.*-1e-06.*> 0 m"),
    (lambda v: check_nonnegative(v, "thickness_m", "m"), -1.0, r"thickness_m.*>= 0 m"),
    (lambda v: check_fraction(v, "volume_fraction", one=False), 1.0, r"0 <= volume_fraction < 1"),
    (lambda v: check_fraction(v, "fraction", zero=False), 0.0, r"0 < fraction <= 1"),
    (lambda v: check_poisson_ratio(v, "nu_li"), 0.5, r"-1 < nu_li < 0.5"),
    (lambda v: check_poisson_ratio(v), -1.0, r"-1 < poisson_ratio < 0.5"),
    (lambda v: check_range(v, "n", 1, 3, unit="mol", note="why"), 4.0, r"1 <= n <= 3 mol \(why\)"),
])
def test_errors_name_value_and_allowed_range(check, value, match):
    with pytest.raises(ParameterError, match=match):
        check(value)


def test_bounds_are_as_documented():
    assert check_fraction(0.0, "f") == 0.0 and check_fraction(1.0, "f") == 1.0
    assert check_poisson_ratio(0.49) == 0.49
    assert check_range(-5.0, "x") == -5.0  # unbounded: finite is enough
    with pytest.raises(ParameterError, match="x finite"):
        check_range(np.nan, "x")


def test_temperature_one_range():
    assert (TEMPERATURE_MIN_K, TEMPERATURE_MAX_K) == (150.0, 700.0)
    assert check_temperature(150) == 150.0 and check_temperature(700.0) == 700.0
    assert check_temperature([298.15, 373.15]).tolist() == [298.15, 373.15]
    assert check_temperature(800.0, hi=1000.0) == 800.0


@pytest.mark.parametrize("bad,as_kelvin", [(100.0, "373.15"), (25, "298.15"), (0.0, "273.15"), (-5.0, "268.15"),
                                            ([300.0, 90.0], "363.15")])
def test_temperature_rejected_with_degc_hint(bad, as_kelvin):
    """The hint names the value the user meant (25 degC is 298.15 K), not a fixed example."""
    with pytest.raises(ParameterError, match=rf"temperature_K.*150-700 K; did you pass degC\? .* is {as_kelvin} K"):
        check_temperature(bad)


@pytest.mark.parametrize("bad", [1273.15, 5273.15, np.nan, np.inf, True, "373.15", None])
def test_temperature_rejected_without_degc_hint(bad):
    """No degC hint where reading the value as degC would not help either (1000 degC, inf, not a number)."""
    with pytest.raises(ParameterError, match=r"temperature_K.*150-700 K") as err:
        check_temperature(bad)
    assert "did you pass degC" not in str(err.value)


def test_temperature_name_in_message():
    with pytest.raises(ParameterError, match=r"'temperature_from_K' = 1000\.0"):
        check_temperature(1000.0, "temperature_from_K")
