"""Units of measure as data: the managers' page, create and edit in a dialog
(views/units.py), and the rule that whole units refuse fractions."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.models import Part, Unit
from apps.catalog.services.units import part_fraction_error
from apps.catalog.tests.factories import make_part

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
UNITS = reverse("catalog:unit_list")
NEW_UNIT = reverse("catalog:unit_create")


def test_the_standard_units_exist_with_their_codes_and_fraction_rules():
    units = {u.code: u for u in Unit.objects.all()}
    assert {"pcs", "m", "kg", "g", "l", "ml", "pack", "box", "roll", "set"} <= set(units)
    assert units["pcs"].name == "pieces" and not units["pcs"].allows_fractions
    assert units["m"].allows_fractions and units["kg"].allows_fractions


def test_managers_list_units_with_the_parts_using_them(manager):
    make_part("R-1")
    make_part("C-1", unit="m")
    make_part("C-2", unit="m")
    page = manager.get(UNITS)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="unit-row"') == Unit.objects.count()
    row_m = html.split('<td class="px-3 py-2 font-mono">m</td>')[1].split("</tr>")[0]
    assert "metres" in row_m and ">2</td>" in row_m
    # The new/edit forms open in the dialog, and are real links too.
    assert f'href="{NEW_UNIT}" hx-get="{NEW_UNIT}" hx-target="#dialog-content"' in html


def test_viewers_and_clerks_may_not_see_or_change_units(viewer):
    assert viewer.get(UNITS).status_code == 403
    assert viewer.post(NEW_UNIT, {"code": "x", "name": "x"}).status_code == 403


def test_a_unit_is_created_in_the_dialog(manager):
    form = manager.get(NEW_UNIT, headers=HX)
    assert b"<html" not in form.content and b'id="dialog-title"' in form.content
    response = manager.post(
        NEW_UNIT, {"code": "cm", "name": "centimetres", "allows_fractions": "on"}, headers=HX
    )
    assert response.status_code == 204 and response["HX-Redirect"] == UNITS
    unit = Unit.objects.get(code="cm")
    assert unit.name == "centimetres" and unit.allows_fractions
    # A part can then be counted in it.
    assert make_part("W-1", unit="cm").unit.name == "centimetres"


def test_a_code_taken_in_any_case_is_refused_in_place(manager):
    response = manager.post(NEW_UNIT, {"code": "PCS", "name": "pieces again"}, headers=HX)
    assert response.status_code == 422
    assert "The unit “PCS” already exists." in response.content.decode()
    assert b"pieces again" in response.content  # the input is kept
    assert not Unit.objects.filter(name="pieces again").exists()


def test_editing_changes_name_and_fractions_but_never_the_code(manager):
    box = Unit.objects.get(code="box")
    make_part("B-1", unit="box")
    url = reverse("catalog:unit_edit", args=[box.pk])
    response = manager.post(
        url, {"code": "crate", "name": "cartons", "allows_fractions": "on"}, headers=HX
    )
    assert response.status_code == 204
    box.refresh_from_db()
    assert (box.code, box.name, box.allows_fractions) == ("box", "cartons", True)
    assert Part.objects.get(sku="B-1").unit_id == "box"


def test_a_unit_in_use_cannot_be_deleted():
    make_part("R-1")
    with pytest.raises(ProtectedError):
        Unit.objects.get(code="pcs").delete()


def test_whole_units_refuse_fractions_and_measured_ones_take_them():
    pcs = make_part("R-1")
    wire = make_part("W-1", unit="m")
    assert part_fraction_error(pcs, Decimal("2")) == ""
    assert part_fraction_error(pcs, Decimal("2.000")) == ""
    assert "whole numbers" in part_fraction_error(pcs, Decimal("2.5"))
    assert part_fraction_error(wire, Decimal("2.5")) == ""


def test_the_migration_maps_every_part_to_a_unit_of_its_code():
    """Migration 0011's data step over parts written with codes and no units yet: the
    standard codes become rows, an odd code a unit of its own, another case of a standard
    code is mapped to it."""
    migration = importlib.import_module("apps.catalog.migrations.0011_units")
    make_part("R-1")
    make_part("W-1", unit="m")
    Unit.objects.create(code="furlong", name="furlong")
    make_part("F-1", unit="furlong")
    expected = {("R-1", "pcs"), ("W-1", "m"), ("F-1", "furlong")}
    with connection.constraint_checks_disabled():
        Part.objects.filter(sku="R-1").update(unit_id="PCS")  # written around the form
        Unit.objects.all()._raw_delete(Unit.objects.db)  # before the migration: no units
        migration.create_units(django_apps, None)
    assert set(Unit.objects.values_list("code", flat=True)) == {
        "pcs", "m", "kg", "g", "l", "ml", "pack", "box", "roll", "set", "furlong"
    }  # fmt: skip
    assert Unit.objects.get(code="furlong").allows_fractions  # nothing stored becomes invalid
    assert set(Part.objects.values_list("sku", "unit")) == expected


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_whatever_the_number_of_units(manager):
    first = _queries(manager, UNITS)
    for number in range(15):
        Unit.objects.create(code=f"u{number}", name=f"unit {number}")
        make_part(f"U-{number}", unit=f"u{number}")
    assert _queries(manager, UNITS) == first


def test_admins_manage_units_in_the_admin_where_the_code_is_fixed(admin_client_user):
    client, _ = admin_client_user
    pcs = Unit.objects.get(code="pcs")
    change = client.get(reverse("admin:catalog_unit_change", args=[pcs.pk])).content.decode()
    assert 'name="name"' in change and 'name="code"' not in change
    add = client.get(reverse("admin:catalog_unit_add")).content.decode()
    assert 'name="code"' in add
    assert client.get(reverse("admin:catalog_unit_changelist")).status_code == 200
