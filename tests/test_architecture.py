"""The import structure of cellsim: floors, no circles, PyBaMM and TOML each behind one door.

DESIGN.md ("Shape: floors, not topics"): a module may import only from its own floor or the floors below.
Every ``import`` statement counts, the ones inside functions too (a function-local import must not hide a
circle or a reach upwards). The floors:
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cellsim"

#: module prefix -> floor (longest prefix wins); ``__main__`` modules are entry points (floor 6)
FLOORS = {
    "cellsim.constants": 1, "cellsim.errors": 1, "cellsim.checks": 1, "cellsim.plots": 1, "cellsim._toml": 1,
    "cellsim.parameters": 1,
    "cellsim.electrolyte": 2, "cellsim.stability": 2, "cellsim.mechanics": 2,
    "cellsim.cell": 3,
    "cellsim.analysis": 4, "cellsim.api": 4,
    "cellsim.sweep": 5,
    "cellsim.cli": 6, "cellsim.report": 6, "cellsim": 6,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def floor(module: str) -> int:
    if module.endswith(".__main__"):
        return 6
    best = max((k for k in FLOORS if module == k or module.startswith(k + ".")), key=len)
    return FLOORS[best]


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    is_package = MODULES[importer].name == "__init__.py"
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        return ".".join(base + ([node.module] if node.module else []))
    return node.module or ""


def imports_of(module: str) -> set[str]:
    """The cellsim modules ``module`` imports (``from pkg import submodule`` counts as the submodule)."""
    tree = ast.parse(MODULES[module].read_text(), str(MODULES[module]))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "cellsim"}
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            if target.split(".")[0] != "cellsim":
                continue
            subs = {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES}
            found |= subs or {target}
            if len(subs) < len(node.names):
                found.add(target)
    return {m for m in found if m in MODULES and m != module}


GRAPH = {m: imports_of(m) for m in MODULES}


def test_every_module_has_a_floor():
    assert all(1 <= floor(m) <= 6 for m in MODULES)


def test_no_import_runs_up_a_floor():
    upward = sorted(f"{m} (floor {floor(m)}) imports {t} (floor {floor(t)})"
                    for m, targets in GRAPH.items() for t in targets
                    if floor(t) > floor(m) and not (m == "cellsim" or t == "cellsim"))
    assert not upward, "\n".join(upward)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_import_circles():
    # a package's __init__ re-exporting its submodules is not a circle unless a submodule imports it back
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert floor("cellsim.sweep.__main__") == 6 and floor("cellsim.parameters.units") == 1


def _third_party_imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_pybamm_is_imported_only_by_the_cell():
    outside = [m for m in MODULES if "pybamm" in _third_party_imports(m) and floor(m) != 3]
    assert outside == []


def test_pybamm_input_keys_stay_in_the_cell():
    pattern = re.compile(r"\b[A-Z0-9_]+_INPUT\b")
    leaks = [m for m, p in MODULES.items() if not m.startswith("cellsim.cell") and pattern.search(p.read_text())]
    assert leaks == []


@pytest.mark.parametrize("reader", [r"\btomllib\b", r"\btomli\b", r"\b_toml\b", r"\bread_toml\b", r"\bread_quantity\b"])
def test_toml_is_read_only_by_cellsim_parameters(reader):
    readers = [m for m, p in MODULES.items() if re.search(reader, p.read_text())]
    assert all(m.startswith("cellsim.parameters") or m == "cellsim._toml" for m in readers), readers
