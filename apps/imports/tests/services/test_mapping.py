"""Headers matched to fields: exact names, case and spacing, synonyms, remembered choices."""

import pytest

from apps.imports.kinds import KINDS
from apps.imports.services.mapping import remember_mapping, remembered_mapping, suggest_mapping


def test_headers_match_by_name_case_spacing_and_synonyms():
    headers = ["Part No.", "item name", "  QTY ", "Unit Cost", "Whatever", "Bin"]
    mapping = suggest_mapping(KINDS["parts"], headers)
    assert mapping == {
        "0": "sku",
        "1": "name",
        "2": "",
        "3": "unit_cost",
        "4": "",
        "5": "default_location",
    }
    assert suggest_mapping(KINDS["stock"], ["Item #", "Location code", "Qty"]) == {
        "0": "sku",
        "1": "location",
        "2": "quantity",
    }


def test_an_exact_header_wins_over_a_synonym():
    assert suggest_mapping(KINDS["parts"], ["Code", "SKU"]) == {"0": "", "1": "sku"}


@pytest.mark.django_db
def test_the_mapping_is_remembered_per_user_and_kind(make_user):
    user = make_user("m")
    remember_mapping(user, "parts", ["Artikel-Nr", "Price"], {"0": "sku", "1": ""})
    remembered = remembered_mapping(user, "parts")
    mapping = suggest_mapping(KINDS["parts"], ["artikel nr", "price"], remembered=remembered)
    assert mapping == {"0": "sku", "1": ""}  # "Price" was ignored on purpose last time
    assert remembered_mapping(user, "stock") == {}
