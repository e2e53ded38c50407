"""The cell: a pseudo-2D finite-volume LTO | antiperovskite | NCM111 cell on PyBaMM's DFN or SPMe.

The antiperovskite is a single-ion conductor: PyBaMM's electrolyte with cation transference
number 1, so the Li+ concentration stays uniform and only its conductivity matters. It fills the
pores of the melt-infiltrated composite electrodes (effective conductivity sigma * eps^b) and forms
the dense separator. The cathode coating is an ionic film of resistance L / sigma on every
particle, entered through PyBaMM's film-resistance term on the positive electrode. An oxidative interphase
grows where the cathode drives the electrolyte past its oxidation limit: on the bare part of the surface at the
full rate, through the coating by electron tunnelling (:func:`cathode_film_inputs`); its growth is limited by
transport through its own product, it consumes electrolyte (the composite's electrolyte fraction and
conductivity fall) and stops when the electrolyte is used up (:mod:`cellsim.cell.interphase`). It adds
resistance and releases Li+ into the cell.

The PyBaMM model is built and discretised once per (model type, mesh, protocol); temperature, electrolyte
conductivity, coating and interphase rate are input parameters (:data:`INPUT_FIELDS`), so solving at another
temperature, with another coating or another electrolyte reuses the built model.
"""
from __future__ import annotations

import dataclasses
import math
import time

from ..constants import FARADAY, GAS_CONSTANT
from ..electrode.conductivity import (active_material_conductivity, composite_electronic_conductivity,
                                      percolation_conductivity)
from ..electrode.interface import charge_transfer_resistance, exchange_current_density
from ..electrolyte.conductivity import arrhenius_conductivity, total_conductivity
from ..errors import Interrupted, ParameterError, SolverFailure, UnknownNameError
from ..parameters import loader
from ..parameters.mechanics import load_contact
from ..parameters.schema import CellDesign, CoatingDesign, InterphaseDesign
from ..parameters.segregation import segregation_materials
from ..parameters.windows import materials as window_materials
from ..parameters.windows import window
from ..stability.interphase import (electrolyte_volume_ratio, film_area_fraction, protection_factor,
                                    transport_coefficient)
from . import interphase as interphase_module
from . import ocp as ocp_module
from ._pybamm import pybamm as _import_pybamm
from .balance import T_REF_ENTROPIC
from .laws import arrhenius_factor
from .ocp import T_REF_K
from .protocol import RATE_FIELDS, Protocol
from .results import RUN_VARIABLES, CellRun, CyclingResult, observe_many

#: design fields that enter the built model only through input parameters (inputs_at): changing them needs no
#: rebuild, only ``CellModel.solve(..., inputs=inputs_at(CellMaterials.load(changed_design), T))``
INPUT_FIELDS = frozenset({"electrolyte", "grain_size", "grain_boundary_model", "coating.material",
                          "coating.thickness", "coating.coverage", "coating.electron_decay_length",
                          "interphase.exchange_current_density", "interphase.resistivity",
                          *(f"{e}.interface.{k}" for e in ("anode", "cathode")
                            for k in ("charge_transfer_resistance", "temperature_ref", "activation_energy"))})
#: used when a design has no [interphase]: only its structural numbers enter (its growth current is 0)
NO_INTERPHASE = InterphaseDesign(exchange_current_density=0.0, transfer_coefficient=0.5, activation_energy=0.0,
                                 resistivity=1.0, molar_volume=2e-5, lithium_per_formula=1.0,
                                 parabolic_rate_constant=1.0, electrolyte_per_formula=1.0,
                                 electrolyte_molar_volume=2e-5)
C_E = 1000.0  # mol.m-3, nominal uniform Li+ concentration of the single-ion electrolyte (it does not change)

MODEL_TYPES = ("DFN", "SPMe")
#: DFN points per domain, on a mesh graded towards both electrode|separator faces (:data:`MESH_STRETCH`). Against
#: the same mesh 4x finer in x and 2x in r (tests/cell/test_cell.py): at 25 mA/g capacity +0.16 % and hysteresis
#: +0.23 % (100 degC), within 0.5 % at 60 degC; at 1C and 60 degC capacity +1.7 % (hysteresis +0.7 %): for rate
#: studies at 1C and above use ``mesh={"x_n": 36, "x_s": 18, "x_p": 36}`` (-0.4 %; 24 points: -1.1 %)
DEFAULT_MESH = {"x_n": 12, "x_s": 6, "x_p": 12, "r_n": 8, "r_p": 10}
#: stretch of the DFN's exponential x mesh (largest / smallest cell -> e^2 = 7.4). Uniform meshes converge at
#: first order in hysteresis (12/24/48 points per electrode: +3.5/+1.75/+0.9 mV at 100 degC); the error sits
#: where the ionic current changes fastest, at the separator faces (where PyBaMM averages the porosity jump
#: 0.38 -> 1 over the two cells beside a face) and in the LTO anode's sharp reaction front on its plateau, which
#: starts at the separator; small cells there remove most of it (cause not separated further)
MESH_STRETCH = 2.0
#: the SPMe needs few points across the cell: with t+ = 1 the Li+ concentration stays uniform and the
#: electrolyte potential follows from the current (4x finer in x moves capacity 2e-6 and hysteresis 0.13 %)
SPME_MESH = {"x_n": 12, "x_s": 6, "x_p": 12, "r_n": 8, "r_p": 10}
#: IDAKLU options. The consistent initialisation at each step change by PyBaMM's own Newton solver instead of
#: IDA's routine (IDACalcIC; ``calc_ic`` off makes PyBaMM use root_method "nonlinear_solver"): IDACalcIC failed
#: where a filled cathode surface (x 0.99995, j0 ~ sqrt(x (1 - x)) -> 0) met the next charge, and the bare DFN
#: stopped at cycle 66 of 100 at 100 degC (issue 14); more IDACalcIC iterations or line-search backtracks made it
#: worse (33-35 cycles). With PyBaMM's initialisation all 100 complete, and a 3-cycle DFN run with rests agrees
#: with IDACalcIC's within 5e-6 mAh/g, 8e-7 V of hysteresis and 0.16 mV at any output point (the SPMe bit for
#: bit; tests/cell/test_cell.py). The local error test on the differential states only (IDA's suppressalg): the
#: algebraic states follow from them through the Newton solve of each step, and testing them too made IDA take ~2x
#: more steps on the DFN's per-node film current, for the same summary to 5 digits (measured). The line-search
#: backtracks serve IDACalcIC when a caller turns it back on (PyBaMM's default of 5 failed at C/20, 100 degC)
SOLVER_OPTIONS = {"calc_ic": False, "max_linesearch_backtracks_ic": 100, "suppress_algebraic_error": True}
T_INPUT = "Cell temperature [K]"
SIGMA_INPUT = "Electrolyte conductivity input [S.m-1]"
RHO_FILM_INPUT = "Cathode film resistivity input [Ohm.m]"
L_FILM_INPUT = "Cathode film initial thickness input [m]"
ONSET_INPUT = "Interphase onset potential input [V]"
J0_INTERPHASE_INPUT = "Interphase growth current density input [A.m-2]"
EXPOSED_INPUT = "Interphase exposed fraction input"
FILM_AREA_INPUT = "Interphase film area fraction input"
CONTACT_LOSS_INPUT = "Cathode contact lost fraction input"
RCT_N_INPUT = "Anode charge-transfer resistance input [Ohm.m2]"
RCT_P_INPUT = "Cathode charge-transfer resistance input [Ohm.m2]"
#: [V] the contact loss happens while charging within this much of the protocol's upper cut-off (top of charge)
CONTACT_LOSS_BAND_V = 0.05
#: [1] e-folds of the remaining losable fraction per nominal capacity passed in that band: 1000 leaves
#: exp(-1000 x 0.09) of it after the default cell's first charge (0.09 of the capacity lies in the band), and
#: < 1 % when the loss takes half the cathode and shrinks the band (tests/cell/test_contact_loss.py)
CONTACT_LOSS_RATE = 1000.0
#: PyBaMM's reaction-limited film kinetics need a finite onset; a material without an oxidation limit
#: (Al2O3 holds no Li to give up) gets this one, far above any cathode, so nothing grows.
NO_OXIDATION_LIMIT_V = 10.0
#: smallest initial film: with exactly zero thickness PyBaMM's film-growth equations fail to initialise (IDA
#: corrector failure at t = 0), below ~1e-12 m its output has NaNs; 1e-11 m of a 1e6 Ohm.m interphase is
#: 1e-5 Ohm.m2 (0.1 Ohm.cm2, ~2 uV at 25 mA/g in the default cell): negligible
BARE_FILM_M = 1e-11
#: smallest exposed fraction handed to the growth law (which divides by it): a coating that blocks every
#: electron (exp(-L_c / lambda) underflows) still grows at 1e-12 of the bare rate, i.e. nothing
MIN_EXPOSED = 1e-12


@dataclasses.dataclass(frozen=True)
class CellMaterials:
    """The design with its referenced material parameter sets loaded."""

    design: CellDesign
    electrolyte: object
    anode: object
    cathode: object
    coating: object | None
    anode_additive: object | None = None  # ConductiveAdditive of design.anode.additive, if any
    cathode_additive: object | None = None

    @classmethod
    def load(cls, design: CellDesign, dirs=()):
        coat = design.coating
        coating = None if coat is None or coat.material == "none" else loader.load_coating(coat.material, dirs)
        electrolyte = loader.load_electrolyte(design.electrolyte, dirs)
        if electrolyte.ion != "Li":
            raise ParameterError("electrolyte", design.electrolyte,
                                 f"a Li-ion conductor for a Li cell ({electrolyte.name} conducts {electrolyte.ion}+)")
        if design.grain_size is not None and design.grain_boundary_model == "brick-layer" \
                and electrolyte.grain_boundary is None:
            raise ParameterError("grain_size", design.grain_size, f"no grain size: {electrolyte.name} has no "
                                 "[grain_boundary] data (or use grain_boundary_model = 'segregation' for a "
                                 f"material with segregation data: {segregation_materials(dirs)})")
        if design.grain_size is not None and design.grain_boundary_model == "segregation" \
                and electrolyte.name not in segregation_materials(dirs):
            raise ParameterError("grain_boundary_model", "segregation", f"'brick-layer' for {electrolyte.name} "
                                 f"(material {electrolyte.name!r} has no segregation data; materials with "
                                 f"segregation data: {segregation_materials(dirs)})")
        additives = [None if el.additive is None else loader.load_additive(el.additive.material, dirs)
                     for el in (design.anode, design.cathode)]
        return cls(design, electrolyte,
                   loader.load_electrode(design.anode.material, dirs),
                   loader.load_electrode(design.cathode.material, dirs), coating, *additives)

    # -- derived design quantities -------------------------------------------------------------
    @property
    def cathode_active_mass_kg(self) -> float:
        """Mass of cathode active material [kg]."""
        d = self.design
        return d.area * d.cathode.thickness * d.cathode.active_volume_fraction * self.cathode.density

    def electrode_capacity_Ah(self, which: str) -> float:
        """Li capacity of the whole stoichiometry range 0..1 of an electrode [A.h]."""
        el, mat = (self.design.anode, self.anode) if which == "anode" else (self.design.cathode, self.cathode)
        return self.design.area * el.thickness * el.active_volume_fraction * mat.maximum_concentration * FARADAY / 3600

    @property
    def nominal_capacity_Ah(self) -> float:
        """Cathode capacity over its OCP-fit stoichiometry range, used for C-rates [A.h]."""
        c = self.cathode
        return self.electrode_capacity_Ah("cathode") * (c.stoichiometry_max - c.stoichiometry_min)


def _electrode_functions(pb, mat, T, rct_input: str):
    """PyBaMM functions (OCP, exchange current, diffusivity) of one active material at cell temperature ``T``.

    The exchange current density comes from the input parameter ``rct_input``, the electrode's linear
    charge-transfer resistance at the cell temperature (:func:`charge_transfer_inputs`):
    j0 = R T / (F R_ct) at x = 0.5 (:mod:`cellsim.electrode.interface`), so changing the interface needs no rebuild.
    """
    ocp_fn = ocp_module.material_ocp(mat)
    r_ct = pb.InputParameter(rct_input)

    def ocp(sto):
        return ocp_fn(sto, pb, temperature_K=T)

    def exchange_current(c_e, c_s_surf, c_s_max, T):
        # j0 = j0(T) * 2 sqrt(x (1 - x)); no c_e dependence: the single-ion electrolyte is uniform
        x = pb.maximum(pb.minimum(c_s_surf / c_s_max, 1 - 1e-10), 1e-10)
        return exchange_current_density(r_ct, T) * 2 * (x * (1 - x)) ** 0.5

    def diffusivity(sto, T):
        return mat.diffusivity * arrhenius_factor(mat.diffusivity_activation_energy, mat.temperature_ref, T, pb)

    return ocp, exchange_current, diffusivity


def electrical_design(design: CellDesign):
    """The design's ``[electrical]`` table, or the shipped ``default`` cell's when it has none."""
    return design.electrical if design.electrical is not None else loader.load_cell_design("default").electrical


def _electrode_conductivity(materials: CellMaterials, which: str, electrical, pb=None):
    """PyBaMM's "<electrode> electrode conductivity [S.m-1]" of the composite ``which`` ("anode"/"cathode").

    The effective conductivity of the composite (PyBaMM's electrode Bruggeman coefficient is 0, so PyBaMM uses it
    as given): the active-material path sigma_am(x) eps_am^b in parallel with the additive's percolating network
    (:func:`cellsim.electrode.conductivity.composite_electronic_conductivity`). With a stoichiometry law it is a
    function of PyBaMM's local surface stoichiometry and temperature (PyBaMM >= 26.10 passes both); with a constant
    material value a number. The design's own ``electronic_conductivity`` (the composite's, measured or assumed)
    replaces all of this. A material with no electronic data and no additive takes the cell's [electrical]
    ``electrode_conductivity`` as the composite's value.
    """
    el = getattr(materials.design, which)
    if el.electronic_conductivity is not None:  # the composite's own value, measured or assumed
        return el.electronic_conductivity
    mat = getattr(materials, which)
    add = getattr(materials, f"{which}_additive")
    sigma_add = 0.0 if add is None else percolation_conductivity(
        el.additive.volume_fraction, add.conductivity, add.percolation_threshold, add.percolation_exponent)
    law = mat.electronic_conductivity_law
    if law is None and mat.electronic_conductivity is None:
        return electrical.electrode_conductivity if add is None else sigma_add
    if law is None:
        return composite_electronic_conductivity(mat.electronic_conductivity, el.active_volume_fraction,
                                                 el.bruggeman_exponent, sigma_add)
    pb = pb or _import_pybamm()

    def conductivity(sto, T):
        return composite_electronic_conductivity(active_material_conductivity(sto, law, backend=pb),
                                                 el.active_volume_fraction, el.bruggeman_exponent, sigma_add)

    return conductivity


def parameter_values(materials: CellMaterials):
    """PyBaMM ParameterValues of the cell, with temperature and conductivities as input parameters."""
    pb = _import_pybamm()
    d = materials.design
    T = pb.InputParameter(T_INPUT)
    sigma = pb.InputParameter(SIGMA_INPUT)
    n_ocp, n_j0, n_D = _electrode_functions(pb, materials.anode, T, RCT_N_INPUT)
    p_ocp, p_j0, p_D = _electrode_functions(pb, materials.cathode, T, RCT_P_INPUT)
    ip = d.interphase or NO_INTERPHASE
    el = electrical_design(d)
    values = {
        # geometry
        "Negative electrode thickness [m]": d.anode.thickness,
        "Separator thickness [m]": d.separator.thickness,
        "Positive electrode thickness [m]": d.cathode.thickness,
        "Electrode height [m]": math.sqrt(d.area),
        "Electrode width [m]": math.sqrt(d.area),
        "Nominal cell capacity [A.h]": materials.nominal_capacity_Ah,
        "Current function [A]": 0.0,
        "Number of electrodes connected in parallel to make a cell": 1.0,
        "Number of cells connected in series to make a battery": 1.0,
        "Lower voltage cut-off [V]": 0.5,
        "Upper voltage cut-off [V]": 5.0,
        "Open-circuit voltage at 0% SOC [V]": 0.5,
        "Open-circuit voltage at 100% SOC [V]": 5.0,
        # temperature: isothermal at an input temperature
        "Reference temperature [K]": T_REF_ENTROPIC,
        "Ambient temperature [K]": T,
        "Initial temperature [K]": T,
        # electrolyte: single-ion conductor (t+ = 1, uniform concentration)
        "Initial concentration in electrolyte [mol.m-3]": C_E,
        "Electrolyte diffusivity [m2.s-1]": 1e-12,
        "Electrolyte conductivity [S.m-1]": lambda c_e, T_: sigma,
        "Cation transference number": 1.0,
        "Thermodynamic factor": 1.0,
        "Negative electrode porosity": d.anode.electrolyte_volume_fraction,
        "Separator porosity": d.separator.electrolyte_volume_fraction,
        "Positive electrode porosity": d.cathode.electrolyte_volume_fraction,
        "Negative electrode Bruggeman coefficient (electrolyte)": d.anode.bruggeman_exponent,
        "Separator Bruggeman coefficient (electrolyte)": d.separator.bruggeman_exponent,
        "Positive electrode Bruggeman coefficient (electrolyte)": d.cathode.bruggeman_exponent,
        "Negative electrode Bruggeman coefficient (electrode)": 0.0,
        "Positive electrode Bruggeman coefficient (electrode)": 0.0,
        # electrodes
        "Negative electrode conductivity [S.m-1]": _electrode_conductivity(materials, "anode", el, pb),
        "Positive electrode conductivity [S.m-1]": _electrode_conductivity(materials, "cathode", el, pb),
        "Negative electrode active material volume fraction": d.anode.active_volume_fraction,
        "Positive electrode active material volume fraction": d.cathode.active_volume_fraction,
        "Negative particle radius [m]": materials.anode.particle_radius,
        "Positive particle radius [m]": materials.cathode.particle_radius,
        "Maximum concentration in negative electrode [mol.m-3]": materials.anode.maximum_concentration,
        "Maximum concentration in positive electrode [mol.m-3]": materials.cathode.maximum_concentration,
        "Initial concentration in negative electrode [mol.m-3]":
            d.anode.initial_stoichiometry * materials.anode.maximum_concentration,
        "Initial concentration in positive electrode [mol.m-3]":
            d.cathode.initial_stoichiometry * materials.cathode.maximum_concentration,
        "Negative particle diffusivity [m2.s-1]": n_D,
        "Positive particle diffusivity [m2.s-1]": p_D,
        "Negative electrode OCP [V]": n_ocp,
        "Positive electrode OCP [V]": p_ocp,
        # U(x, T) = U(x) + (T - "Reference temperature [K]") dU/dT in PyBaMM's OCP (also in the isothermal model)
        "Negative electrode OCP entropic change [V.K-1]": materials.anode.ocp_entropic_change,
        "Positive electrode OCP entropic change [V.K-1]": materials.cathode.ocp_entropic_change,
        "Negative electrode exchange-current density [A.m-2]": n_j0,
        "Positive electrode exchange-current density [A.m-2]": p_j0,
        "Negative electrode Butler-Volmer transfer coefficient": materials.anode.charge_transfer_coefficient,
        "Positive electrode Butler-Volmer transfer coefficient": materials.cathode.charge_transfer_coefficient,
        "Negative electrode double-layer capacity [F.m-2]": el.double_layer_capacity,
        "Positive electrode double-layer capacity [F.m-2]": el.double_layer_capacity,
        # Cathode film = coating (as an equivalent initial thickness L0) + oxidative interphase. PyBaMM's
        # reaction-limited film growth, j_f = -j0 exp(-alpha_f F (dphi - U) / RT), is a reduction; electrolyte
        # oxidation is anodic, so j0 -> -j0 (current > 0, Li+ released into the cell), alpha_f -> -alpha (rate
        # rises above the oxidation limit U) and z -> -z (the film grows while Li+ is released): per particle
        # area dL/dt = j V / (F z); film drop eta_film = -j_int L rho. cellsim.cell.interphase replaces the
        # rate (transport-limited, electrolyte-limited) and the cathode's porosity (electrolyte consumed).
        # See cathode_film_inputs.
        "SEI resistivity [Ohm.m]": pb.InputParameter(RHO_FILM_INPUT),
        "Initial SEI thickness [m]": pb.InputParameter(L_FILM_INPUT),
        "SEI partial molar volume [m3.mol-1]": ip.molar_volume,
        "SEI growth transfer coefficient": -ip.transfer_coefficient,
        "SEI reaction exchange current density [A.m-2]": -pb.InputParameter(J0_INTERPHASE_INPUT),
        "SEI growth activation energy [J.mol-1]": ip.activation_energy,
        "SEI open-circuit potential [V]": pb.InputParameter(ONSET_INPUT),
        "Ratio of lithium moles to SEI moles": -ip.lithium_per_formula,
        interphase_module.EXPOSED_PARAM: pb.InputParameter(EXPOSED_INPUT),
        interphase_module.FILM_AREA_PARAM: pb.InputParameter(FILM_AREA_INPUT),
        interphase_module.TRANSPORT_PARAM: transport_coefficient(ip.parabolic_rate_constant, ip.molar_volume,
                                                                 ip.lithium_per_formula),
        interphase_module.VOLUME_RATIO_PARAM: electrolyte_volume_ratio(
            ip.electrolyte_per_formula, ip.electrolyte_molar_volume, ip.molar_volume),
        "Negative current collector thickness [m]": el.current_collector_thickness,
        "Positive current collector thickness [m]": el.current_collector_thickness,
        "Negative current collector conductivity [S.m-1]": el.current_collector_conductivity,
        "Positive current collector conductivity [S.m-1]": el.current_collector_conductivity,
    }
    return pb.ParameterValues(values)


def contact_loss_rate(pb, materials: CellMaterials, active_fraction, voltage, upper_voltage_V: float):
    """PyBaMM's current-driven loss-of-active-material rate of the cathode that reaches a target lost fraction.

    Parameters
    ----------
    pb : module
        pybamm.
    materials : CellMaterials
    active_fraction : pybamm.Symbol
        The built model's cathode active-material volume fraction eps_s (its state variable) [1].
    voltage : pybamm.Symbol
        The built model's cell voltage [V].
    upper_voltage_V : float
        Upper cut-off of the protocol [V].

    Returns
    -------
    callable
        rate(i, T) = d eps_s/dt = -k (eps_s - eps_s0 (1 - D)) max(-i, 0) / Q_A * H(V - (V_up - dV)) [s-1].

    Notes
    -----
    D is the input ``cathode_contact_loss_fraction``: the lost fraction D_N of the contact-loss law after the
    run's N cycles (:func:`cellsim.mechanics.contact_loss.contact_loss_fractions`, :attr:`ContactLoss.
    final_lost_fraction`), 0 <= D <= phi. The rate is proportional to the fraction still to be lost, so
    eps_s decreases monotonically to eps_s0 (1 - D) and never below it: the law's cap phi holds, and the total
    equals the law's D_N (to exp(-k dQ/Q_A), k = :data:`CONTACT_LOSS_RATE`, dQ the charge passed in the band).
    It runs only on charge (i < 0 in PyBaMM's sign) and only within :data:`CONTACT_LOSS_BAND_V` of the upper
    cut-off: the law's particles debond at the top of charge. Q_A is the nominal capacity per electrode area
    [C.m-2]. Timing: the whole D_N is lost at the first top of charge; the law loses D_n = phi F(max_{k<=n} T_k),
    so the cycles before the peak tension reaches its maximum would be charged with up to D_N - D_n too much
    (zero for the default cell, whose peak tension is highest in cycle 1: D_1 = D_N).

    Lithium: PyBaMM's loss of active material removes, with the lost volume, the Li it holds at that moment
    (its "Loss of lithium due to loss of active material", c_s averaged over the particle). Here that moment is
    the top of charge, so the lost particles take their top-of-charge Li with them, as the law assumes (cut off
    delithiated, the Li they held then is trapped; the Li they gave up on charge stays in the anode). The model
    uses the electrode-average concentration, not the stoichiometry of the particular particles that debond.
    """
    D = pb.InputParameter(CONTACT_LOSS_INPUT)
    eps0 = materials.design.cathode.active_volume_fraction
    q_area = 3600.0 * materials.nominal_capacity_Ah / materials.design.area
    on = voltage > upper_voltage_V - CONTACT_LOSS_BAND_V

    def rate(i, T):
        return -CONTACT_LOSS_RATE * (active_fraction - eps0 * (1 - D)) * pb.maximum(-i, 0.0) / q_area * on

    return rate


def _oxidation_limit(material: str, kind: str) -> float | None:
    """Oxidation limit [V vs Li/Li+] of a material from the window database; None if it has no entry."""
    try:
        upper = window(material, kind=kind).upper
    except UnknownNameError:
        return None
    return min(upper, NO_OXIDATION_LIMIT_V)


def coating_resistivity(coating, temperature_K: float) -> float:
    """Ionic resistivity of a loaded coating at ``temperature_K`` [Ohm.m] (review eq. 1 branch)."""
    b = coating.conductivity
    return 1.0 / arrhenius_conductivity(temperature_K, b.conductivity_ref, b.temperature_ref, b.activation_energy)


@dataclasses.dataclass(frozen=True)
class CellInputs:
    """The values a built cell takes as inputs: solving with other values needs no rebuild.

    Attributes
    ----------
    temperature_K : float
        Cell temperature [K].
    electrolyte_conductivity_S_m : float
        Total (bulk + grain boundary) ionic conductivity of the electrolyte [S.m-1].
    film_resistivity_Ohm_m : float
        Resistivity of the cathode film (the interphase's) [Ohm.m].
    film_initial_thickness_m : float
        Initial film thickness: the coating as its equivalent thickness of the interphase's resistivity [m].
    interphase_onset_V : float
        Oxidation limit of the material touching the cathode [V vs Li/Li+].
    interphase_exchange_current_A_m2 : float
        Exchange current density of the interphase growth on a bare surface (0: nothing grows) [A.m-2].
    interphase_exposed_fraction : float
        The interphase's reaction rate as a fraction of a bare surface's, f of
        :func:`cellsim.stability.interphase.protection_factor` (1: bare cathode) [1].
    interphase_film_area_fraction : float
        Fraction of the particle surface its product covers, A of
        :func:`cellsim.stability.interphase.film_area_fraction` (1: bare cathode, or a tunnelled complete
        coating; 1 - coverage: bare patches) [1]. Default 1: a caller that overrides only the exposed fraction
        gets a uniform film; pass both (:func:`cathode_film_inputs` computes them together).
    anode_charge_transfer_resistance_Ohm_m2, cathode_charge_transfer_resistance_Ohm_m2 : float
        Linear charge-transfer resistance of each electrode's particle | electrolyte interface at the cell
        temperature, per particle surface area (:func:`charge_transfer_inputs`) [Ohm.m2].
    cathode_contact_loss_fraction : float
        Fraction of the initial cathode active material lost by contact opening over the run (the law's D_N) [1];
        default 0 (off). Non-zero only in a :class:`CellModel` built with ``contact_loss=True``, and at most the
        cathode's ``isolable_fraction`` (:func:`contact_loss_rate`).
    """

    temperature_K: float
    electrolyte_conductivity_S_m: float
    film_resistivity_Ohm_m: float
    film_initial_thickness_m: float
    interphase_onset_V: float
    interphase_exchange_current_A_m2: float
    anode_charge_transfer_resistance_Ohm_m2: float
    cathode_charge_transfer_resistance_Ohm_m2: float
    interphase_exposed_fraction: float = 1.0
    interphase_film_area_fraction: float = 1.0
    cathode_contact_loss_fraction: float = 0.0

    def replace(self, **changes) -> "CellInputs":
        """A copy with fields replaced (unknown names raise a clear error)."""
        unknown = set(changes) - set(INPUT_NAMES)
        if unknown:
            raise UnknownNameError("input", sorted(unknown)[0], INPUT_NAMES)
        return dataclasses.replace(self, **{k: float(v) for k, v in changes.items()})

    def as_pybamm(self) -> dict:
        """The input-parameter dictionary of the PyBaMM model (its keys stay inside :mod:`cellsim.cell`)."""
        return {_PYBAMM_INPUT_KEYS[k]: float(v) for k, v in dataclasses.asdict(self).items()}


_PYBAMM_INPUT_KEYS = {"temperature_K": T_INPUT, "electrolyte_conductivity_S_m": SIGMA_INPUT,
                      "film_resistivity_Ohm_m": RHO_FILM_INPUT, "film_initial_thickness_m": L_FILM_INPUT,
                      "interphase_onset_V": ONSET_INPUT, "interphase_exchange_current_A_m2": J0_INTERPHASE_INPUT,
                      "anode_charge_transfer_resistance_Ohm_m2": RCT_N_INPUT,
                      "cathode_charge_transfer_resistance_Ohm_m2": RCT_P_INPUT,
                      "interphase_exposed_fraction": EXPOSED_INPUT,
                      "interphase_film_area_fraction": FILM_AREA_INPUT,
                      "cathode_contact_loss_fraction": CONTACT_LOSS_INPUT}
#: names of :class:`CellInputs` fields (what ``CellModel.solve(..., inputs={...})`` may override)
INPUT_NAMES = tuple(_PYBAMM_INPUT_KEYS)
#: overrides that make the cathode interface ideal: no film resistance, no interphase growth
IDEAL_INTERFACE = {"film_initial_thickness_m": BARE_FILM_M, "interphase_exchange_current_A_m2": 0.0}


def film_resistivity(resistivity_ref_Ohm_m: float, activation_energy_J_mol: float | None,
                     temperature_K: float) -> float:
    """Li-ion resistivity of the cathode interphase at ``temperature_K`` [Ohm.m].

    rho(T) = rho_ref / exp(Ea / R (1/T_ref - 1/T)), rho_ref at T_ref = 298.15 K (PyBaMM's reference, the one of
    the interphase's rate): ionic conduction is thermally activated. ``activation_energy_J_mol`` None: rho_ref at
    every temperature. The product's Ea is not measured (``[interphase] resistivity_activation_energy``).

    It is not tied to the parabolic rate constant k_p: in Deal-Grove form K = F z k_p / (2 V_m) = 1.6e-11 A/m at
    25 degC for the default cell, i.e. a growth-limiting conductivity K / (1 V) ~ 1.6e-11 S/m (Wagner), 6e4 times
    below the film's Li+ conductivity (1e-6 S/m): with these numbers growth is limited by a minority carrier
    (electrons through an insulating product), whose activation energy says nothing about the Li+ resistivity's.

    >>> round(film_resistivity(1e6, 50e3, 373.15))  # 25 -> 100 degC at 50 kJ/mol
    17354
    >>> film_resistivity(1e6, None, 373.15)
    1000000.0
    """
    if activation_energy_J_mol is None:
        return float(resistivity_ref_Ohm_m)
    return float(resistivity_ref_Ohm_m / arrhenius_factor(activation_energy_J_mol, T_REF_K, temperature_K))


def cathode_film_inputs(materials: CellMaterials, temperature_K: float) -> dict:
    """Inputs of the cathode film: its resistivity, initial thickness and the interphase growth law.

    Returns
    -------
    dict
        ``film_resistivity_Ohm_m``, ``film_initial_thickness_m``, ``interphase_onset_V``,
        ``interphase_exchange_current_A_m2``, ``interphase_exposed_fraction`` and ``interphase_film_area_fraction``
        (:class:`CellInputs` field names).

    Notes
    -----
    PyBaMM's film has one resistivity: the interphase's, rho_i at the cell temperature (:func:`film_resistivity`).
    A coating of thickness L_c and resistivity
    rho_c enters as the equivalent initial thickness L0 = L_c rho_c / rho_i (same area-specific resistance
    L rho; at least :data:`BARE_FILM_M`), so an interphase growing on a coating has its own resistivity.

    The interphase is the electrolyte's oxidation product: it grows when the cathode surface potential passes
    the electrolyte's oxidation limit U_e (:func:`cellsim.parameters.windows.window`). A coating protects the
    area it covers (``coverage`` theta) except for electrons tunnelling through it (``electron_decay_length``
    lambda): the reaction runs at f = (1 - theta) + theta exp(-L_c / lambda) of the bare rate
    (:func:`cellsim.stability.interphase.protection_factor`) and its product covers the fraction A of the surface
    (:func:`cellsim.stability.interphase.film_area_fraction`: 1 - theta for bare patches, 1 for a tunnelled
    complete coating), transport through its local thickness L / A limiting growth
    (:func:`cellsim.stability.interphase.growth_current_density`). A coating
    that itself oxidises (an oxidation limit
    U_c in the window database) adds its own oxidation on the covered area with the same kinetics at its own
    onset: theta exp(alpha F (U_e - U_c) / R T), negligible for every shipped coating above the electrolyte's
    limit (LiAlO2, 3.48 V: ~6e-3 at 100 degC). The product is taken as one layer spread over the whole particle
    surface for the film resistance (its drop is j L rho with the area-averaged L: an upper bound for a coated
    cell, whose current could bypass the patches). A design without an ``[interphase]`` table grows nothing.

    Raises
    ------
    ParameterError
        The design has an ``[interphase]`` but the electrolyte has no window entry; a coated design with an
        ``[interphase]`` lacks ``coverage`` or ``electron_decay_length``, or they are out of range (coverage in
        [0, 1], decay length > 0 m).
    """
    d, ip = materials.design, materials.design.interphase
    rho = 1.0 if ip is None else film_resistivity(ip.resistivity, ip.resistivity_activation_energy, temperature_K)
    onset = _oxidation_limit(materials.electrolyte.name, "electrolyte")
    if ip is not None and onset is None:
        raise ParameterError("electrolyte", materials.electrolyte.name,
                             f"a material with a stability window for interphase growth "
                             f"({', '.join(window_materials('electrolyte'))}), or a design without [interphase]")
    factor, area, L0 = 1.0, 1.0, 0.0
    if materials.coating is not None:
        L0 = d.coating.thickness * coating_resistivity(materials.coating, temperature_K) / rho
        if ip is not None:
            for key in ("coverage", "electron_decay_length"):
                if getattr(d.coating, key) is None:
                    raise ParameterError(f"coating.{key}", None, "a value in [coating] for a cell with an "
                                         "[interphase] (coverage in [0, 1], electron_decay_length > 0 m)")
            own = _oxidation_limit(materials.coating.name, "coating")
            extra = 0.0  # the coating's own oxidation, on the area it covers
            if own is not None and own < NO_OXIDATION_LIMIT_V:
                extra = math.exp(ip.transfer_coefficient * FARADAY * (onset - own) / (GAS_CONSTANT * temperature_K))
            protection = (d.coating.coverage, d.coating.thickness, d.coating.electron_decay_length, extra)
            factor, area = float(protection_factor(*protection)), float(film_area_fraction(*protection))
    j0 = ip.exchange_current_density if ip is not None else 0.0
    return {"film_resistivity_Ohm_m": float(rho), "film_initial_thickness_m": float(max(L0, BARE_FILM_M)),
            "interphase_onset_V": float(NO_OXIDATION_LIMIT_V if onset is None else onset),
            "interphase_exchange_current_A_m2": float(j0),
            "interphase_exposed_fraction": float(min(max(factor, MIN_EXPOSED), 1.0)),
            "interphase_film_area_fraction": float(min(max(area, MIN_EXPOSED), 1.0))}


def coating_inputs(design: CellDesign, coating: str, temperature_K: float, dirs=()) -> dict:
    """:func:`cathode_film_inputs` of ``design`` with another coating (a name, or "none"): solve the built
    model of ``design`` with them (``inputs=``) to try a coating without rebuilding."""
    coat = design.coating if design.coating is not None else CoatingDesign(material="none", thickness=0.0)
    variant = dataclasses.replace(design, coating=dataclasses.replace(coat, material=coating))
    return cathode_film_inputs(CellMaterials.load(variant, dirs), temperature_K)


def electrode_charge_transfer_resistance(materials: CellMaterials, which: str, temperature_K: float) -> float:
    """Linear charge-transfer resistance of electrode ``which`` ("anode"/"cathode") at ``temperature_K`` [Ohm.m2].

    From the design's ``[<electrode>.interface]`` (the particle | solid-electrolyte interface of this cell) when
    it has one; else from the material's own exchange current density and its Arrhenius law,
    R_ct = R T / (F j0(T)) (:mod:`cellsim.electrode.interface`), which gives back that j0 exactly.
    """
    itf = getattr(materials.design, which).interface
    if itf is not None:
        return float(charge_transfer_resistance(itf.charge_transfer_resistance, itf.temperature_ref,
                                                itf.activation_energy, temperature_K))
    mat = getattr(materials, which)
    j0 = mat.exchange_current_density * arrhenius_factor(mat.kinetics_activation_energy, mat.temperature_ref,
                                                         temperature_K)
    return float(exchange_current_density(j0, temperature_K))  # R T / (F j0): the same relation inverted


def charge_transfer_inputs(materials: CellMaterials, temperature_K: float) -> dict:
    """``anode_/cathode_charge_transfer_resistance_Ohm_m2`` of :class:`CellInputs` at ``temperature_K``."""
    return {f"{w}_charge_transfer_resistance_Ohm_m2": electrode_charge_transfer_resistance(materials, w, temperature_K)
            for w in ("anode", "cathode")}


def inputs_at(materials: CellMaterials, temperature_K: float, check_range: str = "error") -> CellInputs:
    """The :class:`CellInputs` at ``temperature_K``: electrolyte conductivity and the cathode film
    (:func:`cathode_film_inputs`) from cellsim's physics functions (the cell never re-derives them)."""
    d = materials.design
    sigma = total_conductivity(materials.electrolyte, temperature_K, d.grain_size, gb_model=d.grain_boundary_model,
                               check_range=check_range)
    return CellInputs(temperature_K=float(temperature_K), electrolyte_conductivity_S_m=float(sigma),
                      **cathode_film_inputs(materials, temperature_K), **charge_transfer_inputs(materials, temperature_K))


class CellModel:
    """A built PyBaMM cell for one design and model type, solved many times.

    Parameters
    ----------
    design : CellDesign
        Loaded cell design (see :func:`cellsim.load_cell`).
    model : {"DFN", "SPMe"}
        Doyle-Fuller-Newman (default) or the faster single-particle model with electrolyte.
    mesh : dict, optional
        Points per domain (x_n, x_s, x_p, r_n, r_p); defaults :data:`DEFAULT_MESH` (DFN) or
        :data:`SPME_MESH` (SPMe).
    rtol, atol : float
        IDAKLU solver tolerances.
    mesh_stretch : float, optional
        Grading of the DFN's x mesh towards the electrode|separator faces (0: uniform); default
        :data:`MESH_STRETCH`.
    dirs : iterable of paths
        Extra folders to search for the referenced materials.
    contact_loss : bool, optional
        Build the cathode with PyBaMM's current-driven loss of active material, driven by the input
        ``cathode_contact_loss_fraction`` (:func:`contact_loss_rate`); default False (off, and the input must
        then stay 0).
    compile : bool, optional
        Let IDAKLU compile the model's CasADi functions to C (PyBaMM's ``compile`` option: the system C compiler,
        ``-O3 -march=native``, libraries cached under ``$PYBAMM_CASADI_AOT_CACHE``, default ``$TMPDIR``). The solve
        takes ~half the time (one-cycle SPMe); the first build of a model compiles for ~5 s (then cached on disk);
        results move at round-off level (measured: capacity 2e-14, hysteresis 4e-10 relative), so default False.
        Without a compiler PyBaMM keeps its CasADi virtual machine.
    """

    def __init__(self, design: CellDesign, model: str = "DFN", mesh: dict | None = None,
                 rtol: float = 1e-6, atol: float = 1e-8, dirs=(), mesh_stretch: float | None = None,
                 contact_loss: bool = False, compile: bool = False):
        if model not in MODEL_TYPES:
            raise UnknownNameError("model", model, MODEL_TYPES)
        self.materials = CellMaterials.load(design, dirs)
        self.model_type = model
        self.mesh = {**(DEFAULT_MESH if model == "DFN" else SPME_MESH), **(mesh or {})}
        self.rtol, self.atol = rtol, atol
        self.compile = bool(compile)
        self.mesh_stretch = MESH_STRETCH if mesh_stretch is None else float(mesh_stretch)
        pb = _import_pybamm()
        # one structure for coated and bare cathodes: coating and interphase are input parameters
        # "SEI film resistance": "average" would take ~40 % fewer solver steps, but its consistent initialisation
        # fails at the charge -> discharge switch of a bare cathode whose interphase grows (measured)
        # "SEI porosity change": the cathode's electrolyte fraction follows the interphase (cellsim.cell.interphase
        # replaces PyBaMM's growth rate and porosity submodels before the model is built)
        options = {"calculate discharge energy": "true", "SEI": ("none", "reaction limited (asymmetric)"),
                   "SEI film resistance": "distributed", "SEI porosity change": "true"}
        self.contact_loss = bool(contact_loss)
        if self.contact_loss:
            options["loss of active material"] = ("none", "current-driven")
        cls = pb.lithium_ion.DFN if model == "DFN" else pb.lithium_ion.SPMe
        self.pybamm_model = interphase_module.install(cls(options=options, build=False))
        self.pybamm_model.build_model()
        if self.contact_loss:  # the cathode's active-material state (x-averaged in the SPMe) drives the rate
            names = ("X-averaged positive electrode active material volume fraction",
                     "Positive electrode active material volume fraction")
            self._active_fraction = next(v for v in self.pybamm_model.rhs if v.name in names)
        contact = load_contact(dirs).get(design.cathode.material)
        self._isolable_fraction = contact["isolable_fraction"] if contact is not None else 1.0
        self.parameter_values = parameter_values(self.materials)
        self._sims: dict = {}

    @property
    def design(self) -> CellDesign:
        return self.materials.design

    def current_A(self, protocol: Protocol) -> float:
        """Cell current of the protocol [A]: C-rate x nominal capacity, specific current x cathode active mass,
        areal current x electrode area, or the current itself; for an experiment, its first charge/discharge's."""
        ((field, value),) = protocol.reference_rate.items()
        if field == "c_rate":
            return value * self.materials.nominal_capacity_Ah
        if field == "areal_current_A_m2":
            return value * self.design.area
        if field == "current_A":
            return value
        return value * self.materials.cathode_active_mass_kg

    def experiment(self, protocol: Protocol):
        """The ``pybamm.Experiment`` of a protocol, with a dense output grid (period)."""
        pb = _import_pybamm()
        current = self.current_A(protocol)
        half_cycle_s = 3600 * self.materials.nominal_capacity_Ah / current
        period = max(1.0, half_cycle_s / 400)
        # every step gets a generous time limit (PyBaMM's default would stop slow steps after 24 h)
        limit_h = 3 * half_cycle_s / 3600
        charge = [f"Charge at {current} A for {limit_h} hours or until {protocol.upper_voltage_V} V"]
        if protocol.cv_hold_current_fraction is not None:
            charge.append(f"Hold at {protocol.upper_voltage_V} V for {limit_h} hours or until "
                          f"{current * protocol.cv_hold_current_fraction} A")
        rest = [f"Rest for {protocol.rest_s} seconds"] if protocol.rest_s > 0 else []
        discharge = [f"Discharge at {current} A for {limit_h} hours or until {protocol.lower_voltage_V} V"]
        cycle = tuple(charge + rest + discharge + rest)
        if protocol.experiment is not None:
            cycle = tuple(self._experiment_step(s, limit_h) for s in protocol.experiment)
        return pb.Experiment([cycle] * protocol.cycles, period=f"{period} seconds")

    def _experiment_step(self, step, limit_h: float) -> str:
        """PyBaMM's text of one :class:`~cellsim.parameters.rates.ExperimentStep`, currents in A; a step without
        a time limit gets ``limit_h`` (3 half cycles at the protocol's first current)."""
        amps = (lambda pair: self.current_A(Protocol(**dict([pair]))))
        span = f"for {step.duration_s} seconds" if step.duration_s is not None else f"for {limit_h} hours"
        if step.kind == "rest":
            return f"Rest {span}"
        if step.kind == "hold":
            until = f" or until {amps(step.until_current)} A" if step.until_current else ""
            return f"Hold at {step.voltage_V} V {span}{until}"
        until = f" or until {step.until_voltage_V} V" if step.until_voltage_V is not None else ""
        return f"{step.kind.capitalize()} at {amps(step.rate)} A {span}{until}"

    def submesh_types(self) -> dict:
        """PyBaMM submeshes: the DFN's x mesh graded towards the electrode|separator faces (:data:`MESH_STRETCH`)."""
        pb = _import_pybamm()
        sub = dict(self.pybamm_model.default_submesh_types)
        if self.model_type == "DFN" and self.mesh_stretch > 0:
            for domain, side in (("negative electrode", "right"), ("separator", "symmetric"),
                                 ("positive electrode", "left")):
                sub[domain] = pb.MeshGenerator(pb.Exponential1DSubMesh, {"side": side, "stretch": self.mesh_stretch})
        return sub

    def simulation(self, protocol: Protocol):
        """The (cached) built ``pybamm.Simulation`` for a protocol."""
        key = (protocol, self.current_A(protocol))
        if key not in self._sims:
            pb = _import_pybamm()
            solver = pb.IDAKLUSolver(rtol=self.rtol, atol=self.atol,
                                     options={**SOLVER_OPTIONS, **({"compile": True} if self.compile else {})})
            values = self.parameter_values
            if self.contact_loss:  # the loss happens at this protocol's top of charge
                values = values.copy()
                values.update({"Positive electrode current-driven LAM rate": contact_loss_rate(
                    pb, self.materials, self._active_fraction, self.pybamm_model.variables["Voltage [V]"],
                    protocol.upper_voltage_V)}, check_already_exists=False)
            self._sims[key] = pb.Simulation(
                self.pybamm_model, experiment=self.experiment(protocol), parameter_values=values,
                solver=solver, var_pts=self.mesh, submesh_types=self.submesh_types())
        return self._sims[key]

    def solve(self, protocol: Protocol, temperature_K: float, progress=None, check_range: str = "error",
              inputs: CellInputs | dict | None = None, timeseries: bool = False) -> CellRun:
        """Solve the protocol at ``temperature_K`` and return a :class:`~cellsim.cell.results.CellRun`.

        ``inputs`` is a complete :class:`CellInputs`, or a dict of :class:`CellInputs` fields that replace the
        design's own values (e.g. :func:`coating_inputs` of another coating, :data:`IDEAL_INTERFACE`, or
        ``{"electrolyte_conductivity_S_m": 0.02}``): the built model is reused. ``timeseries=True``: the caller
        will ask for the run's ``result()`` (its variables are then read with the summary's, in one pass).

        Raises
        ------
        SolverFailure
            When PyBaMM fails or the run ends before its first discharge.
        """
        pb = _import_pybamm()
        start = time.perf_counter()
        inputs = self._inputs(temperature_K, inputs, check_range)
        sim = self.simulation(protocol)
        with _StopAtStep(sim) as stop:
            callbacks = [stop] + ([_progress_callback(progress)] if progress else [])
            try:
                sol = sim.solve(inputs=inputs.as_pybamm(), callbacks=callbacks, initial_soc=None)
            except pb.SolverError as exc:
                if stop.requested:
                    raise Interrupted("interrupted (Ctrl-C) before the first step finished") from None
                raise SolverFailure(f"PyBaMM solver failed at T = {temperature_K} K: {exc}") from exc
        complete = _complete_cycles(sol, len(sim.experiment.cycles[0]))
        if not complete and not stop.requested:
            raise SolverFailure(f"the run at T = {temperature_K} K produced no complete cycle"
                                + (f" ({sol.termination})" if sol is not None else ""))
        run = CellRun(sol, self, protocol, temperature_K, wall_time_s=time.perf_counter() - start,
                      timeseries=timeseries) if complete else None
        if stop.requested:
            raise Interrupted(f"interrupted (Ctrl-C) after {len(complete)} complete cycle(s)", run)
        return run

    def solve_many(self, protocol: Protocol, temperatures_K, inputs_list=None,
                   check_range: str = "error") -> list:
        """Solve the protocol for several input sets at once: a list of :class:`CellRun` or :class:`SolverFailure`.

        ``temperatures_K[i]`` with ``inputs_list[i]`` (as ``inputs`` of :meth:`solve`; default: the design's own)
        is one set. All sets run through each experiment step together, in one IDAKLU call
        (:mod:`cellsim.cell.batch`); the results equal :meth:`solve`'s (tests/cell/test_batch.py). A set that fails
        is returned as its :class:`SolverFailure`, the others are unaffected; if the batched call itself fails,
        every set is solved on its own with :meth:`solve`.
        """
        from . import batch

        temperatures_K = [float(T) for T in temperatures_K]
        inputs_list = [None] * len(temperatures_K) if inputs_list is None else list(inputs_list)
        if len(inputs_list) != len(temperatures_K):
            raise ParameterError("inputs_list", len(inputs_list), f"one entry per temperature ({len(temperatures_K)})")
        full = [self._inputs(T, inp, check_range) for T, inp in zip(temperatures_K, inputs_list)]
        if not full:
            return []
        start = time.perf_counter()
        try:
            sols = batch.solve_many(self.simulation(protocol), [i.as_pybamm() for i in full])
        except Exception:  # the batch as a whole failed: one by one, each failure kept to its own set
            return [self._solve_or_failure(protocol, T, i) for T, i in zip(temperatures_K, full)]
        wall = (time.perf_counter() - start) / len(full)
        n_steps = len(self.simulation(protocol).experiment.cycles[0])
        complete = [not isinstance(sol, Exception) and bool(_complete_cycles(sol, n_steps)) for sol in sols]
        # what every run reads, for all runs together (their sub-solutions share the step models)
        loaded = iter(observe_many([sol for sol, ok in zip(sols, complete) if ok], RUN_VARIABLES))
        out = []
        for T, sol, ok in zip(temperatures_K, sols, complete):
            if isinstance(sol, Exception):
                out.append(SolverFailure(f"PyBaMM solver failed at T = {T} K: {sol}"))
            elif not ok:
                out.append(SolverFailure(f"the run at T = {T} K produced no complete cycle ({sol.termination})"))
            else:
                out.append(CellRun(sol, self, protocol, T, wall_time_s=wall, loaded=next(loaded)))
        return out

    def _solve_or_failure(self, protocol, T, inputs):
        try:
            return self.solve(protocol, T, inputs=inputs)
        except SolverFailure as exc:
            return exc

    def _inputs(self, temperature_K, inputs, check_range) -> "CellInputs":
        if not isinstance(inputs, CellInputs):
            inputs = dict(inputs or {})
            own = inputs_at(self.materials, temperature_K,
                            "ignore" if "electrolyte_conductivity_S_m" in inputs else check_range)
            inputs = own.replace(**inputs)
        D, phi = inputs.cathode_contact_loss_fraction, self._isolable_fraction
        if not (0.0 <= D <= phi and D < 1.0) or (D > 0 and not self.contact_loss):
            raise ParameterError("cathode_contact_loss_fraction", D, f"0 <= D <= {phi:g} (the isolable fraction of "
                                 f"{self.design.cathode.material}), and 0 unless the CellModel is built with "
                                 "contact_loss=True")
        return inputs

    def cycle(self, protocol: Protocol | None = None, temperature_K: float | None = None, progress=None,
              check_range: str = "error", inputs: CellInputs | dict | None = None) -> CyclingResult:
        """Run a cycling protocol and return a :class:`~cellsim.cell.results.CyclingResult`.

        ``protocol`` and ``temperature_K`` default to the design's stored protocol; ``inputs`` as in :meth:`solve`.
        """
        protocol = protocol or default_protocol(self.design)
        T = self.design.protocol.temperature if temperature_K is None else temperature_K
        try:
            return self.solve(protocol, T, progress, check_range, inputs, timeseries=True).result()
        except Interrupted as exc:  # the finished cycles as a CyclingResult, for the caller to keep
            if isinstance(exc.partial, CellRun):
                exc.partial = exc.partial.result()
                exc.partial.metadata["termination"] = "interrupted (Ctrl-C)"
            raise


def _complete_cycles(solution, n_steps: int) -> list:
    """The cycles of a PyBaMM experiment solution (or None) that ran all ``n_steps`` steps of the protocol."""
    cycles = solution.cycles if solution is not None else []
    return [c for c in cycles if c is not None and len(c.steps) == n_steps]


class _StopAtStep:
    """Ctrl-C during a PyBaMM experiment: finish the running step, keep the completed cycles, then stop.

    PyBaMM's ``Simulation.solve`` (26.x) lets a KeyboardInterrupt through and loses every finished cycle: they
    live in its local variables until the experiment ends. While this context is active (main thread only, and
    only where SIGINT has Python's default handler), the first Ctrl-C sets :attr:`requested`; the next
    ``solver.step`` call then raises a ``pybamm.SolverError``, which PyBaMM handles as a failed step: it stops
    the experiment and returns the cycles before it (only a failure of the very first step is re-raised). The
    caller sees :attr:`requested` and raises :class:`~cellsim.errors.Interrupted` with what completed. A
    second Ctrl-C interrupts at once, as usual. Used as a PyBaMM callback: at the first cycle start (after
    PyBaMM has built the step solvers) it wraps their ``step``; the wrappers are removed on exit.
    """

    def __init__(self, sim):
        self.sim, self.requested, self._wrapped, self._old = sim, False, [], None

    def __enter__(self):
        import signal
        import threading

        if threading.current_thread() is threading.main_thread() \
                and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._old = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, *exc):
        import signal

        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)
        for solver in self._wrapped:
            solver.__dict__.pop("step", None)
        self._wrapped = []

    def _on_sigint(self, signum, frame):
        if self.requested or not self._wrapped:  # second Ctrl-C, or before the steps can be stopped cleanly
            raise KeyboardInterrupt
        self.requested = True

    # -- PyBaMM callback interface (only the hooks PyBaMM calls; the rest are no-ops) -------------------------
    def on_cycle_start(self, logs):
        if self._wrapped or self._old is None:
            return
        pb = _import_pybamm()
        sim = self.sim
        solvers = [sim._built_experiment_solver] if sim._experiment_uses_unified_model \
            else list((sim.steps_to_built_solvers or {}).values())
        for solver in {id(s): s for s in solvers if s is not None}.values():
            step = solver.step

            def guarded(*args, _step=step, **kwargs):
                if self.requested:  # PyBaMM's log of this "failed" step is silenced (logger at CRITICAL)
                    raise pb.SolverError("interrupted by the user (Ctrl-C)")
                return _step(*args, **kwargs)

            solver.step = guarded
            self._wrapped.append(solver)

    def __getattr__(self, name):
        if name.startswith("on_"):
            return lambda logs: None
        raise AttributeError(name)


def _progress_callback(fn):
    """A PyBaMM callback that reports (cycle n, of N) to ``fn``."""
    pb = _import_pybamm()

    class Progress(pb.callbacks.Callback):
        def on_cycle_start(self, logs):
            n, total = logs["cycle number"]
            fn(n, total)

    return Progress()


def default_protocol(design: CellDesign, **overrides) -> Protocol:
    """The protocol stored with a cell design, with keyword overrides (Protocol field names)."""
    p = design.protocol
    kwargs = dict(specific_current_A_kg=p.specific_current, lower_voltage_V=p.lower_voltage,
                  upper_voltage_V=p.upper_voltage, cycles=p.cycles)
    if getattr(p, "experiment", None) is not None:  # a stored experiment (the cell file's [protocol] experiment)
        kwargs = dict(experiment=p.experiment, cycles=p.cycles)
    if any(k in overrides for k in RATE_FIELDS) or "experiment" in overrides:  # replaces the stored protocol
        kwargs = dict(lower_voltage_V=p.lower_voltage, upper_voltage_V=p.upper_voltage, cycles=p.cycles)
    kwargs.update(overrides)
    return Protocol(**kwargs)
