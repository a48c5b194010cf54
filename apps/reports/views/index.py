"""The reports' index: what each report answers, one link each."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.core.access import permission_required

REPORTS = (
    (
        "Stock value by category",
        "reports:value_by_category",
        "What is our stock worth in each category, today or on a past day? Drill down the tree.",
    ),
    (
        "Stock value by location",
        "reports:value_by_location",
        "What is stored where, by value, today or on a past day? Drill down the tree.",
    ),
    (
        "Movements by period",
        "reports:movements",
        "How many receipts, issues, transfers and adjustments per day, week or month?",
    ),
    (
        "Usage and turnover",
        "reports:usage",
        "What do we issue most, and how many days does the stock on hand last at that rate?",
    ),
    (
        "Dead stock",
        "reports:dead_stock",
        "What has stock on hand but has not moved for a long time, and what is it worth?",
    ),
    (
        "Purchasing",
        "reports:purchasing",
        "What did we spend with each supplier, per month; what is open or late; "
        "do suppliers deliver when they promise?",
    ),
)


@require_GET
@permission_required("reports.view_reports")
def index(request):
    reports = [
        {"title": title, "url": reverse(name), "question": question}
        for title, name, question in REPORTS
    ]
    return render(
        request,
        "reports/index.html",
        {"reports": reports, "base_currency": settings.BASE_CURRENCY},
    )
