"""Which file column feeds which field: matched from the headers (case, spacing,
punctuation and common synonyms do not matter), or as the user chose last time for this
kind of import."""

from apps.imports.kinds.base import Kind
from apps.imports.models import ImportMapping
from apps.imports.services.files import normalise_header


def _names(kind: Kind) -> dict[str, str]:
    """Normalised header or synonym → field."""
    names = {}
    for column in kind.columns:
        for text in (*column.synonyms, column.field.replace("_", " "), column.header):
            names[normalise_header(text)] = column.field
    return names


def suggest_mapping(kind: Kind, headers: list[str], *, remembered: dict | None = None) -> dict:
    """Column index (text) → field ("" for ignored). A field is used once: the first column
    that names it exactly wins over a synonym."""
    names = _names(kind)
    remembered = remembered or {}
    exact = {normalise_header(c.header): c.field for c in kind.columns}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for rank in ("remembered", "exact", "synonym"):
        for index, header in enumerate(headers):
            key = normalise_header(header)
            if str(index) in mapping or not key:
                continue
            table = {"remembered": remembered, "exact": exact, "synonym": names}[rank]
            if rank == "remembered" and remembered.get(key) == "":
                mapping[str(index)] = ""  # ignored on purpose last time
                continue
            field = table.get(key, "")
            if field and field in kind.fields and field not in used:
                mapping[str(index)] = field
                used.add(field)
    return {str(i): mapping.get(str(i), "") for i in range(len(headers))}


def remembered_mapping(user, kind: str) -> dict:
    found = ImportMapping.objects.filter(user=user, kind=kind).first()
    return found.columns if found else {}


def remember_mapping(user, kind: str, headers: list[str], mapping: dict) -> None:
    """Stores header → field for the columns the user mapped (merged with earlier ones)."""
    columns = remembered_mapping(user, kind)
    for index, field in mapping.items():
        key = normalise_header(headers[int(index)]) if int(index) < len(headers) else ""
        if key:
            columns[key] = field
    ImportMapping.objects.update_or_create(user=user, kind=kind, defaults={"columns": columns})
