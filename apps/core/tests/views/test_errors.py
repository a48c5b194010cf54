"""Error pages: 404 for unknown addresses; the 500 handler, and 503 when the database
went away (rendered without a request or the database)."""

from django.db import OperationalError
from django.templatetags.static import static
from django.urls import reverse

from apps.core.views.errors import server_error


def test_unknown_address_gives_the_404_page(clerk):
    response = clerk.get(reverse("dashboard:dashboard") + "no-such-page/")
    assert response.status_code == 404
    assert b"Not found" in response.content


# No database fixture: a query while rendering these pages would fail the test.


def test_server_error_is_the_500_page(rf):
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "Something went wrong" in html
    assert (
        f'href="{reverse("dashboard:dashboard")}"' in html and static("css/dist/styles.css") in html
    )


def test_a_database_that_went_away_is_a_503_page(rf):
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert b"Temporarily unavailable" in response.content
