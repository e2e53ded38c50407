"""The terminal voltage of a run split into its parts: open circuit plus one overpotential per loss.

PyBaMM writes the voltage of its DFN and SPMe as (``set_voltage_variables`` of its base battery model)

    V = [U_p(x_p bulk) - U_n(x_n bulk)]                         open circuit at the bulk stoichiometries
        + eta_conc,p - eta_conc,n                               particle concentration (surface vs bulk OCP)
        + <eta_r,p> - <eta_r,n>                                 reaction (Butler-Volmer) overpotentials
        + <eta_film,p> + <eta_film,n>                           film drop: coating + grown interphase
        + (<phi_e>_p - <phi_e>_n)                               electrolyte: ohmic + concentration
        + <dphi_s,p> - <dphi_s,n>                               solid-phase (electronic) ohmic losses

with <.> the x-average over an electrode. Every column of :func:`voltage_components` is one of these
terms as its signed contribution to V [V], so the columns add up to ``voltage_V``; ``other_V`` is what is left
(the part PyBaMM's split does not close, measured: DFN < 4e-6 V, SPMe < 1.1e-5 V on the default cell, where the
SPMe's x-averaged reaction and film terms are evaluated on the x-averaged current). On discharge (current > 0)
the loss terms are negative (they lower V), on charge positive.

The electrolyte term is split at the separator faces: the electrolyte potential is linear in the separator
(no reaction there, uniform conductivity, t+ = 1), so its values at both faces come from a straight line
through the separator's nodes, and <phi_e>_p - <phi_e>_n = (<phi_e>_p - phi_e(L_n + L_s))
+ (phi_e(L_n + L_s) - phi_e(L_n)) + (phi_e(L_n) - <phi_e>_n) exactly. The concentration part
(PyBaMM's "X-averaged concentration overpotential") is zero with a single-ion conductor; it is subtracted
from the cathode-composite part so that the three ohmic parts plus it still sum to the electrolyte term.
"""
from __future__ import annotations

import numpy as np

#: signed contributions to the terminal voltage [V] (columns of :func:`voltage_components`), in plotting order
COMPONENT_COLUMNS = ("open_circuit_V", "anode_diffusion_V", "cathode_diffusion_V", "anode_reaction_V",
                     "cathode_reaction_V", "anode_electronic_V", "cathode_electronic_V",
                     "electrolyte_anode_V", "electrolyte_separator_V", "electrolyte_cathode_V",
                     "electrolyte_concentration_V", "cathode_film_V", "cathode_interphase_V", "other_V")

_VARS = {
    "ocv": "Bulk open-circuit voltage [V]",
    "part_n": "Negative particle concentration overpotential [V]",
    "part_p": "Positive particle concentration overpotential [V]",
    "eta_r_n": "X-averaged negative electrode reaction overpotential [V]",
    "eta_r_p": "X-averaged positive electrode reaction overpotential [V]",
    "ohm_s_n": "X-averaged negative electrode ohmic losses [V]",
    "ohm_s_p": "X-averaged positive electrode ohmic losses [V]",
    "film_n": "X-averaged negative electrode SEI film overpotential [V]",
    "film_p": "X-averaged positive electrode SEI film overpotential [V]",
    "phi_e_n": "X-averaged negative electrolyte potential [V]",
    "phi_e_p": "X-averaged positive electrolyte potential [V]",
    "phi_e_s": "Separator electrolyte potential [V]",
    "x_s": "x_s [m]",
    "L_p": "X-averaged positive SEI thickness [m]",
    "conc": "X-averaged concentration overpotential [V]",
}


def _separator_faces(x_s, phi_s, left_m, right_m):
    """Electrolyte potential at both separator faces [V]: a least-squares line through the separator nodes."""
    x = np.asarray(x_s, dtype=float)
    x = x[:, 0] if x.ndim == 2 else x
    phi = np.atleast_2d(phi_s)  # (nodes, times)
    A = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(A, phi, rcond=None)
    return coef[0] + coef[1] * left_m, coef[0] + coef[1] * right_m


def voltage_components(cycles, design, data):
    """The voltage components of every time point of ``cycles`` (PyBaMM cycle solutions).

    Parameters
    ----------
    cycles : list
        Complete PyBaMM cycle solutions of one run.
    design : CellDesign
        The cell (anode and separator thicknesses place the separator faces) [m].
    data : callable(step, variable)
        A :class:`cellsim.cell.results.StepData` of the run.

    Returns
    -------
    pandas.DataFrame
        cycle, step, time_s, current_A (> 0 on discharge), discharge_capacity_Ah (PyBaMM's integrated
        charge passed), voltage_V and :data:`COMPONENT_COLUMNS` [V], which sum to voltage_V.
    """
    import pandas as pd

    L_n, L_s = design.anode.thickness, design.separator.thickness
    if hasattr(data, "load"):  # a StepData: every variable below in one pass
        data.load(["Time [s]", "Voltage [V]", "Current [A]", "Discharge capacity [A.h]", *_VARS.values()])
    columns: dict[str, list] = {}
    film_0 = float(np.atleast_1d(data(cycles[0].steps[0], _VARS["L_p"]))[0]) if cycles else 0.0

    def add(name, values):
        columns.setdefault(name, []).append(np.asarray(values, dtype=float))

    for n, cyc in enumerate(cycles, start=1):
        for k, step in enumerate(cyc.steps, start=1):
            if type(step).__name__ == "EmptySolution":  # skipped by PyBaMM (cellsim.cell.results.is_skipped)
                continue
            t = data(step, "Time [s]")
            v = {key: data(step, var) for key, var in _VARS.items()}
            V = data(step, "Voltage [V]")
            face_n, face_p = _separator_faces(v["x_s"], v["phi_e_s"], L_n, L_n + L_s)
            parts = {
                "open_circuit_V": v["ocv"],
                "anode_diffusion_V": -v["part_n"], "cathode_diffusion_V": v["part_p"],
                "anode_reaction_V": -v["eta_r_n"], "cathode_reaction_V": v["eta_r_p"],
                "anode_electronic_V": -v["ohm_s_n"], "cathode_electronic_V": v["ohm_s_p"],
                "electrolyte_anode_V": face_n - v["phi_e_n"],
                "electrolyte_separator_V": face_p - face_n,
                "electrolyte_cathode_V": v["phi_e_p"] - face_p - v["conc"],
                "electrolyte_concentration_V": v["conc"],
                # the film drop j L rho split by thickness: the coating (the run's initial film L0, its equivalent
                # thickness) and the interphase grown since, (L - L0) / L of it (exact for the SPMe's uniform
                # film, the x-averaged ratio for the DFN); the anode has no film (SEI "none"): film_n = 0
                # sign: PyBaMM's film overpotential variable enters V with a minus (measured: with it added, a
                # growing interphase left other_V = -2 x film, 59 mV in the bare cell)
                "cathode_film_V": -(v["film_p"] + v["film_n"]) * film_0 / v["L_p"],
                "cathode_interphase_V": -(v["film_p"] + v["film_n"]) * (1 - film_0 / v["L_p"]),
            }
            parts["other_V"] = V - sum(np.broadcast_to(p, np.shape(t)) for p in parts.values())
            add("cycle", np.full(len(t), n))
            add("step", np.full(len(t), k))
            add("time_s", t)
            add("current_A", data(step, "Current [A]"))
            add("discharge_capacity_Ah", data(step, "Discharge capacity [A.h]"))
            add("voltage_V", V)
            for name in COMPONENT_COLUMNS:
                add(name, np.broadcast_to(parts[name], np.shape(t)))
    return pd.DataFrame({name: np.concatenate(p) for name, p in columns.items()})
