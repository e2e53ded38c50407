"""Exports of a cellsim cell for other tools: a PyBaMM script (JSON) and the Battery Parameter eXchange (BPX).

Two formats, two purposes:

* :func:`pybamm_export` -- everything a plain PyBaMM script needs to reproduce a cellsim cycle: the
  ``ParameterValues`` (PyBaMM's own ``ParameterValues.to_json`` serialisation, cellsim's input parameters replaced
  by their values at the chosen temperature), the model type and options, the mesh (points and submeshes), the
  solver settings and the protocol as a ``pybamm.Experiment``. Load it with ``ParameterValues.from_json``: no
  cellsim import is needed to solve (README, "Take cellsim's cell into a PyBaMM script").
* :func:`bpx_export` -- the electrode and cell data in BPX 1.0 JSON, the exchange format other simulators read.
  BPX describes a cell with a liquid binary electrolyte; what it cannot hold is listed in :data:`BPX_CANNOT_HOLD`
  (and in the file's ``Header.Description``).

Why JSON through ``ParameterValues.to_json`` for PyBaMM: it is PyBaMM's documented serialisation (26.10), it
keeps cellsim's OCP, exchange-current and diffusivity functions exact (each is traced once into a PyBaMM
expression tree and stored as such; a round trip reproduces cellsim's SPMe voltage to 2e-10 V,
tests/cell/test_export.py), and the file is data, not code (loading it runs nothing). A generated Python module
with ``get_parameter_values()`` would need cellsim's functions re-emitted as source; BPX cannot hold the coating,
the interphase or the single-ion electrolyte's behaviour exactly. The expression format is PyBaMM's and may change
between releases: the file records the PyBaMM version it was written with (cellsim pins 26.10).
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from .. import __version__ as CELLSIM_VERSION
from ..constants import FARADAY, GAS_CONSTANT
from ..electrode.interface import exchange_current_density
from ..electrolyte.conductivity import total_conductivity
from ._pybamm import pybamm as _import_pybamm
from .balance import T_REF_ENTROPIC, equilibrium_stoichiometries
from .laws import arrhenius_factor
from .model import C_E, NO_INTERPHASE, SOLVER_OPTIONS, CellModel, default_protocol, inputs_at
from .ocp import material_ocp
from .protocol import Protocol

#: format tag of :func:`pybamm_export` files (bumped when their layout changes)
PYBAMM_EXPORT_FORMAT = "cellsim-pybamm-export/1"
#: the BPX version written by :func:`bpx_export` (validated with the ``bpx`` package 1.1)
BPX_VERSION = "1.0.0"
#: stoichiometry grid of the tabulated OCPs in BPX: step 5e-4 (linear interpolation of the LTO OCP, whose
#: plateau knees round over 0.004-0.010 in x, is then within ~0.1 mV of the function), with 40 log-spaced points
#: from 1e-12 towards each end, where an ideal-solution log term (LTO) still changes (PyBaMM evaluates OCPs at
#: stoichiometries clipped to 1e-10 .. 1 - 1e-10)
_BPX_OCP_ENDS = np.logspace(-12, np.log10(5e-4), 40)[:-1]
BPX_OCP_GRID = np.concatenate([_BPX_OCP_ENDS, np.linspace(0.0, 1.0, 2001)[1:-1], (1 - _BPX_OCP_ENDS)[::-1]])
#: a dense layer (electrolyte volume fraction 1) is written with this porosity: PyBaMM's BPX reader derives
#: the Bruggeman exponent as ln(transport efficiency) / ln(porosity), which is 0/0 at porosity 1
BPX_MAX_POROSITY = 1 - 1e-6

#: What BPX (a liquid binary electrolyte, porous electrodes) cannot hold of a cellsim cell, and how each is mapped
BPX_CANNOT_HOLD = (
    "solid single-ion electrolyte: written as a binary electrolyte with cation transference number 1 (no salt "
    "gradients); its diffusivity is a placeholder (1e-12 m2/s) without effect at t+ = 1",
    "electrolyte conductivity law (review eq. 1: sigma = A/T n exp(-Ea/kT) from defect chemistry, phase "
    "transitions, grain boundaries): written as one Arrhenius line through the export temperature, with the "
    "local apparent activation energy there; exact only at that temperature",
    "grain size and grain-boundary model (brick layer or vacancy segregation): folded into that conductivity",
    "cathode coating (material, thickness, its own Arrhenius conductivity): no BPX field; in User-defined as "
    "PyBaMM's film parameters at the export temperature (Initial SEI thickness = coating-equivalent thickness)",
    "oxidative interphase on the cathode (growth rate, onset at the oxidation limit, resistivity, Li released): "
    "no BPX field; in User-defined under PyBaMM's SEI names with cellsim's sign convention (negative exchange "
    "current, transfer coefficient and Li ratio), used only with cellsim's model options",
    "initial state: BPX holds an initial state of charge between the stoichiometry limits, not cellsim's "
    "initial (as-synthesised) stoichiometries",
    "per-material Arrhenius reference temperatures: rates and diffusivities rescaled to the one BPX reference "
    "temperature",
    "OCP functions: tabulated (2077 points) where BPX's expression grammar (exp, tanh, cosh) cannot write them",
    "temperature-dependent OCP (LTO's regular solution, whose two-phase region narrows as T rises): tabulated at "
    "the export temperature, exact only at that temperature",
    "stability windows, mechanics (elastic moduli, residual stress, dendrite criteria), double-layer capacity "
    "and current collectors: not in BPX",
)


def _materials_and_protocol(design, temperature_K, protocol, model, dirs):
    cell = CellModel(design, model=model, dirs=dirs)
    T = design.protocol.temperature if temperature_K is None else float(temperature_K)
    return cell, T, protocol or default_protocol(design)


def _substituted(symbol, values: dict):
    """``symbol`` with every ``pybamm.InputParameter`` replaced by its number in ``values``."""
    pb = _import_pybamm()
    if isinstance(symbol, pb.InputParameter):
        return pb.Scalar(values[symbol.name])
    if symbol.children:
        return symbol.create_copy(new_children=[_substituted(c, values) for c in symbol.children])
    return symbol


def _fixed_parameter_values(parameter_values, inputs: dict):
    """A copy of ``parameter_values`` whose input parameters are numbers (their values in ``inputs``).

    Symbols become floats; functions are traced into PyBaMM expression functions (what
    ``ParameterValues.to_json`` stores) with their inputs substituted; a function left without arguments in
    its expression (the electrolyte conductivity) becomes its number.
    """
    pb = _import_pybamm()
    from pybamm.expression_tree.operations.serialise import (ExpressionFunctionParameter,
                                                              convert_function_to_symbolic_expression)

    out = {}
    for key, value in parameter_values.items():
        if isinstance(value, pb.Symbol):
            out[key] = float(_substituted(value, inputs).evaluate())
        elif callable(value):
            traced = convert_function_to_symbolic_expression(value, key)
            body = _substituted(traced.child, inputs)
            if any(isinstance(node, pb.Parameter) for node in body.pre_order()):
                out[key] = ExpressionFunctionParameter(traced.name, body, traced.func_name, traced.func_args)
            else:
                out[key] = float(body.evaluate())
        else:
            out[key] = value
    return pb.ParameterValues(out)


def _jsonable(value):
    """Tuples to lists, numpy scalars/arrays to Python numbers/lists (recursively)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _submesh_spec(generator) -> dict:
    """A submesh (a ``pybamm.MeshGenerator`` or a submesh class) as {"type": class name, "params": dict}."""
    cls = getattr(generator, "submesh_type", generator)
    return {"type": cls.__name__, "params": dict(getattr(generator, "submesh_params", {}))}


def pybamm_export(design, temperature_K: float | None = None, model: str = "DFN", protocol: Protocol | None = None,
                  dirs=()) -> dict:
    """A JSON-ready description of the cell, model, mesh, solver and protocol for a plain PyBaMM script.

    Parameters
    ----------
    design : CellDesign
        Loaded cell design (:func:`cellsim.load_cell`).
    temperature_K : float, optional
        Cell temperature [K]; default the design's protocol temperature. Checked against the electrolyte's data
        range (``ParameterError`` outside it).
    model : {"DFN", "SPMe"}
    protocol : Protocol, optional
        Cycling protocol; default the design's stored one.

    Returns
    -------
    dict
        ``format``, ``cellsim`` (provenance: versions, cell, temperature, the input values used), ``model``,
        ``options``, ``var_pts``, ``submesh_types`` (domains whose submesh differs from the model's default:
        PyBaMM class name and parameters), ``solver`` (``pybamm.IDAKLUSolver`` keywords), ``experiment``
        (``cycles``: lists of step strings, ``period``) and ``parameter_values``
        (``pybamm.ParameterValues.to_json()`` of the cell at ``temperature_K``).

    Notes
    -----
    Round trip (tests/cell/test_export.py, default cell, 100 degC, 25 mA/g, 1 cycle): SPMe identical to cellsim
    (capacity to 1e-11 relative, voltage to 2e-10 V). DFN: capacity 8e-5 relative and voltage up to 1.7 mV
    apart: PyBaMM averages the electrolyte's effective conductivity over the electrode|separator faces
    differently when the conductivity is a number than when it is an input parameter (with a uniform porosity
    the two agree to 2e-7); this is below the DFN's mesh error (0.16 % in capacity, :data:`DEFAULT_MESH`).
    """
    pb = _import_pybamm()
    cell, T, protocol = _materials_and_protocol(design, temperature_K, protocol, model, dirs)
    inputs = inputs_at(cell.materials, T)
    values = _fixed_parameter_values(cell.parameter_values, inputs.as_pybamm())
    defaults = pb.BatteryModelOptions({})
    options = {k: v for k, v in cell.pybamm_model.options.items() if defaults.get(k) != v}
    default_sub = {k: _submesh_spec(v) for k, v in cell.pybamm_model.default_submesh_types.items()}
    submesh = {domain: spec for domain, spec in ((k, _submesh_spec(v)) for k, v in cell.submesh_types().items())
               if spec != default_sub.get(domain)}
    experiment = cell.experiment(protocol)
    return _jsonable({
        "format": PYBAMM_EXPORT_FORMAT,
        "cellsim": {"version": CELLSIM_VERSION, "pybamm_version": pb.__version__, "cell": design.name,
                    "temperature_K": T, "protocol": dataclasses.asdict(protocol),
                    "current_A": cell.current_A(protocol), "inputs": dataclasses.asdict(inputs),
                    "load": "see README.md, 'Take cellsim's cell into a PyBaMM script'"},
        "model": model,
        "options": options,
        "var_pts": dict(cell.mesh),
        "submesh_types": submesh,
        "solver": {"rtol": cell.rtol, "atol": cell.atol, "options": dict(SOLVER_OPTIONS)},
        "experiment": {"cycles": [list(c) for c in experiment.cycles], "period": f"{experiment.period!r} seconds"},
        "parameter_values": values.to_json(),
    })


def apparent_activation_energy(electrolyte, design, temperature_K: float, step_K: float = 0.05) -> float:
    """Local apparent activation energy of the electrolyte's total conductivity [J.mol-1].

    .. math:: E_{a,app} = -R \\frac{d \\ln \\sigma}{d (1/T)}

    by a central difference of ``step_K`` around ``temperature_K``: the slope of the Arrhenius line that BPX can
    hold, matched to the conductivity law at the export temperature.
    """
    def ln_sigma(T):
        return math.log(total_conductivity(electrolyte, T, design.grain_size, gb_model=design.grain_boundary_model,
                                           check_range="ignore"))

    lo, hi = temperature_K - step_K, temperature_K + step_K
    return -GAS_CONSTANT * (ln_sigma(hi) - ln_sigma(lo)) / (1 / hi - 1 / lo)


def _bpx_ocp_table(material, temperature_K: float) -> dict:
    fn = material_ocp(material)
    return {"x": BPX_OCP_GRID.tolist(), "y": [float(v) for v in fn(BPX_OCP_GRID, temperature_K=temperature_K)]}


def _kinetics(el, mat, r_ct_Ohm_m2: float, temperature_K: float, T_ref: float):
    """Exchange current density at ``T_ref`` [A.m-2] and its activation energy [J.mol-1], as BPX holds them.

    Without an interface in the design: the material's j0 and Ea. With one, j0(T) = R T / (F R_ct(T))
    (:mod:`cellsim.electrode.interface`; ``r_ct_Ohm_m2`` is R_ct at the export temperature, the cell's input) is
    not a pure Arrhenius law; BPX gets its apparent activation energy at the export temperature,
    -R d ln j0 / d(1/T) = Ea + R T, and the j0 that this line gives at ``T_ref``, so the exported j0 is exact at
    the export temperature.
    """
    itf = el.interface
    if itf is None:
        return (mat.exchange_current_density * arrhenius_factor(mat.kinetics_activation_energy, mat.temperature_ref,
                                                                T_ref), mat.kinetics_activation_energy)
    Ea = itf.activation_energy * FARADAY + GAS_CONSTANT * temperature_K  # eV per Li+ -> J.mol-1, plus R T
    j0 = exchange_current_density(r_ct_Ohm_m2, temperature_K)
    return j0 * arrhenius_factor(Ea, temperature_K, T_ref), Ea


def _bpx_electrode(el, mat, values, side: str, sto_min, sto_max, temperature_K: float, r_ct_Ohm_m2: float) -> dict:
    T_ref = T_REF_ENTROPIC
    porosity = min(el.electrolyte_volume_fraction, BPX_MAX_POROSITY)
    # cellsim: j0 = j0_ref 2 sqrt(x (1 - x)); PyBaMM's BPX reader: j0 = F k sqrt(c_e / c_e0) sqrt(x (1 - x))
    j0_ref, Ea_kin = _kinetics(el, mat, r_ct_Ohm_m2, temperature_K, T_ref)
    k = 2 * j0_ref / FARADAY
    return {
        "Particle radius [m]": mat.particle_radius,
        "Thickness [m]": el.thickness,
        "Diffusivity [m2.s-1]": mat.diffusivity * arrhenius_factor(mat.diffusivity_activation_energy,
                                                                   mat.temperature_ref, T_ref),
        "Diffusivity activation energy [J.mol-1]": mat.diffusivity_activation_energy,
        "OCP [V]": _bpx_ocp_table(mat, temperature_K),
        "Entropic change coefficient [V.K-1]": mat.ocp_entropic_change,
        "Conductivity [S.m-1]": float(values[f"{side} electrode conductivity [S.m-1]"]),
        "Surface area per unit volume [m-1]": 3 * el.active_volume_fraction / mat.particle_radius,
        "Porosity": porosity,
        "Transport efficiency": porosity ** el.bruggeman_exponent,
        "Reaction rate constant [mol.m-2.s-1]": k,
        "Reaction rate constant activation energy [J.mol-1]": Ea_kin,
        "Minimum stoichiometry": sto_min,
        "Maximum stoichiometry": sto_max,
        "Maximum concentration [mol.m-3]": mat.maximum_concentration,
    }


def bpx_export(design, temperature_K: float | None = None, model: str = "DFN", protocol: Protocol | None = None,
               dirs=()) -> dict:
    """The cell as a BPX 1.0 object (JSON-ready dict), for the data BPX can hold.

    Parameters
    ----------
    design, temperature_K, model, protocol
        As in :func:`pybamm_export`; the temperature fixes the electrolyte conductivity line, the coating's film
        thickness and the ambient/initial temperature; the protocol's cut-offs are the cell's voltage limits.

    Returns
    -------
    dict
        Header, Parameterisation (Cell, Electrolyte, Negative electrode, Positive electrode, Separator,
        User-defined) and State. What BPX cannot hold is listed in ``Header.Description``
        (:data:`BPX_CANNOT_HOLD`); cellsim's film parameters are in User-defined under PyBaMM's names, which
        ``pybamm.ParameterValues.create_from_bpx`` passes on unchanged.

    Notes
    -----
    Mappings (T_ref = 298.15 K, BPX's one Arrhenius reference; c_e0 = 1000 mol/m3):

    * reaction rate constant k = 2 j0_ref(T_ref) / F, so that PyBaMM's BPX exchange current
      F k sqrt(c_e/c_e0) sqrt(x(1-x)) equals cellsim's 2 j0_ref sqrt(x(1-x)) at the uniform c_e = c_e0;
    * surface area per volume a = 3 eps_am / R (spheres); transport efficiency eps^b (Bruggeman);
    * electrolyte conductivity sigma_ref = sigma(T) exp(-Ea_app/R (1/T_ref - 1/T)) with
      :func:`apparent_activation_energy`, exact at the export temperature T;
    * stoichiometry limits: the equilibrium states at the lower (0 % SOC) and upper (100 % SOC) cut-off with
      the design's Li inventory, at T_ref (the entropic reference of BPX's OCPs); the initial state of charge is
      the design's initial cathode stoichiometry on that scale (clipped to 0..1). The limits only set the SOC
      scale: at any temperature they lie on the same Li-inventory line, so the initial state is the design's;
    * OCP tables at T_ref, except a temperature-dependent OCP function (LTO's regular solution), tabulated at T.
    """
    cell, T, protocol = _materials_and_protocol(design, temperature_K, protocol, model, dirs)
    m, d = cell.materials, design
    inputs = inputs_at(m, T)  # with the checks of a solve (temperature within the electrolyte's data range)
    values = cell.parameter_values
    x_n0, x_p0 = equilibrium_stoichiometries(m, protocol.lower_voltage_V)
    x_n1, x_p1 = equilibrium_stoichiometries(m, protocol.upper_voltage_V)
    soc0 = (x_p0 - d.cathode.initial_stoichiometry) / (x_p0 - x_p1)
    sigma = inputs.electrolyte_conductivity_S_m
    Ea_sigma = apparent_activation_energy(m.electrolyte, d, T)
    ip = d.interphase or NO_INTERPHASE  # its structural numbers keep the film model complete; nothing grows
    sep_porosity = min(d.separator.electrolyte_volume_fraction, BPX_MAX_POROSITY)
    user = {
        **{f"{side} electrode double-layer capacity [F.m-2]":
           float(values[f"{side} electrode double-layer capacity [F.m-2]"]) for side in ("Negative", "Positive")},
        "SEI resistivity [Ohm.m]": inputs.film_resistivity_Ohm_m,
        "Initial SEI thickness [m]": inputs.film_initial_thickness_m,
        "SEI open-circuit potential [V]": inputs.interphase_onset_V,
        "SEI reaction exchange current density [A.m-2]": 0.0 - inputs.interphase_exchange_current_A_m2,
        "SEI partial molar volume [m3.mol-1]": ip.molar_volume,
        "SEI growth transfer coefficient": -ip.transfer_coefficient,
        "SEI growth activation energy [J.mol-1]": ip.activation_energy,
        "Ratio of lithium moles to SEI moles": -ip.lithium_per_formula,
    }
    return _jsonable({
        "Header": {
            "BPX": BPX_VERSION,
            "Title": f"cellsim cell '{d.name}'",
            # the list goes here, not in User-defined's "description": PyBaMM 26.10's BPX reader takes every
            # User-defined entry for a parameter and fails on that string
            "Description": (f"{d.description} -- cellsim {CELLSIM_VERSION} export at {T:.2f} K. BPX cannot hold: "
                            + "; ".join(BPX_CANNOT_HOLD) + "."),
            "References": "cellsim parameter sets (each value's source in parameter_sets/); Xia et al., "
                          "Chem. Rev. 122 (2022) 3763, doi:10.1021/acs.chemrev.1c00594",
            "Model": model,
        },
        "Parameterisation": {
            "Cell": {
                "Electrode area [m2]": d.area,
                # the bare stack (no casing), as PyBaMM's BPX reader needs both: two faces and area x thickness
                "External surface area [m2]": 2 * d.area,
                "Volume [m3]": d.area * (d.anode.thickness + d.separator.thickness + d.cathode.thickness),
                "Number of electrode pairs connected in parallel to make a cell": 1,
                "Lower voltage cut-off [V]": protocol.lower_voltage_V,
                "Upper voltage cut-off [V]": protocol.upper_voltage_V,
                "Nominal cell capacity [A.h]": m.nominal_capacity_Ah,
                "Reference temperature [K]": T_REF_ENTROPIC,
            },
            "Electrolyte": {
                "Cation transference number": 1.0,
                "Diffusivity [m2.s-1]": float(cell.parameter_values["Electrolyte diffusivity [m2.s-1]"]),
                "Diffusivity activation energy [J.mol-1]": 0.0,
                "Conductivity [S.m-1]": sigma / arrhenius_factor(Ea_sigma, T_REF_ENTROPIC, T),
                "Conductivity activation energy [J.mol-1]": Ea_sigma,
            },
            "Negative electrode": _bpx_electrode(d.anode, m.anode, values, "Negative", x_n0, x_n1, T,
                                                 inputs.anode_charge_transfer_resistance_Ohm_m2),
            "Positive electrode": _bpx_electrode(d.cathode, m.cathode, values, "Positive", x_p1, x_p0, T,
                                                 inputs.cathode_charge_transfer_resistance_Ohm_m2),
            "Separator": {
                "Thickness [m]": d.separator.thickness,
                "Porosity": sep_porosity,
                "Transport efficiency": sep_porosity ** d.separator.bruggeman_exponent,
            },
            "User-defined": user,
        },
        "State": {
            "Initial conditions": {"Initial state-of-charge": min(max(soc0, 0.0), 1.0),
                                   "Initial temperature [K]": T,
                                   "Initial electrolyte concentration [mol.m-3]": C_E},
            "Thermal environment": {"Ambient temperature [K]": T},
        },
    })


def validate_bpx(obj: dict):
    """Validate a BPX object with the ``bpx`` package; returns the parsed ``bpx.BPX`` or None if ``bpx`` is absent.

    Raises
    ------
    ValueError
        (pydantic's ValidationError) when ``obj`` does not follow the BPX schema.
    """
    import copy
    import warnings

    with warnings.catch_warnings():  # bpx 1.1's own use of pyparsing / pydantic APIs they deprecate
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import bpx
        except ImportError:
            return None
        return bpx.parse_bpx_obj(copy.deepcopy(obj))
