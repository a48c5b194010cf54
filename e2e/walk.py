"""Every page a manager can open, and every dialog on them, for the layout and
accessibility walks (test_phone_layout.py, test_accessibility.py).

The pages come from the URL patterns and the permission matrix (apps/*/access_matrix.py),
with the ids of real objects of the demo data: a new screen is walked without being
listed here. Only what is not a page is left out (downloads, a fragment that needs its
query string).
"""

import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from playwright.sync_api import expect

from apps.accounts import matrix as m
from apps.accounts.roles import MANAGER
from apps.attachments.models import Attachment
from apps.catalog.models import Part
from apps.floor.models import Checkout
from apps.floor.services import checkout_create
from apps.imports.models import ImportJob, ImportRow, ImportStatus
from apps.inventory.models import Location, StockItem, Stocktake
from apps.inventory.services.stocktakes import stocktake_start
from apps.notices.models import NoticeKind, SentNotice
from apps.notices.services.preferences import unsubscribe_token

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# URL names whose GET is not a page to look at: file downloads, the benchmark's text, the
# location form's code check (a fragment it swaps in beside the field), the API's JSON
# (its schema, and its reference page: Swagger UI's own markup, checked in e2e/test_api.py).
NOT_PAGES = {
    "core:baseline",
    "inventory:location_code_check",
    "catalog:part_export",
    "purchasing:purchase_order_export",
    "imports:import_template",
    "imports:list_export",
    "api:schema",
    "api:docs",
    "labels:label_pdf",
    "floor:checkout_export",
    "audit:record_history_export",
    "notices:notice_export",
    "attachments:attachment_download",
}

# The API's own HTML pages (its JSON operations are checked against the schema instead).
API_PAGES = {"api:token_list"}

NODE_MODULES = Path(__file__).resolve().parent.parent / "theme" / "static_src" / "node_modules"


@dataclass(frozen=True)
class Page:
    name: str
    url: str


def add_samples_the_demo_data_lacks():
    """The small demo data set has no stocktake, no import, no notice sent and no
    attachment: one stocktake started on a leaf location, one checked parts import with one
    row (as the matrix test makes), a low-stock digest sent to the manager, one PDF on a
    part (the file itself is not needed to walk pages)."""
    admin = get_user_model().objects.filter(is_superuser=True).first()
    if not Attachment.objects.exists():
        part = Part.objects.order_by("pk").first()
        Attachment.objects.create(
            content_type=ContentType.objects.get_for_model(Part),
            object_id=part.pk,
            file=f"attachments/catalog.part/{part.pk}/datasheet.pdf",
            name="datasheet.pdf",
            media_type="application/pdf",
            size=100,
            uploaded_by=admin,
        )
    manager = get_user_model().objects.filter(username="manager").first()
    if manager and not SentNotice.objects.exists():
        SentNotice.objects.create(
            user=manager,
            kind=NoticeKind.LOW_STOCK,
            day=datetime.date.today(),
            email=manager.email or "manager@example.com",
            subject="Low stock: 16 parts below reorder point",
            item_count=16,
        )
    if not Stocktake.objects.exists():
        location = Location.objects.filter(children__isnull=True).order_by("pk").first()
        stocktake_start(location=location, user=admin)
    if not ImportJob.objects.exists():
        job = ImportJob.objects.create(
            kind="parts",
            status=ImportStatus.CHECKED,
            created_by=admin,
            original_name="parts.csv",
            file_format="csv",
            headers=["SKU", "Name"],
            mapping={"0": "sku", "1": "name"},
            total_rows=1,
            counts={"create": 1},
        )
        ImportRow.objects.create(
            job=job, number=2, values={"sku": "M-1", "name": "x"}, action="create"
        )
    if not Checkout.objects.exists():
        item = (
            StockItem.objects.filter(quantity__gte=1, part__is_active=True).order_by("pk").first()
        )
        checkout_create(
            part=item.part, location=item.location, quantity=1, batch=item.batch, user=admin,
            borrower_name="Walk sample",
        )  # fmt: skip


def manager_pages() -> list[Page]:
    """Every URL a manager may GET, with sample ids, in URL-pattern order.

    WALK_ONLY=reports: (URL-name prefixes, comma-separated) walks only those pages, to
    check one app's new pages without the whole walk; CI sets nothing and walks all."""
    add_samples_the_demo_data_lacks()
    table = m.load_matrix()
    only = tuple(p for p in os.environ.get("WALK_ONLY", "").split(",") if p)
    pages = []
    for route in m.walk():
        if only and not route.name.startswith(only):
            continue
        entry = table.access.get(route.name)
        if not entry or MANAGER not in entry.get("GET", ()) or route.name in NOT_PAGES:
            continue
        if route.name.startswith("api:") and route.name not in API_PAGES:
            continue  # JSON, not a page
        kwargs = dict(table.sample_kwargs.get(route.name, {}))
        kwargs.update(entry.get("kwargs", {}))
        for key, kind in entry.get("sample", {}).items():
            kwargs[key] = m.sample_pk(kind)
        pages.append(Page(route.name, reverse(route.name, kwargs=kwargs)))
    # The labels sheet with something to print (without a selection it is the options form).
    parts = "&".join(
        f"ids={pk}" for pk in Part.objects.order_by("pk").values_list("pk", flat=True)[:3]
    )
    pages.append(Page("labels:label_sheet", f"{reverse('labels:label_sheet')}?kind=part&{parts}"))
    return [page for page in pages if page.name.startswith(only)] if only else pages


def public_pages() -> list[Page]:
    """The pages a signed-out visitor sees (sign-in, password reset, an email's
    unsubscribe link: a bad one and the manager's)."""
    table = m.load_matrix()
    pages = [
        Page(route.name, reverse(route.name, kwargs=table.sample_kwargs.get(route.name, {})))
        for route in m.walk()
        if route.name in table.public and not route.name.startswith("core:")
    ]
    manager = get_user_model().objects.filter(username=MANAGER).first()
    if manager:
        token = unsubscribe_token(manager)
        pages.append(Page("notices:unsubscribe", reverse("notices:unsubscribe", args=[token])))
    return pages


# Elements that open the shared dialog (#dialog-content), and the stock list's count links
# (opened in the dialog by inventory_browsing.js).
DIALOG_OPENERS = ':is(a, button)[hx-target="#dialog-content"][hx-get]:visible, [data-count-links] td:last-child a:visible'


def dialog_kind(href: str) -> str:
    """One dialog per kind of URL: ids and query strings do not make another dialog."""
    return re.sub(r"\d+", "N", href.split("?")[0])


def sign_in(page, site, username="manager"):
    site.sign_in(page, username=username)


def wait_for_htmx(page):
    """Until no HTMX request is in flight or settling. (`wait_for_load_state` does not
    wait for these: a slow answer swapped in later would reopen a dialog just closed.)
    htmx marks the element that sent a request with `htmx-request` at once, in the
    event handler the click ran."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def open_each_dialog(page, seen, check):
    """Opens every kind of dialog the page offers (once per kind over the walk), and calls
    check(label) with it open, then again after submitting it empty (the 422 state)."""
    problems = []
    openers = page.locator(DIALOG_OPENERS)
    hrefs = [
        openers.nth(i).get_attribute("hx-get") or openers.nth(i).get_attribute("href")
        for i in range(openers.count())
    ]
    for index, href in enumerate(hrefs):
        kind = dialog_kind(href)
        if kind in seen:
            continue
        seen.add(kind)
        openers.nth(index).click()
        dialog = page.locator("#dialog")
        expect(dialog).to_be_visible()
        wait_for_htmx(page)
        problems += check(f"dialog {kind} (from {page.url})")
        submit = dialog.locator("button[type=submit]").first
        if (
            submit.count()
            and dialog.locator("input[inputmode=decimal], input[type=number]").count()
        ):
            dialog.locator("input[inputmode=decimal], input[type=number]").first.fill("")
            submit.click()
            wait_for_htmx(page)
            if dialog.is_visible():
                problems += check(f"dialog {kind} after an invalid submit (from {page.url})")
        if dialog.is_visible():
            closer = dialog.locator("[data-close-dialog]")
            if closer.count():
                closer.first.click()
            else:
                page.keyboard.press("Escape")
            expect(dialog).to_be_hidden()
    return problems
