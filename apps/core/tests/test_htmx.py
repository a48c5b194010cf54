"""Page or fragment: HTMX requests get the fragment, boosted and history-restore requests
the whole page; after a write, a redirect htmx follows as a whole page."""

from django.contrib.messages.storage.fallback import FallbackStorage
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from apps.core.htmx import redirect_after_write


def test_boosted_and_history_restore_requests_get_the_whole_page(clerk):
    url = reverse("dashboard:dashboard")
    boosted = clerk.get(url, headers={"HX-Request": "true", "HX-Boosted": "true"})
    restore = clerk.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    fragment = clerk.get(url, headers={"HX-Request": "true"})
    assert b"<html" in boosted.content
    assert b"<html" in restore.content
    assert b"<html" not in fragment.content


def test_redirect_after_write_tells_htmx_to_load_the_page_whole(rf):
    for headers, status in (({}, 302), ({"HX-Request": "true"}, 204)):
        request = rf.post("/somewhere/", headers=headers)
        request.htmx = HtmxDetails(request)
        request.session = {}
        request._messages = FallbackStorage(request)
        response = redirect_after_write(request, "/done/", "Saved.")
        assert response.status_code == status
        assert (response.get("Location") or response["HX-Redirect"]) == "/done/"
        assert [str(m) for m in request._messages] == ["Saved."]
