"""Quantities typed on a command line or in a CSV header: the dotted table form and its informal spellings."""
import pytest

from cellsim.errors import ParameterError
from cellsim.parameters.units import normalize_unit, parse_quantity


@pytest.mark.parametrize("text, si, expected", [
    ("1e-5 S/cm", "S.m-1", 1e-3),      # 1 S/cm = 100 S/m
    ("1e-5S.cm-1", "S.m-1", 1e-3),
    ("2 mS/cm", "S.m-1", 0.2),
    ("2 A/m2", "A.m-2", 2.0),
    ("3 mA/cm2", "A.m-2", 30.0),       # 1 mA/cm2 = 10 A/m2
    ("25 mA/g", "A.kg-1", 25.0),       # 1 mA/g = 1 A/kg
    ("100 °C", "K", 373.15),
    ("100C", "K", 373.15),
])
def test_informal_spellings_mean_the_table_units(text, si, expected):
    assert parse_quantity(text, si, "q") == pytest.approx(expected, rel=1e-12)


def test_a_power_after_the_slash_must_match_the_dimension():
    assert normalize_unit("A/m2", "A.m-2") == "A.m-2" and normalize_unit("A/m3", "A.m-2") is None
    with pytest.raises(ParameterError, match="'1 S/kg'|S/kg"):
        parse_quantity("1 S/kg", "S.m-1", "conductivity")
