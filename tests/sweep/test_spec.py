"""Sweep specifications: parsing, unit conversion, every bad-input case, and point generation."""
from pathlib import Path

import numpy as np
import pytest

from cellsim.errors import ParameterError, UnknownNameError
from cellsim.sweep import SweepSpec, load_sweep, sweep_parameters
from cellsim.sweep.metrics import METRICS

STUDIES = Path(__file__).resolve().parents[2] / "studies" / "sweeps"


def spec(axes, **kw):
    return SweepSpec.from_dict({"cell": "default", "model": "SPMe", "axis": axes, **kw})


def test_example_sweeps_parse():
    tt = load_sweep(STUDIES / "temperature_thickness.toml")
    pts = tt.points()
    assert len(pts) >= 200 and len({p.id for p in pts}) == len(pts)
    assert len({p.variant for p in pts}) == 10  # one built model per cathode thickness, temperature is an input
    assert tt.protocol == {"protocol.cycles": 1, "rate": "25mA/g"} and tt.model == "SPMe"
    t = sorted({p.values["temperature"] for p in pts})
    assert t[0] == pytest.approx(333.15, abs=1e-9) and t[-1] == pytest.approx(393.15, abs=1e-9)
    coating = load_sweep(STUDIES / "coating.toml")
    assert {p.values["coating.material"] for p in coating.points()} >= {"none", "Al2O3", "LiNbO3", "LiF"}
    assert len({p.variant for p in coating.points()}) == 1  # coating material and thickness are cell inputs


def test_units_are_converted_and_ids_do_not_depend_on_notation():
    a = spec([{"parameter": "temperature", "values": ["80 degC", "100C"]},
              {"parameter": "cathode.thickness", "values": ["50 um", "0.06 mm"]}])
    b = spec([{"parameter": "temperature", "values": [353.15, 373.15], "unit": "K"},
              {"parameter": "cathode.thickness", "values": [50, 60], "unit": "um"}])
    assert [p.values for p in a.points()] == [p.values for p in b.points()]
    assert [p.id for p in a.points()] == [p.id for p in b.points()]
    assert a.points()[0].values == {"temperature": 353.15, "cathode.thickness": 5e-05}
    # the protocol changes the id (another result), the metric list does not (same run)
    c = spec([{"parameter": "temperature", "values": ["80 degC", "100C"]},
              {"parameter": "cathode.thickness", "values": ["50 um", "0.06 mm"]}], protocol={"cycles": 2},
             metrics=["energy"])
    assert c.points()[0].id != a.points()[0].id
    d = spec([{"parameter": "temperature", "values": ["80 degC", "100C"]},
              {"parameter": "cathode.thickness", "values": ["50 um", "0.06 mm"]}], metrics=["energy"])
    assert d.points()[0].id == a.points()[0].id


def test_variants_group_structural_changes_only():
    s = spec([{"parameter": "temperature", "values": ["60 degC", "80 degC", "100 degC"]},
              {"parameter": "rate", "values": ["25mA/g", "0.5C"]},
              {"parameter": "protocol.cycles", "values": [1, 2]}])
    assert len(s.points()) == 12 and len({p.variant for p in s.points()}) == 1
    s = spec([{"parameter": "model", "values": ["DFN", "SPMe"]},
              {"parameter": "coating.material", "values": ["none", "Al2O3"]},
              {"parameter": "temperature", "values": ["60 degC", "80 degC"]}])
    assert len({p.variant for p in s.points()}) == 2  # the coating enters the cell as input parameters
    s = spec([{"parameter": "model", "values": ["DFN", "SPMe"]},
              {"parameter": "cathode.thickness", "values": ["40 um", "60 um"]}])
    assert len({p.variant for p in s.points()}) == 4  # thickness changes the mesh: a build each


def test_grid_order_list_zip_and_log_range():
    s = spec([{"parameter": "temperature", "min": "60 degC", "max": "100 degC", "num": 3},
              {"parameter": "separator.thickness", "values": ["50 um", "100 um"]}])
    vals = [(p.values["temperature"], p.values["separator.thickness"]) for p in s.points()]
    assert vals == [(333.15, 5e-05), (333.15, 1e-04), (353.15, 5e-05), (353.15, 1e-04), (373.15, 5e-05),
                    (373.15, 1e-04)]  # first axis slowest
    s = spec([{"parameter": "temperature", "values": ["60 degC", "80 degC"]},
              {"parameter": "coating.material", "values": ["none", "Al2O3"]}], sampling="list")
    assert [tuple(p.values.values()) for p in s.points()] == [(333.15, "none"), (353.15, "Al2O3")]
    s = spec([{"parameter": "coating.thickness", "min": "1 nm", "max": "100 nm", "num": 3, "scale": "log"}])
    assert [p.values["coating.thickness"] for p in s.points()] == pytest.approx([1e-9, 1e-8, 1e-7], rel=1e-12)


def lhs(seed=0, samples=16):
    return spec([{"parameter": "temperature", "min": "60 degC", "max": "120 degC"},
                 {"parameter": "cathode.thickness", "min": 30, "max": 90, "unit": "um"},
                 {"parameter": "coating.thickness", "min": "1 nm", "max": "100 nm", "scale": "log"},
                 {"parameter": "coating.material", "values": ["none", "Al2O3"]}],
                sampling="lhs", samples=samples, seed=seed)


def test_latin_hypercube_is_deterministic_within_bounds_and_stratified():
    a, b = lhs().points(), lhs().points()
    assert [p.values for p in a] == [p.values for p in b]
    assert [p.values for p in a] != [p.values for p in lhs(seed=1).points()]
    assert len(a) == 32  # 16 samples x 2 coating materials
    T = np.array([p.values["temperature"] for p in a[::2]])
    L = np.array([p.values["cathode.thickness"] for p in a[::2]])
    c = np.array([p.values["coating.thickness"] for p in a[::2]])
    assert T.min() >= 333.15 and T.max() <= 393.15 and L.min() >= 30e-6 and L.max() <= 90e-6
    assert c.min() >= 1e-9 and c.max() <= 1e-7
    # Latin hypercube: exactly one sample in each of the 16 equal strata of every range (log strata for log axes)
    for x, lo, hi in ((T, 333.15, 393.15), (L, 30e-6, 90e-6), (np.log(c), np.log(1e-9), np.log(1e-7))):
        bins = np.floor((x - lo) / (hi - lo) * 16).clip(0, 15)
        assert sorted(bins.astype(int)) == list(range(16))


BAD = [
    ({"axis": [{"parameter": "cathode.thicknes", "values": ["50 um"]}]}, UnknownNameError,
     r"cathode\.thicknes.*did you mean 'cathode\.thickness'"),
    ({"axis": [{"parameter": "cathode.thickness", "values": ["50 K"]}]}, ParameterError,
     r"cathode\.thickness.*unit.*'50 K'|unit.*'K'.*a unit of m"),
    ({"axis": [{"parameter": "cathode.thickness", "values": [50], "unit": "uF"}]}, ParameterError, r"a unit of m"),
    ({"axis": [{"parameter": "cathode.thickness", "values": [50]}]}, ParameterError, r"a unit is required"),
    ({"axis": [{"parameter": "temperature", "values": ["80"]}]}, ParameterError, r"a unit is required"),
    ({"axis": [{"parameter": "temperature", "values": ["1000 degC"]}]}, ParameterError, r"150-700 K"),
    ({"axis": [{"parameter": "cathode.thickness", "values": []}]}, ParameterError, r"empty axis"),
    ({"axis": [{"parameter": "cathode.thickness", "min": "1 um", "max": "2 um", "num": 0}]}, ParameterError,
     r"num.*positive integer"),
    ({"axis": []}, ParameterError, r"at least one \[\[axis\]\]"),
    ({"axis": [{"parameter": "cathode.active_volume_fraction", "values": [1.5]}]}, ParameterError,
     r"cathode\.active_volume_fraction.*\(0\.0, 1\.0\]"),
    ({"axis": [{"parameter": "coating.material", "values": ["Al2O4"]}]}, UnknownNameError,
     r"Al2O4.*did you mean 'Al2O3'"),
    ({"axis": [{"parameter": "electrolyte", "values": ["Li3OCI"]}]}, UnknownNameError, r"did you mean 'Li3OCl'"),
    ({"axis": [{"parameter": "model", "values": ["DFM"]}]}, UnknownNameError, r"did you mean 'DFN'"),
    ({"axis": [{"parameter": "rate", "values": ["25 mA/h"]}]}, ParameterError, r"'25mA/g'"),
    ({"axis": [{"parameter": "temperature", "values": ["80 degC"]}], "metrics": ["capacty"]}, UnknownNameError,
     r"did you mean 'capacity'"),
    ({"axis": [{"parameter": "temperature", "values": ["80 degC"]}], "evaluator": "slep"}, UnknownNameError,
     r"evaluator.*did you mean 'sleep'"),
    ({"axis": [{"parameter": "temperature", "values": ["80 degC"]}], "evaluator": "no.such.module:f"},
     ParameterError, r"importable"),
    ({"axis": [{"parameter": "temperature", "values": ["80 degC"]}], "sampling": "random"}, UnknownNameError,
     r"sampling"),
    ({"axis": [{"parameter": "temperature", "min": "60 degC", "max": "80 degC"}], "sampling": "lhs"},
     ParameterError, r"samples.*positive integer"),
    ({"axis": [{"parameter": "temperature", "values": ["60 degC", "80 degC"]},
               {"parameter": "separator.thickness", "values": ["50 um"]}], "sampling": "list"},
     ParameterError, r"equal length"),
    ({"axes": [{"parameter": "temperature", "values": ["80 degC"]}]}, ParameterError, r"did you mean 'axis'"),
    ({"axis": [{"parameter": "temperature", "value": ["80 degC"]}]}, ParameterError, r"did you mean 'values'"),
    ({"axis": [{"parameter": "temperature", "min": "80 degC", "max": "60 degC", "num": 3}]}, ParameterError,
     r"greater than min"),
    ({"axis": [{"parameter": "temperature", "values": ["80 degC", "353.15 K"]}]}, ParameterError, r"distinct"),
    ({"axis": [{"parameter": "temperature", "values": ["80 degC"]},
               {"parameter": "protocol.temperature", "values": ["90 degC"]}]}, ParameterError, r"one axis only"),
    ({"axis": [{"parameter": "temperature", "values": ["80 degC"]}], "protocol": {"cycle": 2}}, UnknownNameError,
     r"did you mean 'protocol\.cycles'"),
    ({"axis": [{"parameter": "temperature", "values": ["80 degC"]}], "cell": "defualt"}, UnknownNameError,
     r"did you mean 'default'"),
    ({"axis": [{"parameter": "temperature", "values": ["80 degC"]}], "timeout": -1}, ParameterError,
     r"positive number of seconds"),
    ({"axis": [{"parameter": "temperature", "values": ["80 degC"]}], "mesh": {"x_q": 10}}, ParameterError,
     r"did you mean 'x_n'|x_p"),
]


@pytest.mark.parametrize("data, exc, match", BAD)
def test_bad_input_fails_before_anything_runs(data, exc, match):
    with pytest.raises(exc, match=match):
        SweepSpec.from_dict({"cell": "default", **data})


def test_bad_file_names_the_file(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text('[[axis]]\nparameter = "cathode.thickness"\nvalues = ["50 K"]\n')
    with pytest.raises(ParameterError, match=r"bad\.toml"):
        load_sweep(f)
    f.write_text('[[axis]]\nparameter = "grain_sise"\nvalues = ["1 um"]\n')
    with pytest.raises(UnknownNameError, match=r"bad\.toml.*did you mean 'grain_size'"):
        load_sweep(f)
    with pytest.raises(ParameterError, match="an existing sweep TOML file"):
        load_sweep(tmp_path / "missing.toml")


def test_parameter_registry_covers_the_schema_and_protocol():
    params = sweep_parameters()
    for name in ("temperature", "model", "rate", "grain_size", "electrolyte", "coating.material",
                 "coating.thickness", "cathode.thickness", "cathode.active_volume_fraction", "separator.thickness",
                 "anode.thickness", "protocol.c_rate", "protocol.specific_current", "protocol.cycles"):
        assert name in params
    assert params["temperature"].structural is False and params["cathode.thickness"].structural is True
    assert params["cathode.thickness"].column == "cathode.thickness [m]"
    assert {"capacity", "energy", "hysteresis", "retention"} <= set(METRICS)


def test_builtin_evaluator_names_match_the_registry():
    from cellsim.sweep.evaluate import EVALUATORS
    from cellsim.sweep.spec import BUILTIN_EVALUATORS

    assert tuple(EVALUATORS) == BUILTIN_EVALUATORS


def test_a_cell_file_is_not_taken_for_a_sweep():
    from cellsim.parameters import builtin_dir

    with pytest.raises(ParameterError, match="this is a cell design"):
        load_sweep(builtin_dir() / "cells" / "default.toml")


def test_compile_is_a_bool_or_auto_and_changes_ids_only_when_on():
    axes = [{"parameter": "temperature", "values": ["60 degC", "80 degC"]}]
    plain, off, on = spec(axes), spec(axes, compile=False), spec(axes, compile=True)
    assert plain.compile is False  # "auto" below AUTO_COMPILE_POINTS points per model: off
    assert [p.id for p in plain.points()] == [p.id for p in off.points()]  # stored sweeps keep their ids
    assert [p.variant for p in plain.points()] == [p.variant for p in off.points()]
    assert not {p.id for p in on.points()} & {p.id for p in off.points()}  # compiled results are stored apart
    assert on.points()[0].variant != off.points()[0].variant
    with pytest.raises(ParameterError, match="compile.*auto"):
        spec(axes, compile="yes")


def test_auto_compile_counts_points_per_built_model():
    from cellsim.sweep.spec import AUTO_COMPILE_POINTS as N

    def temperatures(n):
        return {"parameter": "temperature", "min": "60 degC", "max": "120 degC", "num": n}

    assert spec([temperatures(N)]).compile is True  # one model, N points
    assert spec([temperatures(N - 1)]).compile is False
    two_models = {"parameter": "cathode.thickness", "values": ["40 um", "50 um"]}
    assert spec([temperatures(N), two_models]).compile is True  # N points for each of the two models
    assert spec([temperatures(N - 1), two_models]).compile is False
    assert spec([temperatures(N)], compile=False).compile is False  # an explicit choice wins
    assert spec([temperatures(N)], evaluator="sleep").compile is False  # nothing to compile
    # a sweep "auto" compiles keeps the ids it has uncompiled: stores written before "auto" was the default, or a
    # grid grown past the threshold, resume without recomputing; an explicit compile = true stores apart
    auto, off, on = (spec([temperatures(N)], **kw) for kw in ({}, {"compile": False}, {"compile": True}))
    assert [p.id for p in auto.points()] == [p.id for p in off.points()]
    assert not {p.id for p in on.points()} & {p.id for p in auto.points()}
    smaller = {p.id for p in spec([temperatures(N - 1)]).points()}
    assert len(smaller & {p.id for p in auto.points()}) >= 2  # the shared end points (60 and 120 degC)
