"""Defect energetics of antiperovskites (``parameter_sets/defects/*.toml``): the review's Table 2.

Each defect pair is a table of inline ``{value, unit, source}`` energies (``formation_energy``,
``migration_barrier`` and, where the source gives them, ``binding_energy`` and ``activation_energy``),
read with :func:`~cellsim.parameters.loader.read_quantity` and converted to eV.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..errors import ParameterError
from .loader import read_quantity, read_toml, table_files

__all__ = ["DefectPair", "DefectTable", "TABLE2_FILE", "load_defect_table"]

#: The review's Table 2 for Li3OCl, relative to :func:`~cellsim.parameters.loader.builtin_dir`.
TABLE2_FILE = "defects/li3ocl_table2.toml"
_REQUIRED = ("formation_energy", "migration_barrier")
_OPTIONAL = ("binding_energy", "activation_energy")


@dataclass(frozen=True)
class DefectPair:
    """One column of the review's Table 2 (energies in eV; None where the table is blank)."""

    formation_energy_eV: float
    migration_barrier_eV: float
    binding_energy_eV: float | None
    activation_energy_eV: float | None
    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)


@dataclass(frozen=True)
class DefectTable:
    """A table of defect pairs with the publication it comes from."""

    reference: str
    pairs: Mapping[str, DefectPair]


def load_defect_table(path: str | Path | None = None, dirs=()) -> DefectTable:
    """Read a defect-energy table (default: the review's Table 2 for Li3OCl).

    Parameters
    ----------
    path : str or Path, optional
        TOML file; ``None`` reads :data:`TABLE2_FILE` of every parameter folder that has one: the shipped
        table, then those of ``CELLSIM_PARAMETER_PATH`` and ``dirs``, whose pairs replace the shipped ones of the
        same name (the reference then names every table used).
    dirs : iterable of path, optional
        Extra parameter folders, searched before ``CELLSIM_PARAMETER_PATH`` (with ``path=None`` only).

    Raises
    ------
    ParameterError
        Naming file and key: unknown keys, a missing formation energy or barrier, values outside 0-10 eV.

    Examples
    --------
    >>> t = load_defect_table()
    >>> t.pairs["V_Li-V_Cl (LiCl Schottky)"].binding_energy_eV, t.pairs["V_Li-Li_i (Li Frenkel)"].binding_energy_eV
    (0.145, None)
    """
    if path is not None:
        return _read_table(Path(path))
    sub, name = TABLE2_FILE.split("/")
    tables = [_read_table(f) for f in table_files(sub, name, dirs)]
    pairs: dict[str, DefectPair] = {}
    for t in tables:
        pairs.update(t.pairs)
    reference = "; ".join(dict.fromkeys(t.reference for t in reversed(tables)))
    return DefectTable(reference, MappingProxyType(pairs))


def _read_table(path: Path) -> DefectTable:
    file = str(path)
    data = read_toml(path, "TOML file of defect energies")
    unknown = sorted(set(data) - {"reference", "pairs"})
    if unknown:
        raise ParameterError(unknown[0], data[unknown[0]], "top-level keys reference, pairs", file)
    reference = data.get("reference")
    if not isinstance(reference, str) or not reference.strip():
        raise ParameterError("reference", reference, "the publication the table comes from (with DOI)", file)
    pairs = data.get("pairs")
    if not isinstance(pairs, dict) or not pairs:
        raise ParameterError("pairs", pairs, "a non-empty table of [pairs.\"<defect pair>\"] tables", file)
    out = {}
    for name, table in pairs.items():
        key = f"pairs.{name}"
        if not isinstance(table, dict):
            raise ParameterError(key, table, "a table of {value, unit, source} energies", file)
        bad = sorted(set(table) - set(_REQUIRED) - set(_OPTIONAL))
        if bad:
            raise ParameterError(f"{key}.{bad[0]}", table[bad[0]], f"one of {list(_REQUIRED + _OPTIONAL)}", file)
        values, sources = {}, {}
        for k in _REQUIRED + _OPTIONAL:
            if k not in table:
                if k in _REQUIRED:
                    raise ParameterError(f"{key}.{k}", "<missing>", "an inline table {value, unit, source}", file)
                values[k] = None
                continue
            values[k], sources[k] = read_quantity(table[k], f"{key}.{k}", "eV", file, 0.0, 10.0)
        out[name] = DefectPair(values["formation_energy"], values["migration_barrier"], values["binding_energy"],
                               values["activation_energy"], MappingProxyType(sources))
    return DefectTable(reference, MappingProxyType(out))
