"""The cathode interphase inside PyBaMM: growth that saturates and consumes the electrolyte.

Two PyBaMM submodels replace the stock ones on the positive electrode (:func:`install`):

- the interphase growth rate (PyBaMM's SEI growth submodel, the same state, thickness and Li bookkeeping) with
  the law of :mod:`cellsim.stability.interphase`: Tafel reaction above the electrolyte's oxidation limit in series
  with transport through the product (Deal-Grove), times the electrolyte contact left;
- the composite's electrolyte volume fraction ("porosity" in PyBaMM), which falls by the electrolyte the
  reaction consumes, eps = eps_0 - (nu V_e / V_m) a (L - L_0), so that the electrolyte's effective conductivity
  (Bruggeman, sigma eps^b) falls with it. The anode and separator keep theirs. L is the product's volume per unit
  of particle surface (PyBaMM's film bookkeeping), so this balance is exact in volume and moles; a is the current
  surface, so with contact loss on the film of detached particles leaves the balance (the default has it off).
  The consumed electrolyte lowers the side reaction's contact (contact_factor), not the intercalation area.

Sign convention (as in :mod:`cellsim.cell.model`): PyBaMM's SEI current is a reduction (< 0 consumes Li); the
oxidation here is anodic, so the growth current is > 0 and PyBaMM's "Ratio of lithium moles to SEI moles" is -z:
the film grows while Li+ is released into the cell.
"""
from __future__ import annotations

import functools

from ..stability.interphase import contact_factor, growth_current_density
from ._pybamm import pybamm as _import_pybamm
from .laws import arrhenius_factor

#: PyBaMM parameter names of the quantities PyBaMM's own SEI models do not have
TRANSPORT_PARAM = "Interphase transport coefficient [A.m-1]"
VOLUME_RATIO_PARAM = "Electrolyte volume consumed per interphase volume"
EXPOSED_PARAM = "Interphase exposed surface fraction"
FILM_AREA_PARAM = "Interphase film area fraction"


@functools.lru_cache(maxsize=1)
def _classes():
    pb = _import_pybamm()

    class InterphaseGrowth(pb.sei.SEIGrowth):
        """Oxidative interphase on the positive electrode: j = c(eps) f j_r / (1 + f j_r (L - L_0) / (A^2 K)) > 0."""

        def get_coupled_variables(self, variables):
            p = self.phase_param
            # the full-electrode variables, as PyBaMM's SEIGrowth uses them (broadcasts in the SPMe)
            T = variables["Positive electrode temperature [K]"]
            dphi = variables["Positive electrode surface potential difference [V]"]
            eps = variables["Positive electrode porosity"]
            if "Positive electrode interfacial current density [A.m-2]" in variables:
                j = variables["Positive electrode interfacial current density [A.m-2]"]
            else:
                j = variables["X-averaged positive electrode total interfacial current density [A.m-2]"]
            L = variables[f"Positive {self.reaction_name}thickness [m]"]
            eta = dphi - p.U_sei - j * L * p.R_sei
            # alpha_SEI carries the sign trick (-alpha), j0_sei too (-j0): both undone here
            j_r = -p.j0_sei * pb.exp(-p.alpha_SEI * self.param.F / (self.param.R * T) * eta)
            arrhenius = arrhenius_factor(p.E_sei, self.param.T_ref, T, pb)
            K = pb.Parameter(TRANSPORT_PARAM)
            f = pb.Parameter(EXPOSED_PARAM)
            A = pb.Parameter(FILM_AREA_PARAM)
            j_sei = arrhenius * contact_factor(eps, self.param.p.epsilon_init, maximum=pb.maximum) \
                * growth_current_density(j_r, L - p.L_sei_0, K, f, A)
            variables.update(self._get_standard_reaction_variables(j_sei))
            variables.update(pb.sei.BaseModel.get_coupled_variables(self, variables))
            return variables

    class ElectrolyteConsumption(pb.porosity.BaseModel):
        """Electrolyte volume fraction of the cathode composite falling as the interphase consumes it."""

        def __init__(self, param, options, x_average):
            super().__init__(param, options)
            self.x_average = x_average

        def get_coupled_variables(self, variables):
            ratio = pb.Parameter(VOLUME_RATIO_PARAM)
            eps = {}
            for domain in self.options.whole_cell_domains:
                init = self.param.domain_params[domain.split()[0]].epsilon_init
                if domain == "positive electrode":
                    a = variables["Positive electrode surface area to volume ratio [m-1]"]
                    L = variables["Positive SEI thickness [m]"]
                    eps[domain] = init - ratio * a * (L - self.param.p.prim.L_sei_0)
                else:
                    eps[domain] = init
            # no "Porosity change" variables (as PyBaMM's own ReactionDriven): the DFN's and SPMe's electrolyte
            # carries eps c_e as its state
            return self._get_standard_porosity_variables(eps)

    return InterphaseGrowth, ElectrolyteConsumption


def install(model):
    """Replace the positive electrode's SEI growth and the porosity submodels of an unbuilt PyBaMM model."""
    growth, porosity = _classes()
    old = model.submodels["positive primary sei"]
    model.submodels["positive primary sei"] = growth(old.param, "positive", model.options, phase="primary")
    x_average = model.options["x-average side reactions"] == "true"
    model.submodels["porosity"] = porosity(model.param, model.options, x_average)
    return model
