"""Attachments on a phone (390×844): a manager uploads a PDF to a part, sees it listed,
downloads it, is told in place why an HTML file is refused, and deletes the PDF; a
signed-out browser asking for the file is sent to sign in."""

import os
import re

import pytest
from django.conf import settings
from django.test import testcases
from django.urls import reverse
from playwright.sync_api import expect

from e2e.walk import PHONE

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media_root(request, tmp_path, monkeypatch):
    """A temporary MEDIA_ROOT on the live server (the stack has its own), and /media/
    reaching the app rather than the live server's own unchecked media handler."""
    if not os.environ.get("STACK_URL"):
        request.getfixturevalue("settings").MEDIA_ROOT = tmp_path
        monkeypatch.setattr(
            testcases._MediaFilesHandler, "_should_handle", lambda self, path: False
        )


def test_upload_a_pdf_to_a_part_and_download_it_on_a_phone(site, page, browser, media_root):
    page.set_viewport_size(PHONE)
    site.sign_in(page)
    page.goto(site.url + reverse("catalog:part_list"))
    page.locator("#results tbody a[href^='/parts/']").first.click()
    expect(page).to_have_url(re.compile(r"/parts/\d+/$"))

    page.get_by_role("tab", name="Attachments").click()
    section = page.get_by_test_id("attachments")
    expect(section).to_be_visible()
    form = section.locator("#attachment-form")

    # Refused: an HTML page, with the reason next to the field and the description kept.
    form.get_by_label("File").set_input_files(
        {"name": "invoice.html", "mimeType": "text/html", "buffer": b"<html><script></script>"}
    )
    form.get_by_label("Description (optional)").fill("Datasheet rev. C")
    form.get_by_role("button", name="Upload").click()
    expect(section.get_by_test_id("attachment-error")).to_be_visible()
    expect(section).to_contain_text("Web pages, SVG images and programs cannot be attached")
    expect(form.get_by_label("Description (optional)")).to_have_value("Datasheet rev. C")

    form.get_by_label("File").set_input_files(
        {"name": "datasheet.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.get_by_role("button", name="Upload").click()
    row = section.get_by_test_id("attachment").filter(has_text="datasheet.pdf")
    expect(row).to_be_visible()
    expect(row).to_contain_text("Datasheet rev. C")
    expect(row).to_contain_text("PDF")
    expect(page.locator("#messages")).to_contain_text("datasheet.pdf attached.")
    # Nothing scrolls sideways on the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    link = row.get_by_test_id("attachment-download")
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == "datasheet.pdf"
    with open(download.path(), "rb") as saved:
        assert saved.read() == PDF

    url = site.url + link.get_attribute("href")
    anonymous = browser.new_context()
    try:
        refused = anonymous.request.get(url, max_redirects=0)
        assert refused.status == 302
        assert refused.headers["location"].startswith(reverse("accounts:login") + "?next=")
        assert not refused.body().startswith(b"%PDF")
        hidden = anonymous.request.get(
            site.url + settings.MEDIA_URL + "attachments/", max_redirects=0
        )
        assert hidden.status == 302
    finally:
        anonymous.close()

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_test_id("attachment-delete").click()
    expect(section.get_by_test_id("attachments-empty")).to_be_visible()
    assert page.request.get(url, max_redirects=0).status == 404
