"""WSGI entry point (Gunicorn: project.wsgi:application).

The web process, unlike manage.py commands (migrations, seeding, backups run long),
puts limits on its database work unless the environment says otherwise: a write waits
at most 5 s for a row lock, a statement runs at most 15 s, a request runs no query after
25 s. They are shorter than Gunicorn's timeout (30 s) and Nginx's proxy_read_timeout
(40 s), so a request the user is told failed has been rolled back. See docs/deploy.md.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ.setdefault("DB_LOCK_TIMEOUT", "5s")
os.environ.setdefault("DB_STATEMENT_TIMEOUT", "15s")
os.environ.setdefault("DB_IDLE_IN_TRANSACTION_TIMEOUT", "20s")
os.environ.setdefault("REQUEST_DEADLINE", "25")

application = get_wsgi_application()
