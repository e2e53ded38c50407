"""Currents: every form parse_rate reads, the Protocol fields they fill and the cell currents they give on the
default cell, computed by hand from parameter_sets/cells/default.toml and electrodes/NCM111.toml."""
import pytest

from cellsim.cell import CellModel, Protocol, default_protocol, parse_rate
from cellsim.errors import ParameterError

# default cell: 1 cm2; cathode 50 um, 60 vol% NCM111 of 4.75 g/cm3 -> 1e-4 * 50e-6 * 0.6 * 4750 = 1.425e-5 kg
AREA_M2, CATHODE_KG = 1e-4, 1.425e-5
# 1C = cathode capacity over the OCP fit's x range: 3e-9 m3 * 49243 mol/m3 * 96485.33 C/mol / 3600 * (0.90264 -
# 0.39802) = 1.99797e-3 A
ONE_C_A = 3e-9 * 49243 * 96485.33212 / 3600 * (0.90264 - 0.39802)

FORMS = [
    ("25mA/g", {"specific_current_A_kg": 25.0}, 25 * CATHODE_KG),         # 0.35625 mA
    ("25 mA.g-1", {"specific_current_A_kg": 25.0}, 25 * CATHODE_KG),
    ("0.2C", {"c_rate": 0.2}, 0.2 * ONE_C_A),
    ("C/10", {"c_rate": 0.1}, 0.1 * ONE_C_A),
    ("0.5mA/cm2", {"areal_current_A_m2": 5.0}, 5.0 * AREA_M2),           # 0.5 mA on 1 cm2
    ("0.5 mA.cm-2", {"areal_current_A_m2": 5.0}, 5.0 * AREA_M2),
    ("5A/m2", {"areal_current_A_m2": 5.0}, 5.0 * AREA_M2),
    ("200uA/cm2", {"areal_current_A_m2": 2.0}, 2.0 * AREA_M2),
    ("2mA", {"current_A": 2e-3}, 2e-3),
    ("0.002A", {"current_A": 2e-3}, 2e-3),
    ("500uA", {"current_A": 5e-4}, 5e-4),
]


@pytest.fixture(scope="module")
def spme(default_design):
    return CellModel(default_design, model="SPMe")


@pytest.mark.parametrize("text,keywords,current_A", FORMS, ids=[f[0] for f in FORMS])
def test_parse_rate_and_cell_current_by_hand(spme, text, keywords, current_A):
    got = parse_rate(text)
    assert got.keys() == keywords.keys()
    assert list(got.values()) == pytest.approx(list(keywords.values()), rel=1e-12)
    assert spme.current_A(Protocol(**got)) == pytest.approx(current_A, rel=1e-5)  # 1C basis to 6 digits


def test_one_c_basis_is_the_design_numbers(spme):
    from cellsim.cell.balance import design_numbers

    assert ONE_C_A == pytest.approx(design_numbers(spme.materials).one_c_current_A, rel=1e-5)


def test_override_of_stored_current_by_any_form(default_design):
    # the cell file stores 25 mA/g; any other current form replaces it
    for text in ("0.5mA/cm2", "2mA", "C/5"):
        p = default_protocol(default_design, **parse_rate(text))
        assert p.specific_current_A_kg is None


BAD = [("2mA/cm", "rate"), ("2 mA/cm3", "rate"), ("0mA", "> 0"), ("-1mA/cm2", "> 0"), ("1e400A", "finite"),
       ("2kA", "rate"), ("mA", "rate"), ("5A/s", "rate")]


@pytest.mark.parametrize("text,match", BAD, ids=[b[0] for b in BAD])
def test_bad_rate_names_allowed_forms(text, match):
    with pytest.raises(ParameterError, match=match) as info:
        parse_rate(text)
    message = str(info.value)
    assert "\n" not in message
    assert "'0.5mA/cm2'" in message and "'2mA'" in message and "'25mA/g'" in message


def test_protocol_needs_exactly_one_current():
    with pytest.raises(ParameterError, match="exactly one"):
        Protocol(c_rate=1.0, current_A=1e-3)
    with pytest.raises(ParameterError, match="exactly one"):
        Protocol()
    with pytest.raises(ParameterError, match="> 0"):
        Protocol(areal_current_A_m2=0.0)
