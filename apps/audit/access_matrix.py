"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import EVERYONE

ACCESS = {
    # The model's view permission; every role may view the catalog.
    "audit:record_history": {
        "GET": EVERYONE,
        "kwargs": {"label": "catalog.part"},
        "sample": {"pk": "part"},
    },
    "audit:record_history_export": {
        "GET": EVERYONE,
        "kwargs": {"label": "catalog.part"},
        "sample": {"pk": "part"},
    },
}
