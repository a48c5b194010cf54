"""Security headers, cookies and input hardening under production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import reverse

from apps.catalog.tests.factories import make_part

pytestmark = pytest.mark.django_db
ROOT = Path(django_settings.BASE_DIR)

# The values project/settings.py gives these when DEBUG is off and SECURE_COOKIES unset
# (the test environment relaxes cookies for plain-HTTP live servers).
PRODUCTION = {
    "DEBUG": False,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert all(src == "'self'" or src.startswith("'nonce-") for src in directives["script-src"])
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "HX-Request" in response["Vary"]


@override_settings(**PRODUCTION)
def test_headers_and_cookies_on_sign_in_page_and_fragment(make_user):
    make_user("vic", "a-long-test-password", role="viewer")
    client = Client()
    login_page = client.get(reverse("accounts:login"), secure=True)
    assert_security_headers(login_page)
    csrf_cookie = login_page.cookies["csrftoken"]
    assert csrf_cookie["secure"] and csrf_cookie["httponly"] and csrf_cookie["samesite"] == "Lax"
    signed_in = client.post(
        reverse("accounts:login"),
        {"username": "vic", "password": "a-long-test-password"},
        secure=True,
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["max-age"] == ""  # ends with the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE)
    page = client.get(reverse("catalog:part_list"), secure=True)
    assert page.status_code == 200
    assert_security_headers(page)
    fragment = client.get(reverse("catalog:part_list"), headers={"HX-Request": "true"}, secure=True)
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    assert_security_headers(fragment)
    forbidden = client.get(reverse("catalog:part_create"), secure=True)
    assert forbidden.status_code == 403
    assert_security_headers(forbidden)


def test_no_template_has_an_inline_script():
    """script-src has no 'unsafe-inline': every <script> must load a file (or carry the nonce)."""
    offenders = []
    for folder in (ROOT / "templates", ROOT / "apps"):
        for path in folder.rglob("*.html"):
            offenders.extend(
                f"{path.relative_to(ROOT)}: {tag}"
                for tag in re.findall(r"<script\b[^>]*>", path.read_text())
                if "src=" not in tag and "csp_nonce" not in tag
            )
            if re.search(r"\son[a-z]+\s*=\s*[\"']", path.read_text()):
                offenders.append(f"{path.relative_to(ROOT)}: inline event handler (on...=)")
    assert not offenders, "\n".join(offenders)


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECURE_COOKIES",
            "PLAIN_STATIC_STORAGE",
            "SECURE_HSTS_SECONDS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        SECRET_KEY="x" * 20 + "a-real-looking-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="stock.example.com",
        EMAIL_HOST="smtp.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- Input hardening ---------------------------------------------------------------------


@pytest.fixture
def part():
    return make_part("N-1")


def parts(query=""):
    return reverse("catalog:part_list") + query


def history(pk):
    return reverse("audit:record_history", args=["catalog.part", pk])


@pytest.mark.parametrize(
    "url",
    [
        parts("?q=%00"),
        parts("?q=abc%00def"),
        parts("?sort=%00"),
        parts("?page=1&x=%00"),
        history("\x00"),
        parts("?sort=password"),
        parts("?page=abc"),
        parts("?per_page=100000"),
        parts("?q=" + "x" * 5000),
    ],
)
def test_bad_query_input_is_400_not_500(viewer, part, url):
    response = viewer.get(url)
    assert response.status_code == 400
    assert b"Bad request" in response.content


def test_nul_in_form_data_is_400(manager, part):
    response = manager.post(
        reverse("catalog:part_reorder_point", args=[part.pk]), {"reorder_point": "1\x00"}
    )
    assert response.status_code == 400
    part.refresh_from_db()
    assert part.reorder_point == 0


@pytest.mark.parametrize(
    "url",
    [
        reverse("catalog:part_detail", args=[99999999999999999999]),
        reverse("catalog:part_detail", args=[0]),
        parts("-1/"),  # no such address: the id pattern takes digits only
        parts("1e3/"),
        history("99999999999999999999"),
        history("1.5"),
        history("\u202e"),  # right-to-left override (%E2%80%AE)
        reverse("inventory:location_detail", args=[99999999999999999999]),
    ],
)
def test_malformed_and_unknown_ids_are_404(viewer, part, url):
    assert viewer.get(url).status_code == 404


def test_suspicious_operation_gives_the_400_page(viewer):
    response = viewer.get(parts(), HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert b"Bad request" in response.content


def test_oversize_form_data_is_400(manager):
    too_many = {f"f{n}": "1" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert manager.post(reverse("catalog:part_bulk"), too_many).status_code == 400
    too_big = {"notes": "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    assert manager.post(reverse("catalog:part_bulk"), too_big).status_code == 400


def test_htmx_request_without_permission_gets_a_403_fragment(viewer, part):
    response = viewer.get(
        reverse("catalog:part_edit", args=[part.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 403
    assert b"<html" not in response.content and b"permission" in response.content


def test_anonymous_htmx_request_is_sent_to_sign_in():
    response = Client().get(parts(), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:login") + "?next=" + parts()
    assert "Location" not in response


def test_sessions_end_with_the_browser(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


# --- CSRF on HTMX posts ------------------------------------------------------------------


def test_csrf_is_enforced_on_htmx_posts(make_user):
    part = make_part("X-1")
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("meg", role="manager"))
    page = client.get(parts()).content.decode()
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", page).group(1)
    url = reverse("catalog:part_reorder_point", args=[part.pk])
    without = client.post(url, {"reorder_point": "3"}, headers={"HX-Request": "true"})
    assert without.status_code == 403
    with_header = client.post(
        url, {"reorder_point": "3"}, headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert with_header.status_code == 200
    part.refresh_from_db()
    assert part.reorder_point == 3
