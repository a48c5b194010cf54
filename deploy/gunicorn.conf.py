"""Gunicorn settings; every knob from the environment (see README.md)."""

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
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
pidfile = os.environ.get("GUNICORN_PID_FILE") or None
forwarded_allow_ips = "*" if bind.startswith("unix:") else "127.0.0.1"
wsgi_app = "project.wsgi:application"
