"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test.
Floor work moves stock: clerks, managers, admins (inventory.move_stock); viewers and
purchasers do not."""

from apps.accounts.roles import EVERYONE, STOCK_WORKERS

ACCESS = {
    "floor:home": {"GET": STOCK_WORKERS},
    "floor:location": {"GET": STOCK_WORKERS, "sample": {"pk": "location"}},
    "floor:forget_location": {"POST": STOCK_WORKERS},
    "floor:part": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS, "sample": {"pk": "part"}},
    "floor:undo": {"POST": STOCK_WORKERS},
    "floor:camera": {"GET": STOCK_WORKERS},
    # Check-out: clerks lend and take back; everyone may see who has what.
    "floor:checkout_list": {"GET": EVERYONE},
    "floor:checkout_export": {"GET": EVERYONE},
    "floor:checkout_new": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS},
    "floor:checkout_checkin": {
        "GET": STOCK_WORKERS,
        "POST": STOCK_WORKERS,
        "sample": {"pk": "checkout"},
    },
    "floor:part_checkouts": {"GET": EVERYONE, "sample": {"pk": "part"}},
}
