"""Through the real stack (several app servers, each with several workers): ending a
session ends it on every worker of every server at once.

Sessions live in the database, so there is no per-process copy that could outlive a
sign-out or a password change. 200 concurrent requests with the old cookie must all get
the sign-in redirect, and both app servers must have answered some of them.
Needs STACK_URL (CI's `make stack` run); skipped on the live server, which has one process.
"""

import http.client
import os
import re
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from apps.demo.services.users import DEMO_PASSWORD

pytestmark = pytest.mark.stack

STACK_URL = os.environ.get("STACK_URL", "")
CONCURRENT = 200


@pytest.fixture(autouse=True)
def _needs_stack():
    if not STACK_URL:
        pytest.skip("needs the running stack (STACK_URL)")


class Client:
    """A cookie-keeping HTTP client that follows no redirects (Secure cookies over the
    stack's plain HTTP on localhost are kept, as a browser does)."""

    def __init__(self, base: str):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port or 80
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict | None = None, cookies: dict | None = None
    ):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        jar = self.cookies if cookies is None else cookies
        headers = {"Host": f"localhost:{self.port}", "Origin": f"http://localhost:{self.port}"}
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://localhost:{self.port}{path}"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        if cookies is None:
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _, val = pair.partition("=")
                    if val in ("", '""'):
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = val
        return response, data

    def csrf(self, path: str) -> str:
        response, body = self.request("GET", path)
        assert response.status == 200, (path, response.status)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()

    def sign_in(self, username: str, password: str) -> None:
        token = self.csrf("/accounts/login/")
        response, _ = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        assert response.status == 302, f"sign-in as {username}: {response.status}"
        assert "sessionid" in self.cookies


def hammer(
    client: Client, cookies: dict, path: str = "/accounts/password/done/"
) -> list[tuple[int, str, str]]:
    """CONCURRENT simultaneous GETs with these cookies: (status, Location, upstream)."""

    def one(_):
        response, _body = client.request("GET", path, cookies=cookies)
        return (
            response.status,
            response.getheader("Location") or "",
            response.getheader("X-Stack-Upstream") or "",
        )

    with ThreadPoolExecutor(max_workers=50) as pool:
        return list(pool.map(one, range(CONCURRENT)))


def assert_signed_out_everywhere(client: Client, cookies: dict) -> None:
    results = hammer(client, cookies)
    accepted = [r for r in results if not (r[0] == 302 and "/accounts/login/" in r[1])]
    servers = {r[2] for r in results}
    print(
        f"{CONCURRENT} requests with the old cookie: {CONCURRENT - len(accepted)} sent to sign-in, "
        f"{len(accepted)} accepted; app servers answering: {len(servers)}"
    )
    assert not accepted, (
        f"{len(accepted)} of {CONCURRENT} requests still accepted the old session: {accepted[:5]}"
    )
    if os.environ.get("STACK_APP_SERVERS", "2") != "1":
        assert len(servers) >= 2, f"only one app server answered: {servers}"


def test_sign_out_ends_the_session_on_every_server():
    client = Client(STACK_URL)
    client.sign_in("admin", DEMO_PASSWORD)
    old = dict(client.cookies)
    # Every worker of every server has now served (and could have kept) this session.
    before = hammer(client, old)
    assert all(status == 200 for status, _, _ in before), {s for s, _, _ in before}

    token = client.csrf("/")
    response, _ = client.request("POST", "/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status in (200, 302)

    assert_signed_out_everywhere(client, old)


def test_password_change_ends_the_other_sessions_on_every_server():
    here, elsewhere = Client(STACK_URL), Client(STACK_URL)
    here.sign_in("viewer", DEMO_PASSWORD)
    elsewhere.sign_in("viewer", DEMO_PASSWORD)
    other = dict(elsewhere.cookies)
    assert all(status == 200 for status, _, _ in hammer(elsewhere, other))

    new_password = "a-new-stack-test-password-7319"

    def change(old: str, new: str) -> None:
        token = here.csrf("/accounts/password/")
        response, _ = here.request(
            "POST",
            "/accounts/password/",
            {
                "csrfmiddlewaretoken": token,
                "old_password": old,
                "new_password1": new,
                "new_password2": new,
            },
        )
        assert response.status == 302, f"password change: {response.status}"

    change(DEMO_PASSWORD, new_password)
    try:
        assert_signed_out_everywhere(here, other)
        # The session that changed the password goes on.
        response, _ = here.request("GET", "/")
        assert response.status == 200
    finally:
        change(new_password, DEMO_PASSWORD)
