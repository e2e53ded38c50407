"""The ``uncertainty = {low, high, distribution, source}`` table inside a quantity: read, converted, checked."""
import pytest

from cellsim.errors import ParameterError
from cellsim.parameters import load_uncertainties, read_quantity
from cellsim.parameters.loader import read_uncertainty


def q(**u):
    return {"value": 3e-4, "unit": "S.cm-1", "source": "fitted: x",
            "uncertainty": {"low": 1e-4, "high": 9e-4, "distribution": "loguniform", "source": "assumed: x3", **u}}


def test_uncertainty_is_converted_to_si_like_its_value():
    u = read_uncertainty(q(), "conductivity_ref", "S.m-1")
    assert (u.value, u.low, u.high) == pytest.approx((3e-2, 1e-2, 9e-2))  # 1 S/cm = 100 S/m
    assert read_quantity(q(), "conductivity_ref", "S.m-1") == (pytest.approx(3e-2), "fitted: x")


@pytest.mark.parametrize("change, message", [
    ({"low": 5e-4}, "low <= value"),
    ({"low": 0.0}, "> 0 for distribution = 'loguniform'"),
    ({"distribution": "normal"}, "one of \\['uniform', 'loguniform'\\]"),
    ({"source": " "}, "why this range"),
    ({"width": 2}, "only the keys low, high, distribution, source"),
])
def test_bad_uncertainty_tables_fail_on_load(change, message):
    with pytest.raises(ParameterError, match=message):
        read_quantity(q(**change), "conductivity_ref", "S.m-1", lo=0.0)


def test_uncertainty_outside_the_allowed_range_fails():
    raw = {"value": 0.5, "unit": "1", "source": "assumed: x",
           "uncertainty": {"low": 0.2, "high": 1.2, "distribution": "uniform", "source": "assumed: y"}}
    with pytest.raises(ParameterError, match="uncertainty.high"):
        read_quantity(raw, "active_volume_fraction", "1", lo=0.0, hi=1.0)


def test_shipped_uncertainties():
    cell = load_uncertainties("cell", "default")
    assert set(cell) == {"cathode.thickness", "coating.thickness", "interphase.exchange_current_density"}
    e = load_uncertainties("electrolyte", "Li1.9(OH)Cl0.9")["conductivity.conductivity_ref"]
    assert (e.low / e.value, e.high / e.value) == pytest.approx((1 / 3, 3.0))
