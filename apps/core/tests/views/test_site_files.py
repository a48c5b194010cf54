"""/favicon.ico and /robots.txt are answered to anyone, never sent to sign in (issue 12, item 16)."""

from django.test import Client
from django.urls import reverse


def test_favicon_is_an_icon_for_anyone(db):
    response = Client().get(reverse("core:favicon"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age=86400" in response["Cache-Control"]


def test_robots_txt_keeps_crawlers_out(db):
    response = Client().get(reverse("core:robots"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "User-agent: *\nDisallow: /\n"


def test_they_sit_at_the_root_of_the_site():
    assert reverse("core:favicon") == "/favicon.ico"
    assert reverse("core:robots") == "/robots.txt"


def test_only_get_is_answered(db):
    assert Client().post(reverse("core:robots")).status_code == 405
