"""The category tree: children on demand with subtree counts; create, edit, archive, delete."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.catalog import selectors, services
from apps.catalog.models import Category
from apps.catalog.tests.factories import make_category, make_part

HX = {"HX-Request": "true"}


@pytest.fixture
def manager(client, make_user):
    client.force_login(make_user("mia", role="manager"))
    return client


@pytest.fixture
def tree(db):
    electronics = make_category("Electronics")
    passives = make_category("Passives", parent=electronics)
    resistors = make_category("Resistors", parent=passives)
    tools = make_category("Tools")
    make_part("E-1", category=electronics)
    make_part("R-1", category=resistors)
    make_part("R-2", category=resistors)
    make_part("R-3", category=resistors, is_active=False)  # archived parts are not counted
    return {"electronics": electronics, "passives": passives, "resistors": resistors, "tools": tools}


def counts(response) -> dict[str, str]:
    html = response.content.decode()
    return dict(re.findall(r'<span class="font-medium[^"]*">([^<]+)</span>.*?data-testid="category-count"[^>]*>(\d+) part', html, re.S))


def test_roots_with_subtree_counts_expand_on_demand(manager, tree):
    page = manager.get("/categories/")
    assert counts(page) == {"Electronics": "3", "Tools": "0"}
    html = page.content.decode()
    # A category with children opens in place and fetches them once.
    url = f"/categories/{tree['electronics'].pk}/children/"
    assert f'hx-get="{url}" hx-trigger="toggle once"' in html
    assert "<details" in html
    children = manager.get(url, headers=HX)
    assert b"<html" not in children.content
    assert counts(children) == {"Passives": "2"}
    assert b"<html" in manager.get(url).content  # also a page of its own


def test_children_queries_do_not_depend_on_their_number(manager):
    parent = make_category("Parent")
    make_category("Child 0", parent=parent)
    with CaptureQueriesContext(connection) as few:
        manager.get(f"/categories/{parent.pk}/children/", headers=HX)
    for n in range(1, 20):
        child = make_category(f"Child {n}", parent=parent)
        make_part(category=child)
        make_category("Grandchild", parent=child)
    with CaptureQueriesContext(connection) as many:
        response = manager.get(f"/categories/{parent.pk}/children/", headers=HX)
    assert response.content.count(b'data-testid="category-node"') == 20
    assert len(few) == len(many)


def test_create_a_category(manager, tree):
    response = manager.post("/categories/new/", {"name": "Capacitors", "parent": tree["passives"].pk})
    assert response.status_code == 302
    created = Category.objects.get(name="Capacitors")
    assert created.parent == tree["passives"] and created.path.startswith(tree["passives"].path)


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
    response = manager.post("/categories/new/", data, headers=HX)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="error_1_category_{field}"' in html and message in html
    assert Category.objects.count() == before


def test_quick_create_from_the_part_form_closes_the_dialog_and_selects_it(manager, tree):
    form = manager.get("/categories/new/?dialog=1", headers={**HX, "HX-Target": "dialog-content"})
    assert b'id="dialog-title"' in form.content and b"data-close-dialog" in form.content
    response = manager.post(
        "/categories/new/?dialog=1", {"name": "Fuses", "parent": tree["electronics"].pk},
        headers={**HX, "HX-Target": "dialog-content"},
    )
    assert response.status_code == 200
    events = json.loads(response["HX-Trigger"])
    assert "closeDialog" in events and "Fuses" in events["showMessage"]
    assert response["HX-Retarget"] == "#category-field"
    fuses = Category.objects.get(name="Fuses")
    assert re.search(rf'<option value="{fuses.pk}"[^>]*selected', response.content.decode())


def test_quick_create_with_a_bad_name_stays_in_the_dialog(manager, tree):
    response = manager.post("/categories/new/?dialog=1", {"name": ""}, headers={**HX, "HX-Target": "dialog-content"})
    assert response.status_code == 422
    assert "HX-Retarget" not in response
    assert b'hx-target="#dialog-content"' in response.content


def test_edit_cannot_move_a_category_inside_itself(manager, tree):
    response = manager.post(
        f"/categories/{tree['electronics'].pk}/edit/",
        {"name": "Electronics", "parent": tree["resistors"].pk}, headers=HX,
    )
    assert response.status_code == 422
    tree["electronics"].refresh_from_db()
    assert tree["electronics"].parent is None


def test_moving_a_category_moves_its_subtree(manager, tree):
    response = manager.post(f"/categories/{tree['passives'].pk}/edit/", {"name": "Passives", "parent": tree["tools"].pk})
    assert response.status_code == 302
    tree["resistors"].refresh_from_db()
    assert tree["resistors"].path.startswith(tree["tools"].path)


def test_archive_and_restore(manager, tree):
    manager.post(f"/categories/{tree['tools'].pk}/archive/", {"active": "0"})
    tree["tools"].refresh_from_db()
    assert not tree["tools"].is_active
    # Archived categories are not offered for parts.
    assert f'value="{tree["tools"].pk}"' not in manager.get("/parts/new/").content.decode()
    manager.post(f"/categories/{tree['tools'].pk}/archive/", {"active": "1"})
    tree["tools"].refresh_from_db()
    assert tree["tools"].is_active


def test_deleting_a_category_in_use_is_refused(manager, tree):
    for name, reason in (("resistors", "3 parts"), ("electronics", "1 part and 1 subcategory")):
        response = manager.post(f"/categories/{tree[name].pk}/delete/")
        assert response.status_code == 409
        assert reason in response.content.decode()
    assert Category.objects.count() == 4


def test_delete_an_unused_category(manager, tree):
    response = manager.post(f"/categories/{tree['tools'].pk}/delete/")
    assert response.status_code == 302
    assert not Category.objects.filter(name="Tools").exists()


def test_viewer_may_browse_but_not_change(client, make_user, tree):
    client.force_login(make_user("vic", role="viewer"))
    assert client.get("/categories/").status_code == 200
    assert client.post("/categories/new/", {"name": "X"}).status_code == 403
    assert client.post(f"/categories/{tree['tools'].pk}/delete/").status_code == 403
    assert client.post(f"/categories/{tree['tools'].pk}/archive/").status_code == 403


def test_subtree_counts_selector(tree):
    children = selectors.category_children(None)
    assert {c.name: (c.part_count, c.has_children) for c in children} == {
        "Electronics": (3, True), "Tools": (0, False),
    }


def test_archived_parent_takes_no_children(tree):
    services.category_set_active(category=tree["tools"], active=False)
    with pytest.raises(services.CatalogError):
        services.category_create(name="Saws", parent=tree["tools"])
