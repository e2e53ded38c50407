"""Write parameter sets: a small TOML writer and fitted copies of a cell (and its electrolyte) file."""
from __future__ import annotations

import json
import math
from pathlib import Path

from ..errors import ParameterError
from .loader import find, read_toml

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _key(k: str) -> str:
    return k if k and set(k) <= _BARE else json.dumps(k)


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            raise ParameterError("value", v, "a number (TOML parameter sets hold no NaN)")
        return repr(v) if math.isfinite(v) else ("inf" if v > 0 else "-inf")
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + "}"
    raise ParameterError("value", v, "a TOML scalar, list or table")


def _is_quantity(v) -> bool:
    return isinstance(v, dict) and "value" in v and not any(isinstance(x, dict) for x in v.values())


def dumps(data: dict, header: str = "") -> str:
    """TOML text of ``data``: scalars and quantity tables ``{value, unit, source}`` inline, other tables as
    ``[section]`` (nested ones as ``[a.b]``).

    Examples
    --------
    >>> print(dumps({"name": "x", "a": {"t": {"value": 1.0, "unit": "m", "source": "s"}}}))
    name = "x"
    <BLANKLINE>
    [a]
    t = {value = 1.0, unit = "m", source = "s"}
    <BLANKLINE>
    """
    lines = [f"# {line}" for line in header.splitlines()]

    def table(prefix, d):
        plain = [(k, v) for k, v in d.items() if not isinstance(v, dict) or _is_quantity(v)]
        nested = [(k, v) for k, v in d.items() if isinstance(v, dict) and not _is_quantity(v)]
        if prefix and (plain or not nested):
            lines.append("")
            lines.append(f"[{prefix}]")
        for k, v in plain:
            lines.append(f"{_key(k)} = {_value(v)}")
        for k, v in nested:
            table(f"{prefix}.{_key(k)}" if prefix else _key(k), v)

    table("", data)
    return "\n".join(lines) + "\n"


def _set(data: dict, dotted: str, value: float, unit: str, source: str) -> None:
    *heads, last = dotted.split(".")
    d = data
    for h in heads:
        d = d.setdefault(h, {})
    d[last] = {"value": float(value), "unit": unit, "source": source}


def fitted_cell_toml(cell, table, source: str, out_dir, dirs=()) -> str:
    """TOML text of a cell parameter set with fitted values.

    Parameters
    ----------
    cell : str or Path
        The fitted cell (name or .toml path): every entry is copied, the fitted ones replaced.
    table : iterable of rows (pandas.DataFrame)
        Columns ``parameter, value, ci_low, ci_high, unit, identifiable`` (SI), as :func:`cellsim.sweep.fit.fit`
        returns. ``temperature`` (a test condition, not a cell property) is not written.
    source : str
        ``"fitted: cellsim fit on <file>, <targets>, <date>"``; each entry adds its 95 % interval.
    out_dir : Path
        Where an electrolyte with a fitted Arrhenius branch (``electrolyte.conductivity_ref`` /
        ``electrolyte.activation_energy``) is written as ``fitted-electrolyte.toml``; the cell refers to it by
        its absolute path.
    """
    path = find("cell", cell, dirs)
    data = read_toml(path, "cell file")
    data["name"] = f"{data.get('name', Path(path).stem)}-fitted"
    electrolyte = {}
    rows = table.to_dict("records") if hasattr(table, "to_dict") else list(table)
    for row in rows:
        name = row["parameter"]
        why = f"{source}; 95 % interval {row['ci_low']:.4g}-{row['ci_high']:.4g} {row['unit']}" \
              + ("" if row["identifiable"] else "; NOT identifiable from these data (interval spans the bounds)")
        if name == "temperature":
            continue
        if name.startswith("electrolyte."):
            electrolyte[name.split(".", 1)[1]] = (row["value"], row["unit"], why)
            continue
        _set(data, name, row["value"], row["unit"], why)
    if electrolyte:
        e_path = find("electrolyte", data["electrolyte"], dirs)
        e = read_toml(e_path, "electrolyte file")
        e["name"] = f"{e.get('name', Path(e_path).stem)}-fitted"
        for key, (value, unit, why) in electrolyte.items():
            _set(e, f"conductivity.{key}", value, unit, why)
        out = Path(out_dir).resolve() / "fitted-electrolyte.toml"
        from ..files import write_text

        write_text(out, dumps(e, f"{e['name']}: {Path(e_path).name} with a fitted conductivity branch"))
        data["electrolyte"] = str(out)
    return dumps(data, f"{data['name']}: {Path(path).name} with fitted values (cellsim fit)")
