"""The STANDARDS budget: CSS plus JS shipped to the browser at most 60 KB gzipped, no web
fonts. Test-only tools (axe-core, the Nu checker) stay in node_modules, never in static/."""

import gzip

from django.conf import settings

BUDGET = 60 * 1024
CSS = settings.BASE_DIR / "theme" / "static" / "css" / "dist" / "styles.css"


def shipped_files():
    """What every page loads: the CSS, the project's JS and the vendored files at the top
    of static/vendor (htmx). Folders under it belong to one page (the API reference's
    Swagger UI) and are not on every page."""
    static = settings.BASE_DIR / "static"
    vendored = [path for path in (static / "vendor").glob("*") if path.is_file()]
    return [CSS, *sorted((static / "js").glob("*.js")), *sorted(vendored)]


def test_css_and_js_stay_within_60_kb_gzipped():
    assert CSS.exists(), f"{CSS} is not built: make setup (cd theme/static_src && npm run build)"
    sizes = {path.name: len(gzip.compress(path.read_bytes(), 9)) for path in shipped_files()}
    assert sum(sizes.values()) <= BUDGET, sizes


def test_no_web_fonts_and_no_test_tools_are_shipped():
    assert "@font-face" not in CSS.read_text()
    names = {path.name for path in shipped_files()}
    assert not {"axe.min.js", "vnu.jar"} & names
