"""Notices in a browser: a manager opts in to the digest for one category, the choice
survives a reload, sends today's notices now and sees the digest in the sent list; a
signed-out visitor unsubscribes with the email's link. The pages fit a phone and axe
finds nothing on them."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from apps.catalog.models import Category
from apps.notices.models import NoticePreference
from apps.notices.services.preferences import unsubscribe_token

from .test_accessibility import axe_violations
from .test_phone_layout import _too_wide
from .walk import PHONE, add_samples_the_demo_data_lacks


def test_a_manager_opts_in_sends_now_and_unsubscribes_signed_out(site, page, browser):
    electronics = Category.objects.get(name="Electronics", parent=None)
    site.sign_in(page, username="manager")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notices").click()
    expect(page.get_by_role("heading", name="Notices", exact=True)).to_be_visible()

    page.get_by_label("Daily low-stock digest").check()
    page.get_by_label("Only these categories").select_option(value=str(electronics.pk))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your notice settings are saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Daily low-stock digest")).to_be_checked()
    preference = NoticePreference.objects.get(user__username="manager")
    assert list(preference.categories.all()) == [electronics]

    page.get_by_role("button", name="Send today's notices now").click()
    expect(page.get_by_text(re.compile(r"Today's notices: 1 sent"))).to_be_visible()
    expect(page.get_by_role("heading", name="Sent to everyone")).to_be_visible()
    expect(page.locator("#sent-notices tbody")).to_contain_text("Low stock:")
    (message,) = [m for m in mail.outbox if m.to == ["manager@example.com"]]

    # Signed out (another browser context): the email's link, one click.
    visitor = browser.new_page()
    path = re.search(r"/notices/unsubscribe/[^/\s]+/", message.body).group(0)
    visitor.goto(site.url + path)
    visitor.get_by_role("button", name="Unsubscribe").click()
    expect(visitor.get_by_text("you will get no more notice emails")).to_be_visible()
    visitor.close()
    preference.refresh_from_db()
    assert not preference.low_stock


def test_the_notices_pages_fit_a_phone_and_pass_axe(site, page):
    add_samples_the_demo_data_lacks()  # a notice sent to the manager: the list has a row
    page.set_viewport_size(PHONE)
    problems = []
    site.sign_in(page, username="manager")
    for url in (reverse("notices:notice_list"), reverse("notices:notice_preview")):
        page.goto(site.url + url)
        problems += _too_wide(page, url) + axe_violations(page, url)
    manager_user_token = unsubscribe_token(get_user_model().objects.get(username="manager"))
    page.context.clear_cookies()
    for url in (
        reverse("notices:unsubscribe", args=[manager_user_token]),
        reverse("notices:unsubscribe", args=["not-valid"]),
    ):
        page.goto(site.url + url)
        problems += _too_wide(page, url) + axe_violations(page, url)
    assert not problems, "\n".join(problems)
