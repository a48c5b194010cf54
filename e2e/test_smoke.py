"""The walking skeleton end to end: sign in, dashboard, parts search by HTMX, Back."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.stack


def test_sign_in_search_parts_and_go_back(site, page):
    site.sign_in(page)
    expect(page).to_have_url(site.url + reverse("dashboard:dashboard"))
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_test_id("active-parts")).not_to_have_text("0")

    parts = site.url + reverse("catalog:part_list")
    page.get_by_role("link", name="Parts", exact=True).click()
    expect(page).to_have_url(parts)
    page.wait_for_load_state()  # the active search needs htmx, a deferred script
    rows = page.locator("#rows tr")  # the parts list's rows (catalog's dense markup)
    expect(rows).to_have_count(25)

    page.get_by_label("Search parts").fill("P-000123")
    # HTMX swaps the table in place and pushes the search into the URL.
    expect(page).to_have_url(re.compile(re.escape(parts + "?q=P-000123") + "$"))
    expect(rows.first).to_contain_text("P-000123")
    expect(rows).to_have_count(1)

    page.go_back()
    expect(page).to_have_url(parts)
    expect(rows).to_have_count(25)
