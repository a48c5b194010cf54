"""Categories and locations as paths of names ("Main store / Shelf A / Bin 3"), locations
with their codes. Written through the catalog's and inventory's services, parents first."""

from django.core.exceptions import ValidationError

from apps.catalog.forms.categories import CategoryForm
from apps.catalog.models import Category
from apps.catalog.services.categories import category_create, category_set_active, category_update
from apps.core.errors import DomainError
from apps.imports.kinds.base import PATH_SEPARATOR, Column, Kind, clean_bool, clean_with, diff
from apps.imports.kinds.parts import category_paths, path_key
from apps.inventory.forms.locations import LocationForm
from apps.inventory.models import Location
from apps.inventory.services.locations import location_create, location_update


def split_path(text: str) -> list[str]:
    return [part.strip() for part in text.split("/") if part.strip()]


def show_path(names: list[str]) -> str:
    return PATH_SEPARATOR.join(names)


class CategoriesKind(Kind):
    kind = "categories"
    label = "Categories"
    permission = "catalog.add_category"
    list_url_name = "catalog:category_list"
    key_field = "path"
    recheck_all = True
    chunk_size = 100_000  # the whole file: a row's parent may be any other row
    columns = (
        Column(
            "path",
            "Category",
            ("path", "category path", "name", "kategorie"),
            required=True,
            help="Electronics / Passives / Resistors",
        ),
        Column("description", "Description", ("details", "beschreibung")),
        Column("is_active", "Active", ("status", "enabled")),
    )
    FIELDS = CategoryForm.base_fields

    def load(self):
        paths = category_paths()
        return {
            path_key(path): {"pk": pk, "path": path, "active": active}
            for pk, (path, active) in paths.items()
        }

    def check_rows(self, rows, existing, defaults):
        descriptions = (
            dict(
                Category.objects.filter(pk__in=[v["pk"] for v in existing.values()]).values_list(
                    "pk", "description"
                )
            )
            if rows
            else {}
        )
        for row in rows:
            row.errors, row.changes, row.target_id, row.cleaned = {}, {}, None, {}
            names = split_path(row.value("path"))
            row.key = "/".join(n.casefold() for n in names)[:255]
            if not names:
                row.error("path", "required", "Enter the category's path, e.g. Tools / Hand tools.")
            for name in names:
                clean_with(row, "path", self.FIELDS["name"], name)
            cleaned = {"names": names}
            if "description" in row.values:
                cleaned["description"] = (
                    clean_with(
                        row, "description", self.FIELDS["description"], row.values["description"]
                    )
                    or ""
                )
            if "is_active" in row.values:
                flag = clean_bool(row, "is_active", row.values["is_active"])
                if flag is not None:
                    cleaned["is_active"] = flag
            row.cleaned = cleaned
            current = existing.get(row.key)
            if row.errors:
                row.action = "error"
            elif current is None:
                row.action = "create"
                missing = [
                    show_path(names[:i])
                    for i in range(1, len(names))
                    if "/".join(n.casefold() for n in names[:i]) not in existing
                ]
                if missing:
                    row.changes = {"path": ["", f"{show_path(names)} (with {', '.join(missing)})"]}
            else:
                row.target_id = current["pk"]
                before = {
                    "description": descriptions.get(current["pk"], ""),
                    "is_active": current["active"],
                }
                after = {k: v for k, v in cleaned.items() if k in before}
                row.changes = diff(before, after)
                row.action = "update" if row.changes else "unchanged"

    def commit(self, rows, *, lookups, progress, **context):
        known = {key: Category.objects.get(pk=v["pk"]) for key, v in lookups.items() if v}
        for row in sorted(rows, key=lambda r: len(r.cleaned.get("names", []))):
            names = row.cleaned["names"]
            parent = None
            for depth in range(1, len(names) + 1):
                key = "/".join(n.casefold() for n in names[:depth])
                category = known.get(key)
                if category is None:
                    is_own = depth == len(names) and row.action == "create"
                    category = category_create(
                        name=names[depth - 1],
                        parent=parent,
                        description=row.cleaned.get("description", "") if is_own else "",
                    )
                    known[key] = category
                parent = category
            category = parent
            if row.action == "update":
                if "description" in row.changes:
                    category_update(
                        category=category,
                        name=category.name,
                        parent=category.parent,
                        description=row.cleaned["description"],
                    )
                if "is_active" in row.changes:
                    category_set_active(category=category, active=row.cleaned["is_active"])
            elif row.action == "create" and row.cleaned.get("is_active") is False:
                category_set_active(category=category, active=False)

    def export_row(self, category, path: str) -> list:
        """`path`: the category's names from the root ("Electronics / Resistors")."""
        return [path, category.description, category.is_active]

    def template_rows(self):
        return [["Electronics / Passives / Resistors", "Through-hole and SMD resistors", "yes"]]


def location_paths() -> dict[int, tuple[str, str]]:
    """Every location's path of names and its code, by id."""
    rows = Location.objects.order_by("depth").values_list("pk", "name", "parent_id", "code")
    paths: dict[int, tuple[str, str]] = {}
    for pk, name, parent_id, code in rows:
        prefix = paths[parent_id][0] + PATH_SEPARATOR if parent_id in paths else ""
        paths[pk] = (prefix + name, code)
    return paths


class LocationsKind(Kind):
    kind = "locations"
    label = "Locations"
    permission = "inventory.add_location"
    list_url_name = "inventory:location_tree"
    key_field = "code"
    alt_key_field = "path"
    recheck_all = True
    chunk_size = 100_000  # the whole file: a row's parent may be any other row
    columns = (
        Column("code", "Code", ("location code", "bin code", "label", "kürzel"), required=True),
        Column(
            "path",
            "Location",
            ("path", "location path", "name", "lagerort"),
            required=True,
            help="Main store / Shelf A / Bin 3",
        ),
        Column("description", "Description", ("details", "beschreibung")),
        Column(
            "allow_negative_stock", "Allow negative stock", ("negative stock", "negative allowed")
        ),
    )

    def load(self):
        paths = location_paths()
        by_path: dict[str, list[int]] = {}
        for pk, (path, _code) in paths.items():
            by_path.setdefault(path_key(path), []).append(pk)
        return {
            "paths": paths,
            "by_path": by_path,
            "by_code": {code.casefold(): pk for pk, (_p, code) in paths.items()},
            "records": {
                pk: {"description": d, "allow_negative_stock": a, "parent_id": p, "name": n}
                for pk, d, a, p, n in Location.objects.values_list(
                    "pk", "description", "allow_negative_stock", "parent_id", "name"
                )
            },
        }

    def check_rows(self, rows, lookups, defaults):
        in_file = {path_key(r.value("path")) for r in rows if not r.skipped and r.value("path")}
        for row in rows:
            row.errors, row.changes, row.target_id, row.cleaned = {}, {}, None, {}
            names = split_path(row.value("path"))
            row.key = row.value("code").casefold()[:255]
            row.alt_key = "/".join(n.casefold() for n in names)[:255]
            current_pk = lookups["by_code"].get(row.key)
            current = lookups["records"].get(current_pk) if current_pk else None
            data = {
                "code": row.value("code"),
                "name": names[-1] if names else "",
                "parent": "",
                "description": row.values.get(
                    "description",
                    current["description"] if current else defaults.get("description", ""),
                ),
            }
            negative = row.values.get("allow_negative_stock")
            flag = (
                clean_bool(row, "allow_negative_stock", negative)
                if negative is not None
                else (current["allow_negative_stock"] if current else False)
            )
            if flag:
                data["allow_negative_stock"] = "on"
            form = LocationForm(data=data)
            if not form.is_valid():
                for name, messages in form.errors.items():
                    target = {"name": "path", "parent": "path"}.get(name, name)
                    row.error(
                        target,
                        "too_long" if "at most" in messages[0] else "invalid",
                        " ".join(messages),
                    )
            if not names:
                row.error(
                    "path", "required", "Enter the location's path, e.g. Main store / Shelf A."
                )
            parent_key = "/".join(n.casefold() for n in names[:-1])
            parent_pk = None
            if len(names) > 1:
                found = lookups["by_path"].get(parent_key, [])
                if len(found) > 1:
                    row.error(
                        "path",
                        "unknown_location",
                        f"Two locations are called “{show_path(names[:-1])}”.",
                    )
                elif found:
                    parent_pk = found[0]
                elif parent_key not in in_file:
                    row.error(
                        "path",
                        "unknown_location",
                        f"No location “{show_path(names[:-1])}”: add a row for it or fix the path.",
                    )
            if row.errors:
                row.action = "error"
                continue
            row.cleaned = {
                "code": form.cleaned_data["code"],
                "name": form.cleaned_data["name"],
                "description": form.cleaned_data["description"],
                "allow_negative_stock": form.cleaned_data["allow_negative_stock"],
                "parent_key": parent_key,
                "parent_pk": parent_pk,
                "depth": len(names),
            }
            if current is None:
                row.action = "create"
                continue
            row.target_id = current_pk
            old_parent_path = (
                path_key(lookups["paths"][current["parent_id"]][0]) if current["parent_id"] else ""
            )
            before = {k: current[k] for k in ("name", "description", "allow_negative_stock")}
            before["path"] = lookups["paths"][current_pk][0]
            after = {k: row.cleaned[k] for k in ("name", "description", "allow_negative_stock")}
            after["path"] = (
                show_path(names)
                if parent_key != old_parent_path or current["name"] != names[-1]
                else before["path"]
            )
            changes = diff(before, after)
            changes.pop("name", None)
            row.changes = changes
            row.action = "update" if changes else "unchanged"

    def commit(self, rows, *, lookups, progress, **context):
        created: dict[str, Location] = {}
        for row in sorted(rows, key=lambda r: r.cleaned.get("depth", 0)):
            if row.action not in ("create", "update"):
                if row.target_id:
                    created[row.alt_key] = Location(pk=row.target_id)
                continue
            cleaned = row.cleaned
            parent = None
            if cleaned["parent_pk"]:
                parent = Location.objects.get(pk=cleaned["parent_pk"])
            elif cleaned["parent_key"]:
                parent = created.get(cleaned["parent_key"])
                if parent is None:
                    raise DomainError(f"Row {row.number}: its parent location was not created.")
                parent = Location.objects.get(pk=parent.pk)
            fields = {
                k: cleaned[k] for k in ("code", "name", "description", "allow_negative_stock")
            }
            try:
                if row.action == "create":
                    location = location_create(parent=parent, **fields)
                else:
                    location = location_update(
                        location=Location(pk=row.target_id), parent=parent, **fields
                    )
            except ValidationError as error:
                raise DomainError(f"Row {row.number}: {' '.join(error.messages)}") from None
            created[row.alt_key] = location

    def export_row(self, location, path: str) -> list:
        """`path`: the location's names from the root ("Main store / Shelf A")."""
        return [
            location.code,
            path,
            location.description,
            location.allow_negative_stock,
        ]

    def template_rows(self):
        return [["MAIN", "Main store", "", "no"], ["A1", "Main store / Shelf A1", "", "no"]]
