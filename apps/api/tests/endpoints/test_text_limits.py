"""The API refuses text longer than the model keeps (apps/core/text_limits.py): the same
limits as the pages' forms, so a 9 MB note never reaches the ledger by either door."""

import pytest
from django.urls import reverse

from apps.api.tests.factories import post_json
from apps.catalog.tests.factories import make_part
from apps.core.text_limits import ADDRESS_LENGTH, NOTE_LENGTH, TEXT_LENGTH
from apps.inventory.models import StockMovement
from apps.inventory.tests.factories import make_location
from apps.purchasing.models import Supplier

pytestmark = pytest.mark.django_db


def test_a_stock_note_over_the_limit_is_refused_and_nothing_booked(api_as):
    make_part("P-1")
    make_location("A1")
    clerk = api_as("clerk")
    url = reverse("api:stock_receive_create")
    body = {"part": "P-1", "location": "A1", "quantity": "1"}
    refused = post_json(clerk, url, body | {"note": "x" * (NOTE_LENGTH + 1)})
    assert refused.status_code == 422
    assert not StockMovement.objects.exists()
    assert post_json(clerk, url, body | {"note": "x" * NOTE_LENGTH}).status_code == 201


def test_a_supplier_address_or_notes_over_the_limit_is_refused(api_as):
    manager = api_as("manager")
    url = reverse("api:supplier_create")
    too_long = [{"address": "a" * (ADDRESS_LENGTH + 1)}, {"notes": "n" * (TEXT_LENGTH + 1)}]
    for extra in too_long:
        assert post_json(manager, url, {"name": "Acme"} | extra).status_code == 422
    assert not Supplier.objects.exists()
    fits = {"name": "Acme", "address": "a" * ADDRESS_LENGTH, "notes": "n" * TEXT_LENGTH}
    assert post_json(manager, url, fits).status_code == 201


def test_the_schema_documents_the_limits(api_as):
    schema = api_as("viewer").get(reverse("api:schema")).json()["components"]["schemas"]
    assert schema["SupplierIn"]["properties"]["address"]["maxLength"] == ADDRESS_LENGTH
    notes = {
        name: props["note"].get("maxLength")
        for name, item in schema.items()
        if "note" in (props := item.get("properties", {})) and "maxLength" in props["note"]
    }
    assert notes and set(notes.values()) == {NOTE_LENGTH}, notes
