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
