"""Opening stock and stock levels: the quantity each (part, location, batch) should have.

A record that does not exist yet is received, one that differs is counted: both through
the stock services (apps.inventory.services.stock), so every change is a ledger line with
the import as its reference and `check_stock` stays clean. Undo reverses those lines."""

from collections import defaultdict

from django.db.models import Max
from django.db.models.functions import Lower

from apps.catalog.models import Part
from apps.core.errors import DomainError
from apps.imports.kinds.base import Column, Kind, RowState, clean_date, text_of
from apps.inventory.models import Location, MovementKind, StockItem, StockMovement
from apps.inventory.services.stock import movement_reverse, stock_count, stock_receive
from apps.inventory.services.stock_validation import (
    StockError,
    clean_batch,
    clean_quantity,
    whole_units,
)

NOTE = "Opening stock / stock level from a spreadsheet import"


class StockLookups:
    def __init__(self):
        self.locations = {
            code.casefold(): (pk, code, active)
            for pk, code, active in Location.objects.values_list("pk", "code", "is_active")
        }


class StockKind(Kind):
    kind = "stock"
    label = "Stock levels"
    permission = "inventory.adjust_stock"
    list_url_name = "inventory:stock_list"
    key_field = "sku"
    columns = (
        Column(
            "sku", "SKU", ("part no", "part number", "item #", "item", "article"), required=True
        ),
        Column(
            "location", "Location", ("location code", "bin", "shelf", "lagerort"), required=True
        ),
        Column("batch", "Batch", ("lot", "batch no", "lot number", "charge")),
        Column("expiry", "Expiry", ("expiry date", "expires", "best before", "use by", "mhd")),
        Column(
            "quantity",
            "Quantity",
            ("qty", "on hand", "stock", "count", "menge", "level"),
            required=True,
        ),
    )

    def load(self):
        return StockLookups()

    def duplicate_message(self, name, value, others):
        rows = ", ".join(str(n) for n in others[:5])
        return f"The same part, location and batch is also in row{'s' if len(others) > 1 else ''} {rows}."

    def check_rows(self, rows, lookups, defaults):
        for row in rows:
            row.errors, row.changes, row.target_id, row.cleaned = {}, {}, None, {}
        skus = {row.value("sku").casefold() for row in rows if row.value("sku")}
        parts = {
            p.lower_sku: p
            for p in Part.objects.annotate(lower_sku=Lower("sku"))
            .filter(lower_sku__in=skus)
            .select_related("unit")
            .only(
                "pk", "sku", "unit__code", "unit__allows_fractions", "tracks_batches", "is_active"
            )
        }
        for row in rows:
            self._clean(row, lookups, parts, defaults)
        wanted = [
            (c["part"].pk, c["location"][0], c["batch"])
            for c in (r.cleaned for r in rows)
            if c.get("part") and c.get("location")
        ]
        items = {}
        if wanted:
            part_ids = {w[0] for w in wanted}
            for item in StockItem.objects.filter(part_id__in=part_ids).only(
                "pk", "part_id", "location_id", "batch", "quantity", "expiry_date"
            ):
                items[(item.part_id, item.location_id, item.batch)] = item
        for row in rows:
            cleaned = row.cleaned
            if row.errors or "part" not in cleaned:
                row.action = "error"
                continue
            item = items.get((cleaned["part"].pk, cleaned["location"][0], cleaned["batch"]))
            quantity, expiry = cleaned["quantity"], cleaned.get("expiry")
            if item is not None and expiry and item.expiry_date and item.expiry_date != expiry:
                row.error(
                    "expiry",
                    "batch",
                    f"Batch {cleaned['batch']} expires on {item.expiry_date:%Y-%m-%d} here already.",
                )
                row.action = "error"
                continue
            current = item.quantity if item is not None else None
            row.target_id = item.pk if item is not None else None
            if current == quantity or (current is None and quantity == 0):
                row.action = "unchanged"
            else:
                row.action = "update" if item is not None else "create"
                row.changes = {
                    "quantity": [text_of(current) if current is not None else "", text_of(quantity)]
                }

    def _clean(self, row: RowState, lookups, parts, defaults) -> None:
        values = {**{k: v for k, v in defaults.items() if k not in row.values}, **row.values}
        sku = str(values.get("sku", "")).strip()
        code = str(values.get("location", "")).strip()
        batch_text = str(values.get("batch", "")).strip()
        row.key = f"{sku}|{code}|{batch_text}".casefold()[:255]
        part = parts.get(sku.casefold()) if sku else None
        if not sku:
            row.error("sku", "required", "Enter a SKU.")
        elif part is None:
            row.error("sku", "unknown_part", f"No part has the SKU “{sku}”.")
        elif not part.is_active:
            row.error("sku", "unknown_part", f"{part.sku} is archived.")
        location = lookups.locations.get(code.casefold()) if code else None
        if not code:
            row.error("location", "required", "Enter a location code.")
        elif location is None:
            row.error("location", "unknown_location", f"No location has the code “{code}”.")
        elif not location[2]:
            row.error("location", "unknown_location", f"Location {location[1]} is archived.")
        batch = batch_text
        if part is not None:
            try:
                batch = clean_batch(part, batch_text)
            except StockError as error:
                row.error("batch", "batch", error.message)
        text = str(values.get("quantity", "")).strip()
        quantity = None
        from_text = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
        try:
            quantity = clean_quantity(from_text, allow_zero=True)
        except StockError as error:
            negative = from_text.startswith("-") and error.message == "Enter zero or more."
            row.error(
                "quantity",
                "negative" if negative else ("required" if not text else "number"),
                "Stock cannot go below zero: enter the quantity on hand, zero or more."
                if negative
                else error.message,
            )
        if part is not None and quantity is not None:
            try:  # 2.5 pcs: refused at the check, as the stock services refuse it
                whole_units(part, quantity)
            except StockError as error:
                row.error("quantity", "number", error.message)
                quantity = None
        expiry = clean_date(row, "expiry", str(values.get("expiry", "")))
        if part is not None and location is not None and quantity is not None:
            row.cleaned = {
                "part": part,
                "location": location,
                "batch": batch,
                "quantity": quantity,
                "expiry": expiry,
            }

    def commit(self, rows, *, lookups, progress, job, user, **context):
        for row in rows:
            if row.action not in ("create", "update"):
                continue
            cleaned = row.cleaned
            location = Location(pk=cleaned["location"][0])
            try:
                if row.action == "create":
                    stock_receive(
                        part=cleaned["part"],
                        location=location,
                        quantity=cleaned["quantity"],
                        user=user,
                        batch=cleaned["batch"],
                        expiry_date=cleaned["expiry"],
                        reference=job.reference,
                        note=NOTE,
                    )
                else:
                    stock_count(
                        stock_item=row.target_id,
                        counted_quantity=cleaned["quantity"],
                        user=user,
                        reference=job.reference,
                        note=NOTE,
                    )
            except StockError as error:
                raise DomainError(f"Row {row.number}: {error.message}") from None

    def _movements(self, job):
        return StockMovement.objects.filter(
            reference=job.reference, kind__in=(MovementKind.RECEIVE, MovementKind.COUNT)
        )

    def undo_problems(self, job):
        lines = self._movements(job)
        last = lines.aggregate(m=Max("id"))["m"]
        if last is None:
            return []
        later = (
            StockMovement.objects.filter(
                stock_item_id__in=lines.values("stock_item_id"), id__gt=last
            )
            .select_related("part", "location")
            .order_by("id")[:3]
        )
        return [
            f"Stock of {line.part.sku} at {line.location.code} moved after the import."
            for line in later
        ]

    def undo(self, job, done, *, user, progress):
        operations = defaultdict(list)
        for pk, operation in self._movements(job).values_list("pk", "operation"):
            operations[operation].append(pk)
        for ids in operations.values():
            try:
                movement_reverse(movement=min(ids), user=user, note=f"Undo of {job.reference}")
            except StockError as error:
                raise DomainError(error.message) from None
            progress(1)

    def export_row(self, item) -> list:
        return [
            item.part.sku,
            item.location.code,
            item.batch,
            item.expiry_date or "",
            item.quantity,
        ]

    def template_rows(self):
        return [["R-10K", "A1-01", "", "", "250"]]
