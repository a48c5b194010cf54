"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import EVERYONE

ACCESS = {
    "dashboard": {"GET": EVERYONE},
    "baseline": {"GET": EVERYONE},
}
PUBLIC_URLS = {"healthz", "readyz"}
