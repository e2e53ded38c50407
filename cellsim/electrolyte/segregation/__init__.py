r"""Li-vacancy segregation at grain boundaries and the effective diffusivity of a polycrystal.

Problem
-------
Li vacancies in polycrystalline Li3OCl are attracted to grain boundaries (negative segregation energies within
10-20 A of the boundary) and move more slowly inside the boundary core. The Review (section 5.3.4, Figure 15)
quotes D_eff/D_bulk = 3.5 % without and 0.3 % with segregation at 16 nm grains, and a with/without ratio of about
2 at 133 nm. This module computes D_eff for a chosen material, grain size and temperature with FiPy
finite volumes.

Model
-----
Vacancies are a lattice gas of site fraction :math:`\theta` on Li sites with the chemical potential and flux

.. math::
    \mu = E(\mathbf r) + k_B T \ln\frac{\theta}{1-\theta}, \qquad
    \mathbf J = -\frac{D(\mathbf r)}{k_B T}\,\theta(1-\theta)\,\nabla\mu
              = -D\left[\nabla\theta + \theta(1-\theta)\,\nabla\frac{E}{k_B T}\right]  \quad (1)

(:math:`\mathbf J` in site fractions times m.s-1), where :math:`E` is the segregation energy (negative at the
boundary) and :math:`D` the vacancy diffusivity (``D_gb`` in the core, ``D_bulk`` elsewhere, each Arrhenius).
At equilibrium :math:`\mu` is uniform and the occupancy is the McLean (Fermi-Dirac) isotherm
:math:`\theta_0 = 1/(1 + \exp[(E-\mu_0)/k_B T])`, which never exceeds one vacancy per site. With
``site_saturation`` off, eq. (1) is the dilute (Boltzmann) limit :math:`\mathbf J=-D(\nabla\theta+\theta\nabla E/k_BT)`.

Steady state and linearisation. Under a small macroscopic gradient the chemical potential is
:math:`\mu_0 + k_B T\psi` with :math:`\psi` small, so :math:`\mathbf J = -a\nabla\psi` with mobility
:math:`a = D\,\theta_0(1-\theta_0)` and the local concentration response :math:`\delta\theta = w\psi`,
:math:`w = \theta_0(1-\theta_0)`. (Dilute limit: :math:`a = D e^{-E/k_BT}`, :math:`w = e^{-E/k_BT}`, i.e. the
Slotboom variable :math:`\psi = \theta e^{E/k_BT}`.) The unit cell is solved with
:math:`\psi = G x + \phi`, :math:`\phi` periodic, :math:`\nabla\cdot(a\nabla\phi) = -\nabla\cdot(a G\hat x)` on a
FiPy periodic grid, and

.. math:: D_{eff} = \frac{\langle J_x\rangle}{G\,\langle w\rangle}  \quad (2)

which in 1D is the Lifson-Jackson formula :math:`D_{eff} = 1/(\langle e^{E/kT}/D\rangle\langle e^{-E/kT}\rangle)`
(dilute) or :math:`1/(\langle 1/a\rangle\langle w\rangle)` (saturated). Because :math:`\theta_0` depends on the
mean vacancy content, so does D_eff with saturation: the mean content is held fixed (set by the dopants).

Transient filling (Review Fig. 15c-d) integrates eq. (1) in time with a Scharfetter-Gummel
(``ExponentialConvectionTerm``) drift whose blocking factor :math:`(1-\theta)` is averaged over the logit of
:math:`\theta` on each face, which makes the discrete closed-system steady state exactly the McLean isotherm.

Modules
-------
Parameters are read by :mod:`cellsim.parameters.segregation` (one file per material); here,
:mod:`.landscape` (energy profile, graded meshes, one grain of the 1D line), :mod:`.steady` (occupancy, unit-cell
solve, D_eff, conductivity factor), :mod:`.transient` (filling in time) and :mod:`.two_d` (hexagonal grains).
Every public name of those modules is importable from this package.

References
----------
Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4, doi:10.1021/acs.chemrev.1c00594.
Lifson & Jackson, J. Chem. Phys. 36 (1962) 2410, doi:10.1063/1.1732900.
McLean, Grain Boundaries in Metals (Oxford, 1957).
Scharfetter & Gummel, IEEE Trans. Electron Devices 16 (1969) 64, doi:10.1109/T-ED.1969.16566.
"""
from __future__ import annotations

from .landscape import Landscape1D, grain_landscape_1d, local_diffusivity, segregation_energy
from .steady import (GrainTransport, centred_exponent, conductivity_factor, diffusivity_ratio_curve,
                     dopant_buffered_occupancy, effective_diffusivity, effective_diffusivity_1d,
                     equilibrium_occupancy, grain_transport_1d, mobility_weights, polycrystal_occupancy,
                     reference_site_fraction)
from .transient import TransientResult, transient_filling_1d
from .two_d import (Transport2D, effective_diffusivity_2d, effective_diffusivity_2d_field, hexagonal_boundary_distance,
                    transient_filling_2d)

__all__ = ["GrainTransport", "Landscape1D", "Transport2D", "TransientResult",
           "centred_exponent", "conductivity_factor", "diffusivity_ratio_curve", "dopant_buffered_occupancy",
           "effective_diffusivity", "effective_diffusivity_1d", "effective_diffusivity_2d",
           "effective_diffusivity_2d_field", "equilibrium_occupancy", "grain_landscape_1d", "grain_transport_1d",
           "hexagonal_boundary_distance", "local_diffusivity", "mobility_weights", "polycrystal_occupancy",
           "reference_site_fraction", "segregation_energy", "transient_filling_1d", "transient_filling_2d"]
