"""Physical constants (CODATA via scipy.constants): the one place cellsim defines them."""
from scipy import constants as _c

FARADAY = _c.physical_constants["Faraday constant"][0]  # C.mol-1
GAS_CONSTANT = _c.R  # J.mol-1.K-1
BOLTZMANN = _c.k  # J.K-1
BOLTZMANN_EV = _c.physical_constants["Boltzmann constant in eV/K"][0]  # eV.K-1
ELEMENTARY_CHARGE = _c.e  # C
AVOGADRO = _c.N_A  # mol-1
