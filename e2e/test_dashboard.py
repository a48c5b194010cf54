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
