"""Contact loss in the PyBaMM cell (issue 14 item 3): switchable, and the fade its per-cycle input sets."""
import warnings

import numpy as np
import pytest

from cellsim.analysis.stress_coupling import cathode_contact_loss
from cellsim.cell.model import IDEAL_INTERFACE, CellModel, default_protocol
from cellsim.errors import ParameterError, StoichiometryRangeWarning

EPS = "X-averaged positive electrode active material volume fraction"
CYCLES = 4
#: the contact-loss fade alone: the default cell's interphase (its own fade and Li slippage) switched off
IDEAL = IDEAL_INTERFACE


@pytest.fixture(scope="module")
def lam_cell(default_design):
    return CellModel(default_design, model="SPMe", contact_loss=True)


def _run(cell, design, q):
    with warnings.catch_warnings():
        # at q = 1 % per cycle the shrinking cathode reaches x 0.3948 at the top of charge, 0.003 beyond its OCP
        # fit's range: the warning is about the OCP, not about this test
        warnings.simplefilter("ignore", StoichiometryRangeWarning)
        run = cell.solve(default_protocol(design, cycles=CYCLES), design.protocol.temperature,
                         inputs={"cathode_contact_loss_per_cycle": q, **IDEAL})
    s = run.result().summary
    return run, s.discharge_capacity_mAh_per_g.to_numpy(), s.charge_capacity_mAh_per_g.to_numpy()


def test_switched_off_changes_nothing(default_design, lam_cell):
    plain = CellModel(default_design, model="SPMe").cycle(default_protocol(default_design, cycles=CYCLES),
                                                          inputs=IDEAL)
    _, dis, ch = _run(lam_cell, default_design, 0.0)
    assert np.allclose(dis, plain.summary.discharge_capacity_mAh_per_g, rtol=1e-6)
    assert np.allclose(ch, plain.summary.charge_capacity_mAh_per_g, rtol=1e-6)
    with pytest.raises(ParameterError, match="cathode_contact_loss_per_cycle"):
        CellModel(default_design, model="SPMe").cycle(default_protocol(default_design, cycles=1),
                                                      inputs={"cathode_contact_loss_per_cycle": 0.01, **IDEAL})


@pytest.mark.parametrize("q", ["function", 0.01])
def test_fade_is_what_the_function_predicts(default_design, lam_cell, q):
    if q == "function":  # the default cell's law (cellsim C3) over 100 cycles: ~5e-4 per cycle
        q = cathode_contact_loss(default_design, cycles=100)[0].mean_loss_per_cycle
        assert 1e-4 < q < 2e-3
    run, dis, ch = _run(lam_cell, default_design, q)
    _, dis0, _ = _run(lam_cell, default_design, 0.0)
    m = lam_cell.materials
    eps0 = default_design.cathode.active_volume_fraction
    # active material: each cycle loses q eps0 per nominal capacity passed in and out (contact_loss_rate), so
    # after the run eps0 (1 - q (charge + discharge) / (2 Q_nom)); PyBaMM integrates it: within 0.1 %
    nominal_mAh_g = 1000 * m.nominal_capacity_Ah / (1000 * m.cathode_active_mass_kg)
    lost = q * eps0 * (dis.sum() + ch.sum()) / (2 * nominal_mAh_g)
    eps_end = float(run._solution[EPS].entries.ravel()[-1])
    assert eps0 - eps_end == pytest.approx(lost, rel=1e-3)
    # capacity: relative fade per cycle between 1/2 and 1 of the relative active-material loss per cycle. Bounds:
    # if the cathode bounds the cycle at both ends, Q ~ eps (ratio 1); if Li inventory bounds the discharge
    # (anode emptied), Q = N_Li - x_top eps C and a loss at x removes (x - x_top) of Q/(x_bot - x_top), on average
    # over a cycle (x_top + x_bot)/2 - x_top: ratio 1/2
    per_cycle_eps = q * (dis[1:] + ch[1:]) / (2 * nominal_mAh_g)
    fade = -np.diff(dis) / dis[:-1]
    ratio = fade / per_cycle_eps
    assert np.all(ratio > 0.5) and np.all(ratio < 1.0)
    assert dis0[-1] == pytest.approx(dis0[0], rel=1e-6)  # without it (and without interphase) nothing fades
