"""The one data model for cellsim parameter sets: frozen dataclasses with a typed schema.

Every numeric field is declared with :func:`quantity`, which records its SI unit, its allowed
range and a description. In TOML each such value is written as an inline table::

    thickness = {value = 50, unit = "um", source = "assumed: typical melt-infiltrated cathode"}

``source`` is required: a citation, or a text starting with ``fitted:`` or ``assumed:`` followed
by the reason. The loader (:mod:`cellsim.parameters.loader`) converts to SI, checks the range,
rejects unknown keys and keeps the sources in each object's ``sources`` mapping.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Optional

from ..checks import TEMPERATURE_MAX_K, TEMPERATURE_MIN_K
from ..errors import ParameterError


def quantity(unit: str, lo: float | None = None, hi: float | None = None, doc: str = "",
             default=dataclasses.MISSING, lo_open: bool = False, hi_open: bool = False):
    """Declare a numeric field with its SI ``unit`` and allowed range [lo, hi]."""
    meta = {"unit": unit, "lo": lo, "hi": hi, "doc": doc, "lo_open": lo_open, "hi_open": hi_open}
    return field(default=default, metadata=meta)


def text(doc: str = "", default=dataclasses.MISSING, choices: tuple[str, ...] | None = None):
    """Declare a plain string field (names, references to other files, OCP function names)."""
    return field(default=default, metadata={"unit": None, "doc": doc, "choices": choices})


def _sources_field():
    return field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False,
                 metadata={"internal": True})


@dataclass(frozen=True, kw_only=True)
class ArrheniusBranch:
    """One Arrhenius branch of the review's eq. 1, anchored at a measured point.

    sigma(T) = sigma_ref * (T_ref / T) * exp(-Ea/kB * (1/T - 1/T_ref)), i.e. sigma = (A/T) n exp(-Ea/kB T)
    with the prefactor A*n fixed by (T_ref, sigma_ref).
    """

    conductivity_ref: float = quantity("S.m-1", 0.0, None, "ionic conductivity at temperature_ref", lo_open=True)
    temperature_ref: float = quantity("K", 0.0, None, "temperature of the anchor point", lo_open=True)
    activation_energy: float = quantity("eV", 0.0, 3.0, "activation energy Ea (barrier + binding)")
    sources: Mapping[str, str] = _sources_field()


@dataclass(frozen=True, kw_only=True)
class GrainBoundary:
    """Grain-boundary transport of a polycrystalline electrolyte, as measured or derived from the review.

    Give exactly one of three forms:

    * ``[grain_boundary.conductivity]``: the specific (local) conductivity of the boundary core as its own
      Arrhenius branch (what a brick-layer model needs together with ``width`` and ``grain_size``);
    * ``conductivity_ratio``: specific sigma_gb / sigma_bulk at ``temperature_ref`` plus the boundary's
      ``activation_energy``;
    * ``resistance_ratio``: the apparent R_gb / R_bulk of a measured pellet (impedance arcs) at
      ``temperature_ref`` plus ``activation_energy``. In the brick-layer picture
      R_gb / R_bulk = (sigma_bulk / sigma_gb) * (width / grain_size), so it converts to a specific ratio only
      when ``width`` and ``grain_size`` are known.
    """

    conductivity: Optional[ArrheniusBranch] = None
    conductivity_ratio: Optional[float] = quantity(
        "1", 0.0, None, "specific sigma_gb / sigma_bulk at temperature_ref", default=None, lo_open=True)
    resistance_ratio: Optional[float] = quantity(
        "1", 0.0, None, "apparent R_gb / R_bulk of a measured pellet at temperature_ref", default=None, lo_open=True)
    temperature_ref: Optional[float] = quantity("K", 0.0, None, "temperature of the ratio", default=None,
                                                lo_open=True)
    activation_energy: Optional[float] = quantity("eV", 0.0, 3.0, "activation energy of grain-boundary transport",
                                                  default=None)
    width: Optional[float] = quantity("m", 0.0, 1e-6, "electrical width of the boundary (core + space charge)",
                                      default=None, lo_open=True)
    grain_size: Optional[float] = quantity("m", 0.0, 1e-2, "grain size of the sample the data were measured on",
                                           default=None, lo_open=True)
    sources: Mapping[str, str] = _sources_field()

    def __post_init__(self):
        forms = [k for k in ("conductivity", "conductivity_ratio", "resistance_ratio") if getattr(self, k) is not None]
        if len(forms) != 1:
            raise ParameterError(
                forms[1] if len(forms) > 1 else "conductivity", forms or None,
                "exactly one of a [grain_boundary.conductivity] branch, 'conductivity_ratio' or 'resistance_ratio'")
        if self.conductivity is None:
            for key in ("temperature_ref", "activation_energy"):
                if getattr(self, key) is None:
                    raise ParameterError(key, None, f"a value: '{forms[0]}' needs 'temperature_ref' and "
                                                    "'activation_energy'")
        elif self.temperature_ref is not None or self.activation_energy is not None:
            raise ParameterError("temperature_ref", self.temperature_ref,
                                 "no 'temperature_ref'/'activation_energy' beside a [grain_boundary.conductivity] "
                                 "branch (they belong inside the branch)")


@dataclass(frozen=True, kw_only=True)
class Electrolyte:
    """An antiperovskite (or other single-ion) solid electrolyte.

    ``status`` says how far the conductivity is accepted: ``"established"`` (reproduced crystalline
    material), ``"contested"`` (disputed in the literature, e.g. the Li2.99Ba0.005OCl glass, review
    section 6.3) or ``"predicted"`` (simulation only). ``ion`` is the mobile ion: a Li cell must refuse
    ``"Na"`` conductors.
    """

    name: str = text("material name as used in cell files")
    formula: str = text("chemical formula")
    reference: str = text("main publication (with DOI)")
    ion: str = text("mobile ion", default="Li", choices=("Li", "Na"))
    status: str = text("how far the data are accepted", default="established",
                       choices=("established", "contested", "predicted"))
    temperature_min: float = quantity("K", 0.0, None, "lowest temperature of the conductivity data")
    temperature_max: float = quantity("K", 0.0, None, "highest temperature of the conductivity data")
    conductivity: ArrheniusBranch = None  # high-temperature (or only) branch
    low_temperature_conductivity: Optional[ArrheniusBranch] = None
    transition_temperature: Optional[float] = quantity("K", 0.0, None, "first-order phase transition", default=None)
    transition_note: Optional[str] = text("phase behaviour in words: which phases, how composition shifts the "
                                          "transition, why none is modelled", default=None)
    melting_temperature: Optional[float] = quantity("K", 0.0, None, "melting point", default=None)
    density: Optional[float] = quantity("kg.m-3", 0.0, None, "mass density", default=None, lo_open=True)
    electronic_conductivity: Optional[float] = quantity("S.m-1", 0.0, None, "electronic (not ionic) conductivity",
                                                        default=None, lo_open=True)
    electronic_conductivity_temperature: Optional[float] = quantity(
        "K", 0.0, None, "temperature of electronic_conductivity", default=None, lo_open=True)
    grain_boundary: Optional[GrainBoundary] = None
    sources: Mapping[str, str] = _sources_field()

    def __post_init__(self):
        if self.conductivity is None:
            raise ParameterError("conductivity", None, "a [conductivity] table with one Arrhenius branch")
        if (self.low_temperature_conductivity is None) != (self.transition_temperature is None):
            raise ParameterError(
                "transition_temperature", self.transition_temperature,
                "a phase transition needs both 'transition_temperature' and a [low_temperature_conductivity] branch")
        if self.temperature_min >= self.temperature_max:
            raise ParameterError("temperature_min", self.temperature_min,
                                 f"below temperature_max = {self.temperature_max} K")
        if self.electronic_conductivity_temperature is not None and self.electronic_conductivity is None:
            raise ParameterError("electronic_conductivity_temperature", self.electronic_conductivity_temperature,
                                 "only together with 'electronic_conductivity'")


@dataclass(frozen=True, kw_only=True)
class ElectronicConductivity:
    """Electronic conductivity of a dense active material vs its Li stoichiometry, from two measured points.

    ln sigma is linear in x between (stoichiometry_low, conductivity_low) and (stoichiometry_high,
    conductivity_high) and constant outside them (:func:`cellsim.electrode.conductivity.
    active_material_conductivity`). The data are room-temperature values; no temperature dependence is applied.
    """

    stoichiometry_low: float = quantity("1", 0.0, 1.0, "lower stoichiometry of the two measured points")
    conductivity_low: float = quantity("S.m-1", 0.0, None, "conductivity at stoichiometry_low", lo_open=True)
    stoichiometry_high: float = quantity("1", 0.0, 1.0, "higher stoichiometry of the two measured points")
    conductivity_high: float = quantity("S.m-1", 0.0, None, "conductivity at stoichiometry_high", lo_open=True)
    temperature: float = quantity("K", 0.0, None, "temperature of the measurements (not used to rescale)",
                                  lo_open=True)
    sources: Mapping[str, str] = _sources_field()

    def __post_init__(self):
        if not self.stoichiometry_high > self.stoichiometry_low:
            raise ParameterError("stoichiometry_high", self.stoichiometry_high,
                                 f"above stoichiometry_low = {self.stoichiometry_low}")


@dataclass(frozen=True, kw_only=True)
class ConductiveAdditive:
    """A conductive additive (carbon) of composite electrodes, as stored in parameter_sets/additives/.

    Its network conducts above the percolation threshold: sigma_eff = conductivity ((phi - phi_c) /
    (1 - phi_c))^t (:func:`cellsim.electrode.conductivity.percolation_conductivity`).
    """

    name: str = text("additive name as used in cell files")
    reference: str = text("main publication (with DOI)")
    conductivity: float = quantity("S.m-1", 0.0, None, "conductivity of the dense additive sigma_c", lo_open=True)
    percolation_threshold: float = quantity("1", 0.0, 1.0, "percolation threshold phi_c (volume fraction of the "
                                            "whole composite)", lo_open=True, hi_open=True)
    percolation_exponent: float = quantity("1", 1.0, 5.0, "conductivity exponent t")
    sources: Mapping[str, str] = _sources_field()


@dataclass(frozen=True, kw_only=True)
class ActiveMaterial:
    """An intercalation electrode material (LTO, NCM111, ...)."""

    name: str = text("material name as used in cell files")
    ocp: str = text("name of the open-circuit-potential function in cellsim.cell.ocp")
    reference: str = text("main publication (with DOI)")
    maximum_concentration: float = quantity("mol.m-3", 0.0, None, "Li site concentration c_max", lo_open=True)
    density: float = quantity("kg.m-3", 0.0, None, "mass density of the active material", lo_open=True)
    particle_radius: float = quantity("m", 0.0, 1e-3, "particle radius", lo_open=True)
    diffusivity: float = quantity("m2.s-1", 0.0, 1e-8, "solid Li diffusivity at temperature_ref", lo_open=True)
    diffusivity_activation_energy: float = quantity("J.mol-1", 0.0, 3e5, "activation energy of diffusivity")
    exchange_current_density: float = quantity(
        "A.m-2", 0.0, 1e4, "exchange-current density at stoichiometry 0.5 and temperature_ref", lo_open=True)
    kinetics_activation_energy: float = quantity("J.mol-1", 0.0, 3e5, "activation energy of exchange current")
    charge_transfer_coefficient: float = quantity("1", 0.0, 1.0, "Butler-Volmer symmetry factor alpha",
                                                  lo_open=True, hi_open=True)
    temperature_ref: float = quantity("K", 0.0, None, "reference temperature of the kinetic data", lo_open=True)
    stoichiometry_min: float = quantity("1", 0.0, 1.0, "lowest stoichiometry x = c / maximum_concentration the OCP "
                                        "fit covers (a run below it by more than 0.01 warns)")
    stoichiometry_max: float = quantity("1", 0.0, 1.0, "highest stoichiometry x = c / maximum_concentration the OCP "
                                        "fit covers (a run above it by more than 0.01 warns)")
    ocp_reference_concentration: Optional[float] = quantity(
        "mol.m-3", 0.0, None, "concentration the OCP function's stoichiometry is defined against, when its source "
        "used another c_max (the OCP is evaluated at c / ocp_reference_concentration; None: maximum_concentration)",
        default=None, lo_open=True)
    ocp_entropic_change: float = quantity(
        "V.K-1", -1e-2, 1e-2, "entropic coefficient dU/dT of the OCP: U(x, T) = U(x) + (T - 298.15 K) dU/dT",
        default=0.0)
    # parameters of a parameterised OCP function (cellsim.cell.ocp.OCP_PARAMETER_FIELDS); None: not used
    ocp_plateau_potential: Optional[float] = quantity(
        "V", 0.0, 6.0, "two-phase plateau potential U0 of a regular-solution OCP", default=None)
    ocp_interaction_energy: Optional[float] = quantity(
        "J", 0.0, 1e-18, "regular-solution interaction energy per site, Omega", default=None)
    ocp_join_width: Optional[float] = quantity(
        "V", 0.0, 0.05, "width of the smooth joins between the OCP plateau and its single-phase branches",
        default=None, lo_open=True)
    ocp_plateau_slope: Optional[float] = quantity(
        "V", 0.0, 0.1, "slope -dU/dx of the OCP plateau (0: flat)", default=None)
    ocp_tail_site_capacity: Optional[float] = quantity(
        "1", 0.0, 1.0, "capacity X of the MSMR site that continues the OCP fit to full lithiation", default=None,
        lo_open=True)
    ocp_tail_ideality_factor: Optional[float] = quantity(
        "1", 0.0, 20.0, "ideality factor w of that MSMR site", default=None, lo_open=True)
    stoichiometry_tail_max: Optional[float] = quantity(
        "1", 0.0, 1.0, "highest stoichiometry the OCP reaches when a tail borrowed from a related material "
        "continues the fit past stoichiometry_max (ocp_tail_*): the range check's lithiated edge (None: "
        "stoichiometry_max); the nominal capacity stays on the fit's range", default=None)
    electronic_conductivity: Optional[float] = quantity(
        "S.m-1", 0.0, None, "electronic conductivity of the dense active material, independent of stoichiometry "
        "(or give [electronic_conductivity_law]; neither: the cell's [electrical] electrode_conductivity is the "
        "composite's)", default=None, lo_open=True)
    electronic_conductivity_law: Optional[ElectronicConductivity] = None
    sources: Mapping[str, str] = _sources_field()

    def __post_init__(self):
        if self.electronic_conductivity is not None and self.electronic_conductivity_law is not None:
            raise ParameterError("electronic_conductivity", self.electronic_conductivity,
                                 "either 'electronic_conductivity' or an [electronic_conductivity_law], not both")


@dataclass(frozen=True, kw_only=True)
class Coating:
    """A cathode coating, acting as an ionic film resistance L / sigma."""

    name: str = text("coating name as used in cell files")
    reference: str = text("main publication (with DOI)")
    conductivity: ArrheniusBranch = None
    sources: Mapping[str, str] = _sources_field()


@dataclass(frozen=True, kw_only=True)
class AdditiveDesign:
    """The conductive additive of a composite electrode: which one and how much."""

    material: str = text("name of an additive in parameter_sets/additives/")
    volume_fraction: float = quantity("1", 0.0, 1.0, "volume fraction of the additive in the electrode")
    sources: Mapping[str, str] = _sources_field()

    def __post_init__(self):
        if not 0.0 <= self.volume_fraction <= 1.0:
            raise ParameterError("volume_fraction", self.volume_fraction, "a fraction in [0, 1]")


@dataclass(frozen=True, kw_only=True)
class InterfaceDesign:
    """Charge transfer across the active-particle | solid-electrolyte interface of one composite electrode.

    The interface is a property of the pair (this electrode's particles, the cell's electrolyte), so it is part of
    the cell design, not of the electrode material (whose exchange current density comes from liquid-electrolyte
    cells). Its linear (zero-current) area-specific resistance per unit of particle surface,
    R_ct(T) = R_ct,ref exp(Ea/kB (1/T - 1/T_ref)), replaces the material's exchange current density through the
    Butler-Volmer linearisation j0 = R T / (F R_ct) (at x = 0.5; see :func:`cellsim.cell.kinetics`).
    """

    charge_transfer_resistance: float = quantity(
        "Ohm.m2", 0.0, None, "linear charge-transfer resistance per particle surface area at temperature_ref",
        lo_open=True)
    temperature_ref: float = quantity("K", 0.0, None, "temperature of charge_transfer_resistance", lo_open=True)
    activation_energy: float = quantity("eV", 0.0, 3.0, "activation energy of the interfacial charge transfer")
    sources: Mapping[str, str] = _sources_field()


@dataclass(frozen=True, kw_only=True)
class ElectrodeDesign:
    """A composite electrode: active particles with electrolyte melt-infiltrated into the pores."""

    material: str = text("name of an active material in parameter_sets/electrodes/")
    thickness: float = quantity("m", 0.0, 0.01, "electrode thickness", lo_open=True)
    active_volume_fraction: float = quantity("1", 0.0, 1.0, "volume fraction of active material", lo_open=True)
    electrolyte_volume_fraction: float = quantity("1", 0.0, 1.0, "volume fraction of solid electrolyte",
                                                  lo_open=True)
    bruggeman_exponent: float = quantity("1", 0.0, 5.0, "tortuosity: sigma_eff = sigma * eps^b")
    initial_stoichiometry: float = quantity("1", 0.0, 1.0, "as-assembled Li stoichiometry x = c/c_max",
                                            lo_open=True, hi_open=True)
    additive: Optional[AdditiveDesign] = None
    interface: Optional[InterfaceDesign] = None
    electronic_conductivity: Optional[float] = quantity(
        "S.m-1", 0.0, None, "effective electronic conductivity of the composite, measured or assumed: replaces the "
        "effective-medium law of the material's conductivity and the additive (give one or the other)", default=None,
        lo_open=True)
    sources: Mapping[str, str] = _sources_field()

    def __post_init__(self):
        if self.electronic_conductivity is not None and self.additive is not None:
            raise ParameterError("electronic_conductivity", self.electronic_conductivity,
                                 "no composite 'electronic_conductivity' beside an 'additive' (the additive's "
                                 "percolation law gives the composite's conductivity)")
        phi = 0.0 if self.additive is None else self.additive.volume_fraction
        total = self.active_volume_fraction + self.electrolyte_volume_fraction + phi
        if total > 1.0 + 1e-12:
            if self.additive is None or self.active_volume_fraction + self.electrolyte_volume_fraction > 1.0:
                raise ParameterError("electrolyte_volume_fraction", self.electrolyte_volume_fraction,
                                     f"<= {1 - self.active_volume_fraction - phi:.3g} so that active + electrolyte "
                                     f"{'+ additive ' if phi else ''}volume fractions do not exceed 1 "
                                     f"(got {total:.3g})")
            raise ParameterError("additive.volume_fraction", phi,
                                 f"<= {1 - self.active_volume_fraction - self.electrolyte_volume_fraction:.3g} so "
                                 f"that active + electrolyte + additive volume fractions do not exceed 1 "
                                 f"(got {total:.3g})")


@dataclass(frozen=True, kw_only=True)
class SeparatorDesign:
    """The dense electrolyte layer between the electrodes."""

    thickness: float = quantity("m", 0.0, 0.01, "separator (electrolyte layer) thickness", lo_open=True)
    electrolyte_volume_fraction: float = quantity("1", 0.0, 1.0, "dense layer: 1", lo_open=True)
    bruggeman_exponent: float = quantity("1", 0.0, 5.0, "tortuosity exponent")
    sources: Mapping[str, str] = _sources_field()


@dataclass(frozen=True, kw_only=True)
class CoatingDesign:
    """The coating on the cathode particles."""

    material: str = text("name of a coating in parameter_sets/coatings/, or 'none'")
    thickness: float = quantity("m", 0.0, 1e-6, "coating thickness")
    coverage: Optional[float] = quantity(
        "1", 0.0, 1.0, "fraction of the particle surface the coating covers (the rest is bare: pinholes, "
        "uncoated facets); needed when the cell has an [interphase]", default=None)
    electron_decay_length: Optional[float] = quantity(
        "m", 0.0, 1e-8, "decay length lambda of electron tunnelling through the coating: the interphase grows "
        "on the covered area at exp(-thickness / lambda) of the bare rate; needed with an [interphase]",
        default=None, lo_open=True)
    sources: Mapping[str, str] = _sources_field()


@dataclass(frozen=True, kw_only=True)
class InterphaseDesign:
    """Growth of a resistive interphase where the cathode drives its neighbour past its oxidation limit.

    Reaction rate per particle area (Tafel-like, rising exponentially with the excursion above the electrolyte's
    oxidation limit U_ox): j_r = j0 exp(alpha F (phi_s - phi_e - U_ox) / R T) exp(-Ea/R (1/T - 1/T_ref)),
    T_ref = 298.15 K; in series with transport through the product (Deal-Grove), j = j_r / (1 + j_r L / K),
    K = F z k_p / (2 V_m); it consumes electrolyte (electrolyte_per_formula x electrolyte_molar_volume per
    mole) and stops when the electrolyte in contact is used up (:mod:`cellsim.stability.interphase`).
    """

    exchange_current_density: float = quantity("A.m-2", 0.0, None, "growth current density j0 at the limit")
    transfer_coefficient: float = quantity("1", 0.0, 1.0, "Tafel transfer coefficient alpha", lo_open=True)
    activation_energy: float = quantity("J.mol-1", 0.0, 3e5, "activation energy of the growth rate")
    resistivity: float = quantity("Ohm.m", 0.0, None, "ionic resistivity of the grown interphase at the 298.15 K "
                                  "reference", lo_open=True)
    resistivity_activation_energy: Optional[float] = quantity(
        "J.mol-1", 0.0, 3e5, "activation energy of the interphase's ionic conduction (its resistivity falls as "
        "exp(-Ea/R (1/T_ref - 1/T)) from the 298.15 K reference); none: temperature-independent", default=None)
    molar_volume: float = quantity("m3.mol-1", 0.0, None, "molar volume of the interphase", lo_open=True)
    lithium_per_formula: float = quantity("1", 0.0, None, "Li+ released per formula unit of interphase grown",
                                          lo_open=True)
    parabolic_rate_constant: float = quantity(
        "m2.s-1", 0.0, None, "transport-limited (parabolic) growth L^2 = k_p t through the product at the "
        "298.15 K reference (Arrhenius with activation_energy)", lo_open=True)
    electrolyte_per_formula: float = quantity("1", 0.0, None, "formula units of electrolyte consumed per formula "
                                              "unit of interphase grown", lo_open=True)
    electrolyte_molar_volume: float = quantity("m3.mol-1", 0.0, None, "molar volume of the electrolyte the "
                                               "reaction consumes", lo_open=True)
    sources: Mapping[str, str] = _sources_field()


@dataclass(frozen=True, kw_only=True)
class ElectricalDesign:
    """Electrical data of the cell that are not properties of one material.

    A cell file without an ``[electrical]`` table takes the one of the shipped ``default`` cell.
    """

    double_layer_capacity: float = quantity("F.m-2", 0.0, None, "double-layer capacity of both electrodes",
                                            lo_open=True)
    current_collector_thickness: float = quantity("m", 0.0, 1e-3, "thickness of both current collectors",
                                                  lo_open=True)
    current_collector_conductivity: float = quantity("S.m-1", 0.0, None, "conductivity of both current collectors",
                                                     lo_open=True)
    electrode_conductivity: float = quantity(
        "S.m-1", 0.0, None, "electronic conductivity of an electrode whose material file has no "
        "electronic_conductivity", lo_open=True)
    sources: Mapping[str, str] = _sources_field()


@dataclass(frozen=True, kw_only=True)
class ProtocolDefaults:
    """The default cycling protocol stored with a cell design."""

    specific_current: float = quantity("A.kg-1", 0.0, None, "current per mass of cathode active material",
                                       lo_open=True)
    lower_voltage: float = quantity("V", 0.0, 10.0, "lower cut-off voltage")
    upper_voltage: float = quantity("V", 0.0, 10.0, "upper cut-off voltage")
    cycles: int = field(default=1, metadata={"unit": None, "doc": "number of cycles", "integer": True})
    temperature: float = quantity("K", TEMPERATURE_MIN_K, TEMPERATURE_MAX_K, "cell temperature (isothermal)")
    experiment: Optional[str] = text("PyBaMM-style steps of one cycle, e.g. 'Charge at C/10 until 2.71 V; Rest for "
                                     "10 minutes; Discharge at 25 mA/g until 1.0 V' (cellsim.parameters.rates."
                                     "parse_experiment); when given it is the stored protocol (specific_current and "
                                     "the voltage limits then serve only a --rate override)", default=None)
    sources: Mapping[str, str] = _sources_field()

    def __post_init__(self):
        if self.experiment is not None:
            from .rates import parse_experiment

            try:
                parse_experiment(self.experiment)
            except ParameterError as exc:
                raise ParameterError(exc.key, exc.value, exc.allowed) from None  # "experiment step n: ..."


@dataclass(frozen=True, kw_only=True)
class CellDesign:
    """A full cell: anode | electrolyte separator | coated cathode, as stored in parameter_sets/cells/."""

    name: str = text("cell name")
    description: str = text("what this cell is and where it comes from")
    electrolyte: str = text("name of an electrolyte in parameter_sets/electrolytes/")
    area: float = quantity("m2", 0.0, None, "electrode area", lo_open=True)
    anode: ElectrodeDesign = None
    separator: SeparatorDesign = None
    cathode: ElectrodeDesign = None
    coating: CoatingDesign = None
    protocol: ProtocolDefaults = None
    interphase: Optional[InterphaseDesign] = None
    electrical: Optional[ElectricalDesign] = None
    grain_size: Optional[float] = quantity("m", 0.0, None, "electrolyte grain size (None: the material's "
                                           "as-measured conductivity)", default=None, lo_open=True)
    grain_boundary_model: str = text("how grain size enters the conductivity", default="brick-layer",
                                     choices=("brick-layer", "segregation"))
    sources: Mapping[str, str] = _sources_field()


DISTRIBUTIONS = ("uniform", "loguniform")


@dataclass(frozen=True)
class Uncertainty:
    """The uncertainty of one stored value: a range and a distribution, with its source.

    Written inside the value's inline table, in the value's unit::

        conductivity_ref = {value = 3.0e-4, unit = "S.cm-1", source = "fitted: ...",
                            uncertainty = {low = 1e-4, high = 9e-4, distribution = "loguniform",
                                           source = "assumed: a factor 3 either way, ..."}}

    ``distribution``: ``"uniform"`` on [low, high] or ``"loguniform"`` (uniform in log, low > 0). ``low <= value
    <= high``; ``low == high`` pins the value (no uncertainty). ``key`` is the dotted path in its file.
    """

    key: str
    value: float  # the nominal value [SI]
    low: float  # [SI]
    high: float  # [SI]
    distribution: str
    source: str
    unit: str  # SI unit of value, low and high


def schema_fields(cls):
    """The public (schema) fields of a parameter dataclass."""
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]
