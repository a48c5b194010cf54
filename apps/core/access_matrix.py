"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import EVERYONE

ACCESS = {
    "dashboard": {"GET": EVERYONE},
    "baseline": {"GET": EVERYONE},
    # A file name that does not exist: signed in → 404, anonymous → sent to sign in.
    "media_file": {"GET": EVERYONE, "kwargs": {"path": "parts/no-such-image.png"}},
}
PUBLIC_URLS = {"healthz", "readyz"}
