"""The category tree's reads (selectors/categories.py)."""

from apps.catalog.selectors.categories import category_children
from apps.catalog.tests.factories import make_tree


def test_subtree_counts_selector(db):
    make_tree()
    children = category_children(None)
    assert {c.name: (c.part_count, c.has_children) for c in children} == {
        "Electronics": (3, True),
        "Tools": (0, False),
    }
