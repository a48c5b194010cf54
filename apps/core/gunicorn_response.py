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


class _HeldHead:
    """Stands in for the socket while Gunicorn writes the head: keeps the bytes."""

    def __init__(self):
        self.data = b""

    def sendall(self, data):
        self.data += data


class HeadWithBodyResponse(gunicorn.http.wsgi.Response):
    """A Gunicorn response whose head goes out in the same write as its first body bytes."""

    _holding = False
    _head = b""

    def write(self, arg):
        if self.headers_sent:
            return super().write(arg)
        self._holding = True
        try:
            super().write(arg)
        finally:
            self._holding = False
            # The body was empty or dropped (HEAD, 204, 304), or writing failed: the head
            # alone, as Gunicorn would have sent it.
            self._send_held_head()

    def send_headers(self):
        if not self._holding or self.headers_sent:
            return super().send_headers()
        sock, self.sock = self.sock, _HeldHead()
        try:
            super().send_headers()
        finally:
            self._head, self.sock = self.sock.data, sock

    def _emit_body(self, data):
        head, self._head = self._head, b""
        if not head:
            return super()._emit_body(data)
        if self.chunked:
            data = b"%X\r\n%s\r\n" % (len(data), data)
        self.sock.sendall(head + data)

    def _send_held_head(self):
        head, self._head = self._head, b""
        if head:
            self.sock.sendall(head)


def install() -> None:
    """Every request's response from now on (gunicorn.http.wsgi.create looks the class
    up when it is called; Gunicorn has no setting for it)."""
    gunicorn.http.wsgi.Response = HeadWithBodyResponse
