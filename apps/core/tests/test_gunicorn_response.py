"""The head goes out with the first body bytes: seen on a real socket pair that keeps each
write a message of its own (SOCK_SEQPACKET), through Gunicorn's own parser and writer."""

import contextlib
import socket

import gunicorn.http.wsgi
import pytest
from gunicorn.config import Config
from gunicorn.http.parser import RequestParser

from apps.core import gunicorn_response

GUNICORNS_OWN = gunicorn.http.wsgi.Response


@pytest.fixture
def installed():
    gunicorn_response.install()
    yield
    gunicorn.http.wsgi.Response = GUNICORNS_OWN


@contextlib.contextmanager
def exchange(request: bytes):
    """Gunicorn's response to `request`, parsed by Gunicorn from a real socket pair that
    keeps each write a message of its own; yields (response, the client's end)."""
    server, client = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    with server, client:
        client.sendall(request)
        cfg = Config()
        req = next(iter(RequestParser(cfg, server, ("127.0.0.1", 1))))
        resp, _ = gunicorn.http.wsgi.create(req, server, ("127.0.0.1", 1), ("127.0.0.1", 2), cfg)
        yield resp, client


def respond(request: bytes, status: str, headers: list, body_parts: list[bytes]) -> list[bytes]:
    """The writes the client received for one response, one message per write."""
    with exchange(request) as (resp, client):
        resp.start_response(status, headers)
        for part in body_parts:
            resp.write(part)
        resp.close()
        resp.sock.shutdown(socket.SHUT_WR)
        writes = []
        while message := client.recv(1 << 20):
            writes.append(message)
        return writes


def without_date(data: bytes) -> bytes:
    return b"".join(line for line in data.splitlines(True) if not line.startswith(b"Date: "))


GET = b"GET /movements/ HTTP/1.1\r\nHost: localhost\r\n\r\n"
PAGE = b"<html>" + b"x" * 40_000 + b"</html>"


def test_head_and_body_go_out_in_one_write(installed):
    writes = respond(GET, "200 OK", [("Content-Length", str(len(PAGE)))], [PAGE])

    assert len(writes) == 1
    head, _, body = writes[0].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Content-Length: 40013" in head
    assert body == PAGE


def test_gunicorns_own_writer_sends_the_head_alone():
    # What the change is for: without it the head is a write of its own.
    writes = respond(GET, "200 OK", [("Content-Length", str(len(PAGE)))], [PAGE])

    assert len(writes) == 2
    assert writes[0].endswith(b"\r\n\r\n")
    assert writes[1] == PAGE


@pytest.mark.parametrize(
    ("request_bytes", "status", "headers", "parts"),
    [
        pytest.param(GET, "200 OK", [("Content-Length", "6")], [b"abc", b"def"], id="two parts"),
        pytest.param(GET, "200 OK", [], [b"streamed ", b"page"], id="chunked"),
        pytest.param(
            GET, "302 Found", [("Location", "/"), ("Content-Length", "0")], [b""], id="empty"
        ),
        pytest.param(GET, "204 No Content", [], [b"dropped"], id="no body allowed"),
        pytest.param(
            b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "200 OK",
            [("Content-Length", "4")],
            [b"page"],
            id="HEAD",
        ),
        pytest.param(GET, "200 OK", [("Content-Length", "0")], [], id="no write at all"),
    ],
)
def test_the_bytes_on_the_wire_are_gunicorns_own(installed, request_bytes, status, headers, parts):
    ours = respond(request_bytes, status, headers, parts)
    gunicorn.http.wsgi.Response = GUNICORNS_OWN
    theirs = respond(request_bytes, status, headers, parts)

    assert without_date(b"".join(ours)) == without_date(b"".join(theirs))
    assert ours[0].startswith(b"HTTP/1.1 " + status.encode())
    assert len(ours) == max(1, len(theirs) - 1)


def test_the_head_is_sent_when_the_body_is_refused(installed):
    with exchange(GET) as (resp, client):
        resp.start_response("200 OK", [("Content-Length", "4")])
        with pytest.raises(TypeError):
            resp.write("text, not bytes")

        # As Gunicorn's own: the head is out, so the worker closes the connection.
        assert resp.headers_sent
        assert client.recv(1 << 20).startswith(b"HTTP/1.1 200 OK\r\n")
