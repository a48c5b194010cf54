"""Lighthouse's accessibility and best-practices scores for every page a manager can open
(the same walk as the phone-layout and axe tests, e2e/walk.py), signed in.

Not part of `make test`: Lighthouse is an npm tool of its own (about a minute per ten
pages). Run it against a running app on the demo data, e.g. beside `make run`:

    npm install --prefix /tmp/lh lighthouse
    DEBUG=1 LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse \
        .venv/bin/python e2e/lighthouse.py http://127.0.0.1:8000

Prints one line per page (scores and the audits that fell short), a summary, and exits
non-zero when a page scores below 100 in either category.
"""

import http.cookiejar
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django  # noqa: E402

django.setup()

from django.urls import reverse  # noqa: E402

from e2e.walk import manager_pages, public_pages  # noqa: E402

CATEGORIES = ("accessibility", "best-practices")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def signed_in_cookie(base: str, username: str, password: str) -> str:
    """The session cookie of a real sign-in through the form (CSRF and all)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = base + reverse("accounts:login")
    opener.open(login).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(login, data=data, headers={"Referer": login})
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit(f"sign-in as {username} failed at {login}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def audit(lighthouse: str, url: str, cookie: str | None) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = [
            lighthouse,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report.name}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox",
            "--disable-full-page-screenshot",
        ]
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
        return json.loads(Path(report.name).read_text())


def shortfalls(result: dict, category: str) -> list[str]:
    refs = result["categories"][category]["auditRefs"]
    audits = result["audits"]
    return [
        ref["id"]
        for ref in refs
        if ref["weight"]
        and audits[ref["id"]]["score"] is not None
        and audits[ref["id"]]["score"] < 1
    ]


def main() -> int:
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    lighthouse = os.environ.get("LIGHTHOUSE", "lighthouse")
    cookie = signed_in_cookie(base, os.environ.get("LH_USER", "manager"), "stockroom-demo")
    pages = [(page, cookie) for page in manager_pages()]
    pages += [(page, None) for page in public_pages()]
    below = 0
    for page, page_cookie in pages:
        result = audit(lighthouse, base + page.url, page_cookie)
        if (
            result.get("finalDisplayedUrl", result.get("finalUrl", "")).split("?")[0]
            != (base + page.url).split("?")[0]
        ):
            print(f"{page.name:40} redirected to {result.get('finalDisplayedUrl')}")
            below += 1
            continue
        scores = {c: round((result["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
        missing = [a for c in CATEGORIES for a in shortfalls(result, c)]
        below += any(score < 100 for score in scores.values())
        print(
            f"{page.name:40} a11y {scores['accessibility']:3}  best practices "
            f"{scores['best-practices']:3}  {' '.join(missing)}",
            flush=True,
        )
    print(f"\n{len(pages)} pages, {below} below 100")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
