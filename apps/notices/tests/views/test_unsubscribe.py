"""The unsubscribe link of an email: works signed out, one click (POST) confirms, a
tampered token changes nothing, a second click is harmless."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.notices.models import NoticePreference
from apps.notices.services.preferences import unsubscribe_token
from apps.notices.services.sending import notices_send_due
from apps.notices.tests.factories import make_person, make_stock_picture

pytestmark = pytest.mark.django_db


def _link_in_email(settings) -> str:
    make_stock_picture()
    make_person("vera", role="purchaser", low_stock=True, overdue_orders=True)
    notices_send_due()
    (message,) = mail.outbox
    line = next(line for line in message.body.splitlines() if "/unsubscribe/" in line)
    return line.split(": ", 1)[1].removeprefix(settings.SITE_URL)


def test_the_link_of_the_email_unsubscribes_without_signing_in(settings):
    path = _link_in_email(settings)
    client = Client(enforce_csrf_checks=True)

    page = client.get(path)
    assert page.status_code == 200
    assert b"Unsubscribe" in page.content
    assert NoticePreference.objects.get().low_stock  # a GET (a mail scanner) changes nothing

    token = client.cookies["csrftoken"].value
    done = client.post(path, {"csrfmiddlewaretoken": token})
    assert done.status_code == 200 and b"you will get no more notice emails" in done.content
    preference = NoticePreference.objects.get()
    assert not preference.low_stock and not preference.overdue_orders

    again = client.post(path, {"csrfmiddlewaretoken": token})
    assert again.status_code == 200 and b"already unsubscribed" in again.content


def test_a_tampered_token_is_refused_and_changes_nothing():
    vera = make_person("vera", low_stock=True)
    other = make_person("otto", low_stock=True)
    token = unsubscribe_token(vera)
    signature = token.rsplit(":", 1)[1]
    forged = unsubscribe_token(other).rsplit(":", 1)[0] + ":" + signature

    for bad in (forged, token[:-2], "not-a-token"):
        url = reverse("notices:unsubscribe", args=[bad])
        assert Client().get(url).status_code == 400
        response = Client().post(url)
        assert response.status_code == 400 and b"not valid" in response.content
    assert NoticePreference.objects.filter(low_stock=True).count() == 2


def test_the_token_of_one_user_unsubscribes_only_that_user():
    vera = make_person("vera", low_stock=True)
    make_person("otto", low_stock=True)
    Client().post(reverse("notices:unsubscribe", args=[unsubscribe_token(vera)]))
    assert list(
        NoticePreference.objects.filter(low_stock=True).values_list("user__username", flat=True)
    ) == ["otto"]
