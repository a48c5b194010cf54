"""Parts: created or updated by SKU (case-insensitive), checked with PartForm's fields."""

from django.db.models.functions import Lower

from apps.catalog.forms.parts import PartForm
from apps.catalog.models import Category, Part, Unit
from apps.catalog.services.part_bulk import parts_bulk_delete, parts_bulk_save
from apps.imports.kinds.base import (
    PATH_SEPARATOR,
    Column,
    Kind,
    RowState,
    clean_bool,
    clean_decimal,
    clean_with,
    diff,
)
from apps.inventory.models import Location

FIELDS = PartForm.base_fields
# Other spellings of "pieces" seen in spreadsheets (when the pcs unit exists).
PIECE_ALIASES = ("pc", "piece", "ea", "each", "stk", "st")


def unit_codes() -> dict[str, str]:
    """What a unit cell may say (its code or name, any case) → the unit's code."""
    units = list(Unit.objects.values_list("code", "name"))
    found = {name.casefold(): code for code, name in units}
    codes = {code.casefold(): code for code, _ in units}
    if "pcs" in codes:
        found.update(dict.fromkeys(PIECE_ALIASES, codes["pcs"]))
    found.update(codes)  # a code wins over another unit's name
    return found


def category_paths() -> dict[int, tuple[str, bool]]:
    """Every category's path of names ("Electronics / Passives") and whether it is active."""
    rows = list(
        Category.objects.order_by("depth").values_list("pk", "name", "parent_id", "is_active")
    )
    paths: dict[int, tuple[str, bool]] = {}
    for pk, name, parent_id, active in rows:
        prefix = paths[parent_id][0] + PATH_SEPARATOR if parent_id in paths else ""
        paths[pk] = (prefix + name, active)
    return paths


def path_key(text: str) -> str:
    """ "Electronics/ passives " and "electronics / Passives" are the same path."""
    return "/".join(part.strip().casefold() for part in text.split("/") if part.strip())


class CatalogLookups:
    def __init__(self):
        self.category_path = category_paths()
        self.category_by_path = {
            path_key(path): (pk, active) for pk, (path, active) in self.category_path.items()
        }
        self.unit_by_text = unit_codes()
        self.location_code: dict[int, str] = {}
        self.location_by_code: dict[str, tuple[int, str, bool]] = {}
        for pk, code, active in Location.objects.values_list("pk", "code", "is_active"):
            self.location_code[pk] = code
            self.location_by_code[code.casefold()] = (pk, code, active)


class PartsKind(Kind):
    kind = "parts"
    label = "Parts"
    permission = "catalog.import_parts"
    list_url_name = "catalog:part_list"
    key_field = "sku"
    alt_key_field = "barcode"
    columns = (
        Column(
            "sku",
            "SKU",
            (
                "part no",
                "part number",
                "item #",
                "item no",
                "item",
                "article",
                "artikel",
                "code",
                "part",
            ),
            required=True,
        ),
        Column(
            "name",
            "Name",
            ("description short", "part name", "item name", "title", "bezeichnung"),
            required=True,
        ),
        Column("description", "Description", ("details", "long description", "beschreibung")),
        Column(
            "category",
            "Category",
            ("category path", "group", "kategorie"),
            required=True,
            help="A path: Electronics / Passives / Resistors",
        ),
        Column("unit", "Unit", ("uom", "unit of measure", "einheit")),
        Column("barcode", "Barcode", ("ean", "gtin", "upc", "ean code")),
        Column(
            "reorder_point",
            "Reorder point",
            ("min", "minimum", "min qty", "reorder level", "meldebestand"),
        ),
        Column(
            "reorder_quantity",
            "Reorder quantity",
            ("reorder qty", "order qty", "max", "bestellmenge"),
        ),
        Column("unit_cost", "Unit cost", ("cost", "price", "unit price", "preis")),
        Column(
            "default_location",
            "Default location",
            ("location", "location code", "bin", "shelf", "lagerort"),
        ),
        Column("tracks_batches", "Tracks batches", ("batches", "lot tracking", "batch")),
        Column("is_active", "Active", ("status", "enabled")),
        Column("notes", "Notes", ("comment", "comments", "remarks", "notizen")),
    )
    # The Part fields each column sets.
    ATTRS = {
        "sku": "sku",
        "name": "name",
        "description": "description",
        "category": "category_id",
        "unit": "unit_id",
        "barcode": "barcode",
        "reorder_point": "reorder_point",
        "reorder_quantity": "reorder_quantity",
        "unit_cost": "unit_cost",
        "default_location": "default_location_id",
        "tracks_batches": "tracks_batches",
        "is_active": "is_active",
        "notes": "notes",
    }

    def load(self):
        return CatalogLookups()

    def clean(self, row: RowState, lookups: CatalogLookups, defaults: dict) -> dict:
        """The row's values as Part attributes (only the columns the file has)."""
        values = dict(row.values)
        cleaned = {}
        sku = clean_with(row, "sku", FIELDS["sku"], values.get("sku", ""))
        if sku is not None:
            cleaned["sku"] = sku
        for name in ("name", "description", "notes"):
            if name in values:
                result = clean_with(row, name, FIELDS[name], values[name])
                if result is not None:
                    cleaned[name] = result
        if "unit" in values:
            text = values["unit"].strip()
            if text:
                code = lookups.unit_by_text.get(text.casefold())
                if code is None:
                    row.error("unit", "choice", f"No unit “{text}” (see Units).")
                else:
                    cleaned["unit_id"] = code
        if "barcode" in values:
            barcode = clean_with(row, "barcode", FIELDS["barcode"], values["barcode"])
            if "barcode" not in row.errors:
                cleaned["barcode"] = barcode or None
        for name in ("reorder_point", "reorder_quantity", "unit_cost"):
            if name in values:
                text = values[name].strip() or "0"
                number = clean_decimal(row, name, FIELDS[name], text)
                if number is not None:
                    cleaned[name] = number
        for name in ("tracks_batches", "is_active"):
            if name in values:
                flag = clean_bool(row, name, values[name])
                if flag is not None:
                    cleaned[name] = flag
        if "category" in values:
            text = values["category"].strip()
            if not text:
                row.error("category", "required", "This field is required.")
            else:
                found = lookups.category_by_path.get(path_key(text))
                if found is None:
                    row.error("category", "unknown_category", f"No category “{text}”.")
                elif not found[1]:
                    row.error("category", "unknown_category", f"The category “{text}” is archived.")
                else:
                    cleaned["category_id"] = found[0]
        if "default_location" in values:
            code = clean_with(
                row, "default_location", FIELDS["default_location_code"], values["default_location"]
            )
            if code:
                found = lookups.location_by_code.get(code.casefold())
                if found is None:
                    row.error(
                        "default_location",
                        "unknown_location",
                        f"No location has the code “{code}”.",
                    )
                else:
                    cleaned["default_location_id"] = found[0]
            elif code == "":
                cleaned["default_location_id"] = None
        return cleaned

    def check_rows(self, rows, lookups, defaults):
        for row in rows:
            row.errors, row.changes, row.target_id = {}, {}, None
            row.cleaned = self.clean(row, lookups, defaults)
            row.key = row.cleaned.get("sku", row.value("sku")).casefold()[:255]
            barcode = row.cleaned.get("barcode")
            row.alt_key = barcode[:255] if barcode else ""
        keys = {row.key for row in rows if row.key}
        existing = {
            values["lower_sku"]: values
            for values in Part.objects.annotate(lower_sku=Lower("sku"))
            .filter(lower_sku__in=keys)
            .values("lower_sku", "pk", *self.ATTRS.values())
        }
        barcodes = {row.alt_key for row in rows if row.alt_key}
        barcode_owner = dict(
            Part.objects.filter(barcode__in=barcodes).values_list("barcode", "sku")
        )
        for row in rows:
            current = existing.get(row.key)
            if row.alt_key and row.alt_key in barcode_owner:
                owner = barcode_owner[row.alt_key]
                if current is None or owner.casefold() != row.key:
                    row.error(
                        "barcode",
                        "taken",
                        f"The barcode “{row.alt_key}” is already used by another part ({owner}).",
                    )
            if current is None:
                self._as_create(row, lookups, defaults)
            else:
                row.target_id = current["pk"]
                # Matched case-insensitively by SKU: its spelling in the file changes nothing.
                after = {
                    attr: value
                    for attr, value in row.cleaned.items()
                    if attr in current and attr != "sku"
                }
                row.changes = self.display(diff(current, after), lookups)
                row.action = "update" if row.changes else "unchanged"
            if row.errors:
                row.action = "error"

    def _as_create(self, row: RowState, lookups, defaults: dict) -> None:
        row.action = "create"
        for name, text in defaults.items():
            if name not in row.values and text != "":
                extra = RowState(row.number, {name: text})
                cleaned = self.clean(extra, lookups, {})
                cleaned.pop("sku", None)
                row.cleaned = {**cleaned, **row.cleaned}
                for field_name, error in extra.errors.items():
                    if field_name != "sku":
                        row.errors.setdefault(field_name, [error[0], f"Default: {error[1]}"])
        for required in ("name", "category"):
            attr = self.ATTRS[required]
            if attr not in row.cleaned and required not in row.errors:
                header = self.column(required).header
                row.error(required, "required", f"A new part needs a {header.lower()}.")

    def display(self, changes: dict, lookups: CatalogLookups) -> dict:
        """field → [before, after] with names for ids (category path, location code)."""
        shown = {}
        for attr, (before, after) in changes.items():
            name = next(n for n, a in self.ATTRS.items() if a == attr)
            if attr == "category_id":
                before = lookups.category_path.get(int(before), ("",))[0] if before else ""
                after = lookups.category_path.get(int(after), ("",))[0] if after else ""
            elif attr == "default_location_id":
                before = lookups.location_code.get(int(before), "") if before else ""
                after = lookups.location_code.get(int(after), "") if after else ""
            shown[name] = [before, after]
        return shown

    def commit(self, rows, *, lookups, progress, **context):
        creates, updates = [], {}
        for row in rows:
            if row.action == "create":
                creates.append(row.cleaned)
            elif row.action == "update":
                updates[row.target_id] = {
                    attr: value
                    for attr, value in row.cleaned.items()
                    if self.display_name(attr) in row.changes
                }
        parts_bulk_save(creates=creates, updates=updates, progress=progress)

    def undo(self, job, done, *, user, progress):
        work = done.get(Part, {"create": [], "update": {}})
        fields = {f.attname: f for f in Part._meta.concrete_fields}
        updates = {
            pk: {name: fields[name].to_python(value) for name, value in before.items()}
            for pk, before in work["update"].items()
        }
        parts_bulk_save(creates=[], updates=updates, progress=progress)
        parts_bulk_delete(ids=work["create"])

    def display_name(self, attr: str) -> str:
        return next(n for n, a in self.ATTRS.items() if a == attr)

    def export_row(self, part, lookups: CatalogLookups) -> list:
        return [
            part.sku,
            part.name,
            part.description,
            lookups.category_path.get(part.category_id, ("",))[0],
            part.unit_id,
            part.barcode or "",
            part.reorder_point,
            part.reorder_quantity,
            part.unit_cost,
            lookups.location_code.get(part.default_location_id, ""),
            part.tracks_batches,
            part.is_active,
            part.notes,
        ]

    def template_rows(self):
        return [
            [
                "R-10K",
                "Resistor 10 kΩ 0.25 W",
                "",
                "Electronics / Passives / Resistors",
                "pcs",
                "",
                "100",
                "500",
                "0.02",
                "A1-01",
                "no",
                "yes",
                "",
            ],
        ]
