"""Models: the ledger is immutable, locations and stocktakes know their pages."""

import pytest
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.core.errors import DomainError
from apps.inventory.models import ImmutableLedgerError
from apps.inventory.services.stock import stock_receive
from apps.inventory.services.stocktakes import stocktake_start
from apps.inventory.tests.factories import D, make_location

pytestmark = pytest.mark.django_db


def test_ledger_lines_are_immutable():
    m = stock_receive(part=make_part(), location=make_location("A1"), quantity=D(1), user=None)
    with pytest.raises(ImmutableLedgerError):
        m.save()
    with pytest.raises(ImmutableLedgerError) as error:
        m.delete()
    assert isinstance(error.value, DomainError) and "write a reversal" in error.value.message


def test_locations_and_stocktakes_link_to_their_pages():
    location = make_location("A1")
    take = stocktake_start(location=location, user=None)
    assert location.get_absolute_url() == reverse("inventory:location_detail", args=[location.pk])
    assert take.get_absolute_url() == reverse("inventory:stocktake_detail", args=[take.pk])
