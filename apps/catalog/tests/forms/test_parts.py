"""Forms of the parts pages (forms/parts.py): locations are entered by their code."""

from apps.catalog.forms.parts import PartFilterForm, PartForm
from apps.catalog.tests.factories import make_category, make_location


def test_the_location_filter_takes_a_code_in_any_case(db):
    shelf = make_location("S1-A")
    form = PartFilterForm({"location": "s1-a"}, categories=[])
    assert form.is_valid()
    assert form.filters("").location_path == shelf.path
    unknown = PartFilterForm({"location": "NOPE"}, categories=[])
    assert not unknown.is_valid()
    assert unknown.errors["location"] == ["No location has the code “NOPE”."]


def test_the_part_form_finds_the_default_location_by_its_code(db):
    shelf = make_location("B-7")
    data = {
        "sku": "N-1",
        "name": "New",
        "category": make_category().pk,
        "unit": "pcs",
        "reorder_point": "0",
        "reorder_quantity": "0",
        "unit_cost": "0",
        "default_location_code": "b-7",
    }
    form = PartForm(data)
    assert form.is_valid(), form.errors
    assert form.part_data()["default_location"] == shelf
    form = PartForm({**data, "default_location_code": "NOWHERE"})
    assert not form.is_valid()
    assert form.errors["default_location_code"] == ["No location has the code “NOWHERE”."]
