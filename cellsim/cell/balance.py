"""Electrode balancing at equilibrium: the capacity a cell can deliver between two voltages at zero rate."""
from __future__ import annotations

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

    def x_p_at(V):
        return brentq(lambda xp: Up(xp) - Un((inventory - Qp * xp) / Qn) - V, lo, hi, xtol=1e-12)

    return Qp * (x_p_at(lower_voltage_V) - x_p_at(upper_voltage_V))
