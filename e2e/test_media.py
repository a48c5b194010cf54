"""Uploaded part images are behind sign-in: shown to a signed-in user, refused (sent to
sign in) without a session. Through the stack, Django checks and Nginx sends the file."""

import io
import os
import re
import uuid

import pytest
from django.conf import settings
from django.test import testcases
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.stack


@pytest.fixture
def media_root(request, tmp_path, monkeypatch):
    """On the live server uploads go to a temporary MEDIA_ROOT (the stack has its own),
    and /media/ reaches the app: Django's live server would otherwise answer MEDIA_URL
    itself from MEDIA_ROOT (a test-server shortcut, no sign-in check)."""
    if not os.environ.get("STACK_URL"):
        request.getfixturevalue("settings").MEDIA_ROOT = tmp_path
        monkeypatch.setattr(
            testcases._MediaFilesHandler, "_should_handle", lambda self, path: False
        )


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_part_image_needs_a_session(site, page, browser, media_root):
    sku = f"E2E-IMG-{uuid.uuid4().hex[:6].upper()}"
    site.sign_in(page)
    page.goto(site.url + reverse("catalog:part_create"))
    page.get_by_label("SKU").fill(sku)
    page.get_by_label("Name").fill("Part with a photo")
    page.get_by_label("Category").select_option(index=1)
    page.get_by_label("Image").set_input_files(
        {"name": "photo.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("catalog:part_list")) + r"\d+/$"))

    photo = page.get_by_role("img", name="Photo of Part with a photo")
    expect(photo).to_have_attribute(
        "src", re.compile("^" + re.escape(settings.MEDIA_URL) + r"parts/.+\.png$")
    )
    # The browser, signed in, loaded it (a refused image has no natural width).
    expect(photo).to_have_js_property("complete", True)
    expect(photo).not_to_have_js_property("naturalWidth", 0)
    url = site.url + photo.get_attribute("src")

    signed_in = page.request.get(url, max_redirects=0)
    assert signed_in.status == 200
    assert signed_in.headers["content-type"] == "image/png"
    assert signed_in.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in signed_in.headers["content-security-policy"]
    assert signed_in.body().startswith(b"\x89PNG")
    # The internal location is not reachable from outside, even signed in.
    assert (
        page.request.get(
            url.replace(settings.MEDIA_URL, settings.MEDIA_ACCEL_PREFIX), max_redirects=0
        ).status
        == 404
    )

    anonymous = browser.new_context()
    try:
        refused = anonymous.request.get(url, max_redirects=0)
        assert refused.status == 302
        login = reverse("accounts:login")
        assert refused.headers["location"].startswith(
            login + "?next=" + settings.MEDIA_URL + "parts/"
        )
    finally:
        anonymous.close()
