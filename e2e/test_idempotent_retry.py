"""A stock POST whose answer is lost (its app server died after committing) is sent again
by the page with the same idempotency key: booked once, and the page shows the one
outcome (static/js/stockroom.js, apps/core/idempotency.py).

Runs on the live server (it creates its own part and locations through the ORM).
"""

import os
from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.catalog.models import Category, Part
from apps.inventory.models import Location, StockItem, StockMovement

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("STACK_URL")), reason="creates records through the ORM"
)


def test_a_receipt_whose_answer_is_lost_is_retried_and_booked_once(site, page):
    category = Category.objects.create(name="E2E retry")
    part = Part.objects.create(sku="E2E-R1", name="Washer M6", category=category)
    Location.objects.create(code="E2E-R", name="Retry shelf")
    site.sign_in(page)
    page.goto(site.url + reverse("catalog:part_detail", args=[part.pk]))
    page.get_by_role("link", name="Receive", exact=True).click()
    dialog = page.locator("#dialog")
    dialog.get_by_label("Location code").fill("E2E-R")
    dialog.get_by_label("Quantity").fill("4")

    sent = []

    def lose_the_first_answer(route):
        sent.append(parse_qs(route.request.post_data))
        if len(sent) == 1:
            route.fetch()  # the server books it ...
            route.abort("connectionreset")  # ... and the answer never arrives
        else:
            route.continue_()

    page.route("**" + reverse("inventory:stock_receive"), lose_the_first_answer)
    dialog.get_by_role("button", name="Receive").click()
    expect(page.locator("#messages")).to_contain_text("Received 4 pcs of E2E-R1 into E2E-R")
    expect(dialog).not_to_be_visible()
    assert len(sent) == 2
    keys = {body["idempotency_key"][0] for body in sent}
    assert len(keys) == 1  # the same key both times
    assert StockMovement.objects.filter(part=part).count() == 1
    assert StockItem.objects.get(part=part).quantity == 4
