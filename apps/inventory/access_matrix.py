"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import EVERYONE, MANAGERS, STOCK_WORKERS

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
    # Stock work (docs/stock-work.md)
    "stock_receive": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "stock_issue": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "stock_transfer": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "stock_adjust": {"GET": MANAGERS, "POST": MANAGERS},
    "stock_move_selected": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "stock_count": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS, "sample": {"pk": "stock_item"}},
    "movement_reverse": {"GET": MANAGERS, "POST": MANAGERS, "sample": {"pk": "movement"}},
    "stocktake_list": {"GET": STOCK_WORKERS},
    "stocktake_start": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "stocktake_detail": {"GET": STOCK_WORKERS, "sample": {"pk": "stocktake"}},
    "stocktake_count": {"POST": STOCK_WORKERS, "sample": {"pk": "stocktake"}},
    "stocktake_line_add": {"POST": STOCK_WORKERS, "sample": {"pk": "stocktake"}},
    "stocktake_commit": {"POST": STOCK_WORKERS, "sample": {"pk": "stocktake"}},
    "stocktake_cancel": {"POST": STOCK_WORKERS, "sample": {"pk": "stocktake"}},
    "scan": {"GET": EVERYONE},
}
