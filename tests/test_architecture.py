"""The house plan as a test (docs/architecture.md): jbr's import graph has no cycle, imports
flow one way along the stages, and no module uses another module's private names.

The graph is read with :mod:`ast` from the source, so it sees what running the code would
hide: imports inside functions (the usual way to break a cycle at import time without
removing it), relative and absolute imports alike.

Stages, left to right (a module may import its own stage and stages to its left)::

    foundations → codelists → deliveries → woo → store → indicators → publish → web → edges

``woo`` holds the Woo term rules (pure computation on the Algemene termijnenwet calendar
of ``codelists``) and the per-request overview of ``jbr woo deadlines`` over checked
delivery tables; it needs no store, and the indicators build on it. Reading and checking
the files is the caller's (``api.woo_deadlines``).

The *foundations* (``jbr.sql``: SQL literals and the declared types' SQL types;
``jbr.checksum``: a file's SHA-256; ``jbr.collector``: the garbage collector's pace
during a build) are small top-level helpers every stage may use; they
import nothing of jbr.

The *edges* are jbr's top-level modules and packages: ``jbr`` itself (re-exports the API),
``api/`` (the Python API of SPEC §2 that the CLI mirrors, one module per concern),
``cli/`` (one module per command group, and its helpers) and ``manifest`` (the build
manifest the API writes). They may import every stage; no stage may import them. A new
subpackage must be given its place in ``STAGES`` or ``EDGE_PACKAGES`` (the test fails
until it is).

Conventions of the graph: ``from pkg import name`` depends on ``pkg.name`` when that is a
module, otherwise on ``pkg``; importing ``a.b.c`` is a dependency on ``a.b.c`` only (the
parent packages' ``__init__`` run too, but a package importing its own submodules is not
a cycle). ``if TYPE_CHECKING:`` imports count: a type is a dependency as well.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "jbr"
STAGES = ("codelists", "deliveries", "woo", "store", "indicators", "publish", "web")
EDGE = len(STAGES)  # rank of the top-level modules
# Foundation modules: small helpers every stage may use; they import nothing of jbr.
FOUNDATIONS = ("jbr.sql", "jbr.checksum", "jbr.software", "jbr.locale", "jbr.collector")
FOUNDATION = -1
# Edge packages: jbr/api/ (one module per concern of the API) and jbr/cli/ (one module per
# command group); like the top-level modules they may import every stage.
EDGE_PACKAGES = ("api", "cli")


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int


@dataclass(frozen=True)
class PrivateUse:
    module: str
    line: int
    name: str  # the private name as written, e.g. ``report._environment``


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package under ``root``, by dotted name (packages by their name)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _base(module: str, path: Path, level: int, name: str | None) -> str:
    """The absolute module a (relative) ``from ... import`` names."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    if level > 1:
        package = ".".join(package.split(".")[: -(level - 1)])
    if level == 0:
        return name or ""
    return f"{package}.{name}" if name else package


def _known(dotted: str, known: Mapping[str, Path]) -> str | None:
    """The longest known module that ``dotted`` names or lies in; None outside the package."""
    while dotted and dotted not in known:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def parse(
    module: str, path: Path, known: Mapping[str, Path]
) -> tuple[list[Import], list[PrivateUse]]:
    """The imports of one module, at any depth, and the private names it takes from others."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    imports: list[Import] = []
    private: list[PrivateUse] = []
    aliases: dict[str, str] = {}  # local name → module it is bound to

    def is_private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _known(alias.name, known)
                if target is None:
                    continue
                imports.append(Import(module, target, node.lineno))
                if alias.asname:
                    aliases[alias.asname] = target
                else:
                    head = alias.name.split(".")[0]
                    aliases[head] = head
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, path, node.level, node.module)
            if _known(base, known) is None:
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in known:
                    imports.append(Import(module, submodule, node.lineno))
                    aliases[alias.asname or alias.name] = submodule
                    # a private module is private to its package
                    outside = submodule.rpartition(".")[0] != _package_of(module, path)
                    if is_private(alias.name) and outside:
                        private.append(PrivateUse(module, node.lineno, submodule))
                else:
                    target = _known(base, known)
                    assert target is not None
                    imports.append(Import(module, target, node.lineno))
                    if is_private(alias.name) and target != module:
                        private.append(PrivateUse(module, node.lineno, f"{target}.{alias.name}"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            dotted = _dotted(node.value)
            if dotted is None or dotted[0] not in aliases:
                continue
            target = ".".join([aliases[dotted[0]], *dotted[1:]])
            if target in known and target != module:
                private.append(PrivateUse(module, node.lineno, f"{target}.{node.attr}"))
    return imports, private


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _dotted(node: ast.expr) -> list[str] | None:
    """``a.b.c`` as ["a", "b", "c"]; None for anything but a chain of names."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return None if head is None else [*head, node.attr]
    return None


def read_package(root: Path) -> tuple[list[Import], list[PrivateUse]]:
    known = modules(root)
    imports: list[Import] = []
    private: list[PrivateUse] = []
    for module, path in known.items():
        found, uses = parse(module, path, known)
        imports += [i for i in found if i.imported != module]
        private += uses
    return imports, private


def graph(imports: Iterable[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for i in imports:
        edges.setdefault(i.importer, set()).add(i.imported)
    return edges


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Import cycles, each as a path a → … → a: for every strongly connected component, the
    shortest cycle through each of its modules (the same cycle once)."""
    found: list[list[str]] = []
    seen: set[frozenset[tuple[str, str]]] = set()
    for component in _components(edges):
        for start in sorted(component):
            path = _shortest_cycle(edges, component, start)
            first = path.index(min(path))  # the same cycle reads the same from any start
            path = [*path[first:-1], *path[:first], path[first]]
            key = frozenset(zip(path, path[1:], strict=False))
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def _components(edges: Mapping[str, Iterable[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[set[str]] = []
    nodes = sorted(set(edges) | {t for ts in edges.values() for t in ts})
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        result.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return result


def _shortest_cycle(edges: Mapping[str, Iterable[str]], within: set[str], start: str) -> list[str]:
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(edges.get(node, ())):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start] if node != start else [start, start]
            if child in within and child not in previous:
                previous[child] = node
                queue.append(child)
    raise AssertionError(f"{start} is on no cycle")


def rank(module: str) -> int:
    """A module's place in the flow: the index of its stage, EDGE for top-level modules."""
    parts = module.split(".")
    if module in FOUNDATIONS:
        return FOUNDATION
    if len(parts) == 1:
        return EDGE  # the package itself
    if parts[1] in STAGES:
        return STAGES.index(parts[1])
    if len(parts) == 2 and not (PACKAGE / parts[1]).is_dir():
        return EDGE  # a top-level module
    if parts[1] in EDGE_PACKAGES:
        return EDGE  # the API and the command line that calls it: they import anything
    raise AssertionError(f"{module}: a new package; give it its place in STAGES")


def wrong_way(imports: Iterable[Import], place=rank) -> list[Import]:
    """Imports from a stage to a stage on its right (or from a stage to an edge module)."""
    return [i for i in imports if place(i.importer) < place(i.imported)]


# ---- the package itself -------------------------------------------------------------------

IMPORTS, PRIVATE = read_package(PACKAGE)


def test_the_graph_is_read():
    # A checker that reads nothing passes everything: the graph must hold imports we know,
    # including one made inside a function (computing.open_context imports .spark there).
    pairs = {(i.importer, i.imported) for i in IMPORTS}
    assert ("jbr.store.load", "jbr.deliveries.validate") in pairs
    assert ("jbr.indicators.computing", "jbr.indicators.spark") in pairs
    assert len(pairs) > 200


def test_no_import_cycle():
    found = cycles(graph(IMPORTS))
    assert not found, "import cycles:\n" + "\n".join(" → ".join(c) for c in found)


def test_imports_flow_left_to_right():
    bad = wrong_way(IMPORTS)
    assert not bad, "right-to-left imports:\n" + "\n".join(
        f"{i.importer} (line {i.line}) imports {i.imported}" for i in bad
    )


def test_every_module_has_a_place():
    for module in {i.importer for i in IMPORTS} | {i.imported for i in IMPORTS}:
        rank(module)


def test_the_api_function_survives_the_subpackage(tmp_path):
    # jbr.indicators is SPEC §2's function and a subpackage; jbr/__init__ (an edge) makes the
    # subpackage callable, so the indicators stage needs no import of the API above it.
    import jbr
    import jbr.indicators.engine  # noqa: F401  (binds jbr.indicators to the subpackage)
    from jbr import api
    from jbr.store.guard import StoreError

    assert jbr.indicators.compute is not None  # the subpackage ...
    missing = tmp_path / "none.duckdb"
    with pytest.raises(StoreError) as by_package:  # ... that runs the API when called
        jbr.indicators(2024, db=missing)
    with pytest.raises(StoreError) as by_api:
        api.indicators(2024, db=missing)
    assert str(by_package.value) == str(by_api.value)


def test_reading_figures_loads_no_computing():
    # `jbr serve` and every command that only reads figures import the catalogue and the
    # published figure, not Ibis and pandas (some 0.5 s of each start); what computes is
    # imported at its first use through the package (PEP 562), and then works as always.
    import subprocess
    import sys

    probe = (
        "import sys, jbr.cli, jbr.web.app, jbr.indicators as i\n"
        "i.by_id()['woo.received']; i.IndicatorValue\n"
        "print(sorted({'ibis', 'pandas'} & set(sys.modules)))\n"
        "i.compute_years, i.open_context\n"
        "print(sorted({'ibis', 'pandas'} & set(sys.modules)))\n"
        "from jbr.indicators.engine import COMPUTATIONS\n"
        "print(set(COMPUTATIONS) == {d.computation for d in i.catalogue()})\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[:3] == ["[]", "['ibis', 'pandas']", "True"]


@pytest.mark.parametrize(
    "value, expected",
    [
        # missing.present decides whether a result row holds a value: none of pandas' and
        # NumPy's ways to say "unknown" does; a zero, an empty string and False do.
        (None, False),
        (float("nan"), False),
        ("NA", True),
        (0, True),
        (0.0, True),
        ("", True),
        (False, True),
        (12.5, True),
    ],
)
def test_present(value, expected):
    from jbr.indicators.missing import present

    assert present(value) is expected


def test_present_pandas_and_numpy_unknowns():
    import numpy as np
    import pandas as pd

    from jbr.indicators.missing import present

    assert [present(v) for v in (pd.NA, pd.NaT, np.nan, np.float64("nan"))] == [False] * 4
    assert [present(v) for v in (np.int64(0), np.float64(1.5), pd.Timestamp("2024-01-01"))] == [
        True
    ] * 3


# The API's modules in the order of docs/architecture.md: each imports only those before it.
API_MODULES = (
    "config", "intake", "admin", "figures", "examples", "text", "pipeline", "letter", "woo",
    "publication", "review", "access", "server",
)  # fmt: skip


def test_the_api_modules_import_down_their_list():
    api = [i for i in IMPORTS if i.importer.startswith("jbr.api.")]
    inside = [i for i in api if i.imported.startswith("jbr.api.")]
    assert inside, "the API's modules import none of each other: is the graph read?"
    assert {m.removeprefix("jbr.api.") for m in modules(PACKAGE) if m.startswith("jbr.api.")} == (
        set(API_MODULES)
    ), "a new module of jbr/api/ needs its place in API_MODULES (and docs/architecture.md)"
    place = {f"jbr.api.{m}": n for n, m in enumerate(API_MODULES)}
    bad = [i for i in inside if place[i.imported] >= place[i.importer]]
    assert not bad, "\n".join(f"{i.importer} (line {i.line}) imports {i.imported}" for i in bad)


def test_no_private_name_crosses_a_module():
    assert not PRIVATE, "private names used outside their module:\n" + "\n".join(
        f"{u.module} (line {u.line}) uses {u.name}" for u in PRIVATE
    )


# ---- the checker, on hand-built graphs ----------------------------------------------------


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        # no cycle: a chain and a diamond
        ({"a": {"b"}, "b": {"c"}}, []),
        ({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}}, []),
        # two modules importing each other (store.chain ↔ store.schema before the fix)
        ({"a": {"b"}, "b": {"a"}}, [["a", "b", "a"]]),
        # a three-step loop, entered from outside: x is not on it
        ({"x": {"a"}, "a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c", "a"]]),
        # two loops sharing a: both reported
        (
            {"a": {"b", "c"}, "b": {"a"}, "c": {"a"}},
            [["a", "b", "a"], ["a", "c", "a"]],
        ),
        # a self-import is not an edge (read_package drops it); nothing to report
        ({"a": set()}, []),
    ],
)
def test_cycles_are_found(edges, expected):
    assert cycles(edges) == expected


def _import(a: str, b: str) -> Import:
    return Import(a, b, 1)


@pytest.mark.parametrize(
    ("importer", "imported", "wrong"),
    [
        ("jbr.store.load", "jbr.deliveries.validate", False),  # right to left: allowed
        ("jbr.indicators.woo", "jbr.woo.vectorised", False),  # woo sits left of indicators
        ("jbr.publish.site", "jbr.publish.figures", False),  # within a stage: allowed
        ("jbr.cli", "jbr.web.app", False),  # edges may import every stage
        ("jbr.api.pipeline", "jbr.manifest", False),  # and each other
        ("jbr.cli.build", "jbr.api", False),
        ("jbr.store.schema", "jbr.indicators.engine", True),  # store → indicators: rightward
        ("jbr.woo.overview", "jbr.deliveries.validate", False),  # woo reads checked sheets
        ("jbr.deliveries.validate", "jbr.woo.deadlines", True),  # deliveries → woo: rightward
        ("jbr.woo.overview", "jbr.store.load", True),  # woo needs no store
        ("jbr.store.schema", "jbr.sql", False),  # every stage may use a foundation
        ("jbr.sql", "jbr.codelists", True),  # a foundation imports nothing of jbr
        ("jbr.codelists", "jbr.web", True),  # the far left importing the far right
        ("jbr.indicators", "jbr.api", True),  # a stage importing an edge
        ("jbr.publish.build", "jbr.api.figures", True),  # or a module of an edge package
        ("jbr.publish.build", "jbr", True),  # the package root is an edge too
    ],
)
def test_wrong_way_imports_are_found(importer, imported, wrong):
    assert wrong_way([_import(importer, imported)]) == (
        [_import(importer, imported)] if wrong else []
    )


def _write(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "jbr"


PACKAGES = {"jbr/__init__.py": "", "jbr/store/__init__.py": "", "jbr/indicators/__init__.py": ""}


@pytest.mark.parametrize(
    ("files", "pairs"),
    [
        # relative import of a name: a dependency on the module that holds it
        (
            {"jbr/store/a.py": "from .b import x\n", "jbr/store/b.py": ""},
            {("jbr.store.a", "jbr.store.b")},
        ),
        # inside a function, two levels up, of a submodule: seen all the same
        (
            {
                "jbr/store/a.py": "def f():\n    from ..indicators import engine\n",
                "jbr/indicators/engine.py": "",
            },
            {("jbr.store.a", "jbr.indicators.engine")},
        ),
        # absolute `import a.b.c` and `from jbr.x import y`
        (
            {
                "jbr/store/a.py": "import jbr.store.b\nfrom jbr.indicators import f\n",
                "jbr/store/b.py": "",
            },
            {("jbr.store.a", "jbr.store.b"), ("jbr.store.a", "jbr.indicators")},
        ),
        # a package importing its submodules depends on them, not on itself
        (
            {
                "jbr/indicators/__init__.py": "from . import energy\n",
                "jbr/indicators/energy.py": "",
            },
            {("jbr.indicators", "jbr.indicators.energy")},
        ),
        # outside the package: not in the graph
        ({"jbr/store/a.py": "import duckdb\nfrom pathlib import Path\n"}, set()),
    ],
)
def test_imports_are_read(tmp_path, files, pairs):
    imports, _ = read_package(_write(tmp_path, {**PACKAGES, **files}))
    assert {(i.importer, i.imported) for i in imports} == pairs


def test_a_function_level_cycle_is_found(tmp_path):
    # The shape of indicators/__init__ calling the API: hidden at import time, still a cycle.
    root = _write(
        tmp_path,
        {
            **PACKAGES,
            "jbr/api.py": "from .indicators import compute\n",
            "jbr/indicators/__init__.py": "def __call__():\n    from ..api import indicators\n",
        },
    )
    imports, _ = read_package(root)
    assert cycles(graph(imports)) == [["jbr.api", "jbr.indicators", "jbr.api"]]
    assert wrong_way(imports) == [Import("jbr.indicators", "jbr.api", 2)]


@pytest.mark.parametrize(
    ("files", "names"),
    [
        # importing another module's private function
        (
            {"jbr/store/a.py": "from .b import _fresh\n", "jbr/store/b.py": ""},
            ["jbr.store.b._fresh"],
        ),
        # using it through the module
        (
            {
                "jbr/store/a.py": "from . import b\n\ndef f():\n    return b._fresh()\n",
                "jbr/store/b.py": "",
            },
            ["jbr.store.b._fresh"],
        ),
        # through an absolute dotted path
        (
            {"jbr/store/a.py": "import jbr.store.b\njbr.store.b._x = 1\n", "jbr/store/b.py": ""},
            ["jbr.store.b._x"],
        ),
        # a private module imported from outside its package
        (
            {"jbr/indicators/a.py": "from ..store import _cal\n", "jbr/store/_cal.py": ""},
            ["jbr.store._cal"],
        ),
        # allowed: a private module inside its own package (the demo's _people_* modules)
        ({"jbr/store/a.py": "from . import _cal as cal\n", "jbr/store/_cal.py": ""}, []),
        # allowed: attributes of objects (self._x, an Ibis column t._jaar) and dunders
        ({"jbr/store/a.py": "def f(self, t):\n    return self._x, t._jaar\n"}, []),
        ({"jbr/store/a.py": "from . import b\nb.__name__\n", "jbr/store/b.py": ""}, []),
    ],
)
def test_private_names_are_found(tmp_path, files, names):
    _, private = read_package(_write(tmp_path, {**PACKAGES, **files}))
    assert [u.name for u in private] == names
