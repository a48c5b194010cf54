"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import BUYERS, EVERYONE, MANAGERS

PART = {"pk": "part"}
CATEGORY = {"pk": "category"}

ACCESS = {
    "part_list": {"GET": EVERYONE},
    # Purchasers and managers hold catalog.export_parts.
    "part_export": {"GET": BUYERS | MANAGERS, "POST": BUYERS | MANAGERS},
    "part_bulk": {"POST": MANAGERS},
    "part_create": {"GET": MANAGERS, "POST": MANAGERS},
    "part_validate": {"POST": MANAGERS},
    "part_detail": {"GET": EVERYONE, "sample": PART},
    "part_edit": {"GET": MANAGERS, "POST": MANAGERS, "sample": PART},
    "part_validate_existing": {"POST": MANAGERS, "sample": PART},
    "part_archive": {"POST": MANAGERS, "sample": PART},
    "part_delete": {"GET": MANAGERS, "POST": MANAGERS, "sample": PART},
    "part_row": {"GET": EVERYONE, "sample": PART},
    "part_reorder_point": {"GET": MANAGERS, "POST": MANAGERS, "sample": PART},
    "category_list": {"GET": EVERYONE},
    "category_create": {"GET": MANAGERS, "POST": MANAGERS},
    "category_children": {"GET": EVERYONE, "sample": CATEGORY},
    "category_edit": {"GET": MANAGERS, "POST": MANAGERS, "sample": CATEGORY},
    "category_archive": {"POST": MANAGERS, "sample": CATEGORY},
    "category_delete": {"GET": MANAGERS, "POST": MANAGERS, "sample": CATEGORY},
}
