"""The kinds of import, by their ImportKind value."""

from apps.imports.kinds.base import ERROR_KINDS, Kind
from apps.imports.kinds.parts import PartsKind
from apps.imports.kinds.purchasing import PriceListsKind, SuppliersKind
from apps.imports.kinds.stock import StockKind
from apps.imports.kinds.trees import CategoriesKind, LocationsKind

KINDS: dict[str, Kind] = {
    kind.kind: kind
    for kind in (
        PartsKind(),
        CategoriesKind(),
        LocationsKind(),
        StockKind(),
        SuppliersKind(),
        PriceListsKind(),
    )
}


def kinds_for(user) -> list[Kind]:
    """The kinds this user may import."""
    return [kind for kind in KINDS.values() if user.has_perm(kind.permission)]


__all__ = ["ERROR_KINDS", "KINDS", "Kind", "kinds_for"]
