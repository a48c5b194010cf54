"""Roles in the browser: what a user may not do is neither offered nor reachable; password
change; the sign-in throttle; a change shows up in the record's history."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.demo.services.users import DEMO_PASSWORD


def parts() -> str:
    return reverse("catalog:part_list")


def part_page() -> re.Pattern:
    """A part's page (/parts/<id>/)."""
    return re.compile(re.escape(parts()) + r"(\d+)/$")


def sign_in_page() -> re.Pattern:
    return re.compile(re.escape(reverse("accounts:login")))


def open_first_part(site, page):
    page.goto(site.url + parts())
    # The first link in the table is a part's SKU.
    page.locator(f"main table a[href^='{parts()}']").first.click()
    expect(page).to_have_url(part_page())
    return page.url


@pytest.mark.stack
def test_viewer_cannot_edit_a_part(site, page):
    site.sign_in(page, username="viewer")
    expect(page.get_by_test_id("current-user")).to_have_text("viewer")
    part_url = open_first_part(site, page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Delete", exact=True)).to_have_count(0)
    page.goto(site.url + parts())
    expect(page.locator(f"main table a[href^='{parts()}']").first).to_be_visible()
    expect(page.get_by_role("link", name="New part")).to_have_count(0)

    part_id = part_page().search(part_url).group(1)
    response = page.goto(site.url + reverse("catalog:part_edit", args=[part_id]))
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


@pytest.mark.stack
def test_manager_is_offered_edit(site, page):
    site.sign_in(page, username="manager")
    part_url = open_first_part(site, page)
    part_id = part_page().search(part_url).group(1)
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page).to_have_url(site.url + reverse("catalog:part_edit", args=[part_id]))


@pytest.mark.stack
def test_clerk_cannot_see_or_reach_purchasing_actions(site, page):
    site.sign_in(page, username="clerk")
    page.goto(site.url + reverse("purchasing:purchase_order_list"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="New order")).to_have_count(0)
    expect(page.get_by_role("button", name="New order")).to_have_count(0)
    response = page.goto(site.url + reverse("purchasing:purchase_order_create"))
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


@pytest.mark.stack
def test_purchaser_is_offered_new_order(site, page):
    site.sign_in(page, username="purchaser")
    page.goto(site.url + reverse("purchasing:purchase_order_list"))
    expect(page.get_by_role("link", name="New order")).to_be_visible()


def test_password_change_then_sign_in_with_the_new_password(site, page):
    site.sign_in(page, username="clerk")
    page.get_by_test_id("current-user").click()
    expect(page).to_have_url(site.url + reverse("accounts:password_change"))
    page.locator("#id_old_password").fill(DEMO_PASSWORD)
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("short")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("This password is too short")).to_be_visible()

    page.locator("#id_old_password").fill(DEMO_PASSWORD)
    page.locator("#id_new_password1").fill("clerk-new-secret-2026")
    page.locator("#id_new_password2").fill("clerk-new-secret-2026")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(sign_in_page())
    site.sign_in(page, username="clerk", password=DEMO_PASSWORD)
    expect(page.get_by_test_id("login-error")).to_be_visible()
    site.sign_in(page, username="clerk", password="clerk-new-secret-2026")
    expect(page).to_have_url(site.url + reverse("dashboard:dashboard"))
    expect(page.get_by_test_id("current-user")).to_have_text("clerk")


def test_repeated_failed_sign_ins_pause_the_account(site, page):
    for _ in range(5):
        site.sign_in(page, username="viewer", password="wrong-password")
        expect(page.get_by_test_id("login-error")).to_contain_text(
            "Please enter a correct username"
        )
    site.sign_in(page, username="viewer", password=DEMO_PASSWORD)
    expect(page.get_by_test_id("login-error")).to_contain_text(
        "Too many failed sign-ins for this account"
    )
    expect(page).to_have_url(sign_in_page())


def test_a_change_shows_in_the_records_history(site, page):
    site.sign_in(page, username="manager")
    part_url = open_first_part(site, page)
    part_id = part_page().search(part_url).group(1)
    page.goto(site.url + reverse("catalog:part_edit", args=[part_id]))
    page.get_by_label("Name").fill("Renamed by the history test")
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page).to_have_url(part_url)
    page.wait_for_load_state()  # htmx (a deferred script) must own the tab links first
    # The part page's History tab loads the history fragment in place.
    page.get_by_role("tab", name="History").click()
    entry = page.locator("#tab-panel").get_by_test_id("history-entry").first
    expect(entry).to_contain_text("manager")
    expect(entry).to_contain_text("changed")
    expect(entry).to_contain_text("Renamed by the history test")
    expect(page).to_have_url(part_url)
    # The same address is a whole page when loaded directly.
    page.goto(site.url + reverse("audit:record_history", args=["catalog.part", part_id]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("History of part")
    expect(page.get_by_test_id("history-entry").first).to_contain_text(
        "Renamed by the history test"
    )


def test_password_reset_by_email(site, page, mailoutbox):
    page.goto(site.url + reverse("accounts:login"))
    page.get_by_role("link", name="Forgot your password?").click()
    page.locator("#id_email").fill("viewer@example.com")
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert len(mailoutbox) == 1
    reset_links = reverse("accounts:password_reset_complete").removesuffix(
        "done/"
    )  # reset/<uid>/<token>/
    link = re.search(rf"https?://[^/\s]+({re.escape(reset_links)}\S+/)", mailoutbox[0].body).group(
        1
    )
    page.goto(site.url + link)
    page.locator("#id_new_password1").fill("viewer-reset-secret-9")
    page.locator("#id_new_password2").fill("viewer-reset-secret-9")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()
    site.sign_in(page, username="viewer", password="viewer-reset-secret-9")
    expect(page.get_by_test_id("current-user")).to_have_text("viewer")
