"""The house rules of the layout: dependencies point one way, no module imports itself in a circle.

The layers, from the bottom:

* the engine: the flat modules of ``glassnet/`` (activations, losses, layers,
  network, optimizers, training, ...); they import only each other;
* the rooms: ``explain/``, ``tabular/``, ``files/``, ``plot/``, ``sklearn/``;
  they import the engine and, without cycles, each other;
* the command line: ``cli/``, which may import everything below it.

``glassnet/__init__.py`` is the façade above them all; nothing below imports it.
Every import counts, including those inside functions.
"""

import ast
import importlib
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "src" / "glassnet"
ROOMS = {"explain", "tabular", "files", "plot", "sklearn", "report", "playground", "export"}
TOP = {"cli"}


def _modules() -> dict[str, pathlib.Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ["glassnet", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The package module that ``name`` (a module or an attribute of one) lives in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    """The package modules that ``module`` imports, anywhere in its source."""
    path = MODULES[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name) if name.startswith("glassnet") else None
            # "from .x import y" names both x and x.y: keep the deepest real module.
            if target and target != module:
                found.add(target)
    # "from .. import tutorial" names the façade and tutorial: the module is the target.
    # Within a room, "from . import x" does make its package a dependency (and the
    # package imports x: a cycle), so that edge stays.
    if any(t.startswith("glassnet.") for t in found):
        found.discard("glassnet")
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def _layer(module: str) -> tuple[int, str]:
    """(rank, room) of a module: 0 engine, 1 a room, 2 the command line, 3 the façade."""
    parts = module.split(".")
    if len(parts) == 1:
        return 3, "glassnet"
    if parts[1] == "__main__":
        return 3, "__main__"
    if parts[1] in TOP:
        return 2, parts[1]
    if parts[1] in ROOMS:
        return 1, parts[1]
    assert len(parts) == 2 and not (PACKAGE / parts[1]).is_dir(), f"{module}: a room not in ROOMS"
    return 0, "engine"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_known_edges():
    # A check of the checker: if these stopped being found, every rule below would pass vacuously.
    assert "glassnet.network" in GRAPH["glassnet.training"] or \
        "glassnet.losses" in GRAPH["glassnet.training"]
    assert "glassnet.files.modelfile" in GRAPH["glassnet.tabular.model"]
    assert any(t.startswith("glassnet.cli.") for t in GRAPH["glassnet.cli"])


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycles_between_modules():
    assert _cycles(GRAPH) == []


def test_no_import_cycles_between_rooms():
    rooms = {}
    for module, targets in GRAPH.items():
        rank, room = _layer(module)
        if rank == 1:
            rooms.setdefault(room, set()).update(
                _layer(t)[1] for t in targets if _layer(t)[0] == 1 and _layer(t)[1] != room)
    rooms = {room: targets & set(rooms) for room, targets in rooms.items()}
    assert _cycles(rooms) == []


def test_dependencies_point_down():
    upward = [
        f"{module} ({_layer(module)[1]}) imports {target} ({_layer(target)[1]})"
        for module, targets in GRAPH.items() for target in targets
        if _layer(target)[0] > _layer(module)[0] or
        (_layer(target)[0] == 3 and module != "glassnet.__main__")
    ]
    assert upward == []


def test_the_rule_catches_an_engine_module_importing_a_room():
    graph = {**GRAPH, "glassnet.network": GRAPH["glassnet.network"] | {"glassnet.explain"}}
    bad = [(m, t) for m, ts in graph.items() for t in ts if _layer(t)[0] > _layer(m)[0]]
    assert ("glassnet.network", "glassnet.explain") in bad


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "glassnet.__main__"))
def test_every_module_imports_on_its_own(module):
    optional = {"glassnet.sklearn": "sklearn", "glassnet.plot": "matplotlib"}
    for prefix, requirement in optional.items():
        if module.startswith(prefix):
            pytest.importorskip(requirement)
    code = f"import {module}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_module_is_over_400_lines():
    sizes = {module: len(path.read_text(encoding="utf-8").splitlines())
             for module, path in MODULES.items()}
    assert {m: n for m, n in sizes.items() if n > 400} == {}


def test_public_names_exist():
    glassnet = importlib.import_module("glassnet")
    missing = [name for name in glassnet.__all__ if not hasattr(glassnet, name)]
    assert missing == []
