"""Gunicorn settings; every knob from the environment (see docs/deploy.md).

One Gunicorn master is one app server. Several can run on one host (`make stack` runs
STACK_APP_SERVERS of them) as long as each has its own GUNICORN_BIND, GUNICORN_PID_FILE,
GUNICORN_CONTROL_SOCKET, GUNICORN_HEALTH_BIND and PROMETHEUS_MULTIPROC_DIR.

Timeouts, innermost first (each must be shorter than the next, so that a request the
user is told failed has been rolled back): PostgreSQL lock_timeout 5 s < statement_timeout
15 s < the app's REQUEST_DEADLINE 25 s < Gunicorn `timeout` 30 s < Nginx
proxy_read_timeout 40 s. Gunicorn's `keepalive` (5 s) is longer than Nginx's upstream
keepalive_timeout (4 s): Nginx closes an idle upstream connection before Gunicorn does,
so it never sends a request on a connection Gunicorn is closing.
"""

import contextlib
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "unix:/run/stockroom/gunicorn.sock")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# The socket must be writable by Nginx's user; production shares a group (UMask in the unit).
umask = int(os.environ.get("GUNICORN_UMASK", "0o007"), 8)
# Django's request log (one JSON line per request) is the access log; Gunicorn's own
# is off unless GUNICORN_ACCESS_LOG names a file ("-": standard output).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
pidfile = os.environ.get("GUNICORN_PID_FILE") or None
# The app is loaded once in the master and the workers fork from it: a new worker (after a
# HUP, max_requests or a crash) serves within milliseconds instead of loading Django for
# seconds, during which its requests and health checks would wait. New code therefore
# needs a restart of the master, not a HUP: deploy/rollout.sh restarts them one at a time.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in ("", "0")
# One control socket per master (the default, ~/.gunicorn/gunicorn.ctl, is shared by
# every master of the user); none unless asked for.
_control = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
if _control:
    control_socket = _control
else:
    control_socket_disable = True
forwarded_allow_ips = "*" if bind.startswith("unix:") else "127.0.0.1"
wsgi_app = "project.wsgi:application"
proc_name = os.environ.get("GUNICORN_PROC_NAME", "stockroom")

HEALTH_BIND = os.environ.get("GUNICORN_HEALTH_BIND", "")

# The metrics folder of this app server (apps/core/metrics.py) must exist, and hold no
# figures of an earlier run, before the app is loaded (preload_app loads it in the master,
# before any hook runs). Once per master: a HUP reads this file again while the workers'
# files are live.
_multiproc_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _multiproc_dir and os.environ.get("STOCKROOM_METRICS_DIR_READY") != str(os.getpid()):
    os.makedirs(_multiproc_dir, exist_ok=True)
    for _name in os.listdir(_multiproc_dir):
        if _name.endswith(".db"):
            os.unlink(os.path.join(_multiproc_dir, _name))
    os.environ["STOCKROOM_METRICS_DIR_READY"] = str(os.getpid())


def on_starting(server):
    # Each response's head and first body bytes in one write: an app server killed between
    # the two left Nginx with a head it could no longer retry elsewhere (a cut-off page).
    from apps.core import gunicorn_response

    gunicorn_response.install()
    # The health/metrics listener, bound once by the master and inherited by every worker
    # (apps/core/health.py). It stays bound across HUP (config reloads).
    if HEALTH_BIND:
        from apps.core import health

        health.bind(HEALTH_BIND, mode=0o777 & ~umask)


def post_worker_init(worker):
    from apps.core import health

    health.serve_in_worker(is_alive=lambda: worker.alive)


def worker_exit(server, worker):
    from apps.core import health

    health.drain()


def child_exit(server, worker):
    from apps.core import metrics

    metrics.mark_process_dead(worker.pid)


def on_exit(server):
    if HEALTH_BIND.startswith("unix:"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(HEALTH_BIND[len("unix:") :])
