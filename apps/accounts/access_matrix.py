"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import EVERYONE

ACCESS = {
    "logout": {"POST": EVERYONE},
    "password_change": {"GET": EVERYONE, "POST": EVERYONE},
    "password_change_done": {"GET": EVERYONE},
}
# Reachable without signing in (the sign-in and reset flows).
PUBLIC_URLS = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
SAMPLE_KWARGS = {"password_reset_confirm": {"uidb64": "MQ", "token": "set-password"}}
