"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test.
Floor work moves stock: clerks, managers, admins (inventory.move_stock); viewers and
purchasers do not."""

from apps.accounts.roles import STOCK_WORKERS

ACCESS = {
    "floor:home": {"GET": STOCK_WORKERS},
    "floor:location": {"GET": STOCK_WORKERS, "sample": {"pk": "location"}},
    "floor:forget_location": {"POST": STOCK_WORKERS},
    "floor:part": {"GET": STOCK_WORKERS, "POST": STOCK_WORKERS, "sample": {"pk": "part"}},
    "floor:undo": {"POST": STOCK_WORKERS},
}
