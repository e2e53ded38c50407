"""Load the mechanics data tables (elastic moduli, thermal expansion) from TOML.

Files: ``parameter_sets/mechanics/elastic.toml`` and ``thermal_expansion.toml``. Each material is
a table; each value an inline table ``{value, unit, source}``. ``source`` is a citation or starts
with ``assumed:``/``fitted:`` followed by a reason. Values are converted to SI on loading.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..errors import ParameterError, UnknownNameError
from ..parameters.loader import read_quantity, read_toml
from ..parameters.units import to_si

__all__ = ["MaterialData", "KEYS", "data_dir", "load_table", "load_elastic", "load_thermal_expansion"]

#: Known keys and the SI unit each is stored in.
KEYS: Mapping[str, str] = MappingProxyType({
    "youngs_modulus": "Pa",
    "shear_modulus": "Pa",
    "bulk_modulus": "Pa",
    "poisson_ratio": "1",
    "thermal_expansion": "K-1",
    "fracture_toughness": "Pa.m0.5",
    "melting_temperature": "K",
})
# Units not (yet) in cellsim.parameters.units: unit -> (SI unit, factor)
_LOCAL_UNITS = {"K-1": ("K-1", 1.0), "ppm.K-1": ("K-1", 1e-6),
                "Pa.m0.5": ("Pa.m0.5", 1.0), "MPa.m0.5": ("Pa.m0.5", 1e6)}


@dataclass(frozen=True)
class MaterialData:
    """Values of one material in SI units, with their sources."""

    name: str
    values: Mapping[str, float]
    sources: Mapping[str, str]

    def __getitem__(self, key: str) -> float:
        if key not in self.values:
            raise UnknownNameError(f"{self.name} parameter", key, self.values)
        return self.values[key]


def data_dir() -> Path:
    """Folder holding the mechanics TOML files."""
    here = Path(__file__).resolve().parent
    for c in (here.parent / "parameter_sets" / "mechanics", here.parent.parent / "parameter_sets" / "mechanics"):
        if c.is_dir():
            return c
    raise FileNotFoundError("parameter_sets/mechanics/ not found next to the cellsim package")


def _convert(value, unit, si, key, file):
    if unit in _LOCAL_UNITS and _LOCAL_UNITS[unit][0] == si:
        return float(value) * _LOCAL_UNITS[unit][1]
    if si in ("K-1", "Pa.m0.5"):
        allowed = [u for u, (s, _) in _LOCAL_UNITS.items() if s == si]
        raise ParameterError(f"{key}.unit", unit, f"a unit of {si}: {allowed}", file)
    return to_si(value, unit, si, key, file)


def load_table(path: str | Path) -> dict[str, MaterialData]:
    """Read one mechanics TOML file into {material: MaterialData} (SI units).

    Parameters
    ----------
    path : str or Path
        TOML file.

    Returns
    -------
    dict
        A fresh dictionary on every call.

    Raises
    ------
    ParameterError
        Naming file, key and value when an entry is not an inline table with numeric
        ``value``, a known ``unit`` and a non-empty ``source``, or a key is unknown.

    Examples
    --------
    >>> d = load_table(data_dir() / "elastic.toml")
    >>> d["Li3OCl"]["shear_modulus"]
    41500000000.0
    """
    file = str(path)
    data = read_toml(path)
    out: dict[str, MaterialData] = {}
    for material, table in data.items():
        if not isinstance(table, dict):
            raise ParameterError(material, table, "a [material] table of {value, unit, source} entries", file)
        values, sources = {}, {}
        for key, entry in table.items():
            dotted = f"{material}.{key}"
            if key not in KEYS:
                raise UnknownNameError(f"{dotted} (parameter)", key, KEYS, file)
            if not isinstance(entry, dict) or set(entry) != {"value", "unit", "source"}:
                raise ParameterError(dotted, entry, 'an inline table {value = 1.0, unit = "GPa", source = "..."}', file)
            val = entry["value"]
            si, src = read_quantity(entry, dotted, KEYS[key], file, convert=_convert)
            if key == "poisson_ratio" and not (-1 < si < 0.5):
                raise ParameterError(f"{dotted}.value", val, "-1 < poisson_ratio < 0.5", file)
            if key != "poisson_ratio" and si <= 0:
                raise ParameterError(f"{dotted}.value", val, "> 0", file)
            values[key], sources[key] = si, src
        out[material] = MaterialData(material, MappingProxyType(values), MappingProxyType(sources))
    return out


def load_elastic() -> dict[str, MaterialData]:
    """Elastic data of all materials (parameter_sets/mechanics/elastic.toml), SI units.

    Examples
    --------
    >>> round(load_elastic()["Li2(OH)Cl"]["youngs_modulus"] / 1e9, 1)
    43.1
    """
    return load_table(data_dir() / "elastic.toml")


def load_thermal_expansion() -> dict[str, MaterialData]:
    """Linear thermal expansion coefficients (parameter_sets/mechanics/thermal_expansion.toml) [K-1].

    Examples
    --------
    >>> load_thermal_expansion()["NCM111"]["thermal_expansion"]
    1e-05
    """
    return load_table(data_dir() / "thermal_expansion.toml")
