"""The STANDARDS budget: CSS plus JS shipped to the browser at most 60 KB gzipped, no web
fonts. Test-only tools (axe-core, the Nu checker) stay in node_modules, never in static/."""

import gzip

from django.conf import settings

BUDGET = 60 * 1024
CSS = settings.BASE_DIR / "theme" / "static" / "css" / "dist" / "styles.css"


def shipped_files():
    static = settings.BASE_DIR / "static"
    return [CSS, *sorted((static / "js").glob("*.js")), *sorted((static / "vendor").glob("*"))]


def test_css_and_js_stay_within_60_kb_gzipped():
    assert CSS.exists(), f"{CSS} is not built: make setup (cd theme/static_src && npm run build)"
    sizes = {path.name: len(gzip.compress(path.read_bytes(), 9)) for path in shipped_files()}
    assert sum(sizes.values()) <= BUDGET, sizes


def test_no_web_fonts_and_no_test_tools_are_shipped():
    assert "@font-face" not in CSS.read_text()
    names = {path.name for path in shipped_files()}
    assert not {"axe.min.js", "vnu.jar"} & names
