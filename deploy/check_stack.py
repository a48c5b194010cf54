"""Checks what the stack promises over HTTP: CSS from Nginx with long-lived caching,
pages from Gunicorn with Vary: HX-Request, security headers, uploaded files only for a
signed-in user (Django checks, Nginx sends them). Exits non-zero if not.

    deploy/check_stack.py [URL]    (default http://127.0.0.1:8080)

The media checks write a few probe files into the stack's MEDIA_ROOT ($MEDIA_ROOT, else the
folder the local Nginx on that port sends media from, else $STACK_DIR/media, else
.stack/media) and remove them afterwards; they sign in as $STACK_USER / $STACK_PASSWORD
(the demo data set's admin by default).
"""

import os
import re
import shutil
import socket
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
ROOT = Path(__file__).resolve().parent.parent
failures: list[str] = []


def check(condition: bool, message: str) -> None:
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


if BASE.startswith("https:"):
    # The local stack's self-signed certificate (STACK_TLS=1): trust it, and only it.
    _cert = Path(os.environ.get("STACK_DIR") or ROOT / ".stack") / "tls" / "cert.pem"
    ssl._create_default_https_context = lambda: ssl.create_default_context(cafile=str(_cert))

opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
login = opener.open(BASE + "/accounts/login/")
page = login.read().decode()
headers = login.headers
css = re.search(r'href="(/static/css/dist/styles\.[0-9a-f]+\.css)"', page)
check(css is not None, "the login page links hashed CSS")
if css:
    request = urllib.request.Request(BASE + css.group(1), headers={"Accept-Encoding": "gzip"})
    response = urllib.request.urlopen(request)
    check(
        "immutable" in response.headers.get("Cache-Control", ""),
        f"CSS cached immutable: {response.headers.get('Cache-Control')}",
    )
    check(response.headers.get("Content-Encoding") == "gzip", "CSS is gzipped by Nginx")
    check("gunicorn" not in (response.headers.get("Server") or "").lower(), "CSS served by Nginx")
vary = ", ".join(headers.get_all("Vary") or [])
check("HX-Request" in vary, f"pages vary on HX-Request: {vary}")
for name in (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
):
    check(bool(headers.get(name)), f"{name}: {headers.get(name)}")
check(
    "'unsafe-inline'"
    not in headers.get("Content-Security-Policy", "'unsafe-inline'")
    .split("script-src")[1]
    .split(";")[0],
    "CSP allows no inline scripts",
)
# HSTS is only sent over HTTPS (Django checks request.is_secure()); the suite tests it.
health = urllib.request.urlopen(BASE + "/readyz")
check(health.status == 200, "/readyz answers 200")
if BASE.startswith("https:"):
    hsts = headers.get("Strict-Transport-Security", "")
    check("max-age=" in hsts, f"HSTS on pages: {hsts}")


# --- Nginx's own answers: static files, its error pages ------------------------------


def raw(request: bytes) -> tuple[int, dict, bytes]:
    """Sends bytes as they are (requests urllib would not send) and reads the answer."""
    url = urllib.parse.urlsplit(BASE)
    sock = socket.create_connection(
        (url.hostname, url.port or (443 if url.scheme == "https" else 80)), timeout=10
    )
    if url.scheme == "https":
        sock = ssl._create_default_https_context().wrap_socket(sock, server_hostname=url.hostname)
    with sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return status, fields, body


NGINX_HEADERS = [
    "x-content-type-options",
    "x-frame-options",
    "content-security-policy",
    "referrer-policy",
]
if BASE.startswith("https:"):
    NGINX_HEADERS.append("strict-transport-security")
host = urllib.parse.urlsplit(BASE).netloc.encode()
for label, request, expected in (
    (
        "a missing static file",
        b"GET /static/no-such-file.css HTTP/1.1\r\nHost: "
        + host
        + b"\r\nConnection: close\r\n\r\n",
        404,
    ),
    (
        "a body over the limit",
        b"POST /accounts/login/ HTTP/1.1\r\nHost: "
        + host
        + b"\r\nContent-Length: 13000000\r\nConnection: close\r\n\r\n",
        413,
    ),
    (
        "an address over the limit",
        b"GET /parts/?q="
        + b"x" * 9000
        + b" HTTP/1.1\r\nHost: "
        + host
        + b"\r\nConnection: close\r\n\r\n",
        414,
    ),
    (
        "a request Nginx cannot read",
        b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nBroken header line\r\n\r\n",
        400,
    ),
):
    status, fields, body = raw(request)
    missing = [name for name in NGINX_HEADERS if not fields.get(name)]
    check(
        status == expected and not missing and b"Stockroom" in body,
        f"{label}: {status} (want {expected}), Stockroom's page, security headers"
        + (f" missing {missing}" if missing else ""),
    )


# --- uploaded files: behind sign-in -------------------------------------------------


class LocalSecureCookies(DefaultCookiePolicy):
    """The stack sets Secure cookies over plain HTTP on 127.0.0.1 (as in production);
    browsers send them to localhost, Python's cookie jar only over HTTPS unless told."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(opener, path, data=None):
    """(status, headers, body) without following redirects; 4xx/5xx are answers too."""
    # Over HTTPS Django's CSRF check also wants the Referer of a form post (a browser sends it).
    request = urllib.request.Request(
        BASE + path, data=data, headers={"Referer": BASE + path} if data else {}
    )
    try:
        response = opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    return response.status, response.headers, response.read()


def served_media_root() -> Path | None:
    """The folder the local Nginx listening on BASE's port sends /internal-media/ from:
    read from the site config of its master process (`nginx -p RUN_DIR`, deploy/stack.sh)."""
    port = urllib.parse.urlsplit(BASE).port or 80
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace").split()
        except OSError:
            continue
        if not args or "nginx" not in args[0] or "-p" not in args[:-1]:
            continue
        run_dir = Path(args[args.index("-p") + 1])
        try:
            text = (run_dir / "site.conf").read_text()
            text += (
                (run_dir / "locations.conf").read_text()
                if (run_dir / "locations.conf").exists()
                else ""
            )
        except OSError:
            continue
        alias = re.search(r"location /internal-media/ \{[^}]*?alias ([^;]+);", text)
        if re.search(rf"listen [^;]*:{port}[ ;]", text) and alias:
            return Path(alias.group(1).strip())
    return None


def media_root() -> Path:
    if os.environ.get("MEDIA_ROOT"):
        return Path(os.environ["MEDIA_ROOT"])
    if found := served_media_root():
        return found
    return Path(os.environ.get("STACK_DIR") or ROOT / ".stack") / "media"


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a2b5f1a10000000049454e44ae426082"
)
PROBES = {
    "ok.png": PNG,
    "evil.html": b"<!doctype html><script>alert(document.cookie)</script>",
    "evil.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "png-named.html": PNG,
}
SANDBOX = "default-src 'none'; sandbox"

root = media_root()
folder = root / "stack-check"
if not root.is_dir():
    check(False, f"media: MEDIA_ROOT {root} exists (set STACK_DIR or MEDIA_ROOT to the stack's)")
else:
    folder.mkdir(exist_ok=True)
    try:
        for name, content in PROBES.items():
            (folder / name).write_bytes(content)
        anonymous = urllib.request.build_opener(NoRedirects())
        status, headers, _ = fetch(anonymous, "/media/stack-check/ok.png")
        location = headers.get("Location", "")
        check(
            status == 302
            and location.startswith("/accounts/login/?next=/media/stack-check/ok.png"),
            f"media without a session: {status} to {location or '-'} (sign in first)",
        )
        status, _, _ = fetch(anonymous, "/internal-media/stack-check/ok.png")
        check(status == 404, f"the internal media location is not reachable from outside: {status}")

        jar = CookieJar(policy=LocalSecureCookies())
        user = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirects())
        _, _, form = fetch(user, "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode() if token else "",
                "username": os.environ.get("STACK_USER", "admin"),
                "password": os.environ.get("STACK_PASSWORD", "stockroom-demo"),
            }
        ).encode()
        status, headers, _ = fetch(user, "/accounts/login/", data)
        check(
            status == 302 and not headers.get("Location", "").startswith("/accounts/login/"),
            f"signed in for the media checks: {status} to {headers.get('Location')}",
        )

        status, headers, body = fetch(user, "/media/stack-check/ok.png")
        check(status == 200 and body == PNG, f"media with a session: {status}, {len(body)} bytes")
        check(
            headers.get("Content-Type") == "image/png",
            f"a PNG is image/png: {headers.get('Content-Type')}",
        )
        check(
            headers.get("X-Content-Type-Options") == "nosniff",
            "media: X-Content-Type-Options nosniff",
        )
        check(
            headers.get("Content-Security-Policy") == SANDBOX,
            f"media CSP: {headers.get('Content-Security-Policy')}",
        )
        check(
            "private" in headers.get("Cache-Control", ""),
            f"media Cache-Control: {headers.get('Cache-Control')}",
        )
        # Nginx's file module sends ETag and Last-Modified; Django's empty answer has neither.
        check(
            bool(headers.get("ETag") and headers.get("Last-Modified")),
            "media sent by Nginx (X-Accel-Redirect)",
        )
        for name in ("evil.html", "evil.svg", "png-named.html"):
            status, headers, _ = fetch(user, f"/media/stack-check/{name}")
            check(
                status == 200
                and headers.get("Content-Type") == "application/octet-stream"
                and headers.get("Content-Security-Policy") == SANDBOX,
                f"{name}: {status} {headers.get('Content-Type')} + {headers.get('Content-Security-Policy')}",
            )
        # Unknown files and paths out of MEDIA_ROOT are refused (Nginx itself answers 400
        # for a path climbing above /).
        for path in (
            "/media/stack-check/nothing.png",
            "/media/stack-check/%2e%2e/%2e%2e/secret_key",
            "/media/..%2f..%2fsecret_key",
            "/media/stack-check/",
        ):
            status, _, _ = fetch(user, path)
            check(status in (400, 404), f"{path}: refused with {status}")
        # Labels as a PDF: the app server starts headless Chromium (apps/labels/pdf.py).
        status, headers, body = fetch(
            user,
            "/labels/sheet.pdf?kind=part&ids=1&layout=a4-21&symbology=qr&fields=code&fields=sku",
        )
        check(
            status == 200
            and headers.get("Content-Type") == "application/pdf"
            and body.startswith(b"%PDF-"),
            f"labels PDF through the stack: {status} {headers.get('Content-Type')}, {len(body)} bytes",
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)

if failures:
    sys.exit(f"{len(failures)} stack check(s) failed")
