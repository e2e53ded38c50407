"""Uncertainty bands: a zero-width uncertainty collapses the band onto the nominal curve, a monotone input's band
brackets the nominal, seeded runs reproduce; the stored uncertainties of the default cell; bad input."""
import numpy as np
import pytest

from cellsim.cli import main
from cellsim.errors import ParameterError
from cellsim.sweep.uncertainty import cell_uncertainties, sample_inputs, uncertainty_bands

FAST = dict(model="SPMe", cycles=1, temperature_K=373.15)


def test_zero_width_uncertainty_collapses_the_band_onto_the_nominal_curve():
    b = uncertainty_bands("default", n=3, uncertainties={"electrolyte_conductivity_factor": (1.0, 1.0)}, **FAST)
    c = b["curves"][np.isfinite(b["curves"].nominal_V)]
    assert len(c) > 100 and (c.n == 3).all()
    for col in ("p05_V", "p50_V", "p95_V"):
        assert c[col].to_numpy() == pytest.approx(c.nominal_V.to_numpy(), abs=1e-12)
    s = b["summary"]
    assert s.p05.to_numpy() == pytest.approx(s.nominal.to_numpy(), abs=1e-12)
    assert s.p95.to_numpy() == pytest.approx(s.nominal.to_numpy(), abs=1e-12)


@pytest.mark.filterwarnings("ignore::cellsim.errors.StoichiometryRangeWarning")  # high-conductivity samples
def test_band_of_a_monotone_input_brackets_the_nominal():
    # an ohmic loss ~ 1/sigma: hysteresis falls monotonically with the conductivity factor (0.5-2, nominal 1)
    b = uncertainty_bands("default", n=8, seed=4,
                          uncertainties={"electrolyte_conductivity_factor": (0.5, 2.0, "loguniform")}, **FAST)
    h = b["summary"].set_index("quantity").loc["hysteresis_V"]
    assert h.p05 < h.nominal < h.p95
    s = b["samples"].sort_values("electrolyte_conductivity_factor")
    assert (np.diff(s.first_hysteresis_V) < 0).all()  # the model is monotone in this input, as assumed
    c = b["curves"]
    mid = c[(c.half == "discharge") & (c.capacity_mAh_per_g.between(40, 100))]
    assert (mid.p05_V < mid.nominal_V).all() and (mid.nominal_V < mid.p95_V).all()


def test_seeded_sampling_reproduces():
    inputs = cell_uncertainties()
    a, b, c = sample_inputs(inputs, 16, seed=7), sample_inputs(inputs, 16, seed=7), sample_inputs(inputs, 16, seed=8)
    assert a.equals(b) and not a.equals(c)
    for x in inputs:  # every sample inside its stated range
        assert a[x.parameter].between(x.low * (1 - 1e-12), x.high * (1 + 1e-12)).all()
    u = dict(electrolyte_conductivity_factor=(0.5, 2.0))
    r1 = uncertainty_bands("default", n=3, seed=5, uncertainties=u, **FAST)
    r2 = uncertainty_bands("default", n=3, seed=5, uncertainties=u, **FAST)
    assert r1["curves"].equals(r2["curves"]) and r1["summary"].equals(r2["summary"])


def test_default_cell_uncertainties_come_from_the_parameter_sets():
    by = {u.parameter: u for u in cell_uncertainties()}
    assert set(by) == {"cathode.thickness", "coating.thickness", "interphase.exchange_current_density",
                       "electrolyte_conductivity_factor", "anode.interface.charge_transfer_resistance",
                       "cathode.interface.charge_transfer_resistance"}
    assert (by["cathode.thickness"].low, by["cathode.thickness"].high) == pytest.approx((40e-6, 60e-6))
    # 5e-5 .. 3e-4 S/cm at 50 degC around cubic Li2(OH)Cl's 1e-4 S/cm: a factor 0.5 .. 3
    assert (by["electrolyte_conductivity_factor"].low, by["electrolyte_conductivity_factor"].high) == \
        pytest.approx((0.5, 3.0))
    r = by["cathode.interface.charge_transfer_resistance"]  # fitted: a factor 2 either way
    assert (r.low, r.high) == pytest.approx((0.0202, 0.0808))
    assert all(u.source.strip() for u in by.values())


def test_cli_bad_uncertainty_count_is_one_line_exit_2(tmp_path, capsys):
    out = tmp_path / "o"
    assert main(["cycle", "--uncertainty", "1", "--model", "SPMe", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--uncertainty" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    with pytest.raises(ParameterError, match="low <= nominal <= high"):
        uncertainty_bands("default", n=2, uncertainties={"electrolyte_conductivity_factor": (2.0, 3.0)}, **FAST)
