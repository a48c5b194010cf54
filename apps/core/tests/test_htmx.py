"""Page or fragment: HTMX requests get the fragment, boosted and history-restore requests
the whole page."""

from django.urls import reverse


def test_boosted_and_history_restore_requests_get_the_whole_page(clerk):
    url = reverse("dashboard:dashboard")
    boosted = clerk.get(url, headers={"HX-Request": "true", "HX-Boosted": "true"})
    restore = clerk.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    fragment = clerk.get(url, headers={"HX-Request": "true"})
    assert b"<html" in boosted.content
    assert b"<html" in restore.content
    assert b"<html" not in fragment.content
