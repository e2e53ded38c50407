"""Tests of the window database (parameter_sets/windows, cellsim.parameters.windows)."""
import dataclasses

import pytest

from cellsim.errors import ParameterError, UnknownNameError
from cellsim.parameters.windows import Window, load_windows, materials, window

REQUIRED_COATINGS = ["LiNbO3", "LiTaO3", "Li3PO4", "Li2SiO3", "Li2ZrO3", "Li4Ti5O12", "LiAlO2", "Al2O3",
                     "LiF", "Li3AlF6", "LiPO3"]


# ---- spot values against the sources -------------------------------------------------------------------
@pytest.mark.parametrize("name, lower, upper", [
    # Review Table 3 (also listed in reference/physics.md)
    ("Li3OCl", 0.0, 2.55), ("Li2(OH)Cl", 0.82, 3.15), ("LLZO", 0.05, 2.91), ("LGPS", 1.71, 2.14),
    ("Li6PS5Cl", 1.71, 2.01), ("LiPON", 0.68, 2.63), ("LATP", 2.17, 4.21), ("Li3YCl6", 0.62, 4.21),
    ("Li3InCl6", 2.38, 4.3),
    # Zhu, He & Mo 2015 coating windows as quoted in reference/physics.md
    ("Li4Ti5O12", 1.75, 3.71), ("LiNbO3", 1.74, 3.88), ("Li2SiO3", 0.76, 3.74), ("LiTaO3", 1.18, 3.95),
    ("Li3PO4", 0.69, 4.21),
])
def test_default_windows_match_sources(name, lower, upper):
    w = window(name)
    assert (w.lower, w.upper) == pytest.approx((lower, upper), abs=1e-12)


def test_li3ocl_products():
    w = window("Li3OCl")
    assert w.products_lower == ("Li3OCl",) and w.products_upper == ("Li2O2", "LiCl")


def test_every_window_coating_is_a_cell_coating():
    # one data model: the coating's conductivity comes from parameter_sets/coatings, its window from windows/
    from cellsim.parameters import available

    assert set(materials("coating")) <= set(available("coating"))


def test_cell_electrolyte_window_is_labelled_assumed():
    w = window("Li1.9(OH)Cl0.9")
    assert w.source.startswith("assumed")
    ref = window("Li2(OH)Cl")
    assert (w.lower, w.upper) == (ref.lower, ref.upper)


def test_required_coatings_present_with_conductivity_and_source():
    from cellsim.parameters import load_coating

    coatings = materials("coating")
    for name in REQUIRED_COATINGS:
        assert name in coatings
        w = window(name, kind="coating")
        assert w.source.strip() and w.lower <= w.upper
        assert load_coating(name).conductivity.conductivity_ref > 0  # the conductivity's one home


def test_disagreeing_sources_kept_with_one_default():
    db = load_windows()
    llzo = db["Li7La3Zr2O12"]
    assert len(llzo) == 2 and sum(w.default for w in llzo) == 1
    assert window("llzo").upper == 2.91                        # aliases and case are accepted
    assert window("LLZO", "review-sec7.2-text").upper == 3.2  # Review section 7.2 text


def test_fresh_immutable_objects():
    a = load_windows()
    a.pop("Li3OCl")
    assert "Li3OCl" in load_windows()
    with pytest.raises(dataclasses.FrozenInstanceError):
        window("Li3OCl").upper = 5.0


# ---- errors --------------------------------------------------------------------------------------------
def test_unknown_coating_suggests_close_names():
    with pytest.raises(UnknownNameError, match=r"coating.*LiNbO4.*did you mean 'LiNbO3'"):
        window("LiNbO4", kind="coating")


def test_electrolyte_is_not_a_coating():
    with pytest.raises(UnknownNameError, match="coating"):
        window("Li3OCl", kind="coating")


def test_unknown_source_id():
    with pytest.raises(UnknownNameError, match="review-table3"):
        window("Li3OCl", "nonsense")


GOOD = '''kind = "coating"
[materials.X]
[[materials.X.windows]]
id = "a"
lower = {value = 1.0, unit = "V", source = "s"}
upper = {value = 4.0, unit = "V", source = "s"}
source = "test"
'''


def _write(tmp_path, text):
    p = tmp_path / "w.toml"
    p.write_text(text)
    return p


def test_user_file(tmp_path):
    p = _write(tmp_path, GOOD)
    w = window("X", path=p)
    assert (w.lower, w.upper) == pytest.approx((1.0, 4.0))
    assert list(load_windows(p)) == ["X"]


@pytest.mark.parametrize("old, new, match", [
    ('lower = {value = 1.0,', 'lower = {value = 5.0,', "lower <= upper"),
    ('lower = {value = 1.0, unit = "V", source = "s"}', 'lower = {value = 1.0, source = "s"}', "unit"),
    ('upper = {value = 4.0, unit = "V", source = "s"}', 'upper = {value = 4.0, unit = "V"}', "source"),
    ('lower = {value = 1.0,', 'lower = {value = "1.0",', "a number"),
    ('lower = {value = 1.0, unit = "V"', 'lower = {value = 1.0, unit = "S.m-1"', "a unit of V"),
    ('source = "test"', 'source = "test"\ncolour = "red"', "colour"),
    ('kind = "coating"', 'kind = "cathode"', "kind"),
])
def test_bad_files(tmp_path, old, new, match):
    assert old in GOOD
    p = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ParameterError, match=match) as info:
        load_windows(p)
    assert str(p) in str(info.value)  # the error names the file


def test_two_defaults_rejected(tmp_path):
    entry = GOOD.split("[[materials.X.windows]]")[1]
    text = GOOD.replace('id = "a"', 'id = "a"\ndefault = true') + "[[materials.X.windows]]" + \
        entry.replace('id = "a"', 'id = "b"\ndefault = true')
    with pytest.raises(ParameterError, match="exactly one entry with default = true"):
        load_windows(_write(tmp_path, text))


def test_window_dataclass_helpers():
    w = Window("Y", 1.0, 3.0, "test")
    assert w.width == 2.0 and w.contains(2.0) and not w.contains(3.5)
