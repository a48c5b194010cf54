"""Checks what the stack promises over HTTP: CSS from Nginx with long-lived caching,
pages from Gunicorn with Vary: HX-Request, security headers. Exits non-zero if not."""

import re
import sys
import urllib.request
from http.cookiejar import CookieJar

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
failures: list[str] = []


def check(condition: bool, message: str) -> None:
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
login = opener.open(BASE + "/accounts/login/")
page = login.read().decode()
headers = login.headers
css = re.search(r'href="(/static/css/dist/styles\.[0-9a-f]+\.css)"', page)
check(css is not None, "the login page links hashed CSS")
if css:
    request = urllib.request.Request(BASE + css.group(1), headers={"Accept-Encoding": "gzip"})
    response = urllib.request.urlopen(request)
    check("immutable" in response.headers.get("Cache-Control", ""), f"CSS cached immutable: {response.headers.get('Cache-Control')}")
    check(response.headers.get("Content-Encoding") == "gzip", "CSS is gzipped by Nginx")
    check("gunicorn" not in (response.headers.get("Server") or "").lower(), "CSS served by Nginx")
vary = ", ".join(headers.get_all("Vary") or [])
check("HX-Request" in vary, f"pages vary on HX-Request: {vary}")
for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Permissions-Policy"):
    check(bool(headers.get(name)), f"{name}: {headers.get(name)}")
check("'unsafe-inline'" not in headers.get("Content-Security-Policy", "'unsafe-inline'").split("script-src")[1].split(";")[0], "CSP allows no inline scripts")
# HSTS is only sent over HTTPS (Django checks request.is_secure()); the suite tests it.
health = urllib.request.urlopen(BASE + "/readyz")
check(health.status == 200, "/readyz answers 200")
if failures:
    sys.exit(f"{len(failures)} stack check(s) failed")
