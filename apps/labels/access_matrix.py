"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test.

Labels print what a user may already see: everyone signed in (the view permission of the
kind of record is checked too)."""

from apps.accounts.roles import EVERYONE

ACCESS = {
    "labels:label_options": {"GET": EVERYONE},
    "labels:label_sheet": {"GET": EVERYONE},
    "labels:label_pdf": {"GET": EVERYONE},
}
