"""Imports between the apps point down the layers, never up, sideways or in a circle.

Bottom to top: core · accounts · audit · catalog · inventory · purchasing · then dashboard,
demo and imports, which combine the others (all top: each may import everything below, not the
others). An app imports its own modules and those of lower apps, nothing else. Every
`.py` under apps/ is read (with `ast`, nothing is imported), except migrations and tests:
a test may need records of a higher app (the history of a part, the permission matrix
over every URL), and what it imports never ships.

No function-level `import apps...` either: an import hidden in a function to dodge a
cycle is a dependency pointing the wrong way. The one exception is an AppConfig.ready()
importing its own app (signal handlers connected once the registry is ready).
"""

import ast
from collections import Counter
from pathlib import Path

from django.conf import settings

LAYERS = (
    ("core",),
    ("accounts",),
    ("audit",),
    ("attachments",),
    ("catalog",),
    ("inventory",),
    ("purchasing",),
    ("dashboard", "demo", "api", "imports", "notices", "reports", "labels", "floor"),
)
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
APPS_DIR = Path(settings.BASE_DIR) / "apps"
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def source_files():
    for path in sorted(APPS_DIR.rglob("*.py")):
        parts = path.relative_to(APPS_DIR).parts
        if "migrations" in parts or "tests" in parts or "__pycache__" in parts:
            continue
        yield path, parts


def module_of(parts: tuple[str, ...]) -> list[str]:
    """`("catalog", "views", "parts.py")` → `["apps", "catalog", "views", "parts"]`."""
    names = ["apps", *parts[:-1]]
    if parts[-1] != "__init__.py":
        names.append(parts[-1].removesuffix(".py"))
    return names


def imported_modules(node: ast.AST, module: list[str], is_package: bool) -> list[str]:
    """The absolute names an import statement brings in (`from apps import catalog` names
    `apps.catalog`)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: resolved against the importing module's package
        package = module if is_package else module[:-1]
        base = package[: len(package) - node.level + 1]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    if prefix == "apps":
        return [f"apps.{alias.name}" for alias in node.names]
    return [prefix]


def app_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "apps" else None


def enclosing(node: ast.AST, parents: dict) -> list[ast.AST]:
    chain = []
    while node in parents:
        node = parents[node]
        chain.append(node)
    return chain


def is_app_config_ready(chain: list[ast.AST]) -> bool:
    """Directly inside `def ready(self)` of a class deriving from AppConfig."""
    functions = [node for node in chain if isinstance(node, FUNCTIONS)]
    if (
        len(functions) != 1
        or not isinstance(functions[0], ast.FunctionDef)
        or functions[0].name != "ready"
    ):
        return False
    owner = (
        chain[chain.index(functions[0]) + 1] if chain.index(functions[0]) + 1 < len(chain) else None
    )
    return isinstance(owner, ast.ClassDef) and any(
        (isinstance(base, ast.Name) and base.id == "AppConfig")
        or (isinstance(base, ast.Attribute) and base.attr == "AppConfig")
        for base in owner.bases
    )


def scan():
    """(edges Counter {(from app, to app): imports}, problems)."""
    edges, problems = Counter(), []
    for path, parts in source_files():
        app = parts[0]
        if app.endswith(".py"):
            continue  # apps/__init__.py
        where = path.relative_to(APPS_DIR.parent)
        if app not in RANK:
            problems.append(f"{where}: app {app!r} is in no layer (add it to LAYERS)")
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        parents = {
            child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)
        }
        module = module_of(parts)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for name in imported_modules(node, module, parts[-1] == "__init__.py"):
                target = app_of(name)
                if target is None:
                    continue
                line = f"{where}:{node.lineno}: imports {name}"
                chain = enclosing(node, parents)
                if any(isinstance(outer, FUNCTIONS) for outer in chain) and not (
                    target == app and is_app_config_ready(chain)
                ):
                    problems.append(f"{line} inside a function (move it to the top of the module)")
                if target == app:
                    continue
                edges[(app, target)] += 1
                if target not in RANK:
                    problems.append(f"{line}: no such app in LAYERS")
                elif RANK[target] >= RANK[app]:
                    way = "sideways" if RANK[target] == RANK[app] else "up"
                    problems.append(f"{line}: points {way} ({app} → {target})")
    return edges, problems


def edge_list(edges: Counter) -> str:
    return "\n".join(
        f"  {source} → {target} ({count})"
        for (source, target), count in sorted(
            edges.items(), key=lambda item: (RANK.get(item[0][0], 99), item[0])
        )
    )


def test_imports_point_down_the_layers():
    edges, problems = scan()
    assert edges, "no imports between apps found: is APPS_DIR right?"
    assert not problems, (
        f"{len(problems)} import(s) break the layers "
        f"({' · '.join(', '.join(layer) for layer in LAYERS)}):\n"
        + "\n".join(problems)
        + "\n\nImports between apps (from → to, count):\n"
        + edge_list(edges)
    )


def test_the_checker_sees_what_it_should():
    """The parser itself: upward, relative and function-level imports are recognised."""
    source = (
        "from apps import catalog\n"
        "from . import selectors\n"
        "from ..models import Part\n"
        "def view():\n"
        "    from apps.inventory.models import Location\n"
    )
    tree = ast.parse(source)
    module = ["apps", "catalog", "views", "parts"]
    found = [
        name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for name in imported_modules(node, module, False)
    ]
    assert found == [
        "apps.catalog",
        "apps.catalog.views",
        "apps.catalog.models",
        "apps.inventory.models",
    ]
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    inner = tree.body[-1].body[0]
    assert any(isinstance(node, FUNCTIONS) for node in enclosing(inner, parents))
    ready = ast.parse("class C(AppConfig):\n    def ready(self):\n        from apps.x import y\n")
    parents = {
        child: parent for parent in ast.walk(ready) for child in ast.iter_child_nodes(parent)
    }
    assert is_app_config_ready(enclosing(ready.body[0].body[0].body[0], parents))
