"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import EVERYONE

ACCESS = {
    "core:dashboard": {"GET": EVERYONE},
    "core:baseline": {"GET": EVERYONE},
    # A file name that does not exist: signed in → 404, anonymous → sent to sign in.
    "core:media_file": {"GET": EVERYONE, "kwargs": {"path": "parts/no-such-image.png"}},
}
PUBLIC_URLS = {"core:healthz", "core:readyz"}
