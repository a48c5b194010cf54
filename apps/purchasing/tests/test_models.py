"""Model rules the database enforces, and the models' addresses."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.purchasing.tests.factories import make_order, make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db


def test_database_refuses_two_preferred():
    part = make_part("A-1")
    make_supplier_part(make_supplier("Acme"), part, is_preferred=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_supplier_part(make_supplier(), part, is_preferred=True)


def test_absolute_urls(make_user):
    supplier = make_supplier("Acme")
    order = make_order(supplier, make_user("buyer"), [(make_part(), 1, 1)])
    assert supplier.get_absolute_url() == reverse("purchasing:supplier_detail", args=[supplier.pk])
    assert order.get_absolute_url() == reverse("purchasing:purchase_order_detail", args=[order.pk])
