"""Reads of notices: what a digest lists (the catalog's and purchasing's own selectors),
who receives it, and what was sent.

Low stock is the parts list's "below reorder point" filter (catalog's `part_matches`
with `below_reorder`, active parts): the digest can never disagree with the list it links
to. Overdue orders are purchasing's open orders (placed, not fully received) whose
expected date has passed."""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Prefetch, Q, QuerySet

from apps.catalog.models import Category, Part
from apps.catalog.selectors.parts import PartFilters, part_matches, with_on_order
from apps.notices.models import NoticePreference, SentNotice
from apps.purchasing.selectors.orders import OrderFilters, purchase_order_list

OVERDUE_PERMISSION = "purchasing.change_purchaseorder"  # the purchasers (and above)
DIGEST_LIMIT = 500  # parts in one email at most; the list link shows them all


def low_stock_parts(categories: list[Category] | tuple = ()) -> QuerySet[Part]:
    """Active parts below their reorder point, in any of `categories`' subtrees (all
    parts when none), biggest shortfall first, with `on_order`."""
    parts = part_matches(PartFilters(below_reorder=True))
    if categories:
        within = Q()
        for category in categories:
            within |= Q(path__startswith=category.path)
        parts = parts.filter(category_id__in=Category.objects.filter(within).values("pk"))
    parts = parts.select_related("category").order_by(
        (F("reorder_point") - F("quantity_on_hand")).desc(), "sku"
    )
    return with_on_order(parts)


def overdue_orders(today: date):
    """Placed orders not fully received whose expected date is before `today`, the
    longest overdue first, with supplier, total and number of lines."""
    return (
        purchase_order_list(OrderFilters(status="open"))
        .filter(expected_date__lt=today)
        .order_by("expected_date", "number")
    )


def _opted_in(**flag) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, **{f"notice_preference__{k}": v for k, v in flag.items()})
        .exclude(email="")
        .select_related("notice_preference")
        .prefetch_related(
            Prefetch("notice_preference__categories", queryset=Category.objects.order_by("path"))
        )
        .order_by("pk")
    )


def low_stock_recipients() -> QuerySet:
    """Active users with an address who asked for the digest, their categories prefetched."""
    return _opted_in(low_stock=True)


def overdue_recipients() -> list:
    """Active users with an address who asked for the overdue notice and may still
    change orders (a purchaser who became a viewer gets nothing)."""
    return [user for user in _opted_in(overdue_orders=True) if user.has_perm(OVERDUE_PERMISSION)]


def preference_for(user) -> NoticePreference:
    """The user's preferences (unsaved defaults when none yet)."""
    try:
        return NoticePreference.objects.get(user=user)
    except NoticePreference.DoesNotExist:
        return NoticePreference(user=user)


def sent_notices(*, user=None) -> QuerySet[SentNotice]:
    """Notices sent, newest first: to `user`, or to everyone when None."""
    notices = SentNotice.objects.select_related("user")
    return notices if user is None else notices.filter(user=user)


def send_at_text() -> str:
    """When the daily notices go out, for the page: "07:00 (UTC)"."""
    return f"{settings.NOTICES_SEND_AT} ({settings.TIME_ZONE})"
