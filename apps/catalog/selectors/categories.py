"""Read-side queries of the category tree and the category choices of the parts list."""

from django.db.models import Count, Exists, OuterRef

from apps.catalog.models import Category, Part


def category_choices() -> list[tuple[int, str, int, str, bool]]:
    """Every category as (id, name, depth, path, is_active), in tree order: one query."""
    return list(
        Category.objects.order_by("path").values_list("id", "name", "depth", "path", "is_active")
    )


PATH_SEPARATOR = " / "


def category_paths() -> dict[int, str]:
    """Every category's full path by id ("Electronics / Passives / Resistors"): one query.

    A leaf's name alone is ambiguous ("Small" under Screws and under Gloves)."""
    rows = list(Category.objects.order_by("path").values_list("id", "name", "parent_id"))
    paths: dict[int, str] = {}
    for pk, name, parent_id in rows:  # tree order: a parent comes before its children
        parent = paths.get(parent_id)
        paths[pk] = f"{parent}{PATH_SEPARATOR}{name}" if parent else name
    return paths


def category_ancestors(category: Category) -> list[Category]:
    return [*list(category.ancestors()), category]


def active_part_counts_by_subtree(
    categories: list[Category], *, within: str = ""
) -> dict[int, int]:
    """Active parts in each given category's subtree, in one grouped query.

    Counts active parts per category once (one grouped query) and adds the counts up
    along the materialized paths in Python.
    """
    if not categories:
        return {}
    parts = Part.objects.filter(is_active=True)
    if within:
        parts = parts.filter(category__path__startswith=within)
    per_path = list(
        parts.order_by()
        .values("category__path")
        .annotate(n=Count("pk"))
        .values_list("category__path", "n")
    )
    totals = {}
    for category in categories:
        totals[category.pk] = sum(n for path, n in per_path if path.startswith(category.path))
    return totals


def category_children(parent: Category | None) -> list[Category]:
    """The children of `parent` (roots when None), with `part_count` (subtree, active
    parts) and `has_children` set. Three queries whatever the number of children."""
    children = list(
        Category.objects.filter(parent=parent)
        .annotate(has_children=Exists(Category.objects.filter(parent=OuterRef("pk"))))
        .order_by("name")
    )
    counts = active_part_counts_by_subtree(children, within=parent.path if parent else "")
    for child in children:
        child.part_count = counts.get(child.pk, 0)
    return children
