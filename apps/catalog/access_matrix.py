"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import BUYERS, EVERYONE, MANAGERS

PART = {"pk": "part"}
CATEGORY = {"pk": "category"}
UNIT = {"pk": "unit"}

ACCESS = {
    "catalog:part_list": {"GET": EVERYONE},
    # Purchasers and managers hold catalog.export_parts.
    "catalog:part_export": {"GET": BUYERS | MANAGERS, "POST": BUYERS | MANAGERS},
    "catalog:part_bulk": {"POST": MANAGERS},
    "catalog:part_create": {"GET": MANAGERS, "POST": MANAGERS},
    "catalog:part_validate": {"POST": MANAGERS},
    "catalog:part_detail": {"GET": EVERYONE, "sample": PART},
    "catalog:part_edit": {"GET": MANAGERS, "POST": MANAGERS, "sample": PART},
    "catalog:part_validate_existing": {"POST": MANAGERS, "sample": PART},
    "catalog:part_archive": {"POST": MANAGERS, "sample": PART},
    "catalog:part_delete": {"GET": MANAGERS, "POST": MANAGERS, "sample": PART},
    "catalog:part_row": {"GET": EVERYONE, "sample": PART},
    "catalog:part_reorder_point": {"GET": MANAGERS, "POST": MANAGERS, "sample": PART},
    "catalog:category_list": {"GET": EVERYONE},
    "catalog:category_create": {"GET": MANAGERS, "POST": MANAGERS},
    "catalog:category_children": {"GET": EVERYONE, "sample": CATEGORY},
    "catalog:category_edit": {"GET": MANAGERS, "POST": MANAGERS, "sample": CATEGORY},
    "catalog:category_archive": {"POST": MANAGERS, "sample": CATEGORY},
    "catalog:category_delete": {"GET": MANAGERS, "POST": MANAGERS, "sample": CATEGORY},
    # Units of measure: managers keep the list (admins also in /admin/).
    "catalog:unit_list": {"GET": MANAGERS},
    "catalog:unit_create": {"GET": MANAGERS, "POST": MANAGERS},
    "catalog:unit_edit": {"GET": MANAGERS, "POST": MANAGERS, "sample": UNIT},
}
