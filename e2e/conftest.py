"""Playwright against a real Chromium (Debian's), on the dev server or the stack.

Without STACK_URL the tests run against pytest-django's live server with the small
demo data set; with STACK_URL (CI's `make stack` run) against Nginx + Gunicorn, whose
database was seeded with the same data set.
"""

import os
from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.demo.services.seed import seed
from apps.demo.services.users import DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(os.path.dirname(__file__)):
            item.add_marker(pytest.mark.e2e)
            if not os.environ.get("STACK_URL"):
                # The live server shares the test database, so data must be committed.
                item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)  # never skipped silently in CI
        pytest.skip(message)
    # Without these, Chromium keeps trying to reach Google's hosts on a closed network.
    args = [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.fixture
def page(page):
    # Actions and assertions wait alike: CI shares the two cores with other work, and a
    # search that takes 5 s there is slow, not wrong (speed is measured by `make bench`).
    page.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    return page


@dataclass
class Site:
    url: str
    username: str
    password: str

    def sign_in(self, page, username=None, password=None):
        page.goto(self.url + reverse("accounts:login"))
        page.get_by_label("Username").fill(username or self.username)
        page.get_by_label("Password").fill(password or self.password)
        # Until the next page has loaded, its deferred scripts (htmx) are not running:
        # a test typing into a search or the scan box at once would outrun them.
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def site(request) -> Site:
    stack_url = os.environ.get("STACK_URL")
    if stack_url:
        return Site(stack_url.rstrip("/"), "admin", DEMO_PASSWORD)
    live_server = request.getfixturevalue("live_server")
    seed("small", log=lambda text: None)
    return Site(live_server.url, "admin", DEMO_PASSWORD)
