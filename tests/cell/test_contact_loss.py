"""Contact loss in the PyBaMM cell (issue 14 item 3, referee fix): switchable, and it follows the law's D_N."""
import warnings

import numpy as np
import pytest

from cellsim.analysis.stress_coupling import cathode_contact_loss
from cellsim.cell.model import CONTACT_LOSS_BAND_V, IDEAL_INTERFACE, CellModel, default_protocol
from cellsim.errors import ParameterError, StoichiometryRangeWarning
from cellsim.mechanics.contact_loss import contact_loss_fractions

EPS = "X-averaged positive electrode active material volume fraction"
CYCLES = 3
PHI = 0.5  # isolable_fraction of NCM111 (parameter_sets/mechanics/contact.toml)
#: the contact-loss fade alone: the default cell's interphase (its own fade and Li release) switched off
IDEAL = IDEAL_INTERFACE


@pytest.fixture(scope="module")
def lam_cell(default_design):
    return CellModel(default_design, model="SPMe", contact_loss=True)


def _run(cell, design, D):
    with warnings.catch_warnings():
        # a 30 % loss pushes the remaining cathode a little past its OCP fit's range at the top of charge: the
        # warning is about the OCP, not about this test
        warnings.simplefilter("ignore", StoichiometryRangeWarning)
        run = cell.solve(default_protocol(design, cycles=CYCLES), design.protocol.temperature,
                         inputs={"cathode_contact_loss_fraction": D, **IDEAL})
    return run, run.result().summary.discharge_capacity_mAh_per_g.to_numpy()


def test_switched_off_changes_nothing(default_design, lam_cell):
    plain = CellModel(default_design, model="SPMe").cycle(default_protocol(default_design, cycles=CYCLES),
                                                          inputs=IDEAL)
    run, dis = _run(lam_cell, default_design, 0.0)
    assert np.allclose(dis, plain.summary.discharge_capacity_mAh_per_g, rtol=1e-6)
    eps = run._solution[EPS].entries.ravel()
    assert np.all(eps == default_design.cathode.active_volume_fraction)  # D = 0: the rate is exactly 0
    with pytest.raises(ParameterError, match="cathode_contact_loss_fraction"):
        CellModel(default_design, model="SPMe").cycle(default_protocol(default_design, cycles=1),
                                                      inputs={"cathode_contact_loss_fraction": 0.01})
    with pytest.raises(ParameterError, match=r"cathode_contact_loss_fraction.*0 <= D <= 0.5"):  # above phi
        lam_cell.cycle(default_protocol(default_design, cycles=1), inputs={"cathode_contact_loss_fraction": 0.6})


@pytest.mark.parametrize("case", ["default cell", "strong tension"])
def test_pybamm_loss_follows_the_law(default_design, lam_cell, case):
    if case == "default cell":  # the shipped law over 100 cycles at 100 degC: D_100 = phi F(~30 MPa) ~ 5e-4
        D = cathode_contact_loss(default_design, cycles=100)[0].final_lost_fraction
        assert 4e-4 < D < 9e-4  # measured 4.7e-4 from the as-made x_BPX 0.9550 (5.6e-4 from 0.9621)
    else:  # peak tension 1.2 s0 in every cycle: D = phi (1 - exp(-1.2^10)) = 0.4990, close to the cap phi
        D = contact_loss_fractions([72e6] * CYCLES, 60e6, 10, PHI).final_lost_fraction
        assert D == pytest.approx(PHI * (1 - np.exp(-1.2 ** 10)), rel=1e-12)
    run, dis = _run(lam_cell, default_design, D)
    sol = run._solution
    eps0 = default_design.cathode.active_volume_fraction
    eps = sol[EPS].entries.ravel()
    lost = 1 - eps / eps0
    assert lost[-1] == pytest.approx(D, rel=0.01)  # PyBaMM's final active material is the law's, within 1 %
    # never more than the law (to the solver's error: rtol 1e-6 of eps0 is ~0.15 % of the default cell's D) and
    # never more than phi
    assert lost.max() <= D * 1.01 and lost.max() <= PHI
    # the loss happens on charge, within CONTACT_LOSS_BAND_V of the upper cut-off (top of charge), in cycle 1
    i = sol["Current [A]"].entries
    V = sol["Voltage [V]"].entries
    dropping = np.flatnonzero(np.diff(eps) < -1e-3 * D * eps0) + 1  # steps losing > 0.1 % of D
    assert len(dropping) > 0 and np.all(i[dropping] <= 0)
    assert np.all(V[dropping] >= default_design.protocol.upper_voltage - CONTACT_LOSS_BAND_V - 1e-3)
    first_discharge = np.flatnonzero(i > 0)[0]
    assert lost[first_discharge] == pytest.approx(D, rel=0.01)
    # capacity: a lost fraction D of the cathode costs at most D of the discharge capacity
    _, dis0 = _run(lam_cell, default_design, 0.0)
    fade = 1 - dis / dis0
    assert np.all(fade > 0) and np.all(fade <= D * 1.01)
