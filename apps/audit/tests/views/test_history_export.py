"""A record's history as a file: the entries the page lists (the record's own changes and
its lines' the user may see), one row per changed field, through the formula guard, with
the model's view permission and a constant number of queries."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.audit.tests.factories import make_tracked_part
from apps.catalog.models import Category
from apps.catalog.tests.factories import make_part
from apps.purchasing.tests.factories import make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def part():
    return make_tracked_part()


def export_url(label, pk, **query):
    url = reverse("audit:record_history_export", args=[label, pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_export_holds_the_records_history_one_row_per_field(viewer, part):
    part.name = '=HYPERLINK("http://evil")'
    part.category = Category.objects.create(name="Fasteners")
    part.save()
    make_supplier_part(make_supplier("Acme"), part)
    other = make_part("OTHER-1")  # another record's history
    other.name = "not this one"
    other.save()

    rows = rows_of(viewer.get(export_url("catalog.part", part.pk)))
    assert rows[0] == [
        "When",
        "By",
        "Action",
        "Record",
        "Field",
        "Before",
        "After",
        "Source",
        "Request",
    ]
    entries = AuditEntry.objects.filter(object_id=str(part.pk), content_type__model="part")
    line_entries = AuditEntry.objects.filter(
        parents__content_type__model="part", parents__object_id=str(part.pk)
    ).exclude(pk__in=entries)
    assert line_entries.count() == 1
    expected = sum(max(len(e.changes or {}), 1) for e in [*entries, *line_entries])
    assert len(rows) - 1 == expected
    # Newest first: the update (name and category), then the line, then the creation.
    update = [r for r in rows[1:] if r[2] == "changed"]
    assert {r[4] for r in update} == {"Name", "Category"}
    name_row = next(r for r in update if r[4] == "Name")
    assert name_row[5:7] == ["Resistor 100R", '\'=HYPERLINK("http://evil")']  # the guard
    category_row = next(r for r in update if r[4] == "Category")
    assert category_row[5:7] == ["Passives", "Fasteners"]  # names, as the page shows
    assert any(r[3].startswith("Price-list line Acme") for r in rows[1:])
    assert "not this one" not in str(rows) and "OTHER-1" not in str(rows)
    # Oldest first on request, like the page's sort.
    oldest_first = rows_of(viewer.get(export_url("catalog.part", part.pk, sort="when")))
    assert oldest_first[1][2] == "created" and rows[-1][2] == "created"
    xlsx = viewer.get(export_url("catalog.part", part.pk, format="xlsx"))
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')


def test_lines_the_user_may_not_see_stay_out(client, make_user, part):
    user = make_user("parts-only")
    user.user_permissions.add(Permission.objects.get(codename="view_part"))
    client.force_login(user)
    make_supplier_part(make_supplier("Acme"), part)
    rows = rows_of(client.get(export_url("catalog.part", part.pk)))
    assert not any("Price-list line" in r[3] for r in rows)


def test_the_export_needs_the_models_view_permission(client, make_user, part):
    url = export_url("catalog.part", part.pk)
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(make_user("nobody"))  # signed in, no role
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        export_url("catalog.part", "987654"),
        export_url("auth.user", "1"),
    ],
)
def test_bad_addresses_are_404(viewer, part, url):
    assert viewer.get(url).status_code == 404


def test_bad_format_and_sort_are_400(viewer, part):
    assert viewer.get(export_url("catalog.part", part.pk, format="pdf")).status_code == 400
    assert viewer.get(export_url("catalog.part", part.pk, sort="password")).status_code == 400


def test_the_export_runs_constant_queries(viewer, part):
    url = export_url("catalog.part", part.pk)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            rows = rows_of(viewer.get(url))
        return len(queries), rows

    measure()  # warm the content-type cache
    one, rows = measure()
    assert len(rows) > 1  # the creation
    categories = [Category.objects.create(name=f"C{n}") for n in range(30)]
    for category in categories:
        part.category = category
        part.save()
    many, more = measure()
    assert len(more) == len(rows) + 30  # one changed field each
    assert many == one, (one, many)


def test_the_history_page_and_tab_link_the_export(viewer, part):
    html = viewer.get(reverse("audit:record_history", args=["catalog.part", part.pk])).content
    assert f'href="{export_url("catalog.part", part.pk)}?format=csv"' in html.decode()
    tab = viewer.get(
        reverse("audit:record_history", args=["catalog.part", part.pk]) + "?page=1",
        headers={"HX-Request": "true"},
    ).content.decode()
    assert f'href="{export_url("catalog.part", part.pk)}?format=xlsx"' in tab
