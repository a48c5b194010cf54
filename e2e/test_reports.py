"""Reports in a browser (issue 17): a manager answers "what is our stock worth, by
category?" and "what did we spend with a supplier last month?"."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apps.catalog.models import Category, Part
from apps.purchasing.models import PurchaseOrder, PurchaseOrderLine, Supplier
from apps.purchasing.services.orders import LineData, purchase_order_create, purchase_order_place
from apps.reports.models import ExchangeRate


def money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):,.2f}"


def test_manager_finds_stock_value_by_category_and_drills_down(site, page):
    site.sign_in(page, "manager")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Stock value by category").click()
    expect(page.get_by_role("heading", name="Stock value by category", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Stock value by category"))).to_be_visible()

    table = page.get_by_test_id("table-value")
    first = table.locator("tbody tr").first
    name = first.locator("th").inner_text()
    category = Category.objects.get(name=name, parent=None)
    expected = Part.objects.filter(category__path__startswith=category.path).aggregate(
        v=Sum(F("quantity_on_hand") * F("unit_cost"))
    )["v"]
    expect(first.locator("td").first).to_have_text(money(expected))
    everything = Part.objects.aggregate(v=Sum(F("quantity_on_hand") * F("unit_cost")))["v"]
    expect(page.get_by_test_id("total-value")).to_have_text(money(everything))

    first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"node={category.pk}"))
    expect(page.get_by_role("navigation", name="Drill down")).to_contain_text(name)
    page.go_back()
    expect(page.get_by_test_id("total-value")).to_have_text(money(everything))


def test_manager_finds_spend_with_a_supplier_last_month(site, page):
    for currency, rate in (("USD", "0.92"), ("GBP", "1.17")):
        ExchangeRate.objects.create(
            currency=currency, rate=Decimal(rate), valid_from=date(2000, 1, 1)
        )
    today = timezone.localdate()
    last_month_end = today.replace(day=1) - timedelta(days=1)
    last_month = last_month_end.replace(day=1)
    # An order placed in the middle of last month (the small demo set may have none then).
    supplier = Supplier.objects.filter(is_active=True).order_by("name").first()
    user = get_user_model().objects.get(username="manager")
    order = purchase_order_place(
        order=purchase_order_create(
            supplier=supplier,
            user=user,
            lines=[
                LineData(
                    part=Part.objects.order_by("sku").first(),
                    quantity=Decimal(7),
                    unit_price=Decimal("12.5"),
                )
            ],
        ),
        user=user,
    )
    middle = timezone.make_aware(datetime.combine(last_month + timedelta(days=14), time(10)))
    PurchaseOrder.objects.filter(pk=order.pk).update(ordered_at=middle)
    site.sign_in(page, "manager")
    page.goto(site.url + reverse("reports:purchasing"))
    page.get_by_role("link", name="Last month").click()
    expect(page).to_have_url(re.compile(f"date_from={last_month:%Y-%m-%d}"))
    spend = page.get_by_test_id("report-spend")
    expect(spend.get_by_role("heading")).to_contain_text(
        f"{last_month:%Y-%m-%d} to {last_month_end:%Y-%m-%d}"
    )

    lines = PurchaseOrderLine.objects.filter(
        order__ordered_at__gte=timezone.make_aware(datetime.combine(last_month, time.min)),
        order__ordered_at__lt=timezone.make_aware(datetime.combine(today.replace(day=1), time.min)),
    ).exclude(order__status="cancelled")
    rates = {"EUR": Decimal(1), "USD": Decimal("0.92"), "GBP": Decimal("1.17")}
    by_supplier = {}
    for line in lines.select_related("order__supplier"):
        name = line.order.supplier.name
        by_supplier[name] = (
            by_supplier.get(name, Decimal(0))
            + line.quantity * line.unit_price * rates[line.order.currency]
        )
    assert by_supplier, "the demo data has orders placed last month"
    supplier, value = max(by_supplier.items(), key=lambda item: item[1])

    page.get_by_label("Supplier", exact=True).select_option(label=supplier)
    expect(page).to_have_url(re.compile(rf"date_from={last_month:%Y-%m-%d}.*supplier=\d+"))
    row = page.get_by_test_id("table-spend").locator("tbody tr").first
    expect(row.locator("th")).to_have_text(supplier)
    expect(row.locator("td").nth(1)).to_have_text(money(value))
    expect(spend).to_contain_text("Amounts in EUR")


CHART_TEXT = """(testid) => {
  const chart = document.querySelector(`[data-testid="${testid}"]`);
  const label = chart.querySelector('[data-testid="chart-label"]');
  const figure = chart.querySelector('[data-testid="chart-figure"]');
  const box = (el) => el.getBoundingClientRect();
  return {
    label: box(label).height,
    labelFont: parseFloat(getComputedStyle(label).fontSize),
    figure: box(figure).height,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    bars: Array.from(chart.querySelectorAll('[data-testid="chart-bar"]')).map((row) => ({
      label: box(row.querySelector('[data-testid="chart-label"]')),
      bar: box(row.querySelector('rect')),
      svg: box(row.querySelector('svg')),
      figure: box(row.querySelector('[data-testid="chart-figure"]')),
    })),
  };
}"""


def test_report_chart_labels_are_readable_on_a_phone_and_bars_stay_in_scale(site, page):
    """The chart's labels were SVG text scaled down with the chart: 13 units drew about
    6 px high on a 390 px phone. Now they are page text beside (desktop) or above (phone)
    bars that alone stretch; the page never pans sideways."""
    page.set_viewport_size({"width": 390, "height": 844})
    site.sign_in(page, "manager")
    page.goto(site.url + reverse("reports:value_by_category"))
    expect(page.get_by_test_id("chart-value").get_by_test_id("chart-bar").first).to_be_visible()
    phone = page.evaluate(CHART_TEXT, "chart-value")
    assert phone["label"] >= 11 and phone["labelFont"] >= 11, phone
    assert phone["figure"] >= 11, phone
    assert phone["scrollWidth"] <= phone["innerWidth"], phone
    for row in phone["bars"]:  # the label and figure above the bar, inside the screen
        assert row["label"]["bottom"] <= row["svg"]["top"] + 0.5, row
        assert row["figure"]["right"] <= phone["innerWidth"], row
    for name in ("reports:movements", "reports:usage", "reports:purchasing"):
        page.goto(site.url + reverse(name))
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], (name, widths)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.url + reverse("reports:value_by_category"))
    expect(page.get_by_test_id("chart-value").get_by_test_id("chart-bar").first).to_be_visible()
    desktop = page.evaluate(CHART_TEXT, "chart-value")
    assert desktop["labelFont"] >= 11 and desktop["scrollWidth"] <= desktop["innerWidth"]
    bars = desktop["bars"]
    values = [
        Decimal(text.replace(",", ""))
        for text in page.get_by_test_id("chart-value")
        .get_by_test_id("chart-figure")
        .all_inner_texts()
    ]
    peak = max(values)
    longest = max(row["bar"]["width"] for row in bars)
    for row, value in zip(bars, values, strict=True):
        # One line: label | bar | figure, and every bar in proportion to its figure.
        assert row["label"]["right"] <= row["svg"]["left"] <= row["figure"]["left"], row
        assert abs(row["label"]["top"] - row["figure"]["top"]) < 2, row
        if value > 0:
            assert abs(row["bar"]["width"] / longest - float(value / peak)) < 0.01, (row, value)
    # The bars start on one line, whatever the length of their labels.
    assert len({round(row["svg"]["left"]) for row in bars}) == 1
