"""A row of the parts list and its reorder point edited in place (views/part_rows.py)."""

import json

import pytest
from django.urls import reverse

from apps.catalog.tests.factories import make_part

HX = {"HX-Request": "true"}


def reorder_point_url(part) -> str:
    return reverse("catalog:part_reorder_point", args=[part.pk])


def test_reorder_point_edited_in_place(manager):
    part = make_part("R-1", reorder_point=5)
    editing = manager.get(reorder_point_url(part), headers=HX)
    assert editing.status_code == 200
    assert b'name="reorder_point"' in editing.content and b"<html" not in editing.content
    saved = manager.post(reorder_point_url(part), {"reorder_point": "12.5"}, headers=HX)
    assert saved.status_code == 200
    assert saved.content.lstrip().startswith(b"<tr")
    assert b">12.5<" in saved.content
    assert json.loads(saved["HX-Trigger"]) == {"showMessage": "Reorder point of R-1 set to 12.5."}
    part.refresh_from_db()
    assert part.reorder_point == pytest.approx(12.5)


@pytest.mark.parametrize("value", ["-1", "abc", "", "1e999", "1.23456"])
def test_bad_reorder_point_is_422_with_a_message(manager, value):
    part = make_part("R-1", reorder_point=5)
    response = manager.post(reorder_point_url(part), {"reorder_point": value}, headers=HX)
    assert response.status_code == 422
    assert b'aria-invalid="true"' in response.content and b'role="alert"' in response.content
    part.refresh_from_db()
    assert part.reorder_point == 5


def test_escape_target_row_and_pages_without_javascript(manager):
    part = make_part("R-1", reorder_point=5)
    row_url = reverse("catalog:part_row", args=[part.pk])
    row = manager.get(row_url, headers=HX)
    assert row.content.lstrip().startswith(b"<tr")
    assert b"<html" in manager.get(row_url).content
    assert b"<html" in manager.get(reorder_point_url(part)).content
    response = manager.post(reorder_point_url(part), {"reorder_point": "7"})
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:part_list") + "?q=R-1"


def test_viewer_cannot_edit_the_reorder_point(viewer):
    part = make_part("R-1", reorder_point=5)
    assert viewer.post(reorder_point_url(part), {"reorder_point": "1"}).status_code == 403
