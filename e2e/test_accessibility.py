"""axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page and every dialog, at desktop and
phone size, in the light and the dark theme; the Nu HTML checker on every page; no
console error (CSP) anywhere (issue 12, items 12 and 15 to 18).

axe-core and the Nu checker (vnu.jar) come from npm (theme/static_src's devDependencies)
and are read from node_modules by the tests only: nothing of them is shipped.
"""

import json
import shutil
import subprocess

import pytest

from .walk import (
    DESKTOP,
    NODE_MODULES,
    PHONE,
    manager_pages,
    open_each_dialog,
    public_pages,
    sign_in,
)

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 4).map(
    n => n.target.join(' ') + (n.failureSummary ? ' [' + n.any.concat(n.all).map(c => c.message).join('; ').slice(0, 160) + ']' : '')
  ).join(' | ') + (v.nodes.length > 4 ? ' … ' + v.nodes.length + ' nodes' : ''));
}"""


def axe_violations(page, label):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP (no inline scripts)
        # stays as strict as it is for users.
        page.evaluate(AXE.read_text())
    return [f"{label}: {text}" for text in page.evaluate(RUN_AXE, TAGS)]


@pytest.fixture
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: cd theme/static_src && npm install")


def _walk(site, page, viewport, scheme, with_dialogs=True):
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    size = f"{viewport['width']}px {scheme}"
    problems = []
    for public in public_pages():
        page.goto(site.url + public.url)
        problems += axe_violations(page, f"{public.url} {size}")
    sign_in(page, site)
    seen = set()
    for target in manager_pages():
        page.goto(site.url + target.url)
        page.wait_for_load_state("networkidle")
        problems += axe_violations(page, f"{target.url} {size}")
        if with_dialogs:
            problems += open_each_dialog(
                page, seen, lambda label: axe_violations(page, f"{label} {size}")
            )
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_desktop(site, page, axe_source, scheme):
    problems = _walk(site, page, DESKTOP, scheme)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_phone(site, page, axe_source, scheme):
    problems = _walk(site, page, PHONE, scheme)
    assert not problems, "\n".join(problems)


def test_no_console_errors_on_any_page(site, page):
    """A CSP violation, a missing favicon or a script error shows in the console."""
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}"),
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    sign_in(page, site)
    for target in manager_pages():
        response = page.goto(site.url + target.url)
        page.wait_for_load_state("networkidle")
        if response.status >= 400:
            # The page's own status is logged as a failed load; a 404 sample is expected.
            errors[:] = [e for e in errors if "status of " + str(response.status) not in e]
    assert not errors, "\n".join(errors)


def test_the_nu_html_checker_finds_no_errors(site, page, tmp_path):
    """Every page as the server sent it; htmx's hx-* attributes are its only allowed
    errors (they are not HTML, and data-hx-* would only make the markup longer)."""
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail(
            "the Nu checker needs java (apt-get install default-jre-headless) and "
            f"{VNU} (cd theme/static_src && npm install)"
        )
    files = {}
    for public in public_pages():
        response = page.goto(site.url + public.url)
        files[public.url] = response.text()
    sign_in(page, site)
    for target in manager_pages():
        response = page.goto(site.url + target.url)
        files[target.url] = response.text()
    paths = {}
    for index, (url, html) in enumerate(files.items()):
        path = tmp_path / f"page{index}.html"
        path.write_text(html)
        paths[path.as_uri()] = url
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--errors-only",
            *[str(tmp_path / f"page{i}.html") for i in range(len(files))],
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    problems = [
        f"{paths.get(message.get('url'), message.get('url'))}:{message.get('lastLine')}: {message['message']} «{message.get('extract', '').strip()[:120]}»"
        for message in messages
        if not _is_htmx_attribute(message["message"])
    ]
    assert not problems, "\n".join(problems)


def _is_htmx_attribute(text):
    return "Attribute “hx-" in text or "attribute “hx-" in text
