"""Electrode balancing at equilibrium: the capacity a cell can deliver between two voltages at zero rate."""
from __future__ import annotations

from dataclasses import dataclass

from scipy.optimize import brentq

from .ocp import material_ocp

#: reference temperature of the entropic OCP term (PyBaMM's "Reference temperature [K]" in cellsim.cell.model) [K]
T_REF_ENTROPIC = 298.15


def equilibrium_capacity_Ah(materials, lower_voltage_V: float, upper_voltage_V: float,
                            temperature_K: float = T_REF_ENTROPIC) -> float:
    """Capacity between two open-circuit voltages, the zero-rate limit of the cycled capacity [A.h].

    Parameters
    ----------
    materials : cellsim.cell.model.CellMaterials
        The loaded cell (design + materials).
    lower_voltage_V, upper_voltage_V : float
        Cell voltage limits [V].
    temperature_K : float
        Cell temperature: each OCP is shifted by (T - 298.15 K) times its material's ``ocp_entropic_change``, as
        in PyBaMM's OCP [K].

    Returns
    -------
    float
        Charge moved between the two equilibrium states [A.h].

    Notes
    -----
    Li is conserved between the electrodes, :math:`Q_p x_p + Q_n x_n = Q_p x_{p,0} + Q_n x_{n,0}`, with
    Q the electrode capacities over the full stoichiometry range. The state at cell voltage V solves
    :math:`U_p(x_p) - U_n(x_n(x_p)) = V`; the capacity is :math:`Q_p [x_p(V_{low}) - x_p(V_{up})]`.
    """
    Qp = materials.electrode_capacity_Ah("cathode")
    x_p_low = equilibrium_stoichiometries(materials, lower_voltage_V, temperature_K)[1]
    x_p_up = equilibrium_stoichiometries(materials, upper_voltage_V, temperature_K)[1]
    return Qp * (x_p_low - x_p_up)


def equilibrium_stoichiometries(materials, voltage_V: float, temperature_K: float = T_REF_ENTROPIC) -> tuple:
    """Anode and cathode stoichiometries at which the cell's open-circuit voltage is ``voltage_V`` [1].

    Parameters
    ----------
    materials : cellsim.cell.model.CellMaterials
        The loaded cell; its Li inventory is that of the design's initial stoichiometries.
    voltage_V : float
        Open-circuit cell voltage [V].
    temperature_K : float
        Cell temperature (entropic shift of each OCP, as in :func:`equilibrium_capacity_Ah`) [K].

    Returns
    -------
    (x_n, x_p) : tuple of float
        Stoichiometries c / c_max of the anode and the cathode [1].

    Notes
    -----
    Solves :math:`U_p(x_p) - U_n(x_n) = V` with :math:`Q_p x_p + Q_n x_n = Q_p x_{p,0} + Q_n x_{n,0}`
    (see :func:`equilibrium_capacity_Ah`).
    """
    d = materials.design
    Qp, Qn = materials.electrode_capacity_Ah("cathode"), materials.electrode_capacity_Ah("anode")
    inventory = Qp * d.cathode.initial_stoichiometry + Qn * d.anode.initial_stoichiometry
    dT = temperature_K - T_REF_ENTROPIC
    up, un = material_ocp(materials.cathode), material_ocp(materials.anode)

    def Up(x):
        return up(x) + dT * materials.cathode.ocp_entropic_change

    def Un(x):
        return un(x) + dT * materials.anode.ocp_entropic_change

    lo = max(1e-6, (inventory - Qn * (1 - 1e-6)) / Qp)
    hi = min(1 - 1e-6, (inventory - Qn * 1e-6) / Qp)
    x_p = brentq(lambda xp: Up(xp) - Un((inventory - Qp * xp) / Qn) - voltage_V, lo, hi, xtol=1e-12)
    return float((inventory - Qp * x_p) / Qn), float(x_p)


@dataclass(frozen=True)
class DesignNumbers:
    """What a cell engineer reads off a design before cycling it (all per the design's area).

    Attributes
    ----------
    area_m2 : float
        Electrode area [m2].
    cathode_loading_kg_m2, anode_loading_kg_m2 : float
        Active-material mass per area [kg.m-2] (x 0.1 gives mg/cm2).
    cathode_capacity_Ah, anode_capacity_Ah : float
        Usable capacity of each electrode: its Li capacity over the stoichiometry range of its OCP fit
        (``stoichiometry_min`` .. ``stoichiometry_max``) [A.h].
    np_ratio : float
        N/P ratio: anode over cathode usable capacity [1].
    limiting_electrode : str
        "cathode" when N/P >= 1, else "anode": the electrode whose usable capacity bounds the cell's.
    nominal_capacity_Ah : float
        The C-rate basis, the cathode's usable capacity (1C = this capacity in one hour) [A.h].
    one_c_current_A : float
        The 1C current [A].
    areal_capacity_Ah_m2 : float
        Nominal capacity per area [A.h.m-2] (x 0.1 gives mAh/cm2).
    cathode_specific_capacity_Ah_kg : float
        Nominal capacity per cathode active mass [A.h.kg-1] (= mAh/g).
    """

    area_m2: float
    cathode_loading_kg_m2: float
    anode_loading_kg_m2: float
    cathode_capacity_Ah: float
    anode_capacity_Ah: float
    np_ratio: float
    limiting_electrode: str
    nominal_capacity_Ah: float
    one_c_current_A: float
    areal_capacity_Ah_m2: float
    cathode_specific_capacity_Ah_kg: float

    def rows(self) -> list[tuple[str, float, str]]:
        """(quantity, value, unit) rows in engineering units for tables and reports."""
        return [("electrode area", self.area_m2 * 1e4, "cm2"),
                ("cathode active loading", self.cathode_loading_kg_m2 * 100, "mg/cm2"),
                ("anode active loading", self.anode_loading_kg_m2 * 100, "mg/cm2"),
                ("areal capacity (nominal)", self.areal_capacity_Ah_m2 * 0.1, "mAh/cm2"),
                ("cathode specific capacity (nominal)", self.cathode_specific_capacity_Ah_kg, "mAh/g"),
                ("N/P ratio", self.np_ratio, "1"),
                ("1C current (C-rate basis)", self.one_c_current_A * 1e3, "mA")]


def design_numbers(materials) -> DesignNumbers:
    """Loading, areal capacity, N/P ratio, limiting electrode and the 1C basis of a loaded cell.

    Parameters
    ----------
    materials : cellsim.cell.model.CellMaterials

    Notes
    -----
    Usable capacity of an electrode: :math:`Q = A L \\varepsilon_{am} c_{max} F (x_{max} - x_{min}) / 3600`
    [A.h], with the stoichiometry range of its OCP fit. N/P = Q_anode / Q_cathode; the nominal capacity (the
    C-rate basis) is the cathode's, as in :attr:`CellMaterials.nominal_capacity_Ah`.
    """
    d = materials.design

    def usable(which, mat):
        return materials.electrode_capacity_Ah(which) * (mat.stoichiometry_max - mat.stoichiometry_min)

    qp, qn = usable("cathode", materials.cathode), usable("anode", materials.anode)
    anode_mass = d.area * d.anode.thickness * d.anode.active_volume_fraction * materials.anode.density
    cathode_mass = materials.cathode_active_mass_kg
    return DesignNumbers(area_m2=d.area, cathode_loading_kg_m2=cathode_mass / d.area,
                         anode_loading_kg_m2=anode_mass / d.area, cathode_capacity_Ah=qp, anode_capacity_Ah=qn,
                         np_ratio=qn / qp, limiting_electrode="cathode" if qn >= qp else "anode",
                         nominal_capacity_Ah=qp, one_c_current_A=qp, areal_capacity_Ah_m2=qp / d.area,
                         cathode_specific_capacity_Ah_kg=qp / cathode_mass)
