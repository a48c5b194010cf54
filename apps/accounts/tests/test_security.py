"""Security headers, cookies and input hardening under production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings

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


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    login_page = client.get("/accounts/login/", secure=True)
    assert_security_headers(login_page)
    csrf_cookie = login_page.cookies["csrftoken"]
    assert csrf_cookie["secure"] and csrf_cookie["httponly"] and csrf_cookie["samesite"] == "Lax"
    signed_in = client.post(
        "/accounts/login/", {"username": "vic", "password": "a-long-test-password"}, secure=True
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["max-age"] == ""  # ends with the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE)
    page = client.get("/parts/", secure=True)
    assert page.status_code == 200
    assert_security_headers(page)
    fragment = client.get("/parts/", headers={"HX-Request": "true"}, secure=True)
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    assert_security_headers(fragment)
    forbidden = client.get("/parts/new/", secure=True)
    assert forbidden.status_code == 403
    assert_security_headers(forbidden)


def test_no_template_has_an_inline_script():
    """script-src has no 'unsafe-inline': every <script> must load a file (or carry the nonce)."""
    offenders = []
    for folder in (ROOT / "templates", ROOT / "apps"):
        for path in folder.rglob("*.html"):
            for tag in re.findall(r"<script\b[^>]*>", path.read_text()):
                if "src=" not in tag and "csp_nonce" not in tag:
                    offenders.append(f"{path.relative_to(ROOT)}: {tag}")
            if re.search(r"\son[a-z]+\s*=\s*[\"']", path.read_text()):
                offenders.append(f"{path.relative_to(ROOT)}: inline event handler (on...=)")
    assert not offenders, "\n".join(offenders)


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_COOKIES", "PLAIN_STATIC_STORAGE", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        SECRET_KEY="x" * 20 + "a-real-looking-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="stock.example.com",
        EMAIL_HOST="smtp.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- Input hardening ---------------------------------------------------------------------


@pytest.fixture
def viewer_client(make_user):
    client = Client()
    client.force_login(make_user("vic", role="viewer"))
    return client


@pytest.fixture
def part():
    from apps.catalog.models import Category, Part

    return Part.objects.create(sku="N-1", name="n", category=Category.objects.create(name="c"))


@pytest.mark.parametrize(
    "url",
    [
        "/parts/?q=%00",
        "/parts/?q=abc%00def",
        "/parts/?sort=%00",
        "/parts/?page=1&x=%00",
        "/history/catalog.part/%00/",
        "/parts/?sort=password",
        "/parts/?page=abc",
        "/parts/?per_page=100000",
        "/parts/?q=" + "x" * 5000,
    ],
)
def test_bad_query_input_is_400_not_500(viewer_client, part, url):
    response = viewer_client.get(url)
    assert response.status_code == 400
    assert b"Bad request" in response.content


def test_nul_in_form_data_is_400(make_user, part):
    client = Client()
    client.force_login(make_user("meg", role="manager"))
    response = client.post(f"/parts/{part.pk}/reorder-point/", {"reorder_point": "1\x00"})
    assert response.status_code == 400
    part.refresh_from_db()
    assert part.reorder_point == 0


@pytest.mark.parametrize(
    "url",
    [
        "/parts/99999999999999999999/",
        "/parts/0/",
        "/parts/-1/",
        "/parts/1e3/",
        "/history/catalog.part/99999999999999999999/",
        "/history/catalog.part/1.5/",
        "/history/catalog.part/%E2%80%AE/",
        "/locations/99999999999999999999/",
    ],
)
def test_malformed_and_unknown_ids_are_404(viewer_client, part, url):
    assert viewer_client.get(url).status_code == 404


def test_suspicious_operation_gives_the_400_page(viewer_client):
    response = viewer_client.get("/parts/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert b"Bad request" in response.content


def test_oversize_form_data_is_400(make_user):
    client = Client()
    client.force_login(make_user("meg", role="manager"))
    too_many = {f"f{n}": "1" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post("/parts/bulk/", too_many).status_code == 400
    too_big = {"notes": "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    assert client.post("/parts/bulk/", too_big).status_code == 400


def test_htmx_request_without_permission_gets_a_403_fragment(make_user, part):
    client = Client()
    client.force_login(make_user("vic", role="viewer"))
    response = client.get(f"/parts/{part.pk}/edit/", headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert b"<html" not in response.content and b"permission" in response.content


def test_anonymous_htmx_request_is_sent_to_sign_in():
    response = Client().get("/parts/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")
