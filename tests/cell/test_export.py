"""Exports: the README's plain-PyBaMM lines reproduce cellsim's cycle from `cellsim export --pybamm`; the BPX
export validates with the bpx package and PyBaMM's BPX reader gives back cellsim's functions and cycle."""
import dataclasses
import json
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

import cellsim
from cellsim.cell import default_protocol
from cellsim.cell.export import BPX_CANNOT_HOLD, apparent_activation_energy, bpx_export, pybamm_export, validate_bpx
from cellsim.cell.model import T_INPUT, inputs_at
from cellsim.cli import main
from cellsim.constants import FARADAY, GAS_CONSTANT

README = Path(__file__).resolve().parents[2] / "README.md"
T_100C = 373.15


@pytest.fixture(scope="module")
def no_interphase_cell(tmp_path_factory):
    """The default cell without its [interphase] (a TOML file): the coating's film drop stays, nothing grows.

    A plain PyBaMM script cannot hold cellsim's interphase submodels (transport-limited growth, electrolyte
    consumed: cellsim.cell.interphase replaces PyBaMM's), so the round trips compare the cell without them.
    """
    from cellsim.parameters.loader import builtin_dir

    text = (builtin_dir() / "cells" / "default.toml").read_text(encoding="utf-8")
    head, tail = text.split("\n[interphase]\n", 1)
    rest = re.search(r"^\[", tail, re.M)
    path = tmp_path_factory.mktemp("cells") / "no_interphase.toml"
    path.write_text(head + ("\n" + tail[rest.start():] if rest else "\n"), encoding="utf-8")
    return path


def _readme_snippet() -> str:
    """The Python block of README's 'Take cellsim's cell into a PyBaMM script' section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Take cellsim's cell into a PyBaMM script", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def _plain_pybamm(spec_path, monkeypatch):
    """Run the README's lines (plain PyBaMM: they import no cellsim) on an exported file; their namespace."""
    code = _readme_snippet()
    assert "cellsim" not in code
    monkeypatch.chdir(spec_path.parent)
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the README's own lines, tested
    return namespace


def _discharge(solution, cycle=0):
    step = solution.cycles[cycle].steps[-1]
    q = step["Discharge capacity [A.h]"].entries
    return q[-1] - q[0]


def _compare_with_cellsim(tmp_path, monkeypatch, capsys, model, cell):
    """(relative discharge-capacity difference, max |voltage difference| [V] over each step but its last 1 % in
    time, where the voltage runs into the cut-off) of the README route against cellsim's cycle."""
    path = tmp_path / "cell.json"
    assert main(["export", "--pybamm", str(path), "--cell", str(cell), "--model", model, "--cycles", "1",
                 "--temperature", "100C"]) == 0
    assert "wrote" in capsys.readouterr().out
    ns = _plain_pybamm(path, monkeypatch)
    solution = ns["solution"]
    ref = cellsim.cycle(cell, temperature_K=T_100C, cycles=1, model=model)
    mass_kg = ref.metadata["cathode_active_mass_kg"]
    capacity = _discharge(solution) / mass_kg  # A.h/kg = mAh/g
    rel = abs(capacity / ref.summary.discharge_capacity_mAh_per_g[0] - 1)
    ts = ref.timeseries
    dv = 0.0
    for number, step in zip(sorted(ts.step.unique()), solution.cycles[0].steps):  # per step: V jumps between them
        part = ts[ts.step == number]
        t0, t1 = part.time_s.iloc[0], part.time_s.iloc[-1]
        part = part[part.time_s <= t0 + 0.99 * (t1 - t0)]
        v = np.interp(part.time_s, step["Time [s]"].entries, step["Voltage [V]"].entries)
        dv = max(dv, float(np.max(np.abs(v - part.voltage_V))))
    assert len(ts.step.unique()) == len(solution.cycles[0].steps)
    return rel, dv, ns


def test_readme_pybamm_route_reproduces_spme_cycle(tmp_path, monkeypatch, capsys, no_interphase_cell):
    # same equations, same mesh and solver: equal to the solver's tolerance (rtol 1e-6); measured 1e-12 and 2e-10 V
    rel, dv, ns = _compare_with_cellsim(tmp_path, monkeypatch, capsys, "SPMe", no_interphase_cell)
    assert rel < 1e-6
    assert dv < 1e-6
    assert "last discharge" in capsys.readouterr().out


@pytest.mark.slow
def test_readme_pybamm_route_reproduces_dfn_cycle(tmp_path, monkeypatch, capsys, no_interphase_cell):
    # measured 8.1e-5 and 1.7 mV: PyBaMM's face average of a constant conductivity differs from that of an input
    # parameter at the electrode|separator porosity jump (cellsim.cell.export.pybamm_export); below the DFN's
    # mesh error of 0.16 % in capacity
    rel, dv, _ = _compare_with_cellsim(tmp_path, monkeypatch, capsys, "DFN", no_interphase_cell)
    assert rel < 2e-4
    assert dv < 3e-3


def test_pybamm_export_holds_numbers_not_inputs(default_design):
    spec = pybamm_export(default_design, temperature_K=333.15, model="SPMe")
    text = json.dumps(spec)
    assert "InputParameter" not in text
    values = spec["parameter_values"]
    sigma = cellsim.conductivity(default_design.electrolyte, 333.15, default_design.grain_size)
    assert values["Electrolyte conductivity [S.m-1]"] == pytest.approx(sigma, rel=1e-12)
    assert values["Ambient temperature [K]"] == 333.15
    assert spec["cellsim"]["temperature_K"] == 333.15
    # the default protocol's 25 mA/g of the default cell's 14.3 mg/cm2 NCM111 on 1 cm2 (README, default cell)
    assert spec["cellsim"]["current_A"] == pytest.approx(25e-3 * 14.3e-3, rel=5e-3)
    assert spec["submesh_types"] == {}  # the SPMe uses PyBaMM's default submeshes


def test_dfn_export_carries_the_graded_mesh(default_design):
    spec = pybamm_export(default_design, model="DFN")
    assert spec["submesh_types"]["separator"] == {"type": "Exponential1DSubMesh",
                                                  "params": {"side": "symmetric", "stretch": 2.0}}


def test_apparent_activation_energy_of_eq1(default_design):
    # review eq. 1, sigma ~ (1/T) exp(-Ea/kT): -R dln(sigma)/d(1/T) = Ea F - R T (Ea in eV)
    from cellsim.parameters import load_electrolyte

    e = load_electrolyte(default_design.electrolyte)
    expected = e.conductivity.activation_energy * FARADAY - GAS_CONSTANT * T_100C
    bulk = dataclasses.replace(default_design, grain_size=None)  # the bulk branch alone: eq. 1 exactly
    assert apparent_activation_energy(e, bulk, T_100C) == pytest.approx(expected, rel=1e-6)
    # with 1 um grains the boundaries' higher Ea (0.4835 eV) raises the total's: between the two branches
    both = apparent_activation_energy(e, default_design, T_100C)
    assert expected < both < e.grain_boundary.activation_energy * FARADAY - GAS_CONSTANT * T_100C


@pytest.fixture(scope="module")
def bpx_default(default_design):
    pytest.importorskip("bpx")
    return bpx_export(default_design, temperature_K=T_100C, model="SPMe",
                      protocol=default_protocol(default_design, cycles=1))


def _bpx_parameter_values(obj):
    import pybamm

    with warnings.catch_warnings():  # PyBaMM notes the OCV limits it takes from the cut-offs; bpx's deprecations
        warnings.simplefilter("ignore")
        return pybamm.ParameterValues.create_from_bpx_obj(json.loads(json.dumps(obj)))


def test_bpx_validates_and_lists_what_it_cannot_hold(bpx_default):
    parsed = validate_bpx(bpx_default)
    assert parsed.header.model == "SPMe"
    description = bpx_default["Header"]["Description"]
    for item in BPX_CANNOT_HOLD:
        assert item in description
    for word in ("transference number 1", "coating", "interphase", "grain"):
        assert word in description
    assert bpx_default["Parameterisation"]["Electrolyte"]["Cation transference number"] == 1.0


def test_bpx_read_by_pybamm_gives_cellsim_functions(bpx_default, dfn_default):
    import pybamm

    pv = _bpx_parameter_values(bpx_default)
    ours = dfn_default.parameter_values
    inputs = inputs_at(dfn_default.materials, T_100C).as_pybamm()  # the interfaces' R_ct enter j0 as inputs
    T = pybamm.Scalar(T_100C)
    for side, name in (("Negative", "negative"), ("Positive", "positive")):
        c_max = ours[f"Maximum concentration in {name} electrode [mol.m-3]"]
        c = pybamm.Scalar(0.5 * c_max)
        key = f"{side} electrode exchange-current density [A.m-2]"
        j0_bpx = pv[key](pybamm.Scalar(1000.0), c, pybamm.Scalar(c_max), T).evaluate()
        j0_ours = ours[key](pybamm.Scalar(1000.0), c, pybamm.Scalar(c_max), T).evaluate(inputs=inputs)
        assert float(j0_bpx) == pytest.approx(float(j0_ours), rel=1e-12)
        key = f"{side} particle diffusivity [m2.s-1]"
        assert float(pv[key](pybamm.Scalar(0.5), T).evaluate()) == pytest.approx(
            float(ours[key](pybamm.Scalar(0.5), T).evaluate()), rel=1e-12)
        # tabulated OCP (step 5e-4, linear; LTO's at the export temperature) against the function, away from the
        # table's ends
        x = np.linspace(0.05, 0.95, 37)
        key = f"{side} electrode OCP [V]"
        u_bpx = [np.asarray(pv[key](pybamm.Scalar(xi)).evaluate()).item() for xi in x]
        u_ours = [np.asarray(ours[key](pybamm.Scalar(xi)).evaluate(inputs={T_INPUT: T_100C})).item() for xi in x]
        assert np.max(np.abs(np.subtract(u_bpx, u_ours))) < 2e-4
        assert pv[f"{side} electrode Bruggeman coefficient (electrolyte)"] == pytest.approx(1.5, rel=1e-12)
        assert pv[f"{side} electrode active material volume fraction"] == pytest.approx(0.6, rel=1e-12)
    sigma_bpx = pv["Electrolyte conductivity [S.m-1]"](pybamm.Scalar(1000.0), T).evaluate()
    assert float(sigma_bpx) == pytest.approx(cellsim.conductivity("Li1.9(OH)Cl0.9", T_100C, 1e-6), rel=1e-12)


def test_bpx_reproduces_cellsim_spme_cycle(bpx_default, default_design, no_interphase_cell):
    # create_from_bpx + the --pybamm export's options, mesh and experiment (plain PyBaMM) against cellsim: the
    # OCP tables and the start at the 1.0 V equilibrium state differ; measured 9.5e-7 and 16 uV with the as-made
    # cathode at the BPX fit's end and no interfaces; 1.6e-4 in capacity since the interface resistances and the
    # as-made x 0.896 entered (j0 and conductivity agree to 1e-12 at the export temperature, test above; the cause
    # of the larger gap is not isolated: the start state is the likeliest)
    import pybamm

    # BPX holds no interphase (BPX_CANNOT_HOLD), and plain PyBaMM's SEI submodels are not cellsim's: both sides
    # are the default cell without its [interphase]
    design = cellsim.load_cell(no_interphase_cell)
    bpx_default = bpx_export(design, temperature_K=T_100C, model="SPMe", protocol=default_protocol(design, cycles=1))
    spec = pybamm_export(design, model="SPMe", protocol=default_protocol(design, cycles=1))
    options = {k: tuple(v) if isinstance(v, list) else v for k, v in spec["options"].items()}
    model = pybamm.lithium_ion.SPMe(options=options)
    experiment = pybamm.Experiment([tuple(c) for c in spec["experiment"]["cycles"]],
                                   period=spec["experiment"]["period"])
    sim = pybamm.Simulation(model, parameter_values=_bpx_parameter_values(bpx_default), experiment=experiment,
                            var_pts=spec["var_pts"], solver=pybamm.IDAKLUSolver(**spec["solver"]))
    solution = sim.solve()
    ref = cellsim.cycle(no_interphase_cell, temperature_K=T_100C, cycles=1, model="SPMe")
    q = _discharge(solution) / ref.metadata["cathode_active_mass_kg"]
    assert q == pytest.approx(ref.summary.discharge_capacity_mAh_per_g[0], rel=3e-4)
    step = solution.cycles[0].steps[-1]
    ts = ref.timeseries[(ref.timeseries.step == ref.timeseries.step.max())]
    q_ref = (ts.time_s - ts.time_s.iloc[0]) * ref.metadata["current_A"] / 3600
    q_bpx = step["Discharge capacity [A.h]"].entries - step["Discharge capacity [A.h]"].entries[0]
    grid = np.linspace(0, 0.98 * min(q_ref.iloc[-1], q_bpx[-1]), 200)
    dv = np.interp(grid, q_bpx, step["Voltage [V]"].entries) - np.interp(grid, q_ref, ts.voltage_V)
    assert np.max(np.abs(dv)) < 5e-4  # 0.40 mV at the start of the discharge since the as-made x 0.896 (was 16 uV)


def test_bpx_stoichiometry_limits_are_the_cut_off_equilibria(bpx_default, default_design):
    # U_p(x_p) - U_n(x_n) at the written limits = the cut-offs (OCPs at the 298.15 K reference)
    from cellsim.cell.model import CellMaterials
    from cellsim.cell.ocp import material_ocp

    m = CellMaterials.load(default_design)
    neg = bpx_default["Parameterisation"]["Negative electrode"]
    pos = bpx_default["Parameterisation"]["Positive electrode"]
    up, un = material_ocp(m.cathode), material_ocp(m.anode)
    assert up(pos["Maximum stoichiometry"]) - un(neg["Minimum stoichiometry"]) == pytest.approx(1.0, abs=1e-9)
    assert up(pos["Minimum stoichiometry"]) - un(neg["Maximum stoichiometry"]) == pytest.approx(
        default_design.protocol.upper_voltage, abs=1e-9)
    # Li conserved between the two states: Q_p dx_p = -Q_n dx_n
    qp, qn = m.electrode_capacity_Ah("cathode"), m.electrode_capacity_Ah("anode")
    dxp = pos["Maximum stoichiometry"] - pos["Minimum stoichiometry"]
    dxn = neg["Maximum stoichiometry"] - neg["Minimum stoichiometry"]
    assert qp * dxp == pytest.approx(qn * dxn, rel=1e-9)
    assert math.isclose(bpx_default["Parameterisation"]["Separator"]["Porosity"], 1.0, abs_tol=1e-5)
