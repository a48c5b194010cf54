"""The checked-out list and a part's open check-outs: one query each, the holder's user,
the part and the locations joined."""

from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.utils import timezone

from apps.floor.models import Checkout

OPEN, RETURNED, ALL = "open", "returned", "all"
CHECKOUT_SORTS = {
    "due": ("due_date",),
    "out": ("checked_out_at",),
    "part": ("part__sku",),
}


def checkouts(
    *, query: str = "", status: str = OPEN, overdue: bool = False, today=None
) -> QuerySet[Checkout]:
    today = today or timezone.localdate()
    items = Checkout.objects.select_related(
        "part", "borrower", "from_location", "return_location"
    ).annotate(
        overdue=Case(
            When(returned_at__isnull=True, due_date__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    if status == OPEN:
        items = items.filter(returned_at__isnull=True)
    elif status == RETURNED:
        items = items.filter(returned_at__isnull=False)
    if overdue:
        items = items.filter(returned_at__isnull=True, due_date__lt=today)
    query = query.strip()
    if query:
        items = items.filter(
            Q(part__sku__icontains=query)
            | Q(part__name__icontains=query)
            | Q(borrower_name__icontains=query)
            | Q(borrower__username__icontains=query)
            | Q(job__icontains=query)
            | Q(batch__iexact=query)
        )
    return items


# Overdue first, whatever the column sorted on; then the column.
OVERDUE_FIRST = (F("overdue").desc(),)


def part_open_checkouts(part) -> list[Checkout]:
    return list(
        checkouts(status=OPEN)
        .filter(part=part)
        .order_by(*OVERDUE_FIRST, F("due_date").asc(nulls_last=True), "pk")[:50]
    )
