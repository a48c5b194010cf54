"""A page cache that cannot serve stale data: cached GET responses keyed on the data version.

    @require_GET
    @permission_required("catalog.view_part")
    @cached_page
    def part_list(request): ...

Why: rendering a list page through Django's templates costs tens of milliseconds of CPU;
serving the same bytes again costs a fraction of one. What makes it safe:

- The key holds `DataVersion.value`, which database triggers on every application table
  bump in the writing transaction itself (any write: ORM, `QuerySet.update()`, raw SQL,
  admin). A committed write changes the key, so no reader ever gets a page older than
  the data; a rolled-back write changes nothing. Reading the version is one primary-key
  query. The triggers are (re)installed after every `migrate`, so new tables are covered.
- The key also holds the user (pages show their name and what their permissions allow),
  the full URL, every HX-* request header (page or fragment, which target), today's
  date (figures that depend on expiry dates) and the language.
- Per-request values are not cached: the CSRF tokens in the page are stored as a
  placeholder and filled with this request's token; responses that used a CSP nonce,
  set cookies, carry messages to show, or are not 200 are not stored; requests with
  pending messages bypass the cache (they must be shown once).

The cache is Django's default cache (local memory per worker process). RESPONSE_CACHE=0
turns it off (the test suite does; tests that cover it turn it on).
"""

import hashlib
import re
import secrets
from functools import wraps

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection, connections
from django.http import HttpResponse
from django.middleware.csrf import CSRF_SECRET_LENGTH, _unmask_cipher_token, get_token
from django.utils import timezone, translation

PLACEHOLDER = b"\x00csrf-token\x00"
TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % (CSRF_SECRET_LENGTH * 2))
CACHE_SECONDS = 600
# Only tables whose rows pages show bump the data version. The others keep bookkeeping,
# and anyone, signed out, can cause writes to some of them: a wrong password (failed
# sign-ins), a password-reset request, a session. Were they versioned, anyone could
# empty every user's page cache by asking for resets.
UNVERSIONED_TABLES = {"core_dataversion", "django_migrations"}
# Whole apps of such bookkeeping: accounts (the sign-in throttle's failures, password-
# reset requests; a model added there that pages show must move out of this set),
# Django's sessions and the admin's log.
UNVERSIONED_APPS = {"accounts", "sessions", "admin"}
TRIGGER = "core_data_changed"


def unversioned_tables() -> set[str]:
    """The tables whose writes never change the data version (see UNVERSIONED_APPS)."""
    tables = set(UNVERSIONED_TABLES)
    for model in django_apps.get_models(include_auto_created=True):
        if model._meta.app_label in UNVERSIONED_APPS:
            tables.add(model._meta.db_table)
    return tables


def data_version() -> str | None:
    """The current data version ("epoch.value"); None if the table is not there yet.

    A missing row (a test run emptied the tables) is created with a new random epoch.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT epoch, value FROM core_dataversion WHERE id = 1")
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                "INSERT INTO core_dataversion (id, epoch, value) VALUES (1, %s, 0) ON CONFLICT DO NOTHING",
                [secrets.randbits(62)],
            )
            cursor.execute("SELECT epoch, value FROM core_dataversion WHERE id = 1")
            row = cursor.fetchone()
    return f"{row[0]}.{row[1]}" if row else None


def install_change_triggers_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver (CoreConfig.ready): every table, new ones too, bumps the
    data version on write."""
    install_change_triggers(using)


def install_change_triggers(using: str = "default") -> int:
    """Puts a trigger bumping the data version on every application table that lacks one,
    and takes it off the tables that must not have one (unversioned_tables()).

    PostgreSQL: a deferred constraint trigger calling core_data_changed() (migration
    core 0001), fired at commit. SQLite: row triggers (SQLite has one writer at a time).
    Returns the number of tables that got triggers.
    """
    db = connections[using]
    unversioned = unversioned_tables()
    with db.cursor() as cursor:
        existing = [
            t
            for t in db.introspection.table_names(cursor)
            # sqlite_stat1 (written by ANALYZE) is a system table: no triggers allowed.
            if not t.startswith("sqlite_")
        ]
        tables = [t for t in existing if t not in unversioned]
        if "core_dataversion" not in existing:
            return 0
        installed = 0
        quote = db.ops.quote_name
        if db.vendor == "postgresql":
            cursor.execute(
                "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [TRIGGER]
            )
            done = {row[0].strip('"') for row in cursor.fetchall()}
            for table in sorted(done & unversioned):
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(table)}")
            for table in tables:
                if table in done:
                    continue
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {quote(table)}"
                    f" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION core_data_changed()"
                )
                installed += 1
        elif db.vendor == "sqlite":
            for table in sorted(unversioned & set(existing)):
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {quote(f'{TRIGGER}_{table}_{event}')}")
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{TRIGGER}_{table}_{event.lower()}"
                    cursor.execute(
                        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [name]
                    )
                    if cursor.fetchone():
                        continue
                    cursor.execute(
                        f"CREATE TRIGGER {quote(name)} AFTER {event} ON {quote(table)} BEGIN"
                        f" UPDATE core_dataversion SET value = value + 1 WHERE id = 1; END"
                    )
                    installed += event == "INSERT"
    return installed


def versioned(name: str, compute, *, timeout: int = CACHE_SECONDS):
    """`compute()`, reused until the next committed write (or the next day).

    For derived figures that cost a scan (dashboard aggregates): one primary-key query
    on a hit. Without RESPONSE_CACHE, or before the version table exists, it computes.
    """
    version = data_version() if getattr(settings, "RESPONSE_CACHE", False) else None
    if version is None:
        return compute()
    key = f"value:{name}:{version}:{timezone.localdate()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _has_pending_messages(request) -> bool:
    return hasattr(request, "_messages") and len(get_messages(request)) > 0


def _cache_key(request, version: int) -> str:
    hx = sorted((k, v) for k, v in request.headers.items() if k.lower().startswith("hx-"))
    parts = [
        request.build_absolute_uri(),  # with the host: pages may hold absolute links
        repr(hx),
        str(timezone.localdate()),
        translation.get_language() or "",
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]
    return f"page:{version}:{request.user.pk}:{digest}"


def _tokens_to_placeholder(request, body: bytes) -> bytes | None:
    """Replaces every CSRF token of this request in `body` by the placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return body

    def swap(match):
        token = match.group().decode()
        return PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group()

    return TOKEN_RE.sub(swap, body)


def page_cache_get(request) -> tuple[HttpResponse | None, str | None]:
    """(the cached response, None) on a hit; (None, the key to store under) on a miss;
    (None, None) when this request must not use the cache."""
    if (
        not getattr(settings, "RESPONSE_CACHE", False)
        or request.method != "GET"
        or not request.user.is_authenticated
        or _has_pending_messages(request)
    ):
        return None, None
    version = data_version()
    if version is None:
        return None, None
    key = _cache_key(request, version)
    hit = cache.get(key)
    if hit is None:
        return None, key
    body, headers = hit
    if PLACEHOLDER in body:
        body = body.replace(PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response, None


def page_cache_put(request, key: str, response) -> None:
    """Stores `response` under `key` (from page_cache_get) if it may be served again."""
    nonce = getattr(request, "_csp_nonce", None)
    if (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not nonce
        and not _has_pending_messages(request)
    ):
        body = _tokens_to_placeholder(request, response.content)
        cache.set(key, (body, list(response.items())), CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"


def cached_page(view):
    """Serves a GET view's 200 responses from the versioned page cache (see module doc)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        hit, key = page_cache_get(request)
        if hit is not None:
            return hit
        response = view(request, *args, **kwargs)
        if key is not None:
            page_cache_put(request, key, response)
        return response

    return wrapped
