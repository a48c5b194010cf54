"""Password change (signed in) and reset by email, limited per mailbox and address."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.accounts.models import FailedLogin, PasswordResetRequest
from apps.accounts.tests.factories import PASSWORD, sign_in
from apps.catalog.models import Category
from apps.core.response_cache import data_version

pytestmark = pytest.mark.django_db


def test_password_change(client, make_user):
    user = make_user("carla", PASSWORD)
    client.force_login(user)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"old_password": "nope", "new_password1": "x", "new_password2": "x"})
    assert bad.status_code == 200 and "incorrectly" in bad.content.decode()
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "brand-new-secret-77",
            "new_password2": "brand-new-secret-77",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:password_change_done"
    )
    user.refresh_from_db()
    assert user.check_password("brand-new-secret-77")
    assert (
        client.get(reverse("accounts:password_change_done")).status_code == 200
    )  # still signed in


def test_password_reset_by_email(client, make_user):
    user = make_user("carla", PASSWORD, email="carla@example.com")
    url = reverse("accounts:password_reset")
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": "carla@example.com"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:password_reset_done"
    )
    assert len(mail.outbox) == 1
    reset_links = re.escape(
        reverse("accounts:password_reset_complete").removesuffix("done/")
    )  # reset/<uid>/<token>/
    link = re.search(rf"https://testserver({reset_links}\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "reset-secret-88", "new_password2": "reset-secret-88"},
    )
    assert done.status_code == 302 and done["Location"] == reverse(
        "accounts:password_reset_complete"
    )
    user.refresh_from_db()
    assert user.check_password("reset-secret-88")
    # Unknown addresses get the same answer and no mail.
    client.post(url, {"email": "nobody@example.com"})
    assert len(mail.outbox) == 1


def test_password_reset_mail_is_limited_per_mailbox_and_address(make_user):
    make_user("carla", PASSWORD, email="carla@example.com")
    client = Client()
    url = reverse("accounts:password_reset")
    for _ in range(5):
        response = client.post(url, {"email": "carla@example.com"}, REMOTE_ADDR="10.1.1.1")
        assert response.status_code == 302  # always the same answer
    assert len(mail.outbox) == 3  # PASSWORD_RESET_PER_EMAIL
    for n in range(5):
        client.post(url, {"email": f"x{n}@example.com"}, REMOTE_ADDR="10.1.1.1")
    response = client.post(url, {"email": "y@example.com"}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert "Too many reset requests" in response.content.decode()


def test_issue12_item21_wrong_current_passwords_are_throttled_like_sign_ins(
    client, make_user, settings
):
    """A signed-in session could guess the current password without limit."""
    settings.LOGIN_THROTTLE_PER_ACCOUNT = 3
    user = make_user("carla", PASSWORD)
    client.force_login(user)
    url = reverse("accounts:password_change")
    new = {"new_password1": "brand-new-secret-77", "new_password2": "brand-new-secret-77"}
    for guess in ("guess-1", "guess-2", "guess-3"):
        response = client.post(url, {"old_password": guess, **new}, REMOTE_ADDR="10.0.0.9")
        assert response.status_code == 200 and "incorrectly" in response.content.decode()
    # Paused, even for the right password (it is not even checked), and sign-in too.
    paused = client.post(url, {"old_password": PASSWORD, **new}, REMOTE_ADDR="10.0.0.9")
    assert paused.status_code == 429 and int(paused["Retry-After"]) > 0
    assert "changing the password is paused" in paused.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert sign_in(Client(), "carla", PASSWORD).status_code == 429


@pytest.mark.django_db(transaction=True)
def test_issue12_item22_reset_requests_and_wrong_passwords_leave_the_page_cache_alone(
    make_user, settings
):
    """Anyone, signed out, could empty every user's page cache by asking for resets: the
    reset-request table bumped the data version. Only tables that pages show may."""
    settings.RESPONSE_CACHE = True
    make_user("carla", PASSWORD, email="carla@example.com")
    before = data_version()
    anonymous = Client()
    for _ in range(3):
        anonymous.post(reverse("accounts:password_reset"), {"email": "carla@example.com"})
        anonymous.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    sign_in(anonymous, "carla", "wrong password")
    assert PasswordResetRequest.objects.count() == 6 and FailedLogin.objects.count() == 1
    assert data_version() == before
    Category.objects.create(name="Shown on pages")
    assert data_version() != before


def test_issue12_item24_the_reset_link_names_the_configured_site_not_the_requests_host(
    client, make_user, settings
):
    """Any port of an allowed host was taken from the request's Host header."""
    settings.SITE_URL = "https://stock.example.com"
    make_user("carla", PASSWORD, email="carla@example.com")
    response = client.post(
        reverse("accounts:password_reset"),
        {"email": "carla@example.com"},
        HTTP_HOST="testserver:6666",
    )
    assert response.status_code == 302
    body = mail.outbox[0].body
    reset_path = reverse("accounts:password_reset_complete").removesuffix("done/")
    assert f"https://stock.example.com{reset_path}" in body
    assert "6666" not in body and "testserver" not in body
