"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import EVERYONE

ACCESS = {
    "accounts:logout": {"POST": EVERYONE},
    "accounts:password_change": {"GET": EVERYONE, "POST": EVERYONE},
    "accounts:password_change_done": {"GET": EVERYONE},
}
# Reachable without signing in (the sign-in and reset flows).
PUBLIC_URLS = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
}
SAMPLE_KWARGS = {"accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"}}
