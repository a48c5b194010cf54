"""The check-out pages: to a user, a named borrower or a job, due dates, the list (overdue
first, filters in the URL, constant queries, export), the part page's "who has it",
refusals in place. The services themselves: ../test_services.py."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.floor.models import Checkout
from apps.floor.services import checkout_create
from apps.inventory.selectors.stock import stock_mismatches

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_pages(clerk, tools):
    new = reverse("floor:checkout_new")
    r = clerk.get(new, {"part": tools.drill.pk, "location": tools.shelf.pk})
    assert r.status_code == 200 and 'value="DRILL-1"' in r.content.decode()
    r = clerk.post(new, {"part": "drill-1", "location": "TOOLS", "quantity": "1"})
    assert r.status_code == 422 and "Say who takes it" in r.content.decode()
    r = clerk.post(
        new, {"part": "DRILL-1", "location": "TOOLS", "quantity": "5", "borrower_name": "Bo"}
    )
    assert r.status_code == 422 and 'aria-invalid="true"' in r.content.decode()
    due = (TODAY() + timedelta(days=2)).isoformat()
    r = clerk.post(
        new,
        {"part": "DRILL-1", "location": "TOOLS", "quantity": "1", "borrower_name": "Bo",
         "due_date": due},
    )  # fmt: skip
    assert r.status_code == 302
    # A batch code fills part and batch.
    r = clerk.post(new, {"part": "GLUE|L1", "location": "TOOLS", "quantity": "2", "job": "J-9"})
    assert r.status_code == 302 and Checkout.objects.get(job="J-9").batch == "L1"
    listing = clerk.get(reverse("floor:checkout_list")).content.decode()
    assert "Bo" in listing and "J-9" in listing
    who = clerk.get(reverse("floor:part_checkouts", args=[tools.drill.pk])).content.decode()
    assert "<strong>Bo</strong>" in who and "Check in" in who
    checkout = Checkout.objects.get(borrower_name="Bo")
    url = reverse("floor:checkout_checkin", args=[checkout.pk])
    assert clerk.post(url, {"location": "NOWHERE"}).status_code == 422
    assert clerk.post(url, {"location": "bench"}).status_code == 302
    checkout.refresh_from_db()
    assert checkout.returned_at and checkout.return_location == tools.bench
    assert (
        "Nobody has it"
        in clerk.get(reverse("floor:part_checkouts", args=[tools.drill.pk])).content.decode()
    )
    assert stock_mismatches() == []


def test_list_overdue_first_filters_export_and_constant_queries(clerk, tools):
    def lend(days, name):
        c = checkout_create(
            part=tools.glue, location=tools.shelf, quantity=Decimal("0.2"), user=tools.user,
            batch="L1", borrower_name=name,
        )  # fmt: skip
        # Due dates in the past cannot be given; set them as time passing would.
        Checkout.objects.filter(pk=c.pk).update(due_date=TODAY() + timedelta(days=days))

    lend(5, "Later")
    lend(-2, "Late")
    lend(1, "Soon")
    url = reverse("floor:checkout_list")
    html = clerk.get(url).content.decode()
    assert html.index("Late<") < html.index("Soon") < html.index("Later")
    html = clerk.get(url, {"overdue": "1"}).content.decode()
    assert "Late<" in html and "Soon" not in html
    html = clerk.get(url, {"q": "soon"}).content.decode()
    assert "Soon" in html and "Later" not in html
    r = clerk.get(reverse("floor:checkout_export"), {"format": "csv", "overdue": "1"})
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Part" and [row[5] for row in rows[1:]] == ["Late"]
    counts = []
    for extra in (0, 20):
        for n in range(extra):
            lend(n + 10, f"Extra {n}")
        with CaptureQueriesContext(connection) as queries:
            assert clerk.get(url, {"per_page": 50}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_viewers_see_but_do_not_lend(viewer, tools):
    assert viewer.get(reverse("floor:checkout_list")).status_code == 200
    assert viewer.get(reverse("floor:checkout_new")).status_code == 403
    r = viewer.post(
        reverse("floor:checkout_new"),
        {"part": "DRILL-1", "location": "TOOLS", "quantity": "1", "job": "x"},
    )
    assert r.status_code == 403 and not Checkout.objects.exists()
