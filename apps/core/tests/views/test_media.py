"""Uploaded files (/media/) are behind sign-in: served by Django in development and tests,
by Nginx through X-Accel-Redirect behind the stack; never outside MEDIA_ROOT."""

import os

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.urls import resolve, reverse

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MEDIA = django_settings.MEDIA_URL  # stored image URLs start with it


def media_url(path):
    return reverse("core:media_file", args=[path])


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    (root / "parts").mkdir(parents=True)
    (root / "parts" / "ok.png").write_bytes(PNG)
    (root / "parts" / "evil.html").write_text("<script>alert(1)</script>")
    (root / "parts" / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (root / "parts" / ".hidden.png").write_bytes(PNG)
    (tmp_path / "secret.txt").write_text("outside MEDIA_ROOT")
    settings.MEDIA_ROOT = root
    settings.MEDIA_ACCEL_REDIRECT = False
    return root


@pytest.fixture
def viewer(client, make_user):
    client.force_login(make_user("vera", role="viewer"))
    return client


def test_anonymous_users_are_sent_to_sign_in(client, db, media_root):
    response = client.get(media_url("parts/ok.png"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=" + media_url("parts/ok.png")
    htmx = client.get(media_url("parts/ok.png"), headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == response["Location"]


def test_signed_in_users_get_the_file_with_private_caching(viewer, media_root):
    response = viewer.get(media_url("parts/ok.png"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


@pytest.mark.parametrize("name", ["evil.html", "evil.svg"])
def test_html_and_svg_are_plain_downloads_in_a_sandbox(viewer, media_root, name):
    response = viewer.get(media_url(f"parts/{name}"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    "path",
    [
        MEDIA + "parts/no-such.png",
        MEDIA + "parts/",  # a directory
        MEDIA + "parts",
        MEDIA + "../secret.txt",
        MEDIA + "parts/../../secret.txt",
        MEDIA + "%2e%2e/secret.txt",
        MEDIA + "parts/%2e%2e/%2e%2e/secret.txt",
        MEDIA + "parts%2f..%2f..%2fsecret.txt",
        MEDIA + "/etc/passwd",
        MEDIA + "%2fetc%2fpasswd",
        MEDIA + "parts\\..\\..\\secret.txt",
        MEDIA + "parts/.hidden.png",
    ],
)
def test_unknown_files_and_paths_leaving_media_root_are_404(viewer, media_root, path):
    assert viewer.get(path).status_code == 404


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_symlink_leading_out_of_media_root_is_404(viewer, media_root):
    (media_root / "parts" / "link.png").symlink_to(media_root.parent / "secret.txt")
    assert viewer.get(media_url("parts/link.png")).status_code == 404


def test_behind_nginx_the_answer_is_an_internal_redirect(viewer, media_root, settings):
    settings.MEDIA_ACCEL_REDIRECT = True
    response = viewer.get(media_url("parts/ok.png"))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == settings.MEDIA_ACCEL_PREFIX + "parts/ok.png"
    assert response.content == b""
    # Nginx keeps the upstream Content-Type on an internal redirect: it must be the safe one.
    assert response["Content-Type"] == "image/png"
    assert viewer.get(media_url("parts/evil.html"))["Content-Type"] == "application/octet-stream"
    assert viewer.get(media_url("parts/no-such.png")).status_code == 404
    assert viewer.get(MEDIA + "parts/../../secret.txt").status_code == 404


def test_stored_image_urls_still_resolve_to_the_media_view(media_root):
    url = default_storage.url("parts/ok.png")
    assert url == media_url("parts/ok.png")
    assert resolve(url).view_name == "core:media_file"
