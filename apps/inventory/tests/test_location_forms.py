"""Creating, editing, archiving and deleting locations (managers only)."""

import pytest

from apps.inventory import location_services
from apps.inventory.models import Location
from apps.inventory.tests import browsing_factories as make

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    make.clear_cache()


@pytest.fixture
def manager(client, make_user):
    client.force_login(make_user("boss-of-stock", role="manager"))
    return client


@pytest.fixture
def places(db):
    site = make.location("SITE")
    shelf = make.location("SH1", parent=site)
    bin_ = make.location("BIN1", parent=shelf)
    return {"site": site, "shelf": shelf, "bin": bin_}


def valid(**overrides):
    data = {"code": "NEW1", "name": "New shelf", "parent": "", "description": ""}
    data.update(overrides)
    return data


def test_create_location_under_a_parent(manager, places):
    response = manager.post("/locations/new/", valid(parent="site"))
    created = Location.objects.get(code="NEW1")
    assert response.status_code == 302 and response["Location"] == f"/locations/{created.pk}/"
    assert created.parent == places["site"] and created.path.startswith(places["site"].path)


def test_create_by_htmx_redirects_with_header(manager, places):
    response = manager.post("/locations/new/", valid(), **HX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/locations/{Location.objects.get(code='NEW1').pk}/"


def test_create_form_page_and_prefilled_parent(manager, places):
    response = manager.get("/locations/new/", {"parent": "SH1"})
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
    response = manager.post("/locations/new/", data, **HX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" not in html  # the form fragment only
    assert f'id="error_1_id_{field}"' in html  # the message sits next to its field
    form = response.context["form"]
    assert field in form.errors
    assert Location.objects.count() == before


def test_archived_parent_is_refused(manager, places):
    Location.objects.filter(pk=places["bin"].pk).update(is_active=False)
    response = manager.post("/locations/new/", valid(parent="BIN1"))
    assert response.status_code == 422 and "parent" in response.context["form"].errors


def test_edit_moves_subtree(manager, places):
    other = make.location("OTHER")
    response = manager.post(f"/locations/{places['shelf'].pk}/edit/", valid(code="SH1", name="Shelf", parent="OTHER"))
    assert response.status_code == 302
    places["bin"].refresh_from_db()
    assert places["bin"].path.startswith(other.path)


@pytest.mark.parametrize("target", ["shelf", "bin"])
def test_cannot_move_under_itself(manager, places, target):
    code = places[target].code
    response = manager.post(f"/locations/{places['shelf'].pk}/edit/", valid(code="SH1", name="Shelf", parent=code), **HX)
    assert response.status_code == 422
    assert "inside itself" in response.context["form"].errors["parent"][0]
    places["shelf"].refresh_from_db()
    assert places["shelf"].parent == places["site"]


def test_edit_keeps_own_code_but_refuses_anothers(manager, places):
    url = f"/locations/{places['shelf'].pk}/edit/"
    assert manager.post(url, valid(code="sh1", name="Shelf one", parent="SITE")).status_code == 302
    response = manager.post(url, valid(code="Bin1", name="Shelf one", parent="SITE"))
    assert response.status_code == 422 and "already used" in response.context["form"].errors["code"][0]
    places["shelf"].refresh_from_db()
    assert places["shelf"].code == "sh1"


def test_code_check_on_leaving_the_field(manager, places):
    taken = manager.get("/locations/check-code/", {"code": "bin1"}, **HX).content.decode()
    assert "already used by BIN1" in taken
    own = manager.get("/locations/check-code/", {"code": "bin1", "location": places["bin"].pk}, **HX)
    assert "is free" in own.content.decode()
    form = manager.get(f"/locations/{places['bin'].pk}/edit/").content.decode()
    assert 'hx-get="/locations/check-code/"' in form and "change from:#id_code" in form


def test_archive_subtree_keeps_history_and_restore(manager, places):
    item = make.stock(make.part(), places["bin"], "0")
    response = manager.post(f"/locations/{places['shelf'].pk}/archive/", **HX)
    assert response.status_code == 204 and response["HX-Redirect"] == f"/locations/{places['shelf'].pk}/"
    assert not Location.objects.filter(path__startswith=places["shelf"].path, is_active=True).exists()
    assert item.movements.count() == 1  # the ledger is untouched
    # A child cannot be restored while its parent is archived.
    response = manager.post(f"/locations/{places['bin'].pk}/archive/", {"restore": "1"}, **HX)
    assert response.status_code == 422 and "Restore SH1 first" in response.content.decode()
    assert manager.post(f"/locations/{places['shelf'].pk}/archive/", {"restore": "1"}).status_code == 302
    assert Location.objects.get(pk=places["shelf"].pk).is_active


def test_archive_refused_while_holding_stock(manager, places):
    make.stock(make.part(), places["bin"], "4")
    response = manager.post(f"/locations/{places['site'].pk}/archive/", **HX)
    assert response.status_code == 422
    assert "still holds stock" in response.content.decode()
    assert Location.objects.filter(is_active=False).count() == 0


def test_delete_unused_location(manager, places):
    response = manager.post(f"/locations/{places['bin'].pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/locations/{places['shelf'].pk}/"
    assert not Location.objects.filter(code="BIN1").exists()


@pytest.mark.parametrize("used_by", ["children", "stock"])
def test_delete_location_in_use_is_refused(manager, places, used_by):
    target = places["shelf"] if used_by == "children" else places["bin"]
    if used_by == "stock":
        make.stock(make.part(), target, "0")
    response = manager.post(f"/locations/{target.pk}/delete/", **HX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "cannot be deleted because" in html and "Archive it instead" in html
    assert Location.objects.filter(pk=target.pk).exists()
    # Without JavaScript the whole edit page comes back with the reason.
    page = manager.post(f"/locations/{target.pk}/delete/")
    assert page.status_code == 422 and "<html" in page.content.decode()


def test_service_refuses_duplicate_code_race(places):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        location_services.location_create(code="Site", name="Again")
    assert "code" in error.value.message_dict


def test_clerk_cannot_manage_locations(client, make_user, places):
    client.force_login(make_user("clerk1", role="clerk"))
    assert client.post("/locations/new/", valid()).status_code == 403
    assert client.get("/locations/check-code/", {"code": "x"}).status_code == 403
    assert not Location.objects.filter(code="NEW1").exists()
