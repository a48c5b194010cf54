"""The lists that export since issue 17: import jobs, categories, locations, units, the
part page's tabs (stock by location, movements, suppliers) and a location's stock.

Each export holds exactly the rows its list shows (checked against the database), every
text cell passes the formula guard, the list's permission is needed, and the queries do
not grow with the rows (measured for one row, then for many)."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.catalog.models import Category, Unit
from apps.catalog.tests.factories import make_part
from apps.imports.kinds.base import PATH_SEPARATOR
from apps.imports.models import ImportJob
from apps.imports.tests.factories import make_catalog
from apps.inventory.models import Location, StockItem, StockMovement
from apps.inventory.services.stock import stock_receive
from apps.purchasing.models import Supplier, SupplierPart

pytestmark = pytest.mark.django_db


def export_url(list_name, **query) -> str:
    url = reverse("imports:list_export", args=[list_name])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(body(response).decode())))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def export_queries(client, url) -> tuple[int, list[list[str]]]:
    """The queries of a whole export, its streamed body included (rows are read as the
    response is sent), and its rows."""
    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(client.get(url))
    return len(queries), rows


def assert_constant_queries(client, url, add_rows, *, expect_one=None):
    """As many queries for one row as for many: `add_rows()` adds rows between."""
    export_queries(client, url)  # warm caches (content types, the session)
    one, rows = export_queries(client, url)
    if expect_one is not None:
        assert len(rows) - 1 == expect_one, rows
    add_rows()
    many, more_rows = export_queries(client, url)
    assert len(more_rows) > len(rows) + 20, (len(rows), len(more_rows))
    assert many == one, (one, many)


@pytest.fixture
def catalog():
    return make_catalog()


@pytest.fixture
def stocker(make_user):
    return make_user("stocker", role="manager")


# Import jobs ---------------------------------------------------------------------------


def make_job(kind, user, name="stock.csv") -> ImportJob:
    return ImportJob.objects.create(
        kind=kind, created_by=user, original_name=name, file_format="csv"
    )


def test_the_imports_export_holds_the_jobs_of_the_kinds_the_user_may_import(
    client, make_user, stocker
):
    buyer = make_user("buyer", role="purchaser")
    make_job("parts", stocker, '=HYPERLINK("http://x")')
    make_job("suppliers", stocker, "suppliers.csv")
    make_job("price_lists", buyer, "prices.xlsx")
    make_job("categories", stocker, "tree.csv")

    client.force_login(buyer)  # suppliers and price lists only
    rows = csv_rows(client.get(export_url("imports", sort="kind")))
    assert rows[0][:4] == ["Import", "What", "File", "Status"]
    allowed = ImportJob.objects.filter(kind__in=["suppliers", "price_lists"])
    assert [int(r[0]) for r in rows[1:]] == list(
        allowed.order_by("kind", "pk").values_list("pk", flat=True)
    )

    client.force_login(stocker)  # every kind, newest first like the page
    rows = csv_rows(client.get(export_url("imports")))
    assert [int(r[0]) for r in rows[1:]] == list(
        ImportJob.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)
    )
    assert '\'=HYPERLINK("http://x")' in [r[2] for r in rows]  # the formula guard
    sheet = xlsx_rows(client.get(export_url("imports", format="xlsx")))
    assert '\'=HYPERLINK("http://x")' in [r[2] for r in sheet]
    assert client.get(export_url("imports", sort="file")).status_code == 400


def test_the_imports_export_needs_the_import_permission(client, make_user, stocker):
    make_job("parts", stocker)
    url = export_url("imports")
    for role in ("viewer", "clerk"):
        client.force_login(make_user(f"a-{role}", role=role))
        assert client.get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_imports_export_runs_constant_queries(client, stocker):
    client.force_login(stocker)
    make_job("parts", stocker)
    assert_constant_queries(
        client,
        export_url("imports"),
        lambda: [make_job("suppliers", stocker, f"s{n}.csv") for n in range(30)],
        expect_one=1,
    )


def test_the_imports_page_links_its_export(client, stocker):
    client.force_login(stocker)
    html = client.get(reverse("imports:import_list") + "?sort=kind").content.decode()
    assert f'href="{export_url("imports")}?sort=kind&amp;format=csv"' in html
    assert f'data-export="{export_url("imports")}"' in html


# Categories, locations, units ----------------------------------------------------------


def test_the_categories_export_is_the_tree_with_paths_or_a_subtree(client, stocker, catalog):
    Category.objects.create(name="=cmd|' /C calc'!A0")
    client.force_login(stocker)
    rows = csv_rows(client.get(export_url("categories")))
    assert rows[0] == ["Category", "Description", "Active"]
    assert len(rows) - 1 == Category.objects.count()
    paths = [r[0] for r in rows[1:]]
    assert PATH_SEPARATOR.join(["Electronics", "Passives", "Resistors"]) in paths
    assert "'=cmd|' /C calc'!A0" in paths  # the formula guard
    # Parents come before their children, so the file re-imports in one go.
    assert paths.index("Electronics") < paths.index("Electronics / Passives")

    electronics = catalog["electronics"]
    rows = csv_rows(client.get(export_url("categories", parent=electronics.pk)))
    below = Category.objects.filter(path__startswith=electronics.path).exclude(pk=electronics.pk)
    assert len(rows) - 1 == below.count() == 2
    assert [r[0] for r in rows[1:]] == [
        "Electronics / Passives",
        "Electronics / Passives / Resistors",
    ]
    assert client.get(export_url("categories", parent="x")).status_code == 400
    assert client.get(export_url("categories", parent=999999)).status_code == 400


def test_the_locations_export_is_the_tree_in_the_importers_columns(client, stocker, catalog):
    Location.objects.create(code="X9", name="+Annex", description="@note")
    client.force_login(stocker)
    rows = csv_rows(client.get(export_url("locations")))
    assert rows[0][:2] == ["Code", "Location"]
    assert len(rows) - 1 == Location.objects.count()
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["A1"][1] == "Main store / Shelf A1"
    assert by_code["X9"][1:3] == ["'+Annex", "'@note"]
    sheet = xlsx_rows(client.get(export_url("locations", format="xlsx")))
    assert {r[0] for r in sheet[1:]} == set(Location.objects.values_list("code", flat=True))


def test_the_categories_export_runs_constant_queries(client, stocker):
    client.force_login(stocker)
    Category.objects.create(name="Only")

    def deep_categories():  # ten branches three deep
        for n in range(10):
            parent = None
            for level in range(3):
                parent = Category(name=f"Branch {n} level {level}", parent=parent)
                parent.save()

    assert_constant_queries(client, export_url("categories"), deep_categories, expect_one=1)


def test_the_locations_export_runs_constant_queries(client, stocker, catalog):
    client.force_login(stocker)
    b2 = catalog["b2"]

    def more_locations():
        for n in range(30):
            Location(code=f"T{n}", name=f"Tray {n}", parent=b2).save()

    url = export_url("locations", parent=catalog["a1"].parent_id)
    assert_constant_queries(client, url, more_locations, expect_one=2)  # A1 and B2


def test_tree_and_unit_exports_need_their_lists_permission(client, make_user, catalog):
    client.force_login(make_user("nobody"))  # signed in, no role
    for list_name in ("categories", "locations", "units"):
        assert client.get(export_url(list_name)).status_code == 403
    client.force_login(make_user("looker", role="viewer"))
    assert client.get(export_url("categories")).status_code == 200
    assert client.get(export_url("units")).status_code == 403  # the units page: managers


def test_the_units_export(client, stocker):
    Unit.objects.create(code="drm", name="-drums", allows_fractions=True)
    client.force_login(stocker)
    rows = csv_rows(client.get(export_url("units")))
    assert rows[0] == ["Code", "Name", "Fractions", "Parts"]
    assert [r[0] for r in rows[1:]] == list(
        Unit.objects.order_by("code").values_list("code", flat=True)
    )
    assert ["drm", "'-drums", "yes", "0"] in rows
    assert_constant_queries(
        client,
        export_url("units"),
        lambda: Unit.objects.bulk_create(Unit(code=f"u{n}", name=f"Unit {n}") for n in range(30)),
    )


def test_tree_and_unit_pages_link_their_exports(client, stocker, catalog):
    client.force_login(stocker)
    html = client.get(reverse("catalog:category_list")).content.decode()
    assert f'href="{export_url("categories")}?format=csv"' in html
    electronics = catalog["electronics"]
    html = client.get(reverse("catalog:category_children", args=[electronics.pk])).content
    assert f"{export_url('categories')}?parent={electronics.pk}&amp;format=xlsx" in html.decode()
    html = client.get(reverse("inventory:location_tree")).content.decode()
    assert f'href="{export_url("locations")}?format=csv"' in html
    html = client.get(reverse("catalog:unit_list")).content.decode()
    assert f'href="{export_url("units")}?format=xlsx"' in html


# The part page's tabs and a location's stock ---------------------------------------------


@pytest.fixture
def two_parts(catalog, stocker):
    """A part with stock in two places (one batch looks like a formula), price-list lines
    at two suppliers; a second part with its own stock and line."""
    part = make_part("TAB-1", category=catalog["tools"], tracks_batches=True)
    other = make_part("TAB-2", category=catalog["tools"])
    stock_receive(part=part, location=catalog["a1"], quantity=Decimal(5), user=stocker, batch="=B1")
    stock_receive(part=part, location=catalog["b2"], quantity=Decimal(2), user=stocker, batch="L2")
    stock_receive(part=other, location=catalog["a1"], quantity=Decimal(9), user=stocker)
    acme = Supplier.objects.create(name="Acme", code="AC")
    zeta = Supplier.objects.create(name="Zeta", code="ZE")
    SupplierPart.objects.create(supplier=zeta, part=part, supplier_sku="-Z1", unit_price=2)
    SupplierPart.objects.create(
        supplier=acme, part=part, supplier_sku="A1", unit_price=1, is_preferred=True
    )
    SupplierPart.objects.create(supplier=acme, part=other, supplier_sku="A2", unit_price=3)
    return part, other


def test_the_stock_tab_export_is_the_parts_stock_by_location(client, stocker, two_parts):
    part, _other = two_parts
    client.force_login(stocker)
    rows = csv_rows(client.get(export_url("stock", part=part.pk)))
    items = StockItem.objects.filter(part=part).order_by("location__code", "batch")
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        (part.sku, i.location.code, "'=B1" if i.batch == "=B1" else i.batch) for i in items
    ]
    assert client.get(export_url("stock", part="abc")).status_code == 400


def test_the_suppliers_tab_export_is_the_parts_price_list(client, stocker, two_parts):
    part, _other = two_parts
    client.force_login(stocker)
    rows = csv_rows(client.get(export_url("price_lists", part=part.pk)))
    lines = SupplierPart.objects.filter(part=part).order_by("-is_preferred", "supplier__name")
    assert len(rows) - 1 == lines.count() == 2
    assert [r[0] for r in rows[1:]] == ["Acme", "Zeta"]  # preferred first, like the tab
    flat = [cell for row in rows for cell in row]
    assert "'-Z1" in flat and "A2" not in flat


def test_the_movements_tab_export_is_the_parts_ledger(client, stocker, two_parts):
    part, _other = two_parts
    client.force_login(stocker)
    rows = csv_rows(client.get(export_url("movements", part=part.sku)))
    assert len(rows) - 1 == StockMovement.objects.filter(part=part).count() == 2
    assert {r[2] for r in rows[1:]} == {part.sku}


def test_the_location_pages_stock_export_is_the_stock_here_and_below(client, stocker, two_parts):
    client.force_login(stocker)
    main = Location.objects.get(code="MAIN")
    rows = csv_rows(client.get(export_url("stock", location="A1")))
    assert len(rows) - 1 == StockItem.objects.filter(location__code="A1").count() == 2
    rows = csv_rows(client.get(export_url("stock", location="MAIN")))
    below = StockItem.objects.filter(location__path__startswith=main.path)
    assert len(rows) - 1 == below.count() == 3
    html = client.get(main.get_absolute_url()).content.decode()
    assert f'data-export="{export_url("stock")}?location=MAIN"' in html


def test_tab_exports_need_the_tabs_permission(client, make_user, two_parts):
    part, _other = two_parts
    client.force_login(make_user("nobody"))
    for url in (
        export_url("stock", part=part.pk),
        export_url("price_lists", part=part.pk),
        export_url("movements", part=part.sku),
    ):
        assert client.get(url).status_code == 403
    client.force_login(make_user("looker", role="viewer"))
    assert client.get(export_url("stock", part=part.pk)).status_code == 200


def test_tab_exports_run_constant_queries(client, stocker, catalog):
    client.force_login(stocker)
    part = make_part("MANY-1", category=catalog["tools"], tracks_batches=True)
    stock_receive(part=part, location=catalog["a1"], quantity=Decimal(1), user=stocker, batch="B0")
    supplier = Supplier.objects.create(name="S0", code="S0")
    SupplierPart.objects.create(supplier=supplier, part=part, supplier_sku="X0", unit_price=1)

    def more_stock():
        for n in range(1, 31):
            stock_receive(
                part=part, location=catalog["b2"], quantity=Decimal(1), user=stocker, batch=f"B{n}"
            )

    assert_constant_queries(client, export_url("stock", part=part.pk), more_stock, expect_one=1)

    def more_lines():
        for n in range(1, 31):
            other = Supplier.objects.create(name=f"S{n}", code=f"S{n}")
            SupplierPart.objects.create(
                supplier=other, part=part, supplier_sku=f"X{n}", unit_price=1
            )

    assert_constant_queries(
        client, export_url("price_lists", part=part.pk), more_lines, expect_one=1
    )


def test_the_part_tabs_link_their_exports(client, stocker, two_parts):
    part, _other = two_parts
    client.force_login(stocker)
    fragment = {"HX-Request": "true"}
    html = client.get(reverse("inventory:part_stock_tab", args=[part.pk]), headers=fragment)
    assert f'href="{export_url("stock")}?part={part.pk}&amp;format=csv"' in html.content.decode()
    html = client.get(reverse("inventory:part_movements_tab", args=[part.pk]), headers=fragment)
    assert f'href="{export_url("movements")}?part=TAB-1&amp;format=xlsx"' in html.content.decode()
    html = client.get(reverse("purchasing:part_suppliers", args=[part.pk]), headers=fragment)
    assert (
        f'href="{export_url("price_lists")}?part={part.pk}&amp;format=csv"' in html.content.decode()
    )
    # Fixed to the part: no data-export, so the part page's own URL is not mixed in.
    assert "data-export" not in html.content.decode()
