"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import EVERYONE

ACCESS = {
    "dashboard:dashboard": {"GET": EVERYONE},
}
