"""The dashboard in a browser: figures, the server-rendered chart, and where they lead."""

import re

from django.urls import reverse
from playwright.sync_api import expect


def test_dashboard_figures_chart_and_below_reorder_link(site, page):
    site.sign_in(page)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("Stock movements per day"))
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(30)
    expect(page.get_by_role("table", name="Stock movements per day")).to_be_attached()
    expect(page.get_by_test_id("lowest-parts").locator("li").first).to_be_visible()

    below = page.get_by_test_id("below-reorder").inner_text()
    page.get_by_test_id("below-reorder").get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("catalog:part_list") + "?below=1") + "$"))
    expect(page.get_by_label("Below reorder point")).to_be_checked()
    expect(page.get_by_test_id("row-range")).to_contain_text(f"of {below}")


DAY_LABELS = """() => {
  const labels = [...document.querySelectorAll('[data-testid="movement-chart-days"] text')];
  const bars = [...document.querySelectorAll('[data-testid="movement-chart"] rect')];
  const last = bars[bars.length - 1].getBoundingClientRect();
  const today = labels[labels.length - 1].getBoundingClientRect();
  return {
    count: labels.length,
    heights: labels.map((t) => t.getBoundingClientRect().height),
    todayRight: today.right, lastBarRight: last.right,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
  };
}"""


def test_the_chart_dates_are_readable_on_a_phone(site, page):
    """The day labels were SVG text in the chart's 1,000-unit viewBox: about 4 px high
    on a 390 px phone. Now they are drawn at the page's size, under their bars."""
    page.set_viewport_size({"width": 390, "height": 844})
    site.sign_in(page)
    expect(page.get_by_test_id("movement-chart")).to_be_visible()
    phone = page.evaluate(DAY_LABELS)
    assert phone["count"] == 5, phone
    assert min(phone["heights"]) >= 11, phone
    assert abs(phone["todayRight"] - phone["lastBarRight"]) <= 2, phone  # under its bar
    assert phone["scrollWidth"] <= phone["innerWidth"], phone
