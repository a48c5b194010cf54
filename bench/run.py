#!/usr/bin/env python
"""`make bench`: the large demo data set on PostgreSQL, load through Nginx + Gunicorn.

1. Creates the database in DATABASE_URL if missing (default
   postgres://postgres@127.0.0.1:5432/stockroom_bench), migrates it and seeds the large
   data set unless it is already there.
2. Starts the production stack (deploy/stack.sh) on 127.0.0.1:$BENCH_PORT (8090) with
   QUERY_COUNT_HEADER=1, signs in once through the login form, probes every target with
   one request (status, bytes raw and gzipped, queries per request at two page sizes)
   and skips the ones that do not exist yet, with a note.
3. Warms up, then loads each target with wrk (2 threads, 8 connections, 10 s) and
   prints one table, the CSS/JS weight and the budgets of STANDARDS.md; writes
   bench/last.json. Stops the stack at the end, on error and on Ctrl-C.

Exit status: 0 when every budget holds, 3 when one is missed, 1 on error.
Knobs (environment): DATABASE_URL, BENCH_PORT, BENCH_DURATION (s per target),
BENCH_WARMUP (s), BENCH_THREADS, BENCH_CONNECTIONS, BENCH_ONLY (comma-separated parts of
target names, e.g. "parts list,stock").
"""

from __future__ import annotations

import contextlib
import datetime
import gzip
import html
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/stockroom_bench"
PORT = int(os.environ.get("BENCH_PORT", "8090"))
# One stack directory per port: two benchmarks on different ports never share pid files.
STACK_DIR = ROOT / (".stack-bench" if PORT == 8090 else f".stack-bench-{PORT}")
BASE = f"http://127.0.0.1:{PORT}"
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
LARGE_PARTS = 100_000
LARGE_PURCHASE_ORDERS = 20_000  # the large set's purchasing (apps/demo/services/purchasing.py)
ROUNDS = 5  # turns the baseline and the parts list take, side by side
SERIAL_SECONDS = int(os.environ.get("BENCH_SERIAL", "3"))  # one connection: server time
LOADAVG_START = round(os.getloadavg()[0], 2)
DEMO_USER, DEMO_PASSWORD = "admin", "stockroom-demo"

# Budgets (STANDARDS.md)
P95_BUDGET_MS = 100
QUERY_BUDGET = 10
FRAGMENT_SHARE = 1 / 5
ASSET_BUDGET_BYTES = 60 * 1024
PARTS_LIST_RATIO = 1 / 3


@dataclass
class Target:
    name: str
    path: str
    kind: str  # baseline | list | search | fragment | page | write | report
    fragment: bool = False  # sent with HX-Request: true
    page_of: str | None = None  # for fragments: the same URL as a page is measured too
    method: str = "GET"
    body: dict | None = None
    paged: bool = False  # a list: queries must not depend on per_page
    # Every request a new URL (&_bench=n), never served from a cache: searches (what
    # people type rarely repeats) and the cache-miss variant of the parts list.
    unique: bool = False
    # A search or filter result swapped into the list the user already has: it carries
    # the "a fifth of its page" budget. A part tab is not: it is content the page loads
    # on demand, not a part of the page sent again (its share is shown, not judged).
    swapped_into_list: bool = False
    # Filled in by the probe and the load run:
    status: int | None = None
    note: str = ""
    bytes_raw: int | None = None
    bytes_gzip: int | None = None
    page_bytes_raw: int | None = None
    queries: int | None = None
    queries_per_page_100: int | None = None
    queries_warm: int | None = None  # at 25 rows, like queries_per_page_100 (see probe)
    rps: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    errors: int = 0
    ratio_to_baseline: float | None = None
    app_cpu_ms: float | None = None  # Gunicorn workers' CPU per request
    serial_p50_ms: float | None = None  # one connection, no queueing: the server time
    serial_p95_ms: float | None = None
    db_cpu_ms: float | None = None  # PostgreSQL backends' CPU per request

    @property
    def budgeted(self) -> bool:
        """List pages, searches and fragments carry the p95 and query budgets."""
        return self.kind in {"list", "search", "fragment", "report"}


@dataclass
class Session:
    cookie: str
    csrf: str
    headers: dict = field(default_factory=dict)


class Interrupted(Exception):
    pass


def log(text: str) -> None:
    print(f"bench: {text}", flush=True)


# --- Preparing: wrk, the database, the data set ----------------------------------------


def ensure_wrk() -> str:
    wrk = shutil.which("wrk") or ("/usr/bin/wrk" if os.path.exists("/usr/bin/wrk") else None)
    if wrk:
        return wrk
    log("wrk is missing: apt-get install -y wrk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    return shutil.which("wrk") or "/usr/bin/wrk"


def django_env(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}


def ensure_database(database_url: str) -> None:
    import psycopg

    name = urllib.parse.urlparse(database_url).path.lstrip("/")
    with psycopg.connect(
        database_url, dbname="postgres", autocommit=True, connect_timeout=5
    ) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            log(f"creating database {name}")
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def row_count(database_url: str, table: str) -> int:
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as conn:
        return conn.execute(
            psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table))
        ).fetchone()[0]


def prepare_data(database_url: str) -> float | None:
    """Migrates and seeds the large set unless present; returns the seeding time."""
    env = django_env(database_url)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    parts = row_count(database_url, "catalog_part")
    orders = row_count(database_url, "purchasing_purchaseorder")
    if parts >= LARGE_PARTS and orders >= LARGE_PURCHASE_ORDERS:
        log(
            f"large data set already there ({parts:,} parts, {orders:,} purchase orders): reusing it"
        )
        build_report_snapshots(env)
        return None
    if parts >= LARGE_PARTS:
        log(
            f"{parts:,} parts but {orders:,} purchase orders (a set from before purchasing): reseeding"
        )
    command = [PYTHON, "manage.py", "seed_demo", "--size", "large"]
    if parts:
        command.append("--reset")
    log("seeding the large data set: " + " ".join(command[1:]))
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    seconds = time.monotonic() - started
    log(f"seeded in {seconds:.0f} s")
    build_report_snapshots(env)
    return seconds


def build_report_snapshots(env: dict) -> None:
    """The reports' nightly pre-aggregates (value snapshots, part activity), as production
    runs them (docs/reports.md): without them the as-of valuation replays the ledger."""
    log("building the reports' snapshots: manage.py reports_snapshot")
    subprocess.run([PYTHON, "manage.py", "reports_snapshot"], cwd=ROOT, env=env, check=True)


def sample_ids(database_url: str) -> dict:
    """Stable rows to aim at (SKUs are stable across re-seeds, ids are not)."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as conn:
        part = conn.execute(
            "SELECT id, category_id FROM catalog_part WHERE sku = 'P-050000'"
        ).fetchone()
        if part is None:
            part = conn.execute(
                "SELECT id, category_id FROM catalog_part ORDER BY id LIMIT 1"
            ).fetchone()
        top_category = conn.execute(
            "SELECT id FROM catalog_category WHERE parent_id IS NULL ORDER BY path LIMIT 1"
        ).fetchone()
        stock_item = conn.execute(
            "SELECT s.id, s.location_id, l.code, p.sku FROM inventory_stockitem s"
            " JOIN inventory_location l ON l.id = s.location_id JOIN catalog_part p ON p.id = s.part_id"
            " WHERE s.part_id = %s AND s.batch = '' ORDER BY s.id LIMIT 1",
            [part[0]],
        ).fetchone()
        version = conn.execute("SHOW server_version").fetchone()[0]
        # Purchasing: the supplier with the longest price list, an order of 5-10 lines.
        supplier = conn.execute(
            "SELECT supplier_id FROM purchasing_supplierpart GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchone()
        order = conn.execute(
            "SELECT o.id FROM purchasing_purchaseorder o WHERE o.status = 'received' AND (SELECT count(*)"
            " FROM purchasing_purchaseorderline l WHERE l.order_id = o.id) BETWEEN 5 AND 10"
            " ORDER BY o.number DESC LIMIT 1"
        ).fetchone()
        # Row 12,500 of the ledger, newest first: where "Next" links lead after 500 pages.
        deep = conn.execute(
            "SELECT created_at, id FROM inventory_stockmovement ORDER BY created_at DESC, id DESC"
            " OFFSET 12499 LIMIT 1"
        ).fetchone()
    return {
        "part": part[0],
        "part_category": part[1],
        "top_category": top_category[0] if top_category else part[1],
        "stock_item": stock_item[0] if stock_item else None,
        "location": stock_item[1] if stock_item else None,
        "location_code": stock_item[2] if stock_item else "",
        "sku": stock_item[3] if stock_item else "",
        "postgres": version,
        "ledger_cursor": _cursor(*deep) if deep else "",
        "supplier": supplier[0] if supplier else 0,
        "purchase_order": order[0] if order else 0,
    }


def _cursor(moment, pk) -> str:
    """The ledger's keyset cursor, as apps/inventory/views/movements.py encodes it."""
    micros = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    return f"{micros}_{pk}"


# --- The stack -------------------------------------------------------------------------


def stack_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "STACK_PORT": str(PORT),
        "STACK_DIR": str(STACK_DIR),
        "QUERY_COUNT_HEADER": "1",
        # No worker recycling mid-measurement (production recycles every ~5,000 requests).
        "GUNICORN_MAX_REQUESTS": os.environ.get("GUNICORN_MAX_REQUESTS", "0"),
    }


def stack(command: str, database_url: str) -> None:
    subprocess.run(
        [str(ROOT / "deploy" / "stack.sh"), command],
        cwd=ROOT,
        env=stack_env(database_url),
        check=True,
    )


# --- HTTP helpers (urllib, no redirects followed) ----------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(
    path: str, *, headers: dict | None = None, data: bytes | None = None, method: str | None = None
):
    """Returns (status, headers, body bytes as sent on the wire)."""
    request = urllib.request.Request(BASE + path, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def cookies_from(headers) -> dict:
    cookies = {}
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


def sign_in() -> Session:
    status, headers, body = fetch("/accounts/login/")
    if status != 200:
        raise RuntimeError(f"login page answered {status}")
    csrf_cookie = cookies_from(headers).get("csrftoken")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf_cookie or not match:
        raise RuntimeError("no CSRF token on the login page")
    form = urllib.parse.urlencode(
        {
            "username": DEMO_USER,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": match.group(1).decode(),
        }
    ).encode()
    status, headers, _ = fetch(
        "/accounts/login/",
        data=form,
        headers={
            "Cookie": f"csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    cookies = cookies_from(headers)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"sign-in as {DEMO_USER} failed (status {status})")
    csrf = cookies.get("csrftoken", csrf_cookie)  # login rotates the token
    return Session(cookie=f"sessionid={cookies['sessionid']}; csrftoken={csrf}", csrf=csrf)


def request_headers(session: Session, target: Target, *, gzip_ok: bool) -> dict:
    headers = {"Cookie": session.cookie, "Accept-Encoding": "gzip" if gzip_ok else "identity"}
    if target.fragment:
        headers["HX-Request"] = "true"
    if target.method == "POST":
        headers["X-CSRFToken"] = session.csrf
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return headers


def with_params(path: str, **params) -> str:
    parts = urllib.parse.urlsplit(path)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.update({k: str(v) for k, v in params.items()})
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


# --- Targets ---------------------------------------------------------------------------


def targets_for(ids: dict) -> list[Target]:
    part, top_category = ids["part"], ids["top_category"]
    # The receive form takes codes, as typed or scanned: SKU and location code.
    receive_body = {
        "part": ids["sku"],
        "location": ids["location_code"],
        "quantity": "1",
        "reference": "BENCH",
    }
    return [
        Target("baseline", "/baseline/", "baseline"),
        Target("parts list", "/parts/", "list", paged=True),
        Target("parts list, page cache miss", "/parts/", "list", unique=True),
        Target(
            "parts search (fragment)",
            "/parts/?q=bearing",
            "search",
            fragment=True,
            page_of="/parts/?q=bearing",
            paged=True,
            unique=True,
        ),
        Target(
            "parts SKU search (fragment)",
            "/parts/?q=P-012345",
            "search",
            fragment=True,
            page_of="/parts/?q=P-012345",
            unique=True,
        ),
        Target(
            "parts filtered, sorted, deep",
            f"/parts/?category={top_category}&sort=-name&page=300",
            "list",
            paged=True,
        ),
        Target("parts sorted, page 2000", "/parts/?sort=-on_hand&page=2000", "list", paged=True),
        Target("part page", f"/parts/{part}/", "page"),
        Target(
            "part stock tab",
            f"/parts/{part}/stock/",
            "fragment",
            fragment=True,
            page_of=f"/parts/{part}/stock/",
        ),
        Target(
            "part movements tab",
            f"/parts/{part}/movements/",
            "fragment",
            fragment=True,
            page_of=f"/parts/{part}/movements/",
            paged=True,
        ),
        Target(
            "part suppliers tab",
            f"/parts/{part}/suppliers/",
            "fragment",
            fragment=True,
            page_of=f"/parts/{part}/suppliers/",
        ),
        Target(
            "part history tab",
            f"/history/catalog.part/{part}/",
            "fragment",
            fragment=True,
            page_of=f"/history/catalog.part/{part}/",
        ),
        Target("stock list", "/stock/", "list", paged=True),
        # The JSON API (issue 16): its lists against the matching HTML lists above.
        Target("API parts list", "/api/v1/parts/", "list", paged=True),
        Target("API parts search", "/api/v1/parts/?q=bearing", "search", paged=True, unique=True),
        Target("API stock records", "/api/v1/stock-records/", "list", paged=True),
        Target("API movements", "/api/v1/movements/", "list", paged=True),
        Target("API purchase orders", "/api/v1/purchase-orders/", "list", paged=True),
        Target(
            "stock search (fragment)",
            "/stock/?q=bearing",
            "search",
            fragment=True,
            page_of="/stock/?q=bearing",
            paged=True,
            unique=True,
        ),
        Target("movements list", "/movements/", "list", paged=True),
        Target(
            "movements, page 501 (keyset)",
            f"/movements/?page=501&after={ids['ledger_cursor']}",
            "list",
        ),
        Target("dashboard", "/", "page"),
        Target(
            "receive stock (POST)",
            receive_path(part),
            "write",
            fragment=True,
            method="POST",
            body=receive_body,
        ),
        Target("suppliers list", "/suppliers/", "list", paged=True),
        Target(
            "suppliers search (fragment)",
            "/suppliers/?q=tools",
            "search",
            fragment=True,
            page_of="/suppliers/?q=tools",
            paged=True,
            unique=True,
        ),
        Target("supplier page", f"/suppliers/{ids['supplier']}/", "page"),
        Target("purchase orders list", "/purchase-orders/", "list", paged=True),
        Target(
            "purchase orders search (fragment)",
            "/purchase-orders/?q=atlas",
            "search",
            fragment=True,
            page_of="/purchase-orders/?q=atlas",
            paged=True,
            unique=True,
        ),
        Target(
            "purchase orders, open (fragment)",
            "/purchase-orders/?status=open",
            "fragment",
            fragment=True,
            page_of="/purchase-orders/?status=open",
            paged=True,
            swapped_into_list=True,
        ),
        Target("purchase order page", f"/purchase-orders/{ids['purchase_order']}/", "page"),
        Target("reorder list", "/purchase-orders/reorder/", "list"),
        *report_targets(),
    ]


def report_targets() -> list[Target]:
    """The reports (issue 17), each a new URL every request (never the page cache): the
    server time of the queries themselves, past-day valuations included."""
    today = datetime.date.today()
    month_start = today.replace(day=1)
    last_month_end = month_start - datetime.timedelta(days=1)
    last_month = last_month_end.replace(day=1)
    ago = {n: (today - datetime.timedelta(days=n)).isoformat() for n in (30, 90, 180)}
    reports = [
        ("report: value by category", "/reports/stock-value/categories/"),
        (
            "report: value by category, 180 days ago",
            f"/reports/stock-value/categories/?as_of={ago[180]}",
        ),
        (
            "report: value by category, 30 days ago",
            f"/reports/stock-value/categories/?as_of={ago[30]}",
        ),
        ("report: value by location", "/reports/stock-value/locations/"),
        (
            "report: value by location, 90 days ago",
            f"/reports/stock-value/locations/?as_of={ago[90]}",
        ),
        ("report: movements per day", "/reports/movements/"),
        ("report: movements per week", "/reports/movements/?period=week"),
        ("report: usage, 90 days", "/reports/usage/?days=90"),
        ("report: dead stock, 180 days", "/reports/dead-stock/?days=180"),
        (
            "report: purchasing, last month",
            f"/reports/purchasing/?date_from={last_month}&date_to={last_month_end}",
        ),
        (
            "report: purchasing, 12 months",
            f"/reports/purchasing/?date_from={today.replace(day=1, year=today.year - 1)}&date_to={today}",
        ),
    ]
    return [Target(name, path, "report", unique=True) for name, path in reports]


def receive_path(part: int) -> str:
    """The receive endpoint of the stock-work pages, if it exists (url name contains 'receive')."""
    urls = (ROOT / "apps" / "inventory" / "urls.py").read_text()
    for pattern, name in re.findall(r'path\(\s*"([^"]*)"\s*,[^)]*?name="([^"]*)"', urls):
        if "receive" in name and "<int:" in pattern:
            return "/" + re.sub(r"<int:\w+>", str(part), pattern)
        if "receive" in name and "<" not in pattern:
            return "/" + pattern
    return ""


def probe(session: Session, target: Target) -> None:
    """One request each: status, bytes raw and gzipped, queries; a second at per_page=100."""
    if not target.path:
        target.note = "endpoint not found in urls.py"
        return
    data = urllib.parse.urlencode(target.body).encode() if target.body else None
    path = (
        with_params(target.path, _bench=f"probe-{time.monotonic_ns()}")
        if target.unique
        else target.path
    )
    status, headers, body = fetch(
        path,
        headers=request_headers(session, target, gzip_ok=False),
        data=data,
        method=target.method,
    )
    target.status = status
    if status == 404:
        target.note = "404: not built yet, skipped"
        return
    if status >= 400 or (target.method == "GET" and status != 200):
        target.note = f"status {status}: skipped"
        return
    target.bytes_raw = len(body)
    target.queries = int(headers.get("X-Query-Count", "-1"))
    if target.method == "GET":
        _, zheaders, zbody = fetch(
            target.path, headers=request_headers(session, target, gzip_ok=True)
        )
        target.bytes_gzip = (
            len(zbody)
            if zheaders.get("Content-Encoding") == "gzip"
            else len(gzip.compress(zbody, 5))
        )
    else:
        target.bytes_gzip = len(gzip.compress(body, 5))
    if target.page_of:
        page = Target(target.name, target.page_of, "page")
        _, _, page_body = fetch(page.path, headers=request_headers(session, page, gzip_ok=False))
        target.page_bytes_raw = len(page_body)
    if target.paged:
        # Same rows region at 100 a page: page n of 25 holds row 25(n-1)+1.
        page = int(
            dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(target.path).query)).get("page", 1)
        )
        params = {"per_page": 100} | ({"page": (page - 1) * 25 // 100 + 1} if page > 1 else {})
        # Both sizes as page-cache misses (a new _bench value each) after the first
        # request, so values kept until the next write (the orders' totals) are warm for
        # both: the comparison is about rows, not about which request came first.
        counts = []
        for size_params in ({}, params):
            status, headers, _ = fetch(
                with_params(target.path, **size_params, _bench=f"probe-{time.monotonic_ns()}"),
                headers=request_headers(session, target, gzip_ok=False),
            )
            counts.append(int(headers.get("X-Query-Count", "-1")) if status == 200 else None)
        if None not in counts:
            target.queries_warm, target.queries_per_page_100 = counts


def asset_weight(session: Session) -> dict:
    """CSS and JS a browser loads with the parts list, as shipped by Nginx (gzipped)."""
    _, _, body = fetch("/parts/", headers={"Cookie": session.cookie})
    text = body.decode("utf-8", "replace")
    urls = re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"', text)
    urls += re.findall(r'<link[^>]+href="([^"]+)"[^>]*rel="stylesheet"', text)
    urls += re.findall(r'<script[^>]+src="([^"]+)"', text)
    assets = []
    for url in dict.fromkeys(html.unescape(u) for u in urls):
        path = urllib.parse.urlsplit(url).path
        _, _, raw = fetch(path, headers={"Accept-Encoding": "identity"})
        _, _, zbody = fetch(path, headers={"Accept-Encoding": "gzip"})
        shipped = len(zbody)
        assets.append({"url": path, "bytes_raw": len(raw), "bytes_gzip": shipped})
    return {
        "assets": assets,
        "bytes_raw": sum(a["bytes_raw"] for a in assets),
        "bytes_gzip": sum(a["bytes_gzip"] for a in assets),
    }


# --- Load with wrk ---------------------------------------------------------------------

LUA_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def lua_script(target: Target) -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    script = WORK / (re.sub(r"[^a-z0-9]+", "-", target.name.lower()).strip("-") + ".lua")
    lines = []
    if target.method == "POST":
        body = urllib.parse.urlencode(target.body or {})
        lines += ['wrk.method = "POST"', f"wrk.body = {json.dumps(body)}"]
    if target.unique:
        separator = "&" if "?" in target.path else "?"
        lines += [
            "local counter = 0",
            "request = function()",
            "  counter = counter + 1",
            f'  return wrk.format(nil, wrk.path .. "{separator}_bench=" .. math.random(1, 1e9) .. "-" .. counter)',
            "end",
        ]
    script.write_text("\n".join(lines) + LUA_DONE)
    return script


def wrk_run(
    wrk: str, session: Session, target: Target, seconds: int, *, connections: int = 0
) -> dict:
    connections = connections or CONNECTIONS
    threads = min(THREADS, connections)
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
        "-s",
        str(lua_script(target)),
    ]
    for name, value in request_headers(session, target, gzip_ok=True).items():
        command += ["-H", f"{name}: {value}"]
    command.append(BASE + target.path)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((out for out in output.splitlines() if out.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures for {target.name}:\n{output}")
    return json.loads(line.removeprefix("BENCH_JSON "))


def _proc_stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def stack_processes(database: str) -> tuple[list[int], list[int]]:
    """Gunicorn's workers (of every app server), and the PostgreSQL backends connected to
    the bench database."""
    masters = set()
    for pidfile in STACK_DIR.glob("app*.pid"):
        with contextlib.suppress(OSError, ValueError):
            masters.add(int(pidfile.read_text()))
    if not masters:
        return [], []
    app, db = [], []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = _proc_stat(int(entry))
        if stat and int(stat[1]) in masters:
            app.append(int(entry))
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                cmdline = handle.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if cmdline.startswith("postgres: ") and f" {database} " in cmdline:
            db.append(int(entry))
    return app, db


def cpu_by_pid(pids: list[int]) -> dict[int, float]:
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        stat = _proc_stat(pid)
        if stat:
            found[pid] = (int(stat[11]) + int(stat[12])) / ticks  # utime + stime
    return found


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two snapshots; processes that started in between count whole,
    processes that ended in between are lost (an undercount, never negative)."""
    return sum(
        seconds - before.get(pid, 0.0)
        for pid, seconds in after.items()
        if seconds >= before.get(pid, 0.0)
    )


def load(
    wrk: str, session: Session, targets: list[Target], database: str, *, rounds: int = 1
) -> None:
    """Loads each target for DURATION seconds in total. With rounds > 1 the targets take
    turns in slices (A B A B ...), so a burst of other load on the machine weighs on
    all of them alike. Throughput is over all slices; percentiles are the worst slice's."""
    totals = {
        id(t): {"requests": 0, "errors": 0, "seconds": 0.0, "app": 0.0, "db": 0.0, "p": (0, 0, 0)}
        for t in targets
    }
    for _ in range(rounds):
        for target in targets:
            app, db = stack_processes(database)
            app_before, db_before = cpu_by_pid(app), cpu_by_pid(db)
            figures = wrk_run(wrk, session, target, max(1, round(DURATION / rounds)))
            app, db = stack_processes(database)
            total = totals[id(target)]
            total["app"] += cpu_spent(app_before, cpu_by_pid(app))
            total["db"] += cpu_spent(db_before, cpu_by_pid(db))
            total["requests"] += figures["requests"]
            total["errors"] += figures["errors"]
            total["seconds"] += figures["duration_us"] / 1e6
            total["p"] = tuple(
                max(a, figures[k])
                for a, k in zip(total["p"], ("p50_us", "p95_us", "p99_us"), strict=False)
            )
    for target in targets:
        total = totals[id(target)]
        target.rps = round(total["requests"] / total["seconds"], 1) if total["seconds"] else 0.0
        target.p50_ms, target.p95_ms, target.p99_ms = (round(v / 1000, 1) for v in total["p"])
        target.errors = total["errors"]
        if total["requests"]:
            target.app_cpu_ms = round(total["app"] * 1000 / total["requests"], 2)
            target.db_cpu_ms = round(total["db"] * 1000 / total["requests"], 2)


# --- Report ----------------------------------------------------------------------------


def machine_info(postgres_version: str) -> dict:
    def first(command):
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=10, check=False
            )
            return (result.stdout + result.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return None

    cpu = None
    memory_kb = None
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        memory_kb = int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
    except (OSError, StopIteration):
        pass
    django_version = subprocess.run(
        [PYTHON, "-c", "import django; print(django.get_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1) if memory_kb else None,
        "kernel": platform.release(),
        "python": subprocess.run(
            [PYTHON, "-c", "import platform; print(platform.python_version())"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip(),
        "django": django_version,
        "postgres": postgres_version,
        "nginx": first(["nginx", "-v"]),
        "wrk": first(["wrk", "-v"]),
        "load": {"threads": THREADS, "connections": CONNECTIONS, "seconds_per_target": DURATION},
        "loadavg_start": LOADAVG_START,
        "loadavg_end": round(os.getloadavg()[0], 2),
    }


def fmt(value, spec="", none="—"):
    return none if value is None else format(value, spec)


def check_budgets(targets: list[Target], assets: dict) -> list[tuple[bool, str]]:
    checks = []
    by_name = {t.name: t for t in targets}
    for t in targets:
        if t.rps is None:
            continue
        if t.errors:
            checks.append((False, f"{t.name}: {t.errors} failed requests under load"))
        if not t.budgeted:
            continue
        if t.serial_p95_ms is not None:
            checks.append(
                (
                    t.serial_p95_ms <= P95_BUDGET_MS,
                    f"{t.name}: p95 server time {t.serial_p95_ms} ms ≤ {P95_BUDGET_MS} ms"
                    f" (under {CONNECTIONS} connections: {t.p95_ms} ms)",
                )
            )
        checks.append(
            (0 <= t.queries <= QUERY_BUDGET, f"{t.name}: {t.queries} queries ≤ {QUERY_BUDGET}")
        )
        if t.queries_per_page_100 is not None:
            checks.append(
                (
                    t.queries_per_page_100 == t.queries_warm,
                    f"{t.name}: queries at 25 and 100 rows a page equal ({t.queries_warm}, {t.queries_per_page_100})",
                )
            )
        if t.page_bytes_raw and (t.kind == "search" or t.swapped_into_list):
            share = t.bytes_raw / t.page_bytes_raw
            checks.append(
                (
                    share <= FRAGMENT_SHARE,
                    f"{t.name}: fragment {t.bytes_raw:,} B is {share:.0%} of its page ({t.page_bytes_raw:,} B) ≤ 20%",
                )
            )
    parts = by_name.get("parts list")
    if parts and parts.ratio_to_baseline is not None:
        checks.append(
            (
                parts.ratio_to_baseline >= PARTS_LIST_RATIO,
                f"parts list throughput {parts.ratio_to_baseline:.2f} × baseline ≥ 0.33",
            )
        )
    checks.append(
        (
            assets["bytes_gzip"] <= ASSET_BUDGET_BYTES,
            f"CSS + JS {assets['bytes_gzip'] / 1024:.1f} KB gzipped ≤ 60 KB",
        )
    )
    return checks


def print_table(targets: list[Target], assets: dict, machine: dict) -> None:
    header = [
        "target",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "1c p95",
        "bytes",
        "gzip",
        "frag/page",
        "queries",
        "q@100",
        "× base",
        "app cpu",
        "db cpu",
    ]
    rows = []
    for t in targets:
        if t.rps is None:
            rows.append([t.name, f"skipped: {t.note or 'not measured'}"])
            continue
        share = f"{t.bytes_raw / t.page_bytes_raw:.0%}" if t.page_bytes_raw else "—"
        rows.append(
            [
                t.name,
                fmt(t.rps, ".0f"),
                fmt(t.p50_ms, ".1f"),
                fmt(t.p95_ms, ".1f"),
                fmt(t.p99_ms, ".1f"),
                fmt(t.serial_p95_ms, ".1f"),
                fmt(t.bytes_raw, ","),
                fmt(t.bytes_gzip, ","),
                share,
                fmt(t.queries),
                fmt(t.queries_per_page_100),
                fmt(t.ratio_to_baseline, ".2f"),
                fmt(t.app_cpu_ms, ".1f"),
                fmt(t.db_cpu_ms, ".1f"),
            ]
        )
    full = [r for r in rows if len(r) == len(header)] + [header]
    widths = [max(len(str(r[i])) for r in full) for i in range(len(header))]
    line = lambda cells: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=False))
    )
    print()
    print(
        f"Stockroom benchmark — {machine['cpu']} ({machine['cores']} cores, {machine['memory_gb']} GB), "
        f"PostgreSQL {machine['postgres']}, Python {machine['python']}, Django {machine['django']}"
    )
    print(
        f"wrk {THREADS} threads, {CONNECTIONS} connections, {DURATION} s per target, through Nginx → Gunicorn, "
        "signed in as admin, Accept-Encoding: gzip"
    )
    print()
    print(line(header))
    print(line(["-" * w for w in widths]))
    for row in rows:
        if len(row) == len(header):
            print(line(row))
        else:
            print(row[0].ljust(widths[0]) + "  " + row[1])
    print(
        f"p50/p95/p99: {CONNECTIONS} connections (saturating the 2 cores: includes queueing); "
        "1c p95: one connection, the server time of a request"
    )
    print(
        "app cpu / db cpu: CPU milliseconds per request of the Gunicorn workers / the PostgreSQL backends "
        "(independent of other load on the machine; parallel query workers not counted)"
    )
    print(
        f"load average during the run: {machine.get('loadavg_start')} at start, {os.getloadavg()[0]:.1f} at end"
    )
    print()
    print(
        f"CSS + JS shipped to the browser: {assets['bytes_gzip']:,} B gzipped ({assets['bytes_raw']:,} B raw)"
    )
    for asset in assets["assets"]:
        print(f"  {asset['url']}: {asset['bytes_gzip']:,} B gzipped, {asset['bytes_raw']:,} B raw")


def main() -> int:
    started = time.monotonic()
    only = {n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()}
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "bench: DATABASE_URL must point at PostgreSQL (the budgets are for PostgreSQL)"
        )
    wrk = ensure_wrk()
    ensure_database(database_url)
    seed_seconds = prepare_data(database_url)
    ids = sample_ids(database_url)
    targets = targets_for(ids)
    if only:
        targets = [t for t in targets if t.name == "baseline" or any(o in t.name for o in only)]

    def on_term(signum, frame):
        raise Interrupted()

    signal.signal(signal.SIGTERM, on_term)
    stack("start", database_url)
    try:
        session = sign_in()
        for target in targets:
            probe(session, target)
            if target.note:
                log(f"{target.name}: {target.note}")
        live = [t for t in targets if not t.note]
        assets = asset_weight(session)
        log(f"warming up ({WARMUP} s per target)")
        for target in live:
            if target.method == "GET":
                wrk_run(wrk, session, target, WARMUP)
        database = urllib.parse.urlparse(database_url).path.lstrip("/")
        pair = [t for t in live if t.name in ("baseline", "parts list")]
        if len(pair) == 2:
            log(
                f"loading baseline and parts list side by side ({ROUNDS} turns, {DURATION} s each in all)"
            )
            load(wrk, session, pair, database, rounds=ROUNDS)
        for target in live:
            if target not in pair or len(pair) < 2:
                log(f"loading {target.name} ({DURATION} s): {target.method} {target.path}")
                load(wrk, session, [target], database)
        log(f"server time: one connection, {SERIAL_SECONDS} s per target")
        for target in live:
            figures = wrk_run(wrk, session, target, SERIAL_SECONDS, connections=1)
            target.serial_p50_ms = round(figures["p50_us"] / 1000, 1)
            target.serial_p95_ms = round(figures["p95_us"] / 1000, 1)
    finally:
        stack("stop", database_url)

    baseline = next((t for t in targets if t.name == "baseline" and t.rps), None)
    for target in targets:
        if baseline and target.rps is not None:
            target.ratio_to_baseline = round(target.rps / baseline.rps, 3)
    machine = machine_info(ids["postgres"])
    print_table(targets, assets, machine)
    checks = check_budgets(targets, assets)
    print()
    print("Budgets (STANDARDS.md):")
    for ok, text in checks:
        print(f"  {'ok  ' if ok else 'MISS'} {text}")
    total = time.monotonic() - started
    print()
    print(
        f"seeding: {'reused' if seed_seconds is None else f'{seed_seconds:.0f} s'}; whole run: {total:.0f} s"
    )

    result = {
        "machine": machine,
        "seed_seconds": None if seed_seconds is None else round(seed_seconds, 1),
        "run_seconds": round(total, 1),
        "targets": [
            {
                "name": t.name,
                "path": t.path,
                "method": t.method,
                "kind": t.kind,
                "rps": t.rps,
                "p50_ms": t.p50_ms,
                "p95_ms": t.p95_ms,
                "p99_ms": t.p99_ms,
                "bytes_raw": t.bytes_raw,
                "bytes_gzip": t.bytes_gzip,
                "page_bytes_raw": t.page_bytes_raw,
                "queries": t.queries,
                "queries_per_page_100": t.queries_per_page_100,
                "ratio_to_baseline": t.ratio_to_baseline,
                "errors": t.errors,
                "note": t.note or None,
                "app_cpu_ms_per_request": t.app_cpu_ms,
                "db_cpu_ms_per_request": t.db_cpu_ms,
                "server_time_p50_ms": t.serial_p50_ms,
                "server_time_p95_ms": t.serial_p95_ms,
            }
            for t in targets
        ],
        "assets": assets,
        "budgets": [{"ok": ok, "check": text} for ok, text in checks],
    }
    (ROOT / "bench" / "last.json").write_text(json.dumps(result, indent=2) + "\n")
    log("figures written to bench/last.json")
    return 0 if all(ok for ok, _ in checks) else 3


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (KeyboardInterrupt, Interrupted):
        print("\nbench: interrupted; the stack is stopped", file=sys.stderr)
        sys.exit(130)
    except (subprocess.CalledProcessError, RuntimeError) as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(1)
