"""Mechanics: elastic relations, dendrite criteria, thermal residual stress, cycling strain, stress relaxation,
contact loss."""
from .dendrite import (
    AhmadViswanathanVerdict,
    DendriteVerdict,
    InterfaceStability,
    ahmad_viswanathan_verdict,
    chi_deviatoric,
    chi_pressure,
    chi_surface,
    critical_current_density,
    critical_shear_modulus_ratio,
    critical_wavenumber,
    flaw_fracture_pressure,
    grain_boundary_shear_modulus,
    interface_stability,
    lithium_shear_modulus,
    monroe_newman_critical_ratio,
    stability_parameter,
    verdict,
)
from .elastic import (
    IsotropicModuli,
    VoigtReussHill,
    born_stable_cubic,
    isotropic_moduli,
    pugh_ratio,
    voigt_reuss_hill,
    voigt_reuss_hill_cubic,
)
from .residual_stress import (
    SphereStress,
    biaxial_film_stress,
    fracture_strength,
    mismatch_interface_pressure,
    residual_stress_verdict,
    sphere_in_matrix_fv,
    sphere_in_matrix_stress,
    stoney_curvature,
    turner_thermal_expansion,
)
from .cycling_strain import (
    CyclingStress,
    chemical_volumetric_strain,
    design_interface_stress,
    interface_stress_history,
    material_properties,
    open_time_fraction,
)
from .relaxation import (
    cooling_relaxation_factor,
    maxwell_relaxation,
    maxwell_stress_history,
    mean_maxwell_stress,
    relaxation_time,
)
from .contact_loss import ContactLoss, contact_loss_fractions, cycle_peak_tension, weibull_failure_probability
