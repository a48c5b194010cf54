"""Writes to the category tree (services/categories.py)."""

import pytest

from apps.catalog.models import Category
from apps.catalog.services.categories import category_create, category_set_active, category_update
from apps.catalog.services.parts import CatalogError
from apps.catalog.tests.factories import make_tree


@pytest.fixture
def tree(db):
    return make_tree()


def test_archived_parent_takes_no_children(tree):
    category_set_active(category=tree["tools"], active=False)
    with pytest.raises(CatalogError) as refused:
        category_create(name="Saws", parent=tree["tools"])
    assert refused.value.field == "parent"


def test_a_category_is_not_placed_inside_itself(tree):
    with pytest.raises(CatalogError) as refused:
        category_update(category=tree["electronics"], name="Electronics", parent=tree["resistors"])
    assert (refused.value.field, refused.value.message) == (
        "parent",
        "A category cannot be placed inside itself.",
    )


def test_text_limits_a_category_description_is_at_most_2000_characters(db):
    with pytest.raises(CatalogError) as refused:
        category_create(name="Long", description="x" * 2001)
    assert refused.value.field == "description"
    assert not Category.objects.filter(name="Long").exists()
