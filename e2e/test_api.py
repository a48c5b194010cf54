"""The API in the browser: a token created on the user's page is shown once and works,
revoking it stops it; the reference page renders the schema without CSP violations and
"Try it out" runs as the signed-in user."""

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.stack


def screenshot_dir() -> Path:
    path = Path(__file__).resolve().parent.parent / "test-results"
    path.mkdir(exist_ok=True)
    return path


def api_status(site, token) -> int:
    request = urllib.request.Request(
        site.url + reverse("api:part_list") + "?per_page=1",
        headers={"Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            json.loads(response.read())
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_create_a_token_use_it_and_revoke_it(site, page):
    site.sign_in(page)
    page.get_by_role("link", name="API", exact=True).click()
    expect(page.get_by_role("heading", name="Your API tokens")).to_be_visible()
    page.get_by_label("New token’s name").fill("e2e label printer")
    page.get_by_role("button", name="Create token").click()
    shown = page.get_by_label("The new token")
    expect(shown).to_be_visible()
    token = shown.input_value()
    assert token.startswith("sr_")
    assert api_status(site, token) == 200

    page.reload()  # shown once: not on the page any more
    expect(page.get_by_label("The new token")).to_have_count(0)
    row = page.get_by_test_id("token-row").filter(has_text="e2e label printer")
    expect(row).to_contain_text("Active")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revoke").click()
    expect(row).to_contain_text("Revoked")
    assert api_status(site, token) == 401


def test_reference_page_renders_the_schema_under_its_csp(site, page):
    site.sign_in(page)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(site.url + reverse("api:docs"))
    expect(page.get_by_text("Stockroom API").first).to_be_visible()
    operation = page.locator("#operations-catalog-part_list")
    expect(operation).to_be_visible()
    operation.locator("button.opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table .response .response-col_status")).to_contain_text(
        "200"
    )
    # A write's example body and the models (syntax highlighting, expanded schemas).
    receive = page.locator("#operations-stock_operations-stock_receive_create")
    receive.locator("button.opblock-summary-control").click()
    expect(receive.locator(".body-param__example, .highlight-code").first).to_be_visible()
    page.locator("section.models button").first.click()
    page.screenshot(path=str(screenshot_dir() / "api-docs.png"), full_page=False)
    assert violations == []
