"""Check-out and check-in (docs/floor.md). Each runs in one transaction with the stock
service it calls, so a refused issue writes no check-out and a refused return leaves the
check-out open."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from apps.core.errors import DomainError
from apps.floor.models import Checkout
from apps.inventory.services.stock import stock_issue, stock_receive
from apps.inventory.services.stock_validation import clean_text


class CheckoutError(DomainError):
    pass


def checkout_create(
    *,
    part,
    location,
    quantity,
    user,
    batch: str = "",
    borrower=None,
    borrower_name: str = "",
    job: str = "",
    due_date: date | None = None,
    note: str = "",
) -> Checkout:
    """Issues `quantity` of `part` from `location` to a person or a job."""
    borrower_name, job = borrower_name.strip()[:100], job.strip()[:100]
    if borrower is None and not borrower_name and not job:
        raise CheckoutError("Say who takes it, or for which job.", field="borrower_name")
    if due_date is not None and due_date < timezone.localdate():
        raise CheckoutError("The due date is in the past.", field="due_date")
    _, note = clean_text("", note)
    holder = borrower_name or (borrower.get_username() if borrower else "")
    reference = job or f"Checkout to {holder}"
    with transaction.atomic():
        movement = stock_issue(
            part=part,
            location=location,
            quantity=quantity,
            user=user,
            batch=batch,
            reference=reference[:100],
            note=f"Checked out to {holder}" if holder else "Checked out",
        )
        return Checkout.objects.create(
            part=part,
            batch=movement.stock_item.batch,
            quantity=-movement.quantity,
            from_location=location,
            borrower=borrower,
            borrower_name=borrower_name,
            job=job,
            due_date=due_date,
            note=note,
            checked_out_by=user,
            checked_out_at=movement.created_at,
            out_movement=movement,
        )


def checkout_return(*, checkout, location, user) -> Checkout:
    """Checks it in: receives the quantity back into `location` (same batch)."""
    with transaction.atomic():
        row = Checkout.objects.select_for_update().select_related("part").get(pk=checkout.pk)
        if row.returned_at is not None:
            raise CheckoutError("This was checked in already.", field="location")
        movement = stock_receive(
            part=row.part,
            location=location,
            quantity=row.quantity,
            user=user,
            batch=row.batch,
            reference=(row.job or f"Checkout #{row.pk}")[:100],
            note=f"Checked in (checkout #{row.pk})",
        )
        row.returned_at = movement.created_at
        row.returned_by = user
        row.return_location = location
        row.in_movement = movement
        row.save(update_fields=["returned_at", "returned_by", "return_location", "in_movement"])
    return row
