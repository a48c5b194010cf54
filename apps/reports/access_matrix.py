"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test.

Reports show money (stock value, spend with suppliers): purchasers, managers and admins
(permission reports.view_reports); clerks and viewers do not see them."""

from apps.accounts.roles import BUYERS

ACCESS = {
    "reports:index": {"GET": BUYERS},
    "reports:value_by_category": {"GET": BUYERS},
    "reports:value_by_location": {"GET": BUYERS},
    "reports:movements": {"GET": BUYERS},
    "reports:usage": {"GET": BUYERS},
    "reports:dead_stock": {"GET": BUYERS},
    "reports:purchasing": {"GET": BUYERS},
}
