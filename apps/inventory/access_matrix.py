"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import EVERYONE, MANAGERS

ACCESS = {
    # Browsing (read side)
    "location_tree": {"GET": EVERYONE},
    "location_detail": {"GET": EVERYONE, "sample": {"pk": "location"}},
    "location_children": {"GET": EVERYONE, "sample": {"pk": "location"}},
    "stock_list": {"GET": EVERYONE},
    "movement_list": {"GET": EVERYONE},
    "part_stock_tab": {"GET": EVERYONE, "sample": {"pk": "part"}},
    "part_movements_tab": {"GET": EVERYONE, "sample": {"pk": "part"}},
    # Location maintenance
    "location_create": {"GET": MANAGERS, "POST": MANAGERS},
    "location_code_check": {"GET": MANAGERS},
    "location_edit": {"GET": MANAGERS, "POST": MANAGERS, "sample": {"pk": "location"}},
    "location_archive": {"POST": MANAGERS, "sample": {"pk": "location"}},
    "location_delete": {"POST": MANAGERS, "sample": {"pk": "location"}},
}
