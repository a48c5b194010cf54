"""The location tree, a location's page, and creating, editing, archiving and deleting
locations (managers only)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.inventory.models import Location, StockItem, StockMovement
from apps.inventory.services import locations as location_services
from apps.inventory.tests.factories import make_location, put_stock
from apps.inventory.tests.views.assertions import (
    HX,
    HX_RESULTS,
    assert_fragment_of,
    count_queries,
    stock_rows_of,
)


def detail_url(location) -> str:
    return reverse("inventory:location_detail", args=[location.pk])


# --- location tree ----------------------------------------------------------------------


def test_tree_lists_roots_with_subtree_counts(admin_client_user, tree):
    client, _ = admin_client_user
    response = client.get(reverse("inventory:location_tree"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-code="SITE"' in html and 'data-code="ELSE"' in html
    assert 'data-code="A1"' not in html  # children load when opened
    assert "4 records · 2 parts" in html  # SITE's whole subtree
    children = reverse("inventory:location_children", args=[tree["site"].pk])
    assert 'aria-expanded="false"' in html and f'hx-get="{children}"' in html


def test_children_fragment_and_page(admin_client_user, tree):
    client, _ = admin_client_user
    url = reverse("inventory:location_children", args=[tree["a"].pk])
    fragment = client.get(url, **HX)
    page = client.get(url)
    assert fragment.status_code == page.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert (
        'data-code="A1"' in fragment.content.decode()
        and 'data-code="A2"' in fragment.content.decode()
    )
    assert "2 records · 2 parts" in fragment.content.decode()  # A2: two parts
    assert "<html" in page.content.decode() and "Inside" in page.content.decode()
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in page["Vary"]
    assert len(fragment.content) * 3 < len(page.content)


def test_subtree_counts_query_count_is_constant(admin_client_user, tree):
    client, _ = admin_client_user
    url = reverse("inventory:location_tree")
    few = count_queries(client, url)
    for index in range(20):
        make_location(f"X{index}")
    assert count_queries(client, url) == few


def test_cached_counts_follow_stock_changes(
    admin_client_user, tree, django_capture_on_commit_callbacks
):
    """Counts are cached per stock version: a new stock record or a move shows at once."""
    client, _ = admin_client_user
    url = reverse("inventory:location_tree")
    assert "4 records · 2 parts" in client.get(url).content.decode()
    put_stock(make_part(), tree["b"], "1")
    assert "5 records · 3 parts" in client.get(url).content.decode()
    # Moving ELSE under SITE (through the service) moves its counts too: no new id, the
    # location services' version counter makes the cached counts stale.
    put_stock(make_part(), tree["else"], "1")
    assert "1 record · 1 part" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        location_services.location_update(
            location=tree["else"], code="ELSE", name="Else", parent=tree["site"]
        )
    html = client.get(url).content.decode()
    assert "6 records · 4 parts" in html and html.count('data-testid="location-node"') == 1


def test_moving_a_location_refreshes_cached_sibling_counts(
    admin_client_user, tree, django_capture_on_commit_callbacks
):
    client, _ = admin_client_user
    url = reverse("inventory:location_children", args=[tree["site"].pk])
    html = client.get(url, **HX).content.decode()
    assert "3 records · 2 parts" in html and "1 record · 1 part" in html  # A, B
    with django_capture_on_commit_callbacks(execute=True):
        location_services.location_update(
            location=tree["a1"], code="A1", name="A1", parent=tree["b"]
        )
    html = client.get(url, **HX).content.decode()
    assert "2 records · 2 parts" in html and "2 records · 2 parts" in html.split('data-code="B"')[1]


# --- location page ------------------------------------------------------------------------


def test_location_page_shows_subtree_stock_and_header(admin_client_user, tree):
    client, _ = admin_client_user
    response = client.get(detail_url(tree["a"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert stock_rows_of(response) == 3  # A1 and A2, not B
    history = reverse("audit:record_history", args=["inventory.location", tree["a"].pk])
    assert f'href="{history}"' in html
    assert "data-actions" in html and "Select rows to move" in html
    selecting = client.get(detail_url(tree["a"]), {"select": "1"}).content.decode()
    assert selecting.count('name="selected"') == 3
    assert "SITE</a>" in html  # breadcrumb
    # value: 10*2.5 + 5*2.5 + 0 = 37.50
    assert "37.50" in html


def test_location_page_search_sort_and_fragment(admin_client_user, tree):
    client, _ = admin_client_user
    url = detail_url(tree["site"])
    response = client.get(url, {"q": "lot7"})
    assert stock_rows_of(response) == 1
    response = client.get(url, {"sort": "-quantity"}, **HX_RESULTS)
    html = response.content.decode()
    assert "<html" not in html and 'id="results"' in html
    assert html.index(">10 pcs<") < html.index(">5 pcs<") < html.index(">3 pcs<")
    page = client.get(url)
    assert_fragment_of(response, page)


def test_location_page_queries_constant(admin_client_user, tree):
    client, _ = admin_client_user
    loc = tree["b"]
    url = detail_url(loc) + "?per_page=50"
    few = count_queries(client, url)
    for _ in range(45):
        put_stock(make_part(), loc)
    assert count_queries(client, url) == few
    assert count_queries(client, url, **HX) <= few


def test_location_value_follows_quantity_changes(admin_client_user, tree):
    client, _ = admin_client_user
    url = detail_url(tree["b"])
    assert "7.50" in client.get(url).content.decode()  # 3 × 2.50
    item = tree["n_b"]
    StockMovement.objects.create(
        kind="receive",
        stock_item=item,
        part=item.part,
        location=item.location,
        quantity=Decimal(1),
        quantity_after=Decimal(4),
    )
    StockItem.objects.filter(pk=item.pk).update(quantity=Decimal(4))
    assert "10.00" in client.get(url).content.decode()


@pytest.mark.parametrize("params", [{"sort": "price"}, {"page": "two"}, {"per_page": "1000"}])
def test_location_page_and_part_tabs_bad_params_are_400(admin_client_user, tree, params):
    client, _ = admin_client_user
    assert client.get(detail_url(tree["a"]), params, **HX).status_code == 400
    assert (
        client.get(reverse("inventory:part_stock_tab", args=[tree["p1"].pk]), params).status_code
        == 400
    )
    assert (
        client.get(
            reverse("inventory:part_movements_tab", args=[tree["p1"].pk]), params
        ).status_code
        == 400
    )


def test_unknown_location_or_part_is_404(admin_client_user, tree):
    client, _ = admin_client_user
    for url in [
        reverse("inventory:location_detail", args=[999999]),
        reverse("inventory:location_children", args=[999999]),
        reverse("inventory:location_edit", args=[999999]),
        reverse("inventory:part_movements_tab", args=[999999]),
    ]:
        assert client.get(url).status_code == 404, url


# --- permissions (browsing is for everyone signed in; forms for managers) ---------------


def test_viewer_can_browse_but_not_edit(viewer, tree):
    for url in [
        reverse("inventory:location_tree"),
        detail_url(tree["a"]),
        reverse("inventory:stock_list"),
        reverse("inventory:movement_list"),
        reverse("inventory:part_stock_tab", args=[tree["p1"].pk]),
        reverse("inventory:part_movements_tab", args=[tree["p1"].pk]),
        reverse("inventory:location_children", args=[tree["a"].pk]),
    ]:
        assert viewer.get(url).status_code == 200, url
    assert viewer.get(reverse("inventory:location_create")).status_code == 403
    assert viewer.get(reverse("inventory:location_edit", args=[tree["a"].pk])).status_code == 403
    assert (
        viewer.post(reverse("inventory:location_archive", args=[tree["a"].pk])).status_code == 403
    )
    assert viewer.post(reverse("inventory:location_delete", args=[tree["b"].pk])).status_code == 403
    assert Location.objects.filter(pk=tree["b"].pk, is_active=True).exists()
    assert "New location" not in viewer.get(reverse("inventory:location_tree")).content.decode()
    assert StockItem.objects.count() == 4


def test_clerk_cannot_manage_locations(clerk, places):
    assert clerk.post(reverse("inventory:location_create"), valid()).status_code == 403
    assert clerk.get(reverse("inventory:location_code_check"), {"code": "x"}).status_code == 403
    assert not Location.objects.filter(code="NEW1").exists()


# --- creating and editing -------------------------------------------------------------


@pytest.fixture
def places(db):
    site = make_location("SITE")
    shelf = make_location("SH1", parent=site)
    bin_ = make_location("BIN1", parent=shelf)
    return {"site": site, "shelf": shelf, "bin": bin_}


def valid(**overrides):
    data = {"code": "NEW1", "name": "New shelf", "parent": "", "description": ""}
    data.update(overrides)
    return data


def test_create_location_under_a_parent(manager, places):
    response = manager.post(reverse("inventory:location_create"), valid(parent="site"))
    created = Location.objects.get(code="NEW1")
    assert response.status_code == 302 and response["Location"] == detail_url(created)
    assert (
        created.name == "New shelf"
        and created.description == ""
        and not created.allow_negative_stock
    )
    assert created.parent == places["site"] and created.path.startswith(places["site"].path)


def test_create_by_htmx_redirects_with_header(manager, places):
    response = manager.post(reverse("inventory:location_create"), valid(), **HX)
    assert response.status_code == 204
    created = Location.objects.get(code="NEW1")
    assert response["HX-Redirect"] == detail_url(created)
    assert created.name == "New shelf" and created.parent is None


def test_create_form_page_and_prefilled_parent(manager, places):
    response = manager.get(reverse("inventory:location_create"), {"parent": "SH1"})
    assert response.status_code == 200
    assert 'value="SH1"' in response.content.decode()


@pytest.mark.parametrize(
    "data, field",
    [
        (valid(code=""), "code"),
        (valid(code="site"), "code"),  # taken, case-insensitively
        (valid(code="HAS SPACE"), "code"),
        (valid(code="X" * 40), "code"),
        (valid(name=""), "name"),
        (valid(parent="NOWHERE"), "parent"),
    ],
)
def test_invalid_create_is_422_with_field_error_and_saves_nothing(manager, places, data, field):
    before = Location.objects.count()
    response = manager.post(reverse("inventory:location_create"), data, **HX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" not in html  # the form fragment only
    assert f'id="error_1_id_{field}"' in html  # the message sits next to its field
    form = response.context["form"]
    assert field in form.errors
    assert Location.objects.count() == before


def test_archived_parent_is_refused(manager, places):
    Location.objects.filter(pk=places["bin"].pk).update(is_active=False)
    response = manager.post(reverse("inventory:location_create"), valid(parent="BIN1"))
    assert response.status_code == 422 and "parent" in response.context["form"].errors
    assert not Location.objects.filter(code="NEW1").exists()


def test_edit_moves_subtree(manager, places):
    other = make_location("OTHER")
    shelf = places["shelf"]
    response = manager.post(
        reverse("inventory:location_edit", args=[shelf.pk]),
        valid(code="SH1", name="Shelf", parent="OTHER"),
    )
    assert response.status_code == 302 and response["Location"] == detail_url(shelf)
    shelf.refresh_from_db()
    assert (shelf.name, shelf.parent) == ("Shelf", other)
    places["bin"].refresh_from_db()
    assert places["bin"].path.startswith(other.path)


@pytest.mark.parametrize("target", ["shelf", "bin"])
def test_cannot_move_under_itself(manager, places, target):
    code = places[target].code
    url = reverse("inventory:location_edit", args=[places["shelf"].pk])
    response = manager.post(url, valid(code="SH1", name="Shelf", parent=code), **HX)
    assert response.status_code == 422
    assert "inside itself" in response.context["form"].errors["parent"][0]
    places["shelf"].refresh_from_db()
    assert places["shelf"].parent == places["site"]


def test_edit_keeps_own_code_but_refuses_anothers(manager, places):
    url = reverse("inventory:location_edit", args=[places["shelf"].pk])
    response = manager.post(url, valid(code="sh1", name="Shelf one", parent="SITE"))
    assert response.status_code == 302 and response["Location"] == detail_url(places["shelf"])
    response = manager.post(url, valid(code="Bin1", name="Shelf one", parent="SITE"))
    assert (
        response.status_code == 422 and "already used" in response.context["form"].errors["code"][0]
    )
    places["shelf"].refresh_from_db()
    assert places["shelf"].code == "sh1"


def test_code_check_on_leaving_the_field(manager, places):
    check = reverse("inventory:location_code_check")
    taken = manager.get(check, {"code": "bin1"}, **HX).content.decode()
    assert "already used by BIN1" in taken
    own = manager.get(check, {"code": "bin1", "location": places["bin"].pk}, **HX)
    assert "is free" in own.content.decode()
    form = manager.get(reverse("inventory:location_edit", args=[places["bin"].pk])).content.decode()
    assert f'hx-get="{check}"' in form and "change from:#id_code" in form


# --- archiving and deleting -----------------------------------------------------------


def test_archive_subtree_keeps_history_and_restore(manager, places):
    shelf = places["shelf"]
    item = put_stock(make_part(), places["bin"], "0")
    response = manager.post(reverse("inventory:location_archive", args=[shelf.pk]), **HX)
    assert response.status_code == 204 and response["HX-Redirect"] == detail_url(shelf)
    assert not Location.objects.filter(path__startswith=shelf.path, is_active=True).exists()
    assert item.movements.count() == 1  # the ledger is untouched
    # A child cannot be restored while its parent is archived.
    response = manager.post(
        reverse("inventory:location_archive", args=[places["bin"].pk]), {"restore": "1"}, **HX
    )
    assert response.status_code == 422 and "Restore SH1 first" in response.content.decode()
    response = manager.post(
        reverse("inventory:location_archive", args=[shelf.pk]), {"restore": "1"}
    )
    assert response.status_code == 302 and response["Location"] == detail_url(shelf)
    assert Location.objects.get(pk=shelf.pk).is_active


def test_archive_refused_while_holding_stock(manager, places):
    put_stock(make_part(), places["bin"], "4")
    response = manager.post(reverse("inventory:location_archive", args=[places["site"].pk]), **HX)
    assert response.status_code == 422
    assert "still holds stock" in response.content.decode()
    assert Location.objects.filter(is_active=False).count() == 0


def test_delete_unused_location(manager, places):
    response = manager.post(reverse("inventory:location_delete", args=[places["bin"].pk]))
    assert response.status_code == 302 and response["Location"] == detail_url(places["shelf"])
    assert not Location.objects.filter(code="BIN1").exists()


@pytest.mark.parametrize("used_by", ["children", "stock"])
def test_delete_location_in_use_is_refused(manager, places, used_by):
    target = places["shelf"] if used_by == "children" else places["bin"]
    if used_by == "stock":
        put_stock(make_part(), target, "0")
    url = reverse("inventory:location_delete", args=[target.pk])
    response = manager.post(url, **HX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "cannot be deleted because" in html and "Archive it instead" in html
    assert Location.objects.filter(pk=target.pk).exists()
    # Without JavaScript the whole edit page comes back with the reason.
    page = manager.post(url)
    assert page.status_code == 422 and "<html" in page.content.decode()
