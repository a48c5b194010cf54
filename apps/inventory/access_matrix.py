"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import EVERYONE, MANAGERS, STOCK_WORKERS

ACCESS = {
    # Browsing (read side)
    "inventory:location_tree": {"GET": EVERYONE},
    "inventory:location_detail": {"GET": EVERYONE, "sample": {"pk": "location"}},
    "inventory:location_children": {"GET": EVERYONE, "sample": {"pk": "location"}},
    "inventory:stock_list": {"GET": EVERYONE},
    "inventory:movement_list": {"GET": EVERYONE},
    "inventory:part_stock_tab": {"GET": EVERYONE, "sample": {"pk": "part"}},
    "inventory:part_movements_tab": {"GET": EVERYONE, "sample": {"pk": "part"}},
    # Location maintenance
    "inventory:location_create": {"GET": MANAGERS, "POST": MANAGERS},
    "inventory:location_code_check": {"GET": MANAGERS},
    "inventory:location_edit": {"GET": MANAGERS, "POST": MANAGERS, "sample": {"pk": "location"}},
    "inventory:location_archive": {"POST": MANAGERS, "sample": {"pk": "location"}},
    "inventory:location_delete": {"POST": MANAGERS, "sample": {"pk": "location"}},
    # Stock work (docs/stock-work.md)
    "inventory:stock_receive": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "inventory:stock_issue": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "inventory:stock_transfer": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "inventory:stock_adjust": {"GET": MANAGERS, "POST": MANAGERS},
    "inventory:stock_move_selected": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "inventory:stock_count": {
        "GET": STOCK_WORKERS,
        "POST": STOCK_WORKERS,
        "sample": {"pk": "stock_item"},
    },
    "inventory:movement_reverse": {"GET": MANAGERS, "POST": MANAGERS, "sample": {"pk": "movement"}},
    "inventory:stocktake_list": {"GET": STOCK_WORKERS},
    "inventory:stocktake_start": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "inventory:stocktake_detail": {"GET": STOCK_WORKERS, "sample": {"pk": "stocktake"}},
    "inventory:stocktake_count": {"POST": STOCK_WORKERS, "sample": {"pk": "stocktake"}},
    "inventory:stocktake_line_add": {"POST": STOCK_WORKERS, "sample": {"pk": "stocktake"}},
    "inventory:stocktake_commit": {"POST": STOCK_WORKERS, "sample": {"pk": "stocktake"}},
    "inventory:stocktake_cancel": {"POST": STOCK_WORKERS, "sample": {"pk": "stocktake"}},
    "inventory:scan": {"GET": EVERYONE},
}
