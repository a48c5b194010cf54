"""The category tree: children on demand with subtree counts; create, edit, archive,
delete (views/categories.py)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.models import Category
from apps.catalog.tests.factories import make_category, make_part, make_tree

HX = {"HX-Request": "true"}
CATEGORIES = reverse("catalog:category_list")
NEW_CATEGORY = reverse("catalog:category_create")


def category_url(name: str, category) -> str:
    return reverse(f"catalog:{name}", args=[category.pk])


@pytest.fixture
def tree(db):
    return make_tree()


def counts(response) -> dict[str, str]:
    html = response.content.decode()
    return dict(
        re.findall(
            r'<span class="font-medium[^"]*">([^<]+)</span>.*?data-testid="category-count"[^>]*>(\d+) part',
            html,
            re.S,
        )
    )


def test_roots_with_subtree_counts_expand_on_demand(manager, tree):
    page = manager.get(CATEGORIES)
    assert counts(page) == {"Electronics": "3", "Tools": "0"}
    html = page.content.decode()
    # A category with children opens in place and fetches them once.
    url = category_url("category_children", tree["electronics"])
    assert f'href="{url}" hx-get="{url}"' in html
    assert (
        f'data-tree-toggle aria-expanded="false" aria-controls="category-children-{tree["electronics"].pk}"'
        in html
    )
    assert "<summary" not in html  # no links or forms inside a summary (nested-interactive)
    children = manager.get(url, headers=HX)
    assert b"<html" not in children.content
    assert counts(children) == {"Passives": "2"}
    assert b"<html" in manager.get(url).content  # also a page of its own


def test_children_queries_do_not_depend_on_their_number(manager):
    parent = make_category("Parent")
    make_category("Child 0", parent=parent)
    with CaptureQueriesContext(connection) as few:
        manager.get(category_url("category_children", parent), headers=HX)
    for n in range(1, 20):
        child = make_category(f"Child {n}", parent=parent)
        make_part(category=child)
        make_category("Grandchild", parent=child)
    with CaptureQueriesContext(connection) as many:
        response = manager.get(category_url("category_children", parent), headers=HX)
    assert response.content.count(b'data-testid="category-node"') == 20
    assert len(few) == len(many)


def test_create_a_category(manager, tree):
    response = manager.post(NEW_CATEGORY, {"name": "Capacitors", "parent": tree["passives"].pk})
    assert response.status_code == 302 and response["Location"] == CATEGORIES
    created = Category.objects.get(name="Capacitors")
    assert created.parent == tree["passives"] and created.path.startswith(tree["passives"].path)
    assert created.is_active and created.depth == tree["passives"].depth + 1


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"name": ""}, "name", "required"),
        ({"name": "resistors", "parent": "PASSIVES"}, "name", "already exists"),
        ({"name": "X", "parent": "999999"}, "parent", "valid choice"),
    ],
)
def test_invalid_category_gets_a_field_error(manager, tree, data, field, message):
    if data.get("parent") == "PASSIVES":
        data["parent"] = tree["passives"].pk
    before = Category.objects.count()
    response = manager.post(NEW_CATEGORY, data, headers=HX)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="error_1_category_{field}"' in html and message in html
    assert Category.objects.count() == before


def test_quick_create_from_the_part_form_closes_the_dialog_and_selects_it(manager, tree):
    form = manager.get(NEW_CATEGORY + "?dialog=1", headers={**HX, "HX-Target": "dialog-content"})
    assert b'id="dialog-title"' in form.content and b"data-close-dialog" in form.content
    response = manager.post(
        NEW_CATEGORY + "?dialog=1",
        {"name": "Fuses", "parent": tree["electronics"].pk},
        headers={**HX, "HX-Target": "dialog-content"},
    )
    assert response.status_code == 200
    events = json.loads(response["HX-Trigger"])
    assert "closeDialog" in events and "Fuses" in events["showMessage"]
    assert response["HX-Retarget"] == "#category-field" and response["HX-Reswap"] == "innerHTML"
    fuses = Category.objects.get(name="Fuses")
    assert re.search(rf'<option value="{fuses.pk}"[^>]*selected', response.content.decode())


def test_quick_create_with_a_bad_name_stays_in_the_dialog(manager, tree):
    response = manager.post(
        NEW_CATEGORY + "?dialog=1", {"name": ""}, headers={**HX, "HX-Target": "dialog-content"}
    )
    assert response.status_code == 422
    assert "HX-Retarget" not in response
    assert b'hx-target="#dialog-content"' in response.content


def test_edit_cannot_move_a_category_inside_itself(manager, tree):
    response = manager.post(
        category_url("category_edit", tree["electronics"]),
        {"name": "Electronics", "parent": tree["resistors"].pk},
        headers=HX,
    )
    assert response.status_code == 422
    tree["electronics"].refresh_from_db()
    assert tree["electronics"].parent is None


def test_moving_a_category_moves_its_subtree(manager, tree):
    url = category_url("category_edit", tree["passives"])
    response = manager.post(url, {"name": "Passives", "parent": tree["tools"].pk})
    assert response.status_code == 302 and response["Location"] == CATEGORIES
    tree["resistors"].refresh_from_db()
    assert tree["resistors"].path.startswith(tree["tools"].path)


def test_archive_and_restore(manager, tree):
    archive = category_url("category_archive", tree["tools"])
    response = manager.post(archive, {"active": "0"})
    assert response.status_code == 302 and response["Location"] == CATEGORIES
    tree["tools"].refresh_from_db()
    assert not tree["tools"].is_active
    # Archived categories are not offered for parts.
    new_part_form = manager.get(reverse("catalog:part_create")).content.decode()
    assert f'value="{tree["tools"].pk}"' not in new_part_form
    manager.post(archive, {"active": "1"})
    tree["tools"].refresh_from_db()
    assert tree["tools"].is_active


def test_archive_from_the_tree_refreshes_the_page(manager, tree):
    response = manager.post(
        category_url("category_archive", tree["tools"]), {"active": "0"}, headers=HX
    )
    assert response.status_code == 204 and response["HX-Refresh"] == "true"
    tree["tools"].refresh_from_db()
    assert not tree["tools"].is_active
    assert "Category Tools archived." in manager.get(CATEGORIES).content.decode()


def test_restoring_under_an_archived_parent_is_refused_with_a_message(manager, tree):
    for category in (tree["resistors"], tree["passives"]):
        manager.post(category_url("category_archive", category), {"active": "0"})
    response = manager.post(category_url("category_archive", tree["resistors"]), {"active": "1"})
    assert response["Location"] == CATEGORIES
    tree["resistors"].refresh_from_db()
    assert not tree["resistors"].is_active
    assert "Restore the parent category first." in manager.get(CATEGORIES).content.decode()


def test_deleting_a_category_in_use_is_refused(manager, tree):
    for name, reason in (("resistors", "3 parts"), ("electronics", "1 part and 1 subcategory")):
        response = manager.post(category_url("category_delete", tree[name]))
        assert response.status_code == 409
        assert reason in response.content.decode()
    assert Category.objects.count() == 4


def test_delete_an_unused_category(manager, tree):
    response = manager.post(category_url("category_delete", tree["tools"]))
    assert response.status_code == 302 and response["Location"] == CATEGORIES
    assert not Category.objects.filter(name="Tools").exists()


def test_viewer_may_browse_but_not_change(viewer, tree):
    assert viewer.get(CATEGORIES).status_code == 200
    assert viewer.post(NEW_CATEGORY, {"name": "X"}).status_code == 403
    assert viewer.post(category_url("category_delete", tree["tools"])).status_code == 403
    assert viewer.post(category_url("category_archive", tree["tools"])).status_code == 403
