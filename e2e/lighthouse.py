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

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django  # noqa: E402

django.setup()

from django.urls import reverse  # noqa: E402

from e2e.walk import manager_pages, public_pages  # noqa: E402

CATEGORIES = ("accessibility", "best-practices")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Walked samples that are not pages of their own: an image of the media view (its sample
# is a 404), and fragments that answer only with their query or their form's state
# (without it: the order's page, or a 4xx message the axe walk checks instead).
NOT_HTML = {
    "core:media_file",
    "inventory:stock_move_selected",  # 422 without ticked rows
    "inventory:scan",  # 404 without a code
    "purchasing:purchase_order_lines",  # redirects to the new-order form
    "purchasing:purchase_order_part_suggestions",  # 400 without a search
    "purchasing:purchase_order_receive",  # redirects to a placed order's page
    "imports:import_progress",  # redirects to the import once it is not running
}
# Samples that need more query than the walk gives to be the page a user sees (the walk's
# label sheet has no options: the options form, 422).
MORE_QUERY = {"labels:label_sheet": "&layout=a4-21&symbology=qr&fields=code&fields=sku&fields=name"}


@contextlib.contextmanager
def browser_signed_in(base: str, username: str, password: str, port: int = 9333):
    """Debian's Chromium with a DevTools port, signed in through the sign-in form: every
    tab Lighthouse opens in it carries the session cookie, HTMX requests too (a Cookie
    header passed to Lighthouse reaches the page but not its own requests)."""
    profile = tempfile.mkdtemp(prefix="lighthouse-profile-")
    chromium = subprocess.Popen(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Chromium says on stderr when its DevTools port is open.
        for line in chromium.stderr:
            if line.startswith("DevTools listening on"):
                break
        else:
            sys.exit("Chromium exited before opening its DevTools port")
        # Keep reading its stderr: a full pipe would stall Chromium mid-run.
        threading.Thread(target=chromium.stderr.read, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
            page = browser.contexts[0].new_page()
            page.goto(base + reverse("accounts:login"))
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(password)
            with page.expect_navigation():
                page.get_by_role("button", name="Sign in").click()
            if "/accounts/login/" in page.url:
                sys.exit(f"sign-in as {username} failed")
            page.close()
        yield port
    finally:
        chromium.terminate()
        chromium.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


def audit(lighthouse: str, url: str, port: int | None) -> dict:
    """Lighthouse's report of one URL: in the signed-in browser on `port`, or in a fresh
    one of its own (signed out) when port is None."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = [
            lighthouse,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report.name}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--disable-full-page-screenshot",
            "--disable-storage-reset",
        ]
        if port:
            command.append(f"--port={port}")
        else:
            command.append("--chrome-flags=--headless=new --no-sandbox")
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
    username = os.environ.get("LH_USER", "manager")
    below = 0
    with browser_signed_in(base, username, "stockroom-demo") as port:
        below += run_pages(
            lighthouse, base, [p for p in manager_pages() if p.name not in NOT_HTML], port
        )
    # The walk's bad unsubscribe link is a 400 page on purpose (axe checks it).
    public = [p for p in public_pages() if "not-a-signed-token" not in p.url]
    below += run_pages(lighthouse, base, public, None)
    print(f"\nall pages done, {below} below 100")
    return 1 if below else 0


def run_pages(lighthouse, base, pages, port) -> int:
    below = 0
    for page in pages:
        if page.name in MORE_QUERY and "?" not in page.url:
            continue  # the bare sample (the options form); the walk adds one with records
        try:
            result = audit(lighthouse, base + page.url + MORE_QUERY.get(page.name, ""), port)
        except subprocess.CalledProcessError:
            print(f"{page.name:40} Lighthouse could not audit {page.url}", flush=True)
            below += 1
            continue
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
    return below


if __name__ == "__main__":
    sys.exit(main())
