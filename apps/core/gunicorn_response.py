"""Gunicorn's response writer, changed to send the head with the first body bytes.

Gunicorn writes a response's head and its body in two writes. Between them another
request thread of the worker may hold the GIL for milliseconds. An app server killed in
that gap (kill -9, the OOM killer, a crashed host) leaves Nginx holding a head it has
already accepted: it cannot send the request to the next app server any more and cuts
the page off (deploy/faults.py's kill scenario saw `GET /movements/` end in
IncompleteRead). In one write, Nginx gets the head and the body, or nothing and tries
the next app server. Installed by deploy/gunicorn.conf.py.
"""

import gunicorn.http.wsgi


class _HeadWithFirstBody:
    """Stands in for the socket during a response's first write: keeps the first bytes
    written (the head) and sends them with the next ones (the first body bytes, framed
    by Gunicorn as usual)."""

    def __init__(self, sock):
        self.sock = sock
        self.held = None

    def sendall(self, data):
        if self.held is None:
            self.held = bytes(data)
            return
        data, self.held = self.held + data, b""
        self.sock.sendall(data)

    def flush(self):
        if self.held:
            self.sock.sendall(self.held)
            self.held = b""


class HeadWithBodyResponse(gunicorn.http.wsgi.Response):
    """A Gunicorn response whose head goes out in the same write as its first body bytes."""

    def write(self, arg):
        if self.headers_sent:
            return super().write(arg)
        sock = self.sock
        self.sock = first_write = _HeadWithFirstBody(sock)
        try:
            super().write(arg)
        finally:
            self.sock = sock
            # The body was empty or dropped (HEAD, 204, 304), or writing failed: the head
            # alone, as Gunicorn would have sent it.
            first_write.flush()


def install() -> None:
    """Every request's response from now on (gunicorn.http.wsgi.create looks the class
    up when it is called; Gunicorn has no setting for it)."""
    gunicorn.http.wsgi.Response = HeadWithBodyResponse
