"""Faults the running stack must survive, under constant mixed load; prints a table and
exits non-zero on any miss. Run by .ci/run after `make stack-start`:

    deploy/faults.py                 (STACK_PORT, STACK_DIR, STACK_APP_SERVERS, DATABASE_URL
                                      as for deploy/stack.sh; the demo data set seeded)

The load: FAULT_LOAD_THREADS (6) clients, signed in as the demo admin, each sending one
request after another on a fresh connection to 127.0.0.1 only: page reads and searches
(parts, stock, locations, movements, health) and stock receipts (POST, quantity 1, a
unique reference each) on one part. Every receipt carries an idempotency key, as the
page's form does, and is sent once more with the same key when it got no answer or
Nginx's 502/504 (as static/js/stockroom.js does). After each scenario the receipts are
checked in the database: every one answered as done is booked exactly once, none is
booked twice, and none answered as failed is booked ("told failed, yet committed").

Scenarios and what counts as a miss:
  kill        each app server in turn: its whole process group gets SIGKILL, then it is
              started again (half the load is receipts): any failed GET; any receipt
              booked twice or told failed yet committed
  rollout     deploy/rollout.sh: any failed request
  hup         SIGHUP to every Gunicorn master, then an Nginx reload: any failed request
  redis       the stack's Redis stopped for a few seconds, then started: any 5xx
  lock        a row lock on one part held FAULT_LOCK_SECONDS (60; CI sets fewer) by another
              session: /healthz, /readyz or a page slower than 1 s; a receipt for the locked
              part not refused (503) within twice the lock timeout + 1 s (one wait for the
              tuple lock behind another waiter, one for the holder); one committed afterwards
  same key    one receipt sent twice with the key its form carried (as the page renders
              it), four copies with one key at the same moment, and one API receipt sent
              twice with the same Idempotency-Key header: any booked other than once, any
              answer other than the first's
  stock ops   FAULT_STOCK_OPS (10,000; CI sets fewer) receipts, issues and transfers from
              FAULT_STOCK_SESSIONS (32) signed-in sessions at once on three parts at two
              locations (hot rows): the final quantities differ from the start plus the
              tally of the answers that said done; an answer neither done nor refused;
              a done one not booked exactly once; a refused one booked
  connections FAULT_CONNECTIONS (1,000) concurrent connections (wrk) on a static file and
              on the sign-in page: any socket error, any non-2xx/3xx answer
  postgres    PostgreSQL stopped for FAULT_PG_STOP_SECONDS (10), on a THROWAWAY cluster
              (initdb in /tmp on FAULT_PG_PORT, default STACK_PORT + 20000, a copy of the
              stack's database, a second stack with one app server on FAULT_PG_STACK_PORT,
              default STACK_PORT + 2, its Redis 10000 above; the machine's shared
              cluster is never stopped): no 503 page while it is down, a traceback, an
              answer slower than the connect timeout + 1 s, the first success later than
              2 s after its return, any failure after that first success
  all         any request that was told it failed yet committed; `manage.py check_stock`
              not clean; the whole run over FAULT_MAX_SECONDS (300)

Every loop is bounded in time; traffic goes to 127.0.0.1 only.
"""

import glob
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("STACK_PORT", "8080"))
HOST = "127.0.0.1"
STACK_DIR = Path(os.environ.get("STACK_DIR") or ROOT / ".stack")
APP_SERVERS = int(os.environ.get("STACK_APP_SERVERS", "2"))
THREADS = int(os.environ.get("FAULT_LOAD_THREADS", "6"))
LOCK_SECONDS = float(os.environ.get("FAULT_LOCK_SECONDS", "60"))
LOCK_TIMEOUT = 5.0  # DB_LOCK_TIMEOUT of the web process (project/wsgi.py)
MAX_SECONDS = float(os.environ.get("FAULT_MAX_SECONDS", "300"))
# FAULT_ONLY=kill,check_stack runs only those scenarios (a developer's rerun; CI runs all).
ONLY = {name.strip() for name in os.environ.get("FAULT_ONLY", "").split(",") if name.strip()}
STOCK_OPS = int(os.environ.get("FAULT_STOCK_OPS", "10000"))
STOCK_SESSIONS = int(os.environ.get("FAULT_STOCK_SESSIONS", "32"))
CONNECTIONS = int(os.environ.get("FAULT_CONNECTIONS", "1000"))
PG_STOP_SECONDS = float(os.environ.get("FAULT_PG_STOP_SECONDS", "10"))
CONNECT_TIMEOUT = float(os.environ.get("DB_CONNECT_TIMEOUT", "3"))
PG_PORT = int(os.environ.get("FAULT_PG_PORT", str(PORT + 20000)))
PG_STACK_PORT = int(os.environ.get("FAULT_PG_STACK_PORT", str(PORT + 2)))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
USERNAME = os.environ.get("STACK_USER", "admin")
PASSWORD = os.environ.get("STACK_PASSWORD", "stockroom-demo")
RUN = f"{int(time.time())}"
STARTED = time.monotonic()


def stack(*args: str) -> None:
    subprocess.run(
        [str(ROOT / "deploy" / "stack.sh"), *args], check=True, stdout=subprocess.DEVNULL
    )


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


# --- HTTP ----------------------------------------------------------------------------


class Session:
    """A signed-in user: cookies and a CSRF token; every request on a fresh connection."""

    def __init__(self, port: int = PORT):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(
        self,
        method: str,
        path: str,
        form: dict | None = None,
        timeout: float = 60,
        *,
        json_body: dict | None = None,
        extra: dict | None = None,
    ):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        headers = {"Host": f"localhost:{self.port}", "Connection": "close", **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://localhost:{self.port}"
        if json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
            headers["Origin"] = f"http://localhost:{self.port}"
            headers["X-CSRFToken"] = self.token
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, val = value.split(";", 1)[0].partition("=")
                self.cookies[key] = val
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def sign_in(self) -> None:
        _, _, body = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD},
        )
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(
                f"faults: cannot sign in as {USERNAME} ({status}); is the demo data set loaded?"
            )
        _, _, body = self.request("GET", "/stock/receive/")
        self.token = (
            re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        )

    def receive(self, sku: str, location: str, reference: str, timeout: float = 60, key: str = ""):
        form = {
            "csrfmiddlewaretoken": self.token,
            "part": sku,
            "location": location,
            "quantity": "1",
            "reference": reference,
            "note": "fault test",
        }
        if key:
            form["idempotency_key"] = key
        return self.request("POST", "/stock/receive/", form, timeout=timeout)

    def post_form(self, path: str, form: dict, timeout: float = 60):
        """A stock form's POST as the page sends it: with an idempotency key, sent once
        more with the same key when it got no answer or Nginx's 502/504 (static/js/
        stockroom.js does the same). Returns (status, headers, body, retried)."""
        form = {"csrfmiddlewaretoken": self.token, **form}
        form.setdefault("idempotency_key", uuid.uuid4().hex)
        try:
            status, headers, body = self.request("POST", path, form, timeout=timeout)
        except (OSError, http.client.HTTPException):
            status, headers, body = 0, {}, b""
        if status not in (0, 502, 504):
            return status, headers, body, False
        time.sleep(0.3)
        status, headers, body = self.request("POST", path, form, timeout=timeout)
        return status, headers, body, True


@dataclass
class Result:
    method: str
    path: str
    status: int  # 0: no answer (connection error, timeout)
    seconds: float
    error: str = ""
    reference: str = ""
    at: float = 0.0
    retried: bool = False
    replayed: bool = False  # the answer was the stored outcome of an earlier attempt
    page_cache: str = ""  # X-Page-Cache: hit when served from the shared page cache
    body: bytes = b""

    @property
    def failed(self) -> bool:
        return self.status == 0 or self.status >= 400


@dataclass
class Load:
    """THREADS clients sending mixed requests until stopped."""

    session: Session
    scenario: str
    sku: str
    location: str
    posts: bool = True
    post_share: float = 0.2
    results: list[Result] = field(default_factory=list)

    def __post_init__(self):
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(THREADS)
        ]
        self.counter = 0

    GETS = (
        "/parts/",
        "/parts/?q=bolt",
        "/stock/",
        "/locations/",
        "/movements/",
        "/healthz",
        "/parts/?q=M4",
    )

    def _run(self, n: int) -> None:
        rng = random.Random(n)
        while not self.stop.is_set() and time.monotonic() - STARTED < MAX_SECONDS:
            if self.posts and rng.random() < self.post_share:
                with self.lock:
                    self.counter += 1
                    reference = f"fault:{RUN}:{self.scenario}:{self.counter}"
                form = {
                    "part": self.sku,
                    "location": self.location,
                    "quantity": "1",
                    "reference": reference,
                    "note": "fault test",
                }
                self.record(
                    "POST",
                    "/stock/receive/",
                    lambda f=form: self.session.post_form("/stock/receive/", f),
                    reference,
                )
            else:
                path = rng.choice(self.GETS)
                self.record("GET", path, lambda p=path: self.session.request("GET", p))

    def record(self, method, path, call, reference="") -> Result:
        started = time.monotonic()
        try:
            answer = call()
            status, body = answer[0], answer[2]
            result = Result(
                method,
                path,
                status,
                time.monotonic() - started,
                reference=reference,
                at=started,
                retried=len(answer) > 3 and answer[3],
                replayed=answer[1].get("x-idempotent-replay") == "1",
                page_cache=answer[1].get("x-page-cache", ""),
                body=body[:2000] if status >= 500 else b"",
            )
        except (OSError, http.client.HTTPException) as error:
            result = Result(
                method,
                path,
                0,
                time.monotonic() - started,
                type(error).__name__,
                reference,
                started,
            )
        with self.lock:
            self.results.append(result)
        return result

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(70)


# --- the database ----------------------------------------------------------------------


def db():
    return psycopg.connect(DATABASE_URL, autocommit=True, connect_timeout=5)


def pick_parts() -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """Two parts without batches, each with a stock record at an active location:
    one for the load's receipts, one to lock."""
    with db() as conn:
        rows = conn.execute(
            """SELECT p.id, p.sku, l.code FROM inventory_stockitem s
               JOIN catalog_part p ON p.id = s.part_id JOIN inventory_location l ON l.id = s.location_id
               WHERE p.is_active AND NOT p.tracks_batches AND s.batch = ''
               ORDER BY p.id LIMIT 50"""
        ).fetchall()
    seen, picked = set(), []
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            picked.append(row)
    if len(picked) < 2:
        sys.exit("faults: the database has no stock to work with; seed the demo data set")
    return picked[0], picked[1]


def booked(prefix: str) -> dict[str, int]:
    with db() as conn:
        rows = conn.execute(
            "SELECT reference, count(*) FROM inventory_stockmovement WHERE reference LIKE %s GROUP BY reference",
            [prefix + "%"],
        ).fetchall()
    return dict(rows)


# --- scenarios -------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    requests: int = 0
    failed_gets: int = 0
    failed_posts: int = 0
    server_errors: int = 0
    worst_ms: float = 0.0
    told_failed_committed: int = 0
    done_not_booked_once: int = 0
    booked_twice: int = 0
    retried: int = 0
    note: str = ""
    missed: list[str] = field(default_factory=list)
    skipped: bool = False


def summarize(row: Row, results: list[Result], scenario: str, *, posts_may_fail=False) -> Row:
    row.requests = len(results)
    row.failed_gets = sum(r.failed for r in results if r.method == "GET")
    row.failed_posts = sum(r.failed for r in results if r.method == "POST")
    row.server_errors = sum(r.status >= 500 for r in results)
    row.worst_ms = max((r.seconds for r in results), default=0) * 1000
    time.sleep(0.5)  # a request the stack gave up on must not commit later either
    counts = booked(f"fault:{RUN}:{scenario}:")
    posts = [r for r in results if r.method == "POST"]
    row.told_failed_committed = sum(1 for r in posts if r.failed and counts.get(r.reference))
    row.done_not_booked_once = sum(
        1 for r in posts if not r.failed and counts.get(r.reference) != 1
    )
    row.booked_twice = sum(1 for r in posts if counts.get(r.reference, 0) > 1)
    row.retried = sum(r.retried for r in posts)
    if row.booked_twice:
        row.missed.append(f"{row.booked_twice} receipts booked more than once")
    if row.failed_gets:
        row.missed.append(f"{row.failed_gets} failed GETs")
    if row.failed_posts and not posts_may_fail:
        row.missed.append(f"{row.failed_posts} failed POSTs")
    if row.done_not_booked_once:
        row.missed.append(
            f"{row.done_not_booked_once} receipts answered done but not booked exactly once"
        )
    if row.told_failed_committed and not posts_may_fail:
        row.missed.append(f"{row.told_failed_committed} receipts told failed yet committed")
    failures = [r for r in results if r.failed]
    for r in failures[:8]:
        log(
            f"  failed: {r.method} {r.path} -> {r.status or r.error} after {r.seconds:.1f} s"
            f" (at {r.at - STARTED:.1f}s)"
        )
    return row


def master_pid(n: int) -> int:
    return int((STACK_DIR / f"app{n}.pid").read_text())


def back_in_rotation(n: int, timeout: float = 20.0) -> float | None:
    """Seconds until Nginx sends a request to app server n again (X-Stack-Upstream names
    its socket), or None. Nginx keeps a server it saw fail out of rotation for
    fail_timeout (5 s) after its last failure, whatever its own readiness: killing the
    next server before that is two servers down at once, not one."""
    started = time.monotonic()
    socket_name = f"/app{n}.sock"
    while time.monotonic() - started < timeout:
        connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
        try:
            connection.request("GET", "/accounts/login/")
            response = connection.getresponse()
            response.read()
            if (response.getheader("X-Stack-Upstream") or "").endswith(socket_name):
                return time.monotonic() - started
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    return None


def scenario_kill(session, part) -> Row:
    row = Row("kill -9 each app server")
    # Half the load is receipts here, so that some are in flight when a server dies.
    with Load(session, "kill", part[1], part[2], post_share=0.5) as load:
        time.sleep(2)
        for n in range(1, APP_SERVERS + 1):
            pid = master_pid(n)
            os.killpg(pid, signal.SIGKILL)
            log(f"  SIGKILL to app server {n} (process group {pid})")
            time.sleep(3)
            stack("start-app", str(n))
            log(f"  app server {n} started again and ready")
            waited = back_in_rotation(n)
            if waited is None:
                row.missed.append(f"app server {n} not back in Nginx's rotation within 20 s")
            else:
                log(f"  app server {n} back in Nginx's rotation after {waited:.1f} s")
            time.sleep(1.5)
    # A POST lost with the killed server is sent again with its idempotency key (as the
    # page does): it must book once and be shown as done; one that still failed must not
    # have been booked ("told failed yet committed" is a miss, as everywhere).
    summarize(row, load.results, "kill", posts_may_fail=True)
    if row.told_failed_committed:
        row.missed.append(f"{row.told_failed_committed} receipts told failed yet committed")
    posts = [r for r in load.results if r.method == "POST"]
    row.note = (
        f"{len(posts)} POSTs: {row.retried} retried with the same key after a lost answer "
        f"({sum(r.replayed for r in posts)} answered from the first attempt's stored outcome), "
        f"{row.failed_posts} failed after the retry (none booked: "
        f"{'yes' if not row.told_failed_committed else 'NO'}), {row.booked_twice} booked twice"
    )
    return row


def scenario_rollout(session, part) -> Row:
    row = Row("rollout.sh")
    with Load(session, "rollout", part[1], part[2]) as load:
        time.sleep(1.5)
        started = time.monotonic()
        subprocess.run([str(ROOT / "deploy" / "rollout.sh")], check=True, stdout=subprocess.DEVNULL)
        log(f"  rollout of {APP_SERVERS} app servers took {time.monotonic() - started:.1f} s")
        time.sleep(1.5)
    return summarize(row, load.results, "rollout")


def scenario_hup(session, part) -> Row:
    row = Row("HUP masters + nginx reload")
    with Load(session, "hup", part[1], part[2]) as load:
        time.sleep(1.5)
        for n in range(1, APP_SERVERS + 1):
            os.kill(master_pid(n), signal.SIGHUP)
            time.sleep(2.5)
        stack("reload-nginx")
        time.sleep(2.5)
    return summarize(row, load.results, "hup")


def scenario_redis(session, part) -> Row:
    row = Row("redis stopped")
    with Load(session, "redis", part[1], part[2]) as load:
        time.sleep(1.5)
        stack("stop-redis")
        log("  redis stopped")
        time.sleep(5)
        stack("start-redis")
        log("  redis started again")
        time.sleep(2)
    summarize(row, load.results, "redis")
    # The criterion here is "no 5xx": a failed GET/POST that is not a 5xx is still a miss above.
    if row.server_errors:
        row.missed.append(f"{row.server_errors} responses with 5xx")
    return row


def scenario_lock(session, free_part, locked_part) -> Row:
    row = Row(f"row lock held {LOCK_SECONDS:.0f} s")
    probes: list[Result] = []
    blocked: list[Result] = []
    load = Load(session, "lock", free_part[1], free_part[2])
    holder = psycopg.connect(DATABASE_URL, connect_timeout=5)
    try:
        holder.execute("SELECT id FROM catalog_part WHERE id = %s FOR UPDATE", [locked_part[0]])
        log(f"  part {locked_part[1]} locked by another session")
        hold_until = time.monotonic() + LOCK_SECONDS

        def probe_loop():
            while time.monotonic() < hold_until - 0.5:
                probes.extend(
                    load.record("GET", path, lambda p=path: session.request("GET", p, timeout=10))
                    for path in ("/healthz", "/readyz", "/parts/")
                )
                time.sleep(0.25)

        def blocked_writer(n: int):
            round_ = 0
            while time.monotonic() < hold_until - LOCK_TIMEOUT - 2:
                round_ += 1
                reference = f"fault:{RUN}:lock-blocked:{n}:{round_}"
                blocked.append(
                    load.record(
                        "POST",
                        "/stock/receive/ (locked part)",
                        lambda r=reference: session.receive(
                            locked_part[1], locked_part[2], r, timeout=60
                        ),
                        reference,
                    )
                )
                time.sleep(1)

        with load:
            threads = [threading.Thread(target=probe_loop, daemon=True)]
            threads += [
                threading.Thread(target=blocked_writer, args=(n,), daemon=True) for n in range(4)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(LOCK_SECONDS + 70)
            time.sleep(max(0.0, hold_until - time.monotonic()))
    finally:
        holder.rollback()
        holder.close()
    log("  lock released")
    time.sleep(2)  # anything still waiting would commit now
    others = [
        r
        for r in load.results
        if r.reference == "" or not r.reference.startswith(f"fault:{RUN}:lock-blocked")
    ]
    summarize(row, others, "lock")
    row.failed_gets = sum(r.failed for r in others if r.method == "GET")
    slow = [r for r in probes if r.seconds >= 1.0]
    worst_probe = max((r.seconds for r in probes), default=0)
    worst_health = max((r.seconds for r in probes if r.path == "/healthz"), default=0)
    if slow:
        row.missed.append(
            f"{len(slow)} of {len(probes)} probes (/healthz, /readyz, /parts/) took 1 s or more"
        )
    refused = [r for r in blocked if r.status == 503]
    # PostgreSQL applies lock_timeout to each lock it waits for: a write queued behind
    # another waiting write first waits for the tuple lock, then for the holder.
    late = [r for r in blocked if r.seconds > 2 * LOCK_TIMEOUT + 1]
    if not blocked:
        row.missed.append("no blocked write was sent (FAULT_LOCK_SECONDS too short?)")
    if len(refused) != len(blocked):
        row.missed.append(
            f"{len(blocked) - len(refused)} of {len(blocked)} blocked writes not refused with 503: "
            f"{sorted({r.status for r in blocked})}"
        )
    if late:
        row.missed.append(f"{len(late)} blocked writes answered after {2 * LOCK_TIMEOUT + 1:.0f} s")
    committed = booked(f"fault:{RUN}:lock-blocked:")
    if committed:
        row.missed.append(f"{len(committed)} blocked writes committed after the lock was released")
    row.told_failed_committed += len(committed)
    row.requests += len(blocked)
    row.note = (
        f"{len(blocked)} blocked writes: {len(refused)} refused 503 in "
        f"{min((r.seconds for r in blocked), default=0):.1f}–{max((r.seconds for r in blocked), default=0):.1f} s, "
        f"{len(committed)} committed; probes {len(probes)}, slowest {worst_probe * 1000:.0f} ms "
        f"(/healthz {worst_health * 1000:.0f} ms)"
    )
    return row


KEY_FIELD = re.compile(rb'name="idempotency_key" value="([^"]+)"')


def scenario_same_key(session, part) -> Row:
    """One stock POST sent twice with the same key: the form's field (the key the page
    put in the form), four copies at once, and the API's Idempotency-Key header."""
    row = Row("same key sent twice")
    sku, location = part[1], part[2]
    _, _, page = session.request("GET", "/stock/receive/")
    match = KEY_FIELD.search(page)
    if not match:
        row.missed.append("the receive form carries no idempotency key")
        return row
    reference = f"fault:{RUN}:samekey:form"
    form = {
        "part": sku,
        "location": location,
        "quantity": "1",
        "reference": reference,
        "idempotency_key": match.group(1).decode(),
    }
    answers = [session.post_form("/stock/receive/", form)[:2] for _ in range(2)]
    # Four copies of one POST at the same moment (a double click, a retry racing the first).
    key = uuid.uuid4().hex
    together = f"fault:{RUN}:samekey:together"
    copies: list = []
    barrier = threading.Barrier(4)

    def copy():
        barrier.wait()
        copies.append(
            session.post_form(
                "/stock/receive/", {**form, "reference": together, "idempotency_key": key}
            )[:2]
        )

    threads = [threading.Thread(target=copy) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    api_ref = f"fault:{RUN}:samekey:api"
    api_key = uuid.uuid4().hex
    api_answers = [
        session.request(
            "POST",
            "/api/v1/stock/receive/",
            json_body={"part": sku, "location": location, "quantity": "1", "reference": api_ref},
            extra={"Idempotency-Key": api_key},
        )[:2]
        for _ in range(2)
    ]
    counts = booked(f"fault:{RUN}:samekey:")
    row.requests = 2 + len(copies) + 2
    statuses = [a[0] for a in answers + copies + api_answers]
    row.failed_posts = sum(1 for st in statuses if st == 0 or st >= 400)
    row.server_errors = sum(1 for st in statuses if st >= 500)
    if [a[0] for a in answers] != [302, 302] or answers[0][1].get("location") != answers[1][1].get(
        "location"
    ):
        row.missed.append(
            f"form sent twice: answers {[a[0] for a in answers]}, not the same redirect"
        )
    if [c[0] for c in copies] != [302] * 4:
        row.missed.append(f"four copies at once: answers {sorted(c[0] for c in copies)}")
    if [a[0] for a in api_answers] != [201, 201] or api_answers[1][1].get(
        "idempotent-replayed"
    ) != "true":
        row.missed.append(f"API sent twice: answers {[a[0] for a in api_answers]}")
    for name, ref in (("form", reference), ("copies", together), ("API", api_ref)):
        if counts.get(ref) != 1:
            row.missed.append(f"{name}: booked {counts.get(ref, 0)} times")
    row.booked_twice = sum(1 for c in counts.values() if c > 1)
    row.note = (
        f"form key from the page x2: booked {counts.get(reference, 0)}; same key x4 at once: "
        f"booked {counts.get(together, 0)}; API Idempotency-Key x2: booked {counts.get(api_ref, 0)}"
    )
    return row


def hot_rows() -> tuple[list[tuple[int, str]], str, str]:
    """Three parts without batches in stock at one location (the hot rows), and a second
    location; none of them the parts the other scenarios use."""
    with db() as conn:
        loc = conn.execute(
            """SELECT l.id, l.code FROM inventory_location l JOIN inventory_stockitem s ON s.location_id = l.id
               JOIN catalog_part p ON p.id = s.part_id
               WHERE l.is_active AND p.is_active AND NOT p.tracks_batches AND s.batch = ''
               GROUP BY l.id, l.code HAVING count(*) >= 5 ORDER BY l.id DESC LIMIT 1"""
        ).fetchone()
        parts = conn.execute(
            """SELECT p.id, p.sku FROM inventory_stockitem s JOIN catalog_part p ON p.id = s.part_id
               WHERE s.location_id = %s AND p.is_active AND NOT p.tracks_batches AND s.batch = ''
               ORDER BY p.id DESC LIMIT 3""",
            [loc[0]],
        ).fetchall()
        other = conn.execute(
            "SELECT id, code FROM inventory_location WHERE is_active AND id <> %s ORDER BY id DESC LIMIT 1",
            [loc[0]],
        ).fetchone()
    return parts, loc, other


def quantities(parts, locations) -> dict[tuple[int, int], float]:
    with db() as conn:
        rows = conn.execute(
            """SELECT part_id, location_id, sum(quantity) FROM inventory_stockitem
               WHERE part_id = ANY(%s) AND location_id = ANY(%s) GROUP BY part_id, location_id""",
            [[p[0] for p in parts], [loc[0] for loc in locations]],
        ).fetchall()
    return {(p, loc): float(q) for p, loc, q in rows}


def scenario_hot(sessions: list[Session]) -> Row:
    """STOCK_OPS receipts, issues and transfers from len(sessions) sessions at once on three
    parts at two locations: the final quantities equal the start plus the tally of the
    answers that said done, exactly; every operation answered done is booked once, every
    one refused (not enough stock, a lock timeout) not at all."""
    parts, here, there = hot_rows()
    row = Row(f"{STOCK_OPS} stock ops, {len(sessions)} sessions")
    before = quantities(parts, (here, there))
    tally: dict[tuple[int, int], float] = {}
    answers: list[tuple[str, int, float, bool, int]] = []
    lock = threading.Lock()
    counter = iter(range(STOCK_OPS))
    started = time.monotonic()

    def work(n: int, session: Session):
        rng = random.Random(1000 + n)
        while True:
            with lock:
                i = next(counter, None)
            if i is None or time.monotonic() - STARTED > MAX_SECONDS:
                return
            pid, sku = rng.choice(parts)
            quantity = rng.randint(1, 3)
            reference = f"fault:{RUN}:hot:{i}"
            kind = rng.choice(("receive", "issue", "transfer", "transfer"))
            a, b = (here, there) if rng.random() < 0.5 else (there, here)
            if kind == "receive":
                form = {"part": sku, "location": a[1], "quantity": quantity}
                deltas = {(pid, a[0]): quantity}
            elif kind == "issue":
                form = {"part": sku, "location": a[1], "quantity": quantity}
                deltas = {(pid, a[0]): -quantity}
            else:
                form = {
                    "part": sku,
                    "from_location": a[1],
                    "to_location": b[1],
                    "quantity": quantity,
                }
                deltas = {(pid, a[0]): -quantity, (pid, b[0]): quantity}
            form["reference"] = reference
            t0 = time.monotonic()
            try:
                status, _, _, retried = session.post_form(f"/stock/{kind}/", form)
            except (OSError, http.client.HTTPException):
                status, retried = 0, True
            with lock:
                answers.append(
                    (
                        reference,
                        status,
                        time.monotonic() - t0,
                        retried,
                        2 if kind == "transfer" else 1,
                    )
                )
                if status == 302:
                    for key, delta in deltas.items():
                        tally[key] = tally.get(key, 0) + delta

    threads = [
        threading.Thread(target=work, args=(n, s), daemon=True) for n, s in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(MAX_SECONDS)
    seconds = time.monotonic() - started
    after = quantities(parts, (here, there))
    counts = booked(f"fault:{RUN}:hot:")
    keys = set(before) | set(after) | set(tally)
    wrong = [k for k in keys if abs(before.get(k, 0) + tally.get(k, 0) - after.get(k, 0)) > 1e-9]
    done = [a for a in answers if a[1] == 302]
    refused = [a for a in answers if a[1] in (422, 503)]
    other = [a for a in answers if a[1] not in (302, 422, 503)]
    row.requests = len(answers)
    row.failed_posts = len(other)
    row.server_errors = sum(1 for a in answers if a[1] >= 500 and a[1] != 503)
    row.worst_ms = max((a[2] for a in answers), default=0) * 1000
    row.retried = sum(a[3] for a in answers)
    row.done_not_booked_once = sum(1 for a in done if counts.get(a[0]) != a[4])
    row.told_failed_committed = sum(1 for a in answers if a[1] != 302 and counts.get(a[0]))
    row.booked_twice = sum(1 for a in answers if counts.get(a[0], 0) > a[4])
    if len(answers) < STOCK_OPS:
        row.missed.append(f"only {len(answers)} of {STOCK_OPS} operations sent in time")
    if wrong:
        row.missed.append(f"{len(wrong)} stock records differ from the tally of accepted answers")
    if other:
        row.missed.append(
            f"{len(other)} answers neither done nor refused: {sorted({a[1] for a in other})}"
        )
    if row.done_not_booked_once:
        row.missed.append(f"{row.done_not_booked_once} done but not booked exactly once")
    if row.told_failed_committed:
        row.missed.append(f"{row.told_failed_committed} refused yet committed")
    latencies = sorted(a[2] for a in answers) or [0]
    row.note = (
        f"{len(done)} done, {len(refused)} refused (422 not enough stock / 503 lock timeout: "
        f"{sum(a[1] == 503 for a in refused)}), {row.retried} retried; {len(keys)} stock records "
        f"equal start + tally: {'yes' if not wrong else 'NO'}; {seconds:.0f} s, "
        f"{len(answers) / max(seconds, 0.001):.0f} ops/s, p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
    )
    return row


def scenario_connections(static_path: str) -> Row:
    """CONNECTIONS concurrent connections (wrk) on a static file (Nginx alone) and on the
    sign-in page (through Gunicorn and Django): no socket
    errors, no 5xx."""
    row = Row(f"{CONNECTIONS} connections (wrk)")
    wrk = shutil.which("wrk")
    if not wrk:
        row.missed.append("wrk is not installed (apt-get install wrk)")
        return row
    notes = []
    for path in (static_path, "/accounts/login/"):
        result = subprocess.run(
            [
                wrk,
                "-t2",
                f"-c{CONNECTIONS}",
                "-d4s",
                "--timeout",
                "10s",
                "-H",
                f"Host: localhost:{PORT}",
                f"http://{HOST}:{PORT}{path}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        out = result.stdout
        total = re.search(r"(\d+) requests in", out)
        sock = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
        )
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        errors = sum(int(x) for x in sock.groups()) if sock else 0
        bad = int(non2xx.group(1)) if non2xx else 0
        row.requests += int(total.group(1)) if total else 0
        row.server_errors += bad
        if result.returncode or not total:
            row.missed.append(f"wrk failed on {path}: {result.stderr.strip()[:200]}")
        if errors:
            row.missed.append(f"{path}: socket errors {sock.group(0)}")
        if bad:
            row.missed.append(f"{path}: {bad} non-2xx/3xx answers")
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
        notes.append(
            f"{path.split('/')[-1] or path}: {total.group(1) if total else '?'} requests, "
            f"{rps.group(1) if rps else '?'}/s, socket errors {errors}"
        )
    row.name = f"{CONNECTIONS} connections (wrk)"
    row.note = "; ".join(notes)
    return row


def pg_bin() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p)],
    )
    if not found:
        sys.exit("faults: no pg_ctl under /usr/lib/postgresql/*/bin")
    return Path(found[-1]).parent


def scenario_postgres() -> Row:
    """PostgreSQL stopped for PG_STOP_SECONDS, on a throwaway cluster (never the machine's
    shared one): a copy of the stack's database in a cluster of its own on another port,
    served by a second stack (one app server). While it is down: the 503 page (no
    traceback) within the connect timeout; the first success within 2 s of its return;
    no failure after that; no POST told failed yet committed."""
    row = Row(f"postgres stopped {PG_STOP_SECONDS:.0f} s")
    bindir = pg_bin()
    # In /tmp, owned by the postgres user when we are root (initdb refuses to run as root).
    base = Path(tempfile.mkdtemp(prefix="stockroom-pg-fault-"))
    as_owner: list[str] = []
    if os.geteuid() == 0:
        import pwd

        owner = pwd.getpwnam("postgres")
        os.chown(base, owner.pw_uid, owner.pw_gid)
        as_owner = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    pg_port = PG_PORT
    url = f"postgres://postgres@127.0.0.1:{pg_port}/stockroom"

    def run(*cmd, env=None, stdin=None, owner=False):
        subprocess.run(
            [*(as_owner if owner else []), *(str(c) for c in cmd)],
            env=env,
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=True,
        )

    def pg_ctl(*args):
        run(bindir / "pg_ctl", "-D", data, "-s", *args, owner=True)

    stack_env = {
        **os.environ,
        "STACK_DIR": str(base / "stack"),
        "STACK_PORT": str(PG_STACK_PORT),
        "STACK_REDIS_PORT": str(PG_STACK_PORT + 10000),
        "STACK_APP_SERVERS": "1",
        "STACK_TLS": "0",
        "DATABASE_URL": url,
    }
    session = Session(port=PG_STACK_PORT)
    try:
        run(
            bindir / "initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            owner=True,
        )
        pg_ctl(
            "-o",
            f"-p {pg_port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off",
            "-l",
            str(base / "postgres.log"),
            "-w",
            "start",
        )
        run(bindir / "createdb", "-h", "127.0.0.1", "-p", pg_port, "-U", "postgres", "stockroom")
        dump = subprocess.Popen(
            [str(bindir / "pg_dump"), "-Fc", DATABASE_URL], stdout=subprocess.PIPE
        )
        run(bindir / "pg_restore", "--no-owner", "-d", url, stdin=dump.stdout)
        dump.wait()
        run(ROOT / "deploy" / "stack.sh", "start", env=stack_env)
        log(
            f"  throwaway cluster on :{pg_port} (a copy of the database), a second stack on :{PG_STACK_PORT}"
        )
        session.sign_in()
        part = pick_parts()[0]
        load = Load(session, "postgres", part[1], part[2])
        with load:
            time.sleep(2)
            stopped = time.monotonic()
            pg_ctl("-m", "fast", "-w", "stop")
            log("  PostgreSQL stopped")
            time.sleep(max(0.0, PG_STOP_SECONDS - (time.monotonic() - stopped)))
            # PostgreSQL may accept connections before `pg_ctl -w` notices: "down" ends
            # when the start begins, "back" when pg_ctl says it is up.
            restarting = time.monotonic()
            pg_ctl(
                "-o",
                f"-p {pg_port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off",
                "-l",
                str(base / "postgres.log"),
                "-w",
                "start",
            )
            back = time.monotonic()
            log(f"  PostgreSQL started again after {back - stopped:.1f} s")
            time.sleep(6)
        results = sorted(load.results, key=lambda r: r.at + r.seconds)
        during = [r for r in results if stopped + 0.5 < r.at and r.at + r.seconds < restarting]
        after_back = [r for r in results if r.at + r.seconds >= back]
        first_ok = next((r for r in after_back if not r.failed and r.path != "/healthz"), None)
        settled = [r for r in after_back if first_ok and r.at >= first_ok.at + first_ok.seconds]
        row.requests = len(results)
        row.failed_gets = sum(r.failed for r in results if r.method == "GET")
        row.failed_posts = sum(r.failed for r in results if r.method == "POST")
        row.server_errors = sum(r.status >= 500 for r in results)
        row.worst_ms = max((r.seconds for r in during), default=0) * 1000
        unavailable = [r for r in during if r.status == 503]
        traceback = [r for r in during if b"Traceback" in r.body or b"Error at" in r.body]
        other = [
            r for r in during if r.status != 503 and not (r.status == 200 and r.path == "/healthz")
        ]
        slow = [r for r in during if r.seconds > CONNECT_TIMEOUT + 1]
        if not unavailable:
            row.missed.append("no 503 page while PostgreSQL was down")
        if traceback:
            row.missed.append(f"{len(traceback)} answers showed a traceback")
        if other:
            row.missed.append(
                f"{len(other)} answers while down were not the 503 page: "
                + ", ".join(
                    f"{r.method} {r.path} {r.status or r.error}"
                    f"{' (page cache ' + r.page_cache + ')' if r.page_cache else ''}"
                    f" at {r.at - restarting:+.1f}+{r.seconds:.1f} s"
                    for r in other[:6]
                )
            )
        if slow:
            row.missed.append(
                f"{len(slow)} answers while down took over {CONNECT_TIMEOUT + 1:.0f} s"
            )
        if first_ok is None:
            row.missed.append("no success after PostgreSQL returned")
        elif first_ok.at + first_ok.seconds - back > 2:
            row.missed.append(
                f"first success {first_ok.at + first_ok.seconds - back:.1f} s after the return"
            )
        late = [r for r in settled if r.failed]
        if late:
            row.missed.append(f"{len(late)} failures after the first success")
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            counts = dict(
                conn.execute(
                    "SELECT reference, count(*) FROM inventory_stockmovement WHERE reference LIKE %s GROUP BY reference",
                    [f"fault:{RUN}:postgres:%"],
                ).fetchall()
            )
        posts = [r for r in results if r.method == "POST"]
        row.told_failed_committed = sum(1 for r in posts if r.failed and counts.get(r.reference))
        row.done_not_booked_once = sum(
            1 for r in posts if not r.failed and counts.get(r.reference) != 1
        )
        if row.told_failed_committed:
            row.missed.append(f"{row.told_failed_committed} POSTs told failed yet committed")
        if row.done_not_booked_once:
            row.missed.append(f"{row.done_not_booked_once} POSTs done but not booked once")
        answer_times = [r.seconds for r in unavailable] or [0]
        row.note = (
            f"the failures and 5xx counted are the 503 pages while it was down: "
            f"{len(during)} requests, {len(unavailable)} answered 503 (no traceback: "
            f"{'yes' if not traceback else 'NO'}) in {min(answer_times):.2f}–{max(answer_times):.2f} s "
            f"(connect timeout {CONNECT_TIMEOUT:.0f} s); first success "
            f"{(first_ok.at + first_ok.seconds - back) if first_ok else float('nan'):.2f} s after the return; "
            f"{len(settled)} requests after it, {sum(r.failed for r in settled)} failed"
        )
    except subprocess.CalledProcessError as error:
        row.missed.append(
            f"setting up the throwaway cluster failed: {error.cmd[0]}: {(error.stderr or b'').decode()[:300]}"
        )
    finally:
        subprocess.run(
            [str(ROOT / "deploy" / "stack.sh"), "stop"],
            env=stack_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [
                    *as_owner,
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-s",
                    "-m",
                    "immediate",
                    "stop",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(base, ignore_errors=True)
    return row


def check_stock() -> Row:
    row = Row("check_stock")
    env = {**os.environ, "DEBUG": "1"}
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "check_stock"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    row.note = (
        (result.stdout.strip() or result.stderr.strip()).splitlines()[-1]
        if (result.stdout or result.stderr)
        else ""
    )
    if result.returncode:
        row.missed.append("ledger and stock on hand disagree")
    return row


def signed_in_sessions(n: int) -> list[Session]:
    """n sessions of the demo admin, signed in 4 at a time (a sign-in costs CPU on purpose)."""
    sessions = [Session() for _ in range(n)]
    started = time.monotonic()
    for i in range(0, n, 4):
        threads = [threading.Thread(target=s.sign_in) for s in sessions[i : i + 4]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    log(f"  {n} sessions signed in in {time.monotonic() - started:.1f} s")
    return sessions


def main() -> int:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        sys.exit("faults: DATABASE_URL must name the stack's PostgreSQL database")
    free_part, locked_part = pick_parts()
    session = Session()
    session.sign_in()
    log(
        f"load: {THREADS} clients on http://{HOST}:{PORT}, {APP_SERVERS} app servers; receipts on {free_part[1]}"
        f" at {free_part[2]}, lock on {locked_part[1]}"
    )
    _, _, page = session.request("GET", "/parts/")
    static_path = re.search(rb'"(/static/[^"]+\.css)"', page).group(1).decode()
    rows = []
    for name, run in (
        ("kill", lambda: scenario_kill(session, free_part)),
        ("rollout", lambda: scenario_rollout(session, free_part)),
        ("hup", lambda: scenario_hup(session, free_part)),
        ("redis", lambda: scenario_redis(session, free_part)),
        ("lock", lambda: scenario_lock(session, free_part, locked_part)),
        ("same key", lambda: scenario_same_key(session, free_part)),
        ("stock ops", lambda: scenario_hot(signed_in_sessions(STOCK_SESSIONS))),
        ("connections", lambda: scenario_connections(static_path)),
        ("postgres", scenario_postgres),
        ("check_stock", check_stock),
    ):
        if ONLY and name not in ONLY:
            continue
        log(f"scenario {name}")
        rows.append(run())
    elapsed = time.monotonic() - STARTED
    print()
    header = (
        f"{'scenario':32} {'requests':>8} {'GET fail':>8} {'POST fail':>9} {'retried':>7} {'5xx':>5} "
        f"{'slowest':>9} {'failed+committed':>16} {'booked twice':>12}  result"
    )
    print(header)
    print("-" * len(header))
    misses = 0
    for row in rows:
        result = (
            "skipped"
            if row.skipped
            else ("ok" if not row.missed else "MISS: " + "; ".join(row.missed))
        )
        misses += bool(row.missed)
        print(
            f"{row.name:32} {row.requests:8} {row.failed_gets:8} {row.failed_posts:9} {row.retried:7} "
            f"{row.server_errors:5} {row.worst_ms:7.0f}ms {row.told_failed_committed:16} "
            f"{row.booked_twice:12}  {result}"
        )
        if row.note:
            print(f"{'':32} {row.note}")
    print(f"\nwhole run: {elapsed:.0f} s (limit {MAX_SECONDS:.0f} s)")
    if elapsed > MAX_SECONDS:
        misses += 1
        print("MISS: the run took longer than FAULT_MAX_SECONDS")
    print(
        f"faults: {len(rows) - misses - sum(r.skipped for r in rows)} passed, {misses} failed, "
        f"{sum(r.skipped for r in rows)} skipped"
    )
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
