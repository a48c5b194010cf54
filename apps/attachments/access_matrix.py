"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test.

Checked on a part and a part's file: seeing needs the record's view permission (every
role), adding and deleting its change permission (catalog.change_part: managers, admins).
The other kinds follow their own change permission (apps/attachments/kinds.py), tested
in apps/attachments/tests/views."""

from apps.accounts.roles import EVERYONE, MANAGERS

ACCESS = {
    "attachments:record_attachments": {
        "GET": EVERYONE,
        "POST": MANAGERS,
        "kwargs": {"label": "catalog.part"},
        "sample": {"pk": "part"},
    },
    "attachments:attachment_download": {"GET": EVERYONE, "sample": {"pk": "attachment"}},
    "attachments:attachment_delete": {
        "GET": MANAGERS,
        "POST": MANAGERS,
        "sample": {"pk": "attachment"},
    },
}
