"""Health and metrics of an app server on a listener of its own, apart from the request threads.

Django's /healthz and /readyz views share the app's threads: when every thread waits
(a held row lock, a frozen database) they wait too. Under Gunicorn each app server
therefore also listens on GUNICORN_HEALTH_BIND (`unix:/path` or `host:port`):

- the master binds the socket before forking (`bind`, from gunicorn.conf.py's
  on_starting hook);
- every worker answers on it from a thread of its own (`serve_in_worker`, from
  post_worker_init), so any live worker answers, however busy its request threads are;
- `GET /healthz`: 200 while the process runs (a worker finishing its requests too);
- `GET /readyz`: 200 if the database answered `SELECT 1` within READY_WAIT seconds (0.8 s),
  else 503 at once. One probe runs at a time per worker, on its own connection: a frozen
  database leaves one probe waiting, and every later /readyz answers 503 without waiting
  until it returns;
- `GET /metrics`: the app server's Prometheus metrics (all its workers, apps.core.metrics).
  On a TCP listener only peers in METRICS_ALLOW (default: loopback) get them; on a unix
  socket only local processes can connect (Nginx, which has its own allow-list).

Nginx sends /healthz, /readyz and /metrics to these listeners (deploy/nginx/).
This module imports Django only inside the worker, after the app has loaded.
"""

import contextlib
import ipaddress
import os
import select
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler

from apps.core.metrics import QUEUE_DEPTH, exposition

READY_WAIT = float(os.environ.get("HEALTH_READY_WAIT", "0.8"))

_listener: socket.socket | None = None


def _is_alive():
    return True  # replaced by the worker's own check


def bind(address: str, mode: int = 0o660) -> socket.socket:
    """Binds and listens (in the Gunicorn master); the workers inherit the socket."""
    global _listener
    if address.startswith("unix:"):
        path = address[len("unix:") :]
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(path)
        os.chmod(path, mode)
    else:
        host, _, port = address.rpartition(":")
        host = host.strip("[]") or "127.0.0.1"
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, int(port)))
    sock.listen(128)
    # Non-blocking: every worker waits in select() and the one that loses the race for a
    # connection gets BlockingIOError instead of hanging in accept().
    sock.setblocking(False)
    _listener = sock
    return sock


def close() -> None:
    global _listener
    if _listener is not None:
        _listener.close()
        _listener = None


# --- the database probe (one per worker process) -------------------------------------


class _Probe:
    def __init__(self):
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readyz")
        self.lock = threading.Lock()
        self.future = None

    @staticmethod
    def _select_one() -> None:
        from django.db import connection

        try:
            if connection.connection is not None and not connection.is_usable():
                connection.close()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:
            connection.close()
            raise

    @staticmethod
    def _count_waiting_tasks() -> int:
        from django.db import connection
        from django_tasks_db.models import DBTaskResult

        try:
            return DBTaskResult.objects.ready().count()
        except Exception:
            connection.close()
            raise

    def waiting_tasks(self) -> int | None:
        """Background tasks waiting for the worker (imports, notices), counted on the
        probe's own thread and connection; None when the database does not answer soon."""
        with self.lock:
            if self.future is not None and not self.future.done():
                return None
            self.future = self.executor.submit(self._count_waiting_tasks)
            future = self.future
        try:
            return future.result(timeout=READY_WAIT)
        except Exception:  # noqa: BLE001 - metrics go out without the figure
            return None

    def ready(self) -> tuple[bool, str]:
        with self.lock:
            if self.future is not None and not self.future.done():
                return False, "database not answering (earlier probe still waiting)"
            self.future = self.executor.submit(self._select_one)
            future = self.future
        try:
            future.result(timeout=READY_WAIT)
        except TimeoutError:
            return False, f"database not answering within {READY_WAIT} s"
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            return False, f"database unavailable: {type(error).__name__}"
        return True, "ready"


_probe: _Probe | None = None


def _metrics_allowed(peer) -> bool:
    if not isinstance(peer, tuple):  # unix socket: a local process (Nginx)
        return True
    allowed = [
        item.strip() for item in os.environ.get("METRICS_ALLOW", "").split(",") if item.strip()
    ]
    try:
        address = ipaddress.ip_address(peer[0])
    except ValueError:
        return False
    if address.is_loopback:
        return True
    return any(address in ipaddress.ip_network(net, strict=False) for net in allowed)


def _the_probe() -> _Probe:
    global _probe
    if _probe is None:
        _probe = _Probe()
    return _probe


def answer(path: str, peer=None) -> tuple[int, str, bytes]:
    """(status, content type, body) for a health-listener path."""
    path = path.split("?", 1)[0]
    if path == "/healthz":
        # The process is up; a worker finishing its requests before exiting still is.
        return 200, "text/plain", b"ok" if _is_alive() else b"ok (worker shutting down)"
    if path == "/readyz":
        ok, message = _the_probe().ready()
        return (200 if ok else 503), "text/plain", message.encode()
    if path == "/metrics":
        if not _metrics_allowed(peer):
            return 403, "text/plain", b"forbidden"
        waiting = _the_probe().waiting_tasks()
        if waiting is not None:
            QUEUE_DEPTH.set(waiting)
        body, content_type = exposition()
        return 200, content_type, body
    return 404, "text/plain", b"not found"


class _Handler(BaseHTTPRequestHandler):
    server_version = "stockroom-health"
    sys_version = ""
    # Buffered: status line, headers and body leave in one send. A worker killed between
    # two sends would hand Nginx a response cut after its headers, which it can neither
    # finish nor retry on the next server (the client gets a broken answer); killed before
    # the one send, Nginx sees no answer at all and asks the next server.
    wbufsize = 1 << 16

    def do_GET(self):  # http.server's naming
        try:
            status, content_type, body = answer(self.path, self.client_address)
        except Exception as error:  # noqa: BLE001 - never let the thread die
            status, content_type, body = 500, "text/plain", type(error).__name__.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, format, *args):  # quiet: health checks come every few seconds
        pass


class _ServerStub:
    pass


_active = 0
_active_lock = threading.Lock()
_stopping = threading.Event()


def drain(timeout: float = 1.0) -> None:
    """Stops accepting and waits (at most `timeout`) for the checks being answered; called
    by Gunicorn's worker_exit hook, so a worker never exits in the middle of an answer."""
    _stopping.set()
    deadline = time.monotonic() + timeout
    while _active and time.monotonic() < deadline:
        time.sleep(0.01)


def _handle(conn: socket.socket, peer) -> None:
    global _active
    try:
        conn.settimeout(5)
        _Handler(conn, peer, _ServerStub())
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            conn.close()
        with _active_lock:
            _active -= 1


def _accept_loop(sock: socket.socket) -> None:
    """Accepts while the worker is alive. A worker shutting down (HUP, TERM, max_requests)
    leaves new health checks to the other workers and answers the ones it took before it
    exits (`drain`); its replacement forks from the master with the app loaded
    (preload_app) and answers within milliseconds."""
    global _active
    while _is_alive() and not _stopping.is_set():
        if sock.fileno() == -1:  # closed (tests)
            return
        try:
            readable, _, _ = select.select([sock], [], [], 0.5)
            if not readable:
                continue
            conn, peer = sock.accept()
        except BlockingIOError:  # another worker took it
            continue
        except (OSError, ValueError):
            if sock.fileno() == -1:
                return
            time.sleep(0.05)
            continue
        conn.setblocking(True)
        with _active_lock:
            _active += 1
        try:
            threading.Thread(target=_handle, args=(conn, peer), daemon=True, name="health").start()
        except RuntimeError:  # the interpreter is shutting down: answer this one, then stop
            _handle(conn, peer)
            return


def serve_in_worker(is_alive=None) -> bool:
    """Starts answering on the inherited listener from a thread of this worker."""
    global _is_alive
    if _listener is None:
        return False
    if is_alive is not None:
        _is_alive = is_alive
    threading.Thread(
        target=_accept_loop, args=(_listener,), daemon=True, name="health-accept"
    ).start()
    return True
