"""Reading the permission matrix (apps/*/access_matrix.py) and the project's URL patterns."""

import importlib
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.roles import ROLES

EXCLUDED_PREFIXES = ("admin/", "static/")  # media/ is an app view (behind sign-in): walked
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Sample-object kinds used in "sample" → the model that holds them. The matrix test seeds
# an object of every kind; a kind without one is a failure, never a guessed id.
SAMPLE_KINDS = {
    "part": "catalog.Part",
    "category": "catalog.Category",
    "unit": "catalog.Unit",
    "location": "inventory.Location",
    "stock_item": "inventory.StockItem",
    "movement": "inventory.StockMovement",
    "stocktake": "inventory.Stocktake",
    "supplier": "purchasing.Supplier",
    "supplier_part": "purchasing.SupplierPart",
    "purchase_order": "purchasing.PurchaseOrder",
    "purchase_order_line": "purchasing.PurchaseOrderLine",
    "user": "auth.User",
    "import_job": "imports.ImportJob",
    "import_row": "imports.ImportRow",
    "checkout": "floor.Checkout",
    "attachment": "attachments.Attachment",
}
# An entry's "anonymous": the status an anonymous caller gets instead of the redirect to
# the sign-in page (the JSON API answers 401 itself).
# In an app's ACCESS, "everyone" stands for every role: core, the bottom layer, cannot
# import the roles to say so.
EVERYONE = "everyone"


@dataclass
class Matrix:
    access: dict = field(default_factory=dict)
    public: set = field(default_factory=set)
    sample_kwargs: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


def project_apps():
    root = str(settings.BASE_DIR / "apps")
    return [config for config in apps.get_app_configs() if config.path.startswith(root)]


def load_matrix() -> Matrix:
    matrix = Matrix()
    for config in project_apps():
        try:
            module = importlib.import_module(f"{config.name}.access_matrix")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.access_matrix":
                raise
            continue
        for name, entry in getattr(module, "ACCESS", {}).items():
            if name in matrix.access:
                matrix.problems.append(f"{name!r} is listed twice (again in {module.__name__})")
            for key in entry:
                if key not in METHODS and key not in ("sample", "kwargs", "anonymous"):
                    matrix.problems.append(f"{name!r}: unknown key {key!r} in {module.__name__}")
            entry = dict(entry)
            for method in METHODS:
                if method in entry:
                    entry[method] = roles_of(entry[method], f"{name!r} {method}", matrix.problems)
            matrix.access[name] = entry
            for kind in entry.get("sample", {}).values():
                if kind not in SAMPLE_KINDS:
                    matrix.problems.append(
                        f"{name!r}: unknown sample kind {kind!r} (known: {', '.join(sorted(SAMPLE_KINDS))})"
                    )
        for name in getattr(module, "PUBLIC_URLS", ()):
            if name in matrix.access:
                matrix.problems.append(f"{name!r} is both public and in ACCESS")
            matrix.public.add(name)
        matrix.sample_kwargs.update(getattr(module, "SAMPLE_KWARGS", {}))
    return matrix


def roles_of(value, what: str, problems: list) -> frozenset:
    """The roles an entry names: a collection of role names, or EVERYONE."""
    if value == EVERYONE:
        return frozenset(ROLES)
    if isinstance(value, str):
        problems.append(f"{what}: {value!r} is neither a set of roles nor {EVERYONE!r}")
        return frozenset()
    unknown = set(value) - set(ROLES)
    if unknown:
        problems.append(f"{what}: unknown roles {sorted(unknown)}")
    return frozenset(value)


@dataclass
class Route:
    name: str | None
    route: str  # the pattern, for messages
    callback: object
    kwargs: tuple[str, ...]
    app_module: str


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """Every URL pattern of the project, recursively, except admin and static; names
    are namespaced (`catalog:part_list`), as `reverse` takes them."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.lstrip("^").startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            kwargs = tuple(entry.pattern.regex.groupindex)
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(name, route, entry.callback, kwargs, entry.callback.__module__)


def sample_pk(kind: str):
    """The pk of the first object of this kind in the seeded database.

    LookupError when the kind is unknown, its model does not exist or it has no rows: a
    URL checked against an id that matches nothing would pass its 404 off as a denial."""
    if kind not in SAMPLE_KINDS:
        raise LookupError(
            f"unknown sample kind {kind!r} (known: {', '.join(sorted(SAMPLE_KINDS))})"
        )
    model = apps.get_model(SAMPLE_KINDS[kind])
    pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    if pk is None:
        raise LookupError(f"no {kind} ({SAMPLE_KINDS[kind]}) in the seeded data")
    return pk
