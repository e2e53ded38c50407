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
    "cellsim.files": 1,
    "cellsim.parameters": 1,
    "cellsim.electrolyte": 2, "cellsim.stability": 2, "cellsim.mechanics": 2, "cellsim.electrode": 2,
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


def lazy_names(source: str) -> dict[str, str]:
    """The ``_LAZY`` table (public name -> defining module) of ``cellsim/__init__.py``'s source text."""
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == "_LAZY" for t in targets):
            return ast.literal_eval(node.value)
    raise AssertionError("cellsim/__init__.py has no _LAZY table")


LAZY = lazy_names((PACKAGE / "__init__.py").read_text())

#: what modules inside the package may import from the top-level ``cellsim`` module
TOP_LEVEL_ALLOWED = {"__version__"}


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        return ".".join(base + ([node.module] if node.module else []))
    return node.module or ""


def _top_level_name(name: str, modules, lazy: dict[str, str]) -> str:
    """The module ``cellsim.<name>`` stands for: a submodule, the module ``_LAZY`` names, else ``cellsim``."""
    if f"cellsim.{name}" in modules:
        return f"cellsim.{name}"
    return lazy.get(name, "cellsim")


def scan_imports(source: str, module: str, is_package: bool = False, modules=None,
                 lazy: dict[str, str] | None = None) -> tuple[set[str], set[str]]:
    """(cellsim modules imported, names taken from the top-level ``cellsim`` module) of one module's source.

    Every ``import`` statement counts, at any depth. ``from pkg import submodule`` counts as the submodule;
    ``from cellsim import NAME`` and ``import cellsim`` followed by ``cellsim.NAME`` count as the module that
    defines NAME (``cellsim/__init__`` imports its public names lazily through ``_LAZY``).
    """
    modules = MODULES if modules is None else modules
    lazy = LAZY if lazy is None else lazy
    tree = ast.parse(source)
    found: set[str] = set()
    top: set[str] = set()
    bound_to_top: set[str] = set()  # local names bound to the top-level cellsim module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] != "cellsim":
                    continue
                if a.name == "cellsim":
                    top.add("import cellsim")
                    bound_to_top.add(a.asname or "cellsim")
                    continue
                found.add(a.name)
                if a.asname is None:
                    bound_to_top.add("cellsim")  # ``import cellsim.x`` binds ``cellsim`` too
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, is_package, node)
            if target.split(".")[0] != "cellsim":
                continue
            if target == "cellsim":
                for a in node.names:
                    if f"cellsim.{a.name}" not in modules:  # a name of cellsim/__init__, not a submodule
                        top.add(a.name)
                    if a.name not in TOP_LEVEL_ALLOWED:
                        found.add(_top_level_name(a.name, modules, lazy))
                continue
            subs = {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules}
            found |= subs or {target}
            if len(subs) < len(node.names):
                found.add(target)
    for node in ast.walk(tree):  # attribute use of an imported top-level cellsim: cellsim.cycle(...)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound_to_top:
            if f"cellsim.{node.attr}" not in modules:
                top.add(node.attr)
            if node.attr not in TOP_LEVEL_ALLOWED:
                found.add(_top_level_name(node.attr, modules, lazy))
    return {m for m in found if m in modules and m != module}, top


def imports_of(module: str) -> set[str]:
    """The cellsim modules ``module`` imports (see :func:`scan_imports`)."""
    path = MODULES[module]
    return scan_imports(path.read_text(), module, path.name == "__init__.py")[0]


GRAPH = {m: imports_of(m) for m in MODULES}


def test_every_module_has_a_floor():
    assert all(1 <= floor(m) <= 6 for m in MODULES)


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Each import that runs up a floor; the top-level ``cellsim`` module itself (floor 6) may import anything."""
    return sorted(f"{m} (floor {floor(m)}) imports {t} (floor {floor(t)})"
                  for m, targets in graph.items() for t in targets if floor(t) > floor(m) and m != "cellsim")


def test_no_import_runs_up_a_floor():
    upward = upward_imports(GRAPH)
    assert not upward, "\n".join(upward)


def test_the_top_level_cellsim_is_not_imported_inside_the_package():
    # its public names are lazy re-exports: import them from the module that defines them
    offenders = {}
    for m, path in MODULES.items():
        if m != "cellsim":
            names = scan_imports(path.read_text(), m, path.name == "__init__.py")[1] - TOP_LEVEL_ALLOWED
            if names:
                offenders[m] = sorted(names)
    assert offenders == {}


_FAKE_LAZY = {"cycle": "cellsim.api", "conductivity": "cellsim.electrolyte.conductivity"}
_FAKE_MODULES = {"cellsim", "cellsim.api", "cellsim.mechanics", "cellsim.mechanics.dendrite",
                 "cellsim.electrolyte.conductivity", "cellsim.parameters"}


@pytest.mark.parametrize("source, expected", [
    ("def f():\n    from cellsim import cycle\n", {"cycle"}),
    ("def f():\n    from .. import cycle\n", {"cycle"}),
    ("import cellsim\n\ndef f():\n    return cellsim.cycle('default')\n", {"import cellsim", "cycle"}),
    ("def f():\n    import cellsim as cs\n    return cs.cycle\n", {"import cellsim", "cycle"}),
])
def test_a_lazy_top_level_import_is_an_edge_to_its_defining_module(source, expected):
    # a floor-2 module reaching the cell runner through the top-level cellsim, inside a function
    found, top = scan_imports(source, "cellsim.mechanics.dendrite", modules=_FAKE_MODULES, lazy=_FAKE_LAZY)
    assert found == {"cellsim.api"} and top == expected
    assert upward_imports({"cellsim.mechanics.dendrite": found}) == [
        "cellsim.mechanics.dendrite (floor 2) imports cellsim.api (floor 4)"]


def test_scan_imports_resolves_same_floor_and_relative_imports():
    source = "from cellsim import conductivity, __version__\nfrom .. import parameters\n"
    found, top = scan_imports(source, "cellsim.mechanics.dendrite", modules=_FAKE_MODULES, lazy=_FAKE_LAZY)
    assert found == {"cellsim.electrolyte.conductivity", "cellsim.parameters"}  # __version__: no edge
    assert top == {"conductivity", "__version__"} and upward_imports({"cellsim.mechanics.dendrite": found}) == []


def test_the_lazy_table_is_read_from_cellsim_init():
    assert LAZY["cycle"] == "cellsim.api" and lazy_names("_LAZY = {'a': 'cellsim.b'}\n") == {"a": "cellsim.b"}


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
