"""Suppliers (matched by name) and price lists (a supplier's lines, matched by supplier and
supplier SKU, else supplier and part): each row validated by the purchasing forms
themselves and written through the purchasing services."""

from django.db.models.functions import Lower

from apps.catalog.models import Part
from apps.core.errors import DomainError
from apps.imports.kinds.base import Column, Kind, clean_bool, diff, normalise_number
from apps.purchasing.errors import PurchasingError
from apps.purchasing.forms.supplier_parts import SupplierPartForm
from apps.purchasing.forms.suppliers import SupplierForm
from apps.purchasing.models import Supplier, SupplierPart
from apps.purchasing.services.supplier_parts import supplier_part_save
from apps.purchasing.services.suppliers import supplier_create, supplier_update

FORM_FIELDS = {
    "name": "name",
    "code": "code",
    "contact": "contact_name",
    "email": "email",
    "phone": "phone",
    "website": "website",
    "address": "address",
    "currency": "currency",
    "notes": "notes",
}


def _form_errors(row, form, names: dict) -> None:
    """A form's errors on the row's cells (`names`: form field → column)."""
    for name, messages in form.errors.items():
        field = names.get(name, name)
        data = form.errors.as_data()[name][0]
        code = data.code or "invalid"
        kind = {"required": "required", "max_length": "too_long", "invalid_choice": "choice"}.get(
            code, "invalid"
        )
        if name in ("unit_price", "lead_time_days", "minimum_order_quantity"):
            kind = "required" if code == "required" else "number"
        if name == "name" and "already exists" in messages[0]:
            kind = "taken"
        if name == "part_sku" and "No part" in messages[0]:
            kind = "unknown_part"
        row.error(
            field if field in names.values() else next(iter(names.values())),
            kind,
            " ".join(messages),
        )


class SuppliersKind(Kind):
    kind = "suppliers"
    label = "Suppliers"
    permission = "purchasing.add_supplier"
    list_url_name = "purchasing:supplier_list"
    key_field = "name"
    columns = (
        Column(
            "name",
            "Name",
            ("supplier", "supplier name", "company", "vendor", "lieferant"),
            required=True,
        ),
        Column("code", "Code", ("supplier code", "vendor code", "short code")),
        Column("contact", "Contact", ("contact name", "contact person", "ansprechpartner")),
        Column("email", "Email", ("e-mail", "mail")),
        Column("phone", "Phone", ("telephone", "tel", "telefon")),
        Column("website", "Website", ("web", "url", "homepage")),
        Column("address", "Address", ("adresse", "anschrift")),
        Column("currency", "Currency", ("ccy", "währung")),
        Column("notes", "Notes", ("comment", "remarks")),
        Column("is_active", "Active", ("status", "enabled")),
    )

    def check_rows(self, rows, lookups, defaults):
        names = {row.value("name").casefold() for row in rows if row.value("name")}
        existing = {
            s.lower_name: s
            for s in Supplier.objects.annotate(lower_name=Lower("name")).filter(
                lower_name__in=names
            )
        }
        for row in rows:
            row.errors, row.changes, row.target_id, row.cleaned = {}, {}, None, {}
            row.key = row.value("name").casefold()[:255]
            current = existing.get(row.key)
            data = {}
            for column, attr in FORM_FIELDS.items():
                if column in row.values:
                    data[attr] = row.values[column]
                elif current is not None:
                    data[attr] = getattr(current, attr)
                else:
                    data[attr] = defaults.get(column, "EUR" if attr == "currency" else "")
            # The form writes its values onto the instance: remember them first.
            original = (
                {attr: getattr(current, attr) for attr in (*FORM_FIELDS.values(), "is_active")}
                if current
                else {}
            )
            form = SupplierForm(data=data, instance=current)
            if not form.is_valid():
                _form_errors(row, form, {attr: column for column, attr in FORM_FIELDS.items()})
            cleaned = {
                attr: form.cleaned_data[attr]
                for attr in FORM_FIELDS.values()
                if attr in form.cleaned_data
            }
            if "is_active" in row.values:
                flag = clean_bool(row, "is_active", row.values["is_active"])
                if flag is not None:
                    cleaned["is_active"] = flag
            if row.errors:
                row.action = "error"
                continue
            row.cleaned = cleaned
            if current is None:
                row.action = "create"
                continue
            row.target_id = current.pk
            before = {attr: original[attr] for attr in cleaned}
            changes = diff(before, cleaned)
            changes.pop("name", None)  # matched case-insensitively: the spelling is kept
            columns = {attr: column for column, attr in FORM_FIELDS.items()} | {
                "is_active": "is_active"
            }
            row.changes = {columns[attr]: change for attr, change in changes.items()}
            row.action = "update" if row.changes else "unchanged"

    def commit(self, rows, *, lookups, progress, **context):
        for row in rows:
            try:
                if row.action == "create":
                    supplier_create(data=row.cleaned)
                elif row.action == "update":
                    supplier = Supplier.objects.get(pk=row.target_id)
                    data = {k: v for k, v in row.cleaned.items() if k != "name"}
                    supplier_update(supplier=supplier, data=data)
            except PurchasingError as error:
                raise DomainError(f"Row {row.number}: {error.message}") from None

    def export_row(self, supplier) -> list:
        return [
            supplier.name,
            supplier.code,
            supplier.contact_name,
            supplier.email,
            supplier.phone,
            supplier.website,
            supplier.address,
            supplier.currency,
            supplier.notes,
            supplier.is_active,
        ]

    def template_rows(self):
        return [
            [
                "Acme Components",
                "ACME",
                "Jo Doe",
                "orders@acme.example",
                "",
                "",
                "",
                "EUR",
                "",
                "yes",
            ]
        ]


PRICE_FIELDS = {
    "supplier_sku": "supplier_sku",
    "unit_price": "unit_price",
    "currency": "currency",
    "lead_time": "lead_time_days",
    "minimum_order_quantity": "minimum_order_quantity",
    "preferred": "is_preferred",
    "pack_size": "pack_size",
    "pack_name": "pack_name",
}


class PriceListsKind(Kind):
    kind = "price_lists"
    label = "Price lists"
    permission = "purchasing.add_supplierpart"
    list_url_name = "purchasing:supplier_list"
    key_field = "part_sku"
    alt_key_field = "supplier_sku"
    columns = (
        Column("supplier", "Supplier", ("supplier name", "vendor", "lieferant"), required=True),
        Column(
            "supplier_sku",
            "Supplier SKU",
            ("supplier part no", "vendor sku", "order code", "bestellnummer"),
        ),
        Column(
            "part_sku",
            "SKU",
            ("part sku", "part no", "part number", "item #", "our sku"),
            required=True,
        ),
        Column("unit_price", "Unit price", ("price", "cost", "preis", "ek")),
        Column("currency", "Currency", ("ccy", "währung")),
        Column("lead_time", "Lead time (days)", ("lead time", "delivery days", "lieferzeit")),
        Column(
            "minimum_order_quantity", "Minimum order quantity", ("moq", "min order", "mindestmenge")
        ),
        Column("preferred", "Preferred", ("preferred supplier", "default")),
        Column(
            "pack_size",
            "Pack size",
            ("units per pack", "pack qty", "pack quantity", "verpackungseinheit", "vpe"),
            help="Stock units in one pack; the price and minimum order are per pack. Empty: 1.",
        ),
        Column("pack_name", "Pack", ("pack name", "packaging", "verpackung")),
    )

    def duplicate_message(self, name, value, others):
        rows = ", ".join(str(n) for n in others[:5])
        what = "part" if name == "part_sku" else "supplier SKU"
        return f"The same supplier and {what} “{value}” is also in row{'s' if len(others) > 1 else ''} {rows}."

    def check_rows(self, rows, lookups, defaults):
        suppliers = {
            s.lower_name: s
            for s in Supplier.objects.annotate(lower_name=Lower("name")).filter(
                lower_name__in={row.value("supplier").casefold() for row in rows}
            )
        }
        parts = {
            p.lower_sku: p
            for p in Part.objects.annotate(lower_sku=Lower("sku"))
            .filter(lower_sku__in={row.value("part_sku").casefold() for row in rows})
            .only("pk", "sku")
        }
        lines = {}
        if suppliers:
            for line in SupplierPart.objects.filter(supplier__in=suppliers.values()).select_related(
                "part"
            ):
                lines[(line.supplier_id, "part", line.part_id)] = line
                if line.supplier_sku:
                    lines[(line.supplier_id, "sku", line.supplier_sku.casefold())] = line
        for row in rows:
            row.errors, row.changes, row.target_id, row.cleaned = {}, {}, None, {}
            supplier_name, sku = row.value("supplier"), row.value("part_sku")
            supplier = suppliers.get(supplier_name.casefold())
            part = parts.get(sku.casefold())
            row.key = f"{supplier_name}|{sku}".casefold()[:255]
            row.alt_key = (
                f"{supplier_name}|{row.value('supplier_sku')}".casefold()[:255]
                if row.value("supplier_sku")
                else ""
            )
            if not supplier_name:
                row.error("supplier", "required", "Enter the supplier's name.")
            elif supplier is None:
                row.error(
                    "supplier", "unknown_supplier", f"No supplier is called “{supplier_name}”."
                )
            current = None
            if supplier is not None:
                if row.value("supplier_sku"):
                    current = lines.get((supplier.pk, "sku", row.value("supplier_sku").casefold()))
                if current is None and part is not None:
                    current = lines.get((supplier.pk, "part", part.pk))
            data = {"part_sku": sku}
            for column, attr in PRICE_FIELDS.items():
                if column in row.values:
                    text = row.values[column]
                    if column in ("unit_price", "minimum_order_quantity", "pack_size"):
                        text = normalise_number(text)
                    data[attr] = text
                elif current is not None:
                    data[attr] = getattr(current, attr)
                elif column in defaults:
                    data[attr] = defaults[column]
            if "is_preferred" in data and isinstance(data["is_preferred"], str):
                flag = clean_bool(row, "preferred", data["is_preferred"])
                data["is_preferred"] = "on" if flag else ""
            data.setdefault("lead_time_days", "0")
            data.setdefault("minimum_order_quantity", "1")
            # The form writes its values onto the instance: remember them first.
            original = (
                {attr: getattr(current, attr) for attr in PRICE_FIELDS.values()} if current else {}
            )
            form = SupplierPartForm(
                data=data, instance=current, mode="supplier", fixed_supplier=supplier
            )
            if not form.is_valid():
                _form_errors(
                    row, form, {"part_sku": "part_sku", **{a: c for c, a in PRICE_FIELDS.items()}}
                )
            if current is not None and part is not None and current.part_id != part.pk:
                row.error(
                    "part_sku", "invalid", f"This supplier SKU is listed for {current.part.sku}."
                )
            if row.errors:
                row.action = "error"
                continue
            row.cleaned = {"supplier_id": supplier.pk, **form.service_data()}
            if current is None:
                row.action = "create"
                continue
            row.target_id = current.pk
            before = original
            after = {attr: row.cleaned[attr] for attr in PRICE_FIELDS.values()}
            if not after["currency"]:
                after["currency"] = original["currency"]
            changes = diff(before, after)
            row.changes = {c: changes[a] for c, a in PRICE_FIELDS.items() if a in changes}
            row.action = "update" if row.changes else "unchanged"

    def commit(self, rows, *, lookups, progress, **context):
        suppliers = {}
        for row in rows:
            if row.action not in ("create", "update"):
                continue
            data = dict(row.cleaned)
            supplier_id = data.pop("supplier_id")
            supplier = suppliers.setdefault(supplier_id, Supplier.objects.get(pk=supplier_id))
            existing = SupplierPart.objects.get(pk=row.target_id) if row.target_id else None
            try:
                supplier_part_save(supplier=supplier, data=data, supplier_part=existing)
            except PurchasingError as error:
                raise DomainError(f"Row {row.number}: {error.message}") from None

    def export_row(self, line) -> list:
        return [
            line.supplier.name,
            line.supplier_sku,
            line.part.sku,
            line.unit_price,
            line.currency,
            line.lead_time_days,
            line.minimum_order_quantity,
            line.is_preferred,
            line.pack_size,
            line.pack_name,
        ]

    def template_rows(self):
        return [["Acme Components", "AC-4711", "R-10K", "0.021", "EUR", "5", "100", "yes", "1", ""]]
