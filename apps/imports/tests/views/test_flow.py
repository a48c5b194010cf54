"""The pages a user goes through: upload, columns, check grid, fix in place, commit, undo."""

import pytest
from django.urls import reverse

from apps.catalog.models import Part
from apps.imports.models import ImportJob, ImportRow, ImportStatus
from apps.imports.tests.factories import PART_HEADER, csv_bytes, make_catalog, part_row, upload

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def catalog(db):
    return make_catalog()


def _upload(client, rows, name="parts.csv"):
    return client.post(
        reverse("imports:import_new"), {"kind": "parts", "file": upload(csv_bytes(rows), name)}
    )


def test_the_whole_flow_in_pages(manager, catalog):
    response = client_get(manager, reverse("imports:import_new"))
    assert response.status_code == 200
    response = _upload(manager, [PART_HEADER, part_row("N-1", "First"), part_row("N-2", "")])
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "imports:import_detail", args=[job.pk]
    )
    page = manager.get(response.url)
    assert page.status_code == 200 and b"Which column holds what" in page.content
    data = {f"column_{i}": field for i, field in job.mapping.items()}
    response = manager.post(reverse("imports:import_mapping", args=[job.pk]), data)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.counts == {"create": 1, "error": 1}
    page = manager.get(reverse("imports:import_detail", args=[job.pk]))
    assert b"A new part needs a name" in page.content or b"This field is required" in page.content
    bad = ImportRow.objects.get(job=job, number=3)
    fix_url = reverse("imports:row_fix", args=[job.pk, bad.pk])
    still = manager.post(fix_url, {"field": "name", "value": "  "}, headers=HTMX)
    assert still.status_code == 422
    fixed = manager.post(
        fix_url, {"field": "name", "value": "Second", "show": "errors"}, headers=HTMX
    )
    assert fixed.status_code == 200 and b'id="summary"' in fixed.content
    # The row tabs' counts follow the fix (out of band): no errors left, two to create.
    tabs = fixed.content.decode().split('id="row-tabs"', 1)[1].split("</nav>", 1)[0]
    assert "Errors (0)" in tabs and "Create (2)" in tabs
    response = manager.post(reverse("imports:import_commit", args=[job.pk]), headers=HTMX)
    assert response.status_code == 200 and response.headers["HX-Redirect"]
    assert set(Part.objects.values_list("name", flat=True)) == {"First", "Second"}
    page = manager.get(reverse("imports:import_detail", args=[job.pk]))
    assert b"2 created" in page.content
    response = manager.post(reverse("imports:import_undo", args=[job.pk]))
    assert response.status_code == 302 and not Part.objects.exists()


def client_get(client, url):
    return client.get(url)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "parts.csv", "file is empty"),
        (csv_bytes([PART_HEADER]), "parts.csv", "header row but no data rows"),
        (csv_bytes([["SKU", "Name", "sku"], ["a", "b", "c"]]), "parts.csv", "appears twice"),
        (b"PK\x03\x04garbage", "parts.csv", "not a CSV text file"),
        (b"SKU,Name\nA,B\n", "parts.xlsx", "not an Excel workbook"),
        (b"whatever", "parts.pdf", "Upload a .csv or .xlsx file"),
    ],
)
def test_bad_files_get_a_clear_message_and_nothing_is_kept(manager, content, name, message):
    response = manager.post(
        reverse("imports:import_new"),
        {"kind": "parts", "file": upload(content, name)},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_purchasers_cannot_import_parts(purchaser, catalog):
    response = _upload(purchaser, [PART_HEADER, part_row("N-1")])
    assert response.status_code == 422  # parts is not among their choices
    assert not ImportJob.objects.exists()
