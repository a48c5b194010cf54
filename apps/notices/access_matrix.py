"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test.

Everyone has their own notices page (preferences, what was sent to them); managers also
see what was sent to everyone and may send today's notices now. The unsubscribe link of
an email works without signing in (its signed token names the user)."""

from apps.accounts.roles import EVERYONE, MANAGERS

ACCESS = {
    "notices:notice_list": {"GET": EVERYONE, "POST": EVERYONE},
    "notices:notice_export": {"GET": EVERYONE},
    "notices:notice_send_now": {"POST": MANAGERS},
    "notices:notice_preview": {"GET": MANAGERS},
}
PUBLIC_URLS = {"notices:unsubscribe"}
# A token we did not sign: the page says the link is not valid (400).
SAMPLE_KWARGS = {"notices:unsubscribe": {"token": "not-a-signed-token"}}
