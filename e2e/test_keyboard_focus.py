"""Keyboard focus (issue 12, items 13, 14 and 18): a visible focus ring on crispy-tailwind
fields, the skip link first, focus back on the opener after a dialog's successful submit
and on the first invalid field after a 422; reduced motion and the dark theme."""

from django.urls import reverse
from playwright.sync_api import expect

from apps.inventory.models import StockItem

from .walk import sign_in

OUTLINE = (
    "el => { const s = getComputedStyle(el); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
)


def test_crispy_fields_show_a_focus_ring(site, page):
    page.goto(site.url + reverse("accounts:login"))
    username = page.get_by_label("Username")
    expect(username).to_be_focused()  # autofocus
    style, width = username.evaluate(OUTLINE)
    assert style != "none" and width >= 2
    sign_in(page, site)
    page.goto(site.url + reverse("catalog:part_create"))
    sku = page.get_by_label("SKU")
    sku.focus()
    style, width = sku.evaluate(OUTLINE)
    assert style != "none" and width >= 2


def test_the_first_tab_on_a_part_page_reaches_the_skip_link(site, page):
    sign_in(page, site)
    part = StockItem.objects.order_by("pk").first().part
    page.goto(site.url + part.get_absolute_url())
    expect(page.get_by_test_id("part-stock-row").first).to_be_visible()  # the tab panel has loaded
    assert page.evaluate("window.scrollY") == 0  # nothing pulled the page down to the panel
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()


def test_dialog_focus_first_invalid_field_then_back_to_the_opener(site, page):
    sign_in(page, site, username="manager")
    item = StockItem.objects.select_related("part", "location").order_by("pk").first()
    page.goto(site.url + item.part.get_absolute_url())
    expect(page.get_by_test_id("part-stock-row").first).to_be_visible()
    receive = page.get_by_role("link", name="Receive", exact=True)
    receive.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Receive stock")
    expect(dialog).to_be_visible()
    # A 422: the location is given, the quantity is not → focus on the quantity.
    dialog.get_by_label("Location").fill(item.location.code)
    dialog.get_by_label("Quantity").fill("")
    dialog.get_by_role("button", name="Receive").click()
    expect(dialog.get_by_label("Quantity")).to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_label("Quantity")).to_be_focused()
    # Success: the dialog closes, the page refreshes its figures, focus is on Receive again.
    dialog.get_by_label("Quantity").fill("2")
    dialog.get_by_role("button", name="Receive").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("on-hand")).to_contain_text(str(int(item.part.quantity_on_hand) + 2))
    expect(page.get_by_role("link", name="Receive", exact=True)).to_be_focused()


def test_reduced_motion_stops_transitions(site, page):
    page.emulate_media(reduced_motion="reduce")
    sign_in(page, site)
    page.goto(site.url + reverse("catalog:part_list"))
    duration = page.locator(".htmx-indicator").first.evaluate(
        "el => getComputedStyle(el).transitionDuration"
    )
    assert float(duration.rstrip("ms").rstrip("s")) < 0.01 or (
        duration.endswith("ms") and float(duration[:-2]) < 1
    )


def test_the_dark_theme_follows_the_browser(site, page):
    page.emulate_media(color_scheme="dark")
    sign_in(page, site)
    page.goto(site.url + reverse("catalog:part_list"))
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    text = page.evaluate("getComputedStyle(document.body).color")
    assert _lightness(background) < 0.2 < 0.8 < _lightness(text), (background, text)
    page.emulate_media(color_scheme="light")
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert _lightness(background) > 0.9, background


def _lightness(color: str) -> float:
    """The L of an oklch() colour, or the mean of an rgb() one, from 0 to 1."""
    if color.startswith("oklch("):
        value = color[6:].split()[0]
        return float(value.rstrip("%")) / (100 if value.endswith("%") else 1)
    channels = [
        float(c)
        for c in color[color.index("(") + 1 : color.index(")")].replace(",", " ").split()[:3]
    ]
    return sum(channels) / 3 / 255
