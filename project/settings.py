"""Stockroom settings: one module, every knob from the environment.

The defaults give a development run on SQLite. Production is the same module with
DEBUG unset (off), SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL set. See README.md for
the table of variables.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "crispy_forms",
    "crispy_tailwind",
    "tailwind",
    "theme",
    "django_tasks_db",
    "apps.core",
    "apps.accounts",
    "apps.catalog",
    "apps.inventory",
    "apps.purchasing",
    "apps.audit",
    "apps.attachments",
    "apps.dashboard",
    "apps.demo",
    "apps.api",
    "apps.imports",
    "apps.notices",
    "apps.reports",
    "apps.labels",
    "apps.floor",
]

MIDDLEWARE = [
    # One JSON log line and the metrics per request, the request id, the query deadline.
    "apps.core.observability.RequestObservabilityMiddleware",
    # Off (removed at start-up) unless QUERY_COUNT_HEADER is set; first, to count all.
    "apps.core.middleware.QueryCountHeaderMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.security.SecurityHeadersMiddleware",
    "apps.core.security.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.core.middleware.VaryOnHtmxMiddleware",
    "apps.core.middleware.PrivateNoStoreMiddleware",
    "apps.core.middleware.LoginRequiredEverywhereMiddleware",
    # A database lock or statement timeout in a view is a 503 page saying nothing was saved.
    "apps.core.db_timeouts.DatabaseTimeoutMiddleware",
]

# Versioned page cache for the heaviest list pages (apps/core/response_cache.py): on in
# production, off with DEBUG (templates being edited) and in the test suite.
RESPONSE_CACHE = env_bool("RESPONSE_CACHE", not DEBUG)

# The benchmark (make bench) sets this to get an X-Query-Count header on every response.
QUERY_COUNT_HEADER = env_bool("QUERY_COUNT_HEADER", False)

ROOT_URLCONF = "project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.navigation",
            ],
            # {% url %} through a reverse() that keeps each name's pattern (rows build
            # their links by the dozen): apps/core/templatetags/urls.py.
            "builtins": ["apps.core.templatetags.urls"],
        },
    },
]

WSGI_APPLICATION = "project.wsgi.application"

# Database: SQLite by default so a first run needs no server; PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
# From a URL this arrives as a string; set here so persistent connections are checked.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 3))
    # JIT compiling costs 40–400 ms on a query the planner merely estimates as big (a
    # sort of 100,000 parts by a computed column runs in tens of ms without it).
    _pg_options = ["-c jit=off"]
    # Limits on every statement of the connection (PostgreSQL units: 5s, 500ms; empty or
    # 0 = none). Off by default for manage.py (migrations, seeding, backups run long);
    # project/wsgi.py turns them on for the web process: a write waiting for a row lock
    # fails after DB_LOCK_TIMEOUT with a clear page (apps.core.db_timeouts) instead of
    # holding a thread until Nginx gives up and committing after the user saw an error.
    for _setting, _env in (
        ("lock_timeout", "DB_LOCK_TIMEOUT"),
        ("statement_timeout", "DB_STATEMENT_TIMEOUT"),
        ("idle_in_transaction_session_timeout", "DB_IDLE_IN_TRANSACTION_TIMEOUT"),
    ):
        _value = env_str(_env).strip()
        if _value and _value != "0":
            if not re.fullmatch(r"\d+(ms|s|min)?", _value):
                raise ImproperlyConfigured(
                    f"{_env} must be like 5s, 500ms or 5000 (ms): {_value!r}"
                )
            _pg_options.append(f"-c {_setting}={_value}")
    DATABASES["default"]["OPTIONS"].setdefault("options", " ".join(_pg_options))
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    # A writer waits for the lock instead of failing at once (dev server threads).
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
# The currency of parts' unit costs and of report totals; amounts in other currencies are
# converted with the exchange rates entered in the app (apps/reports/models.py).
BASE_CURRENCY = env_str("BASE_CURRENCY", "EUR").upper()
USE_I18N = True
USE_TZ = True
# One date format on every page: 2026-11-29, 2026-11-29 17:52 (issue 12).
FORMAT_MODULE_PATH = ["project.formats"]

# Static and media. Nginx serves /static/ itself; /media/ goes through Django's sign-in
# check (apps.core.views.media.media_file), which behind Nginx answers with X-Accel-Redirect to
# an internal location (MEDIA_ACCEL_REDIRECT, on in deploy/stack.sh) and otherwise sends
# the file itself (development, tests).
# A CDN in front of the static files: STATIC_URL=https://cdn.example.com/static/ (the
# hashed names make far-future caching safe; the CDN pulls from Nginx's /static/).
STATIC_URL = env_str("STATIC_URL", "/static/")
STATIC_ORIGIN = (
    "{0.scheme}://{0.netloc}".format(urlsplit(STATIC_URL)) if "://" in STATIC_URL else ""
)
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_ACCEL_REDIRECT = env_bool("MEDIA_ACCEL_REDIRECT", False)
MEDIA_ACCEL_PREFIX = "/internal-media/"  # the `internal` location in deploy/nginx/
# Folders of MEDIA_ROOT the media view never sends: attachments (apps/attachments) go only
# through their own download view (per-record permission, download headers).
MEDIA_PRIVATE_DIRS = ("attachments",)
STORAGES = {
    # Upload names normalised (no hidden `.name.png` that is stored but never served).
    "default": {"BACKEND": "apps.core.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("PLAIN_STATIC_STORAGE")
            else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Spreadsheet imports (apps/imports, docs/imports.md): uploaded files are kept here, outside
# MEDIA_ROOT (never served), with each import's progress and cancel markers.
IMPORT_FILES_ROOT = Path(env_str("IMPORT_FILES_ROOT", str(BASE_DIR / "var" / "imports")))
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# Files attached to parts, locations, suppliers and orders (apps/attachments): the largest
# accepted (Nginx allows a little more on their upload URL, deploy/nginx/).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 1_000_000)
# Files up to this many data rows are checked and committed within the request; bigger
# ones by the task worker (`manage.py db_worker`), with a progress bar.
IMPORT_INLINE_ROWS = env_int("IMPORT_INLINE_ROWS", 2_000)

# Background work: Django's tasks framework with django-tasks-db's database queue, run by
# `manage.py db_worker` (make run, make stack, deploy/systemd/stockroom-worker.service).
# The test suite uses the immediate backend (TASKS_BACKEND in pyproject.toml).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# Email: console by default, SMTP when EMAIL_HOST is set (Django 6.1 MAILERS).
_email_host = env_str("EMAIL_HOST")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
        if _email_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "stockroom@localhost")
# The daily notices (low-stock digest, overdue orders) go out at this time, HH:MM in
# TIME_ZONE, sent by the task worker (apps/notices/tasks.py, docs/notices.md).
NOTICES_SEND_AT = env_str("NOTICES_SEND_AT", "07:00")
if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", NOTICES_SEND_AT):
    raise ImproperlyConfigured("NOTICES_SEND_AT is HH:MM, e.g. 07:00")


# The address people reach the site at (scheme, host, port): links in emails (password
# reset) are built from it, never from the request's Host header, which any client sets
# (any port of an allowed host was taken). Default: the dev server with DEBUG, else https
# on the first plain name of ALLOWED_HOSTS.
def _default_site_url() -> str:
    if DEBUG:
        return "http://127.0.0.1:8000"
    hosts = [h for h in ALLOWED_HOSTS if h and not h.startswith(".") and "*" not in h]
    return f"https://{hosts[0]}" if hosts else ""


SITE_URL = env_str("SITE_URL", _default_site_url()).rstrip("/")
if SITE_URL and not re.fullmatch(r"https?://[^/\s?#]+", SITE_URL):
    raise ImproperlyConfigured("SITE_URL is scheme://host[:port], e.g. https://stock.example.com")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Sessions and cookies. Secure cookies unless explicitly relaxed for plain-HTTP local use.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The token reaches HTMX through hx-headers on <body>, so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# Sessions live in the database: a sign-out, a password change or a deactivated user
# ends the session on every worker and server at once (one primary-key query per
# request). Not cached_db, even over the shared Redis: a sign-out whose cache delete was
# lost while Redis was away would bring the session back with it.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Workshop PCs are shared: the session also ends when the browser closes.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Sign-in throttle (apps.accounts.services): failures counted in the database over a window.
LOGIN_THROTTLE_WINDOW = env_int("LOGIN_THROTTLE_WINDOW", 15 * 60)
LOGIN_THROTTLE_PER_ACCOUNT = env_int("LOGIN_THROTTLE_PER_ACCOUNT", 5)
LOGIN_THROTTLE_PER_ADDRESS = env_int("LOGIN_THROTTLE_PER_ADDRESS", 20)
# Password reset emails per window: per client address (then 429) and per mailbox (then silent).
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 10)
PASSWORD_RESET_PER_EMAIL = env_int("PASSWORD_RESET_PER_EMAIL", 3)
# Peers whose X-Forwarded-For we believe (its last entry only). A unix-socket peer (our
# Nginx on this host) is always trusted; add the proxy's address when Gunicorn listens on TCP.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Security headers.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, *filter(None, [STATIC_ORIGIN])],
    "style-src": [CSP.SELF, *filter(None, [STATIC_ORIGIN])],
    "img-src": [CSP.SELF, "data:", *filter(None, [STATIC_ORIGIN])],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Headless Chromium prints the labels PDF (apps/labels/pdf.py).
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if not DEBUG and SECURE_SSL_REDIRECT is False:
    # Behind Nginx TLS terminates there; the redirect check is silenced deliberately.
    SILENCED_SYSTEM_CHECKS = ["security.W008"]

# Caching: the page cache, derived figures and inventory's location version. Shared by
# every worker and server through Redis when CACHE_URL (or REDIS_URL) names one
# (redis://host:6379/0, unix:///path/redis.sock); a Redis that is down reads as misses
# (apps.core.cache). Local memory per process otherwise (make run, the test suite).
CACHE_URL = env_str("CACHE_URL") or env_str("REDIS_URL")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.TolerantRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "stockroom"),
            "OPTIONS": {
                "socket_connect_timeout": env_float("CACHE_CONNECT_TIMEOUT", 0.25),
                "socket_timeout": env_float("CACHE_TIMEOUT", 0.25),
                "down_seconds": env_float("CACHE_DOWN_SECONDS", 5),
            },
        }
    }
elif CACHE_URL in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must be redis://, rediss://, unix:// or locmem://: {CACHE_URL!r}"
    )

# The JSON API (apps/api, docs/api.md): requests per token and window ("600/min"), counted
# in the default cache; error pages under these paths are JSON (apps.core.views.errors).
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "600/min")
JSON_ERROR_PATH_PREFIXES = ("/api/v1/", "/api/schema/")

CRISPY_ALLOWED_TEMPLATE_PACKS = "tailwind"
CRISPY_TEMPLATE_PACK = "tailwind"

TAILWIND_APP_NAME = "theme"
NPM_BIN_PATH = env_str("NPM_BIN_PATH", "/usr/bin/npm")

# Logs go to standard error: the journal under systemd, one file per app server under
# `make stack` (.stack/app1.log). LOG_FORMAT=json (the default without DEBUG) writes one
# JSON object per line; every request gets one line from `stockroom.request`
# (apps.core.observability), a WARNING over SLOW_REQUEST_MS.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
SLOW_REQUEST_MS = env_int("SLOW_REQUEST_MS", 1000)
# Seconds after which a request may run no more queries (0: no deadline); see
# apps.core.observability. project/wsgi.py sets it for the web process.
REQUEST_DEADLINE = env_float("REQUEST_DEADLINE", 0)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "apps.core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": env_str("SQL_LOG_LEVEL", "WARNING")},
        # The request line per request; REQUEST_LOG_LEVEL=WARNING keeps only slow ones.
        "stockroom.request": {"level": env_str("REQUEST_LOG_LEVEL", "INFO")},
    },
}

# Errors to Sentry when SENTRY_DSN is set (no personal data: user ids only).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE") or None,
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
        send_default_pii=False,
    )
