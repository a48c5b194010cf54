"""The notices page: preferences saved (errors in place with 422), what was sent to me
(managers: to everyone) with a constant number of queries, send now and the preview; the
list as a file."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.notices.models import NoticeKind, NoticePreference, SentNotice
from apps.notices.tests.factories import make_person, make_stock_picture

pytestmark = pytest.mark.django_db
URL = "/notices/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sent(user, n, *, kind=NoticeKind.LOW_STOCK):
    for i in range(n):
        SentNotice.objects.create(
            user=user,
            kind=kind,
            day=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            email=user.email,
            subject=f"Low stock: {i} parts below reorder point",
            item_count=i,
        )


def test_the_url_is_named():
    assert reverse("notices:notice_list") == URL


def test_a_viewer_opts_in_to_the_digest_for_two_categories():
    stock = make_stock_picture()
    viewer = make_person("vera")
    client = _client(viewer)

    page = client.get(URL)
    assert page.status_code == 200
    assert b"Daily low-stock digest" in page.content
    assert b"Overdue purchase orders" not in page.content  # not a purchaser

    response = client.post(
        URL,
        {"low_stock": "on", "categories": [stock["tools"].pk, stock["resistors"].pk]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204 and response["HX-Redirect"] == URL
    preference = NoticePreference.objects.get(user=viewer)
    assert preference.low_stock and not preference.overdue_orders
    assert set(preference.categories.all()) == {stock["tools"], stock["resistors"]}
    page = client.get(URL)
    assert b"Your notice settings are saved." in page.content
    assert page.context["form"].initial["low_stock"] is True


def test_a_viewer_cannot_opt_in_to_overdue_orders_by_posting_it():
    viewer = make_person("vera")
    _client(viewer).post(URL, {"low_stock": "on", "overdue_orders": "on"})
    assert NoticePreference.objects.get(user=viewer).overdue_orders is False


def test_a_purchaser_opts_in_to_overdue_orders_and_out_again():
    buyer = make_person("bob", role="purchaser")
    client = _client(buyer)
    assert b"Overdue purchase orders" in client.get(URL).content
    client.post(URL, {"overdue_orders": "on"})
    assert NoticePreference.objects.get(user=buyer).overdue_orders
    client.post(URL, {})
    preference = NoticePreference.objects.get(user=buyer)
    assert not preference.overdue_orders and not preference.low_stock


def test_categories_without_the_digest_are_refused_in_place_with_422():
    stock = make_stock_picture()
    viewer = make_person("vera")
    response = _client(viewer).post(
        URL, {"categories": [stock["tools"].pk]}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert b"turn it on too" in response.content
    assert b'id="notice-preferences"' in response.content
    assert b"<html" not in response.content  # the form fragment only
    assert not NoticePreference.objects.exists()


def test_an_unknown_category_is_refused_with_422():
    viewer = make_person("vera")
    response = _client(viewer).post(URL, {"low_stock": "on", "categories": ["999999"]})
    assert response.status_code == 422
    assert not NoticePreference.objects.exists()


def test_i_see_what_was_sent_to_me_and_a_manager_sees_everyone():
    vera = make_person("vera")
    boss = make_person("boss", role="manager")
    _sent(vera, 2)
    _sent(boss, 1)

    mine = _client(vera).get(URL + "?who=all")  # not a manager: still only mine
    assert len(mine.context["listing"].rows) == 2
    assert b"Everyone&#x27;s" not in mine.content and b"Send today" not in mine.content
    everyone = _client(boss).get(URL + "?who=all")
    assert len(everyone.context["listing"].rows) == 3
    assert b"vera@example.com" in everyone.content
    assert len(_client(boss).get(URL).context["listing"].rows) == 1


def test_the_sent_list_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    boss = make_person("boss", role="manager")
    client = _client(boss)
    counts = {}
    for n in (1, 40):
        SentNotice.objects.all().delete()
        for i in range(n):
            _sent(make_person(f"u{n}-{i}"), 1)
        with django_assert_max_num_queries(14) as captured:
            response = client.get(URL + "?who=all&per_page=50")
        assert response.status_code == 200
        assert len(response.context["listing"].rows) == n
        counts[n] = len(captured)
    assert counts[1] == counts[40], counts


def test_a_page_of_the_sent_list_is_a_fragment():
    vera = make_person("vera")
    _sent(vera, 30)
    response = _client(vera).get(URL + "?page=2&per_page=25", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b'id="sent-notices"' in response.content and b"<html" not in response.content
    assert len(response.context["listing"].rows) == 5


def test_a_manager_sends_todays_notices_now_once():
    make_stock_picture()
    boss = make_person("boss", role="manager", low_stock=True)
    client = _client(boss)
    url = reverse("notices:notice_send_now")

    response = client.post(url, follow=True)
    assert b"1 sent" in response.content
    client.post(url)
    assert len(mail.outbox) == 1
    assert SentNotice.objects.get().user == boss


def test_the_preview_shows_todays_emails_and_sends_nothing():
    make_stock_picture()
    boss = make_person("boss", role="manager")
    response = _client(boss).get(reverse("notices:notice_preview"))
    assert response.status_code == 200
    assert b"Low stock: 3 parts below reorder point" in response.content
    assert b"R-LOW" in response.content
    assert b"would not be sent" in response.content  # no overdue orders
    assert mail.outbox == [] and not SentNotice.objects.exists()


def test_the_navigation_links_the_page():
    page = _client(make_person("vera")).get("/")
    assert any(item["url"] == URL for item in page.context["nav_items"])


EXPORT = "/notices/export/"


def _export_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_export_holds_what_the_list_shows_mine_or_everyones():
    assert reverse("notices:notice_export") == EXPORT
    vera = make_person("vera")
    boss = make_person("boss", role="manager")
    _sent(vera, 2)
    _sent(boss, 1, kind=NoticeKind.OVERDUE_ORDERS)
    SentNotice.objects.filter(user=vera, item_count=1).update(subject="=1+2")

    mine = _export_rows(_client(vera).get(EXPORT + "?who=all"))  # not a manager: only mine
    assert mine[0] == ["Sent", "Notice", "Day", "To", "Email", "Subject", "Items"]
    assert len(mine) - 1 == SentNotice.objects.filter(user=vera).count() == 2
    assert {r[3] for r in mine[1:]} == {"vera"}
    assert "'=1+2" in [r[5] for r in mine]  # the formula guard
    everyone = _export_rows(_client(boss).get(EXPORT + "?who=all&sort=day"))
    assert len(everyone) - 1 == SentNotice.objects.count() == 3
    assert [r[2] for r in everyone[1:]] == sorted(r[2] for r in everyone[1:])
    assert [r[3] for r in _export_rows(_client(boss).get(EXPORT))[1:]] == ["boss"]
    assert _client(boss).get(EXPORT + "?format=xlsx")["Content-Disposition"].endswith('.xlsx"')
    assert _client(boss).get(EXPORT + "?format=pdf").status_code == 400
    assert _client(boss).get(EXPORT + "?sort=email").status_code == 400


def test_the_export_needs_signing_in_and_the_page_links_it():
    response = Client().get(EXPORT)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    boss = make_person("boss", role="manager")
    html = _client(boss).get(URL + "?who=all").content.decode()
    assert f'href="{EXPORT}?who=all&amp;format=csv"' in html
    assert f'data-export="{EXPORT}"' in html


def test_the_export_runs_a_constant_number_of_queries():
    boss = make_person("boss", role="manager")
    client = _client(boss)
    counts = {}
    for n in (1, 40):
        SentNotice.objects.all().delete()
        for i in range(n):
            _sent(make_person(f"u{n}-{i}"), 1)
        with CaptureQueriesContext(connection) as captured:
            rows = _export_rows(client.get(EXPORT + "?who=all"))
        assert len(rows) - 1 == n
        counts[n] = len(captured)
    assert counts[1] == counts[40], counts
