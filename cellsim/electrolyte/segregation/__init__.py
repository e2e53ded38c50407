r"""Li-vacancy segregation at grain boundaries and the effective diffusivity of a polycrystal.

Problem
-------
Li vacancies in polycrystalline Li3OCl are attracted to grain boundaries (negative segregation energies within
10-20 A of the boundary) and move more slowly inside the boundary core. The Review (section 5.3.4, Figure 15)
quotes D_eff/D_bulk = 3.5 % without and 0.3 % with segregation at 16 nm grains, and a with/without ratio of about
2 at 133 nm: segregation "further decreases Li vacancy mobility". This module computes D_eff for a chosen material,
grain size and temperature with FiPy finite volumes, and the conductivity factor that follows.

Model
-----
Vacancies are a lattice gas of site fraction :math:`\theta` on Li sites with the chemical potential and flux

.. math::
    \mu = E(\mathbf r) + k_B T \ln\frac{\theta}{1-\theta}, \qquad
    \mathbf J = -\frac{D(\mathbf r)}{k_B T}\,\theta(1-\theta)\,\nabla\mu
              = -D\left[\nabla\theta + \theta(1-\theta)\,\nabla\frac{E}{k_B T}\right]  \quad (1)

(:math:`\mathbf J` in site fractions times m.s-1), where :math:`E` is the segregation energy of a site (negative at
the boundary). Segregation as trapping (``saddle_model = "trapping"``, the default): the segregation energy lowers
the sites, not the saddle points between them. A hop from site i over the saddle :math:`S_{i,i+1}` goes at
:math:`\nu e^{-(S_{i,i+1}-E_i)/k_BT}`, so with :math:`p_i=\psi_i e^{-E_i/k_BT}` the bond carries
:math:`J=\nu e^{-S_{i,i+1}/k_BT}(\psi_i-\psi_{i+1})`: the saddle alone sets a bond's conductance, and eq. (1) is
its continuum limit with the local diffusivity

.. math:: D(\mathbf r) = D_s(\mathbf r)\,e^{E(\mathbf r)/k_BT}  \quad (3)

where :math:`D_s` is the bulk diffusivity, or the boundary core's own (higher-barrier) one inside the core
(:func:`.landscape.local_diffusivity`). ``"shifted"`` (saddles lowered with the sites, :math:`D = D_s`) is kept
as an option: it is the Cahn-Hilliard form with a mobility that ignores the segregation energy, which lets the
enriched core conduct better than a clean one; no source was found that Li3OCl behaves so.

At equilibrium :math:`\mu` is uniform and the occupancy is the McLean (Fermi-Dirac) isotherm
:math:`\theta_0 = 1/(1 + \exp[(E-\mu_0)/k_B T])`, which never exceeds one vacancy per site. The free vacancies come
from the defect chemistry (:mod:`cellsim.electrolyte.defects`): each divalent dopant leaves one Li vacancy, bound
to it with the binding energy :math:`E_b`; the grain interior's mass action together with the vacancies the
boundaries hold fixes :math:`\mu_0` (:func:`.steady.dopant_buffered_occupancy`). Li2.99M0.005OCl has
2.7e-8 free vacancies per Li site at 300 K (8.1e-8 per formula unit; the Review's section 5.3.1 gives ~1e-7),
not the 1.67e-3 of all its vacancies, so the occupancy is dilute and saturation plays no role for the shipped set.
With ``site_saturation`` off, eq. (1) is the dilute (Boltzmann) limit :math:`\mathbf J=-D(\nabla\theta+\theta\nabla
E/k_BT)`.

Steady state and linearisation. Under a small macroscopic gradient the chemical potential is
:math:`\mu_0 + k_B T\psi` with :math:`\psi` small, so :math:`\mathbf J = -a\nabla\psi` with mobility
:math:`a = D\,\theta_0(1-\theta_0)` and the local concentration response :math:`\delta\theta = w\psi`,
:math:`w = \theta_0(1-\theta_0)`. (Dilute limit: :math:`a = D e^{-E/k_BT}`, :math:`w = e^{-E/k_BT}`, i.e. the
Slotboom variable :math:`\psi = \theta e^{E/k_BT}`.) The unit cell is solved with
:math:`\psi = G x + \phi`, :math:`\phi` periodic, :math:`\nabla\cdot(a\nabla\phi) = -\nabla\cdot(a G\hat x)` on a
FiPy periodic grid, and

.. math:: D_{eff} = \frac{\langle J_x\rangle}{G\,\langle w\rangle}  \quad (2)

which in 1D is the Lifson-Jackson formula :math:`D_{eff} = 1/(\langle e^{E/kT}/D\rangle\langle e^{-E/kT}\rangle)`
(dilute) or :math:`1/(\langle 1/a\rangle\langle w\rangle)` (saturated). With eq. (3), dilute:

.. math:: D_{eff} = \frac{1}{\langle 1/D_s\rangle\,\langle e^{-E/k_BT}\rangle}
          = \frac{D_{eff}^{(0)}}{\langle e^{-E/k_BT}\rangle} \le D_{eff}^{(0)}  \quad (4)

the discrete chain's exact :math:`a^2\nu/(\langle e^{S/k_BT}\rangle_{bonds}\langle e^{-E/k_BT}\rangle_{sites})`
(Haus & Kehr 1987, periodic and random trap models; Oriani's local-equilibrium trapping
:math:`D_{eff}=D/(1+\sum_T c_T(e^{\epsilon_T/k_BT}-1))`). :math:`D_{eff}^{(0)}` is the series (brick-layer) value
of the core alone; since :math:`E \le 0`, :math:`\langle e^{-E/k_BT}\rangle = 1 + C/L \ge 1` with
:math:`C = \int(e^{-E/k_BT}-1)\,dx` per boundary: segregation never raises D_eff and its effect fades as 1/L.

The conductivity is the Onsager coefficient, :math:`a_{eff} = 1/\langle 1/a\rangle`, over that of a single crystal
of the same composition: dilute, :math:`(\theta_b/\theta_{ref})\,D_{eff}^{(0)}/D_{bulk}`, the brick layer of the
core times the depletion of the grain interior's free vacancies (:math:`\theta_b/\theta_{ref} \approx
\langle e^{-E/k_BT}\rangle^{-1/2}` while the dopant pairs hold most vacancies).

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
Xia et al., Chem. Rev. 122 (2022) 3763, sections 5.3.1 and 5.3.4, doi:10.1021/acs.chemrev.1c00594.
Haus & Kehr, Phys. Rep. 150 (1987) 263 (diffusion in regular and disordered lattices; DOI not checked).
Oriani, Acta Metall. 18 (1970) 147 (local-equilibrium trapping; DOI not checked).
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
