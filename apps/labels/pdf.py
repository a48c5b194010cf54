"""The labels page as a PDF, printed by headless Chromium (Debian's /usr/bin/chromium,
driven by Playwright): the same HTML and print CSS the browser prints, so the PDF and
the browser's print agree to the millimetre, and Chromium's `page.pdf` keeps the
@page size of the CSS (prefer_css_page_size).

The page is given as a string (no request back to the site, no session to pass): the
label stylesheet is inlined, the codes are inline SVG, and every network request of the
page is refused, so a label's text can make Chromium fetch nothing.
"""

from django.conf import settings
from playwright.sync_api import sync_playwright

LAUNCH_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


def html_to_pdf(html: str) -> bytes:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=settings.CHROMIUM_PATH, args=LAUNCH_ARGS
        )
        try:
            context = browser.new_context(java_script_enabled=False)
            page = context.new_page()
            page.route("**/*", lambda route: route.abort())
            page.set_content(html, wait_until="load")
            return page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
