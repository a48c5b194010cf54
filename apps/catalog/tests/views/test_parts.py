"""A part's page, the part form (validation as you go, images), archive and delete
(views/parts.py)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.catalog.forms import parts as part_forms
from apps.catalog.models import Part
from apps.catalog.tests.factories import make_category, make_location, make_part, put_movement

HX = {"HX-Request": "true"}
NEW_PART = reverse("catalog:part_create")
VALIDATE = reverse("catalog:part_validate")


def part_url(name: str, part) -> str:
    return reverse(f"catalog:{name}", args=[part.pk])


def image_file(fmt="PNG", name="photo.png", size=(4, 4)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def valid_data(category_obj, **overrides) -> dict:
    data = {
        "sku": "NEW-1",
        "name": "New part",
        "category": category_obj.pk,
        "unit": "pcs",
        "barcode": "",
        "description": "",
        "reorder_point": "5",
        "reorder_quantity": "10",
        "unit_cost": "1.25",
        "default_location_code": "",
        "notes": "",
    }
    data.update(overrides)
    return data


# --- the part page ------------------------------------------------------------------


def test_part_page_header_and_tabs(manager):
    top = make_category("Electronics")
    leaf = make_category("Resistors", parent=top)
    shelf = make_location("A-1", name="Shelf A")
    part = make_part(
        "R-1",
        name="Resistor",
        category=leaf,
        barcode="4000",
        unit_cost="2.5",
        quantity_on_hand=4,
        reorder_point=10,
        default_location=shelf,
    )
    html = manager.get(part.get_absolute_url()).content.decode()
    assert "Electronics" in html and "Resistors" in html  # the category path
    assert "4000" in html and "Shelf A" in html
    assert ">10.00<" in html  # stock value 4 × 2.5
    assert 'role="tablist"' in html and 'role="tabpanel"' in html
    for url in (
        reverse("inventory:part_stock_tab", args=[part.pk]),
        reverse("inventory:part_movements_tab", args=[part.pk]),
        reverse("purchasing:part_suppliers", args=[part.pk]),
        reverse("audit:record_history", args=["catalog.part", part.pk]),
    ):
        assert f'href="{url}" hx-get="{url}"' in html  # each tab is a real link, loaded on demand


def test_unknown_part_is_404(manager, db):
    assert manager.get(reverse("catalog:part_detail", args=[999999])).status_code == 404
    assert manager.get(reverse("catalog:part_edit", args=[999999])).status_code == 404


# --- create and edit ----------------------------------------------------------------


def test_create_a_part(manager):
    category = make_category()
    make_location("B-7")
    response = manager.post(NEW_PART, valid_data(category, default_location_code="b-7"), headers=HX)
    assert response.status_code == 204
    part = Part.objects.get(sku="NEW-1")
    assert response["HX-Redirect"] == reverse("catalog:part_detail", args=[part.pk])
    assert part.default_location.code == "B-7" and part.reorder_point == Decimal("5")
    assert part.barcode is None  # empty barcodes do not collide with each other


def test_create_without_javascript_redirects_to_the_new_part(manager):
    category = make_category()
    response = manager.post(NEW_PART, valid_data(category, barcode="4006381333931"))
    assert response.status_code == 302
    part = Part.objects.get()
    assert response["Location"] == reverse("catalog:part_detail", args=[part.pk])
    assert (part.sku, part.name, part.category, part.unit_id, part.barcode) == (
        "NEW-1",
        "New part",
        category,
        "pcs",
        "4006381333931",
    )
    assert (part.reorder_point, part.reorder_quantity, part.unit_cost) == (
        Decimal("5"),
        Decimal("10"),
        Decimal("1.25"),
    )
    assert part.default_location is None and part.is_active and part.quantity_on_hand == 0
    assert "Part NEW-1 created." in manager.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("sku", "", "required"),
        ("sku", "taken-1", "already used"),  # case-insensitive
        ("barcode", "999", "already used"),
        ("name", "", "required"),
        ("category", "", "required"),
        ("category", "999999", "valid choice"),
        ("unit", "parsecs", "valid choice"),
        ("reorder_point", "-1", "greater than or equal"),
        ("reorder_point", "abc", "number"),
        ("reorder_quantity", "-3", "greater than or equal"),
        ("unit_cost", "1.123456", "decimal places"),
        ("default_location_code", "NOWHERE", "No location"),
    ],
)
def test_every_invalid_input_gets_a_field_error_and_nothing_is_saved(
    manager, field, value, message
):
    category = make_category()
    make_part("TAKEN-1", barcode="999", category=category)
    before = Part.objects.count()
    response = manager.post(NEW_PART, valid_data(category, **{field: value}), headers=HX)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="error_1_id_{field}"' in html and message in html
    assert 'aria-invalid="true"' in html
    assert 'value="New part"' in html or field == "name"  # what was typed is kept
    assert Part.objects.count() == before


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: image_file("GIF", "anim.gif"), "PNG, JPEG or WebP"),
        (
            lambda: SimpleUploadedFile(
                "fake.png", b"not an image at all", content_type="image/png"
            ),
            "image",
        ),
    ],
)
def test_bad_images_are_refused(manager, upload, message):
    category = make_category()
    response = manager.post(NEW_PART, {**valid_data(category), "image": upload()}, headers=HX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Part.objects.exists()


def test_image_over_5_mb_is_refused(manager, monkeypatch):
    monkeypatch.setattr(part_forms, "MAX_IMAGE_BYTES", 100)
    category = make_category()
    response = manager.post(
        NEW_PART, {**valid_data(category), "image": image_file(size=(64, 64))}, headers=HX
    )
    assert response.status_code == 422
    assert "larger than 5 MB" in response.content.decode()


@pytest.mark.parametrize("fmt, name", [("PNG", "a.png"), ("JPEG", "a.jpg"), ("WEBP", "a.webp")])
def test_png_jpeg_and_webp_images_are_accepted(manager, fmt, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    category = make_category()
    response = manager.post(
        NEW_PART, {**valid_data(category), "image": image_file(fmt, name)}, headers=HX
    )
    assert response.status_code == 204
    assert Part.objects.get().image.name.startswith("parts/")


def test_edit_keeps_the_stock_figures_and_allows_its_own_sku(manager):
    part = make_part("E-1", quantity_on_hand=7)
    data = valid_data(part.category, sku="e-1", name="Renamed")
    response = manager.post(part_url("part_edit", part), data, headers=HX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == part.get_absolute_url()
    part.refresh_from_db()
    assert part.name == "Renamed" and part.sku == "e-1" and part.quantity_on_hand == 7


def test_validation_endpoint_flags_a_taken_sku_on_leaving_the_field(manager):
    make_part("ABC-1", barcode="123")
    taken = manager.post(VALIDATE + "?field=sku", {"sku": "abc-1"}, headers=HX)
    assert taken.status_code == 422
    assert b'id="div_id_sku"' in taken.content and b"already used" in taken.content
    assert b'value="abc-1"' in taken.content
    free = manager.post(VALIDATE + "?field=sku", {"sku": "ABC-2"}, headers=HX)
    assert free.status_code == 200 and b"already used" not in free.content
    barcode = manager.post(VALIDATE + "?field=barcode", {"barcode": "123"}, headers=HX)
    assert barcode.status_code == 422
    assert manager.post(VALIDATE + "?field=notes", {}, headers=HX).status_code == 400


def test_validation_of_an_existing_part_ignores_itself(manager):
    part = make_part("ABC-1")
    url = part_url("part_validate_existing", part) + "?field=sku"
    response = manager.post(url, {"sku": "abc-1"}, headers=HX)
    assert response.status_code == 200


def test_part_form_fields_validate_as_you_go(manager):
    html = manager.get(NEW_PART).content.decode()
    assert f'hx-post="{VALIDATE}?field=sku"' in html
    assert f'hx-post="{VALIDATE}?field=barcode"' in html
    assert 'hx-target="#dialog-content"' in html  # the category quick-create


def test_viewer_and_clerk_cannot_create_or_edit(client, make_user):
    part = make_part("A-1")
    for role in ("viewer", "clerk"):
        client.force_login(make_user(role, role=role))
        assert client.get(NEW_PART).status_code == 403
        assert client.post(part_url("part_edit", part), {}).status_code == 403
        assert client.post(VALIDATE + "?field=sku", {"sku": "x"}).status_code == 403


# --- archive and delete -------------------------------------------------------------


def test_archive_and_restore_keep_the_part(manager):
    part = make_part("A-1")
    response = manager.post(part_url("part_archive", part), {"active": "0"})
    assert response.status_code == 302 and response["Location"] == part.get_absolute_url()
    part.refresh_from_db()
    assert not part.is_active
    manager.post(part_url("part_archive", part), {"active": "1"})
    part.refresh_from_db()
    assert part.is_active


def test_delete_an_unused_part(manager):
    part = make_part("A-1")
    assert manager.get(part_url("part_delete", part)).status_code == 200
    response = manager.post(part_url("part_delete", part))
    assert response.status_code == 302 and response["Location"] == reverse("catalog:part_list")
    assert not Part.objects.filter(pk=part.pk).exists()


def test_deleting_a_part_with_stock_movements_is_refused(manager):
    part = make_part("A-1")
    put_movement(part, make_location("L-1"), 2)
    response = manager.post(part_url("part_delete", part))
    assert response.status_code == 409
    assert "has stock movements" in response.content.decode()
    assert Part.objects.filter(pk=part.pk).exists()


def test_issue12_item24_an_image_named_like_a_hidden_file_is_stored_under_a_servable_name(
    manager, settings, tmp_path
):
    """`.hidden.png` was stored as is and never served (the media view serves no hidden
    file): the image showed broken."""
    settings.MEDIA_ROOT = tmp_path
    category = make_category()
    response = manager.post(
        NEW_PART, {**valid_data(category), "image": image_file(name=".hidden.PNG")}, headers=HX
    )
    assert response.status_code == 204
    part = Part.objects.get()
    assert part.image.name == "parts/hidden.png"
    served = manager.get(part.image.url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
