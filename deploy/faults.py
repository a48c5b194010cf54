"""Faults the running stack must survive, under constant mixed load; prints a table and
exits non-zero on any miss. Run by .ci/run after `make stack-start`:

    deploy/faults.py                 (STACK_PORT, STACK_DIR, STACK_APP_SERVERS, DATABASE_URL
                                      as for deploy/stack.sh; the demo data set seeded)

The load: FAULT_LOAD_THREADS (6) clients, signed in as the demo admin, each sending one
request after another on a fresh connection to 127.0.0.1 only: page reads and searches
(parts, stock, locations, movements, health) and stock receipts (POST, quantity 1, a
unique reference each) on one part. After each scenario the receipts are checked in the
database: every one answered as done is booked exactly once, and none answered as failed
is booked ("told failed, yet committed").

Scenarios and what counts as a miss:
  kill      one app server's whole process group gets SIGKILL, then it is started again:
            any failed GET (POSTs in flight on the killed server may fail: that is the
            idempotency-key work left in issue 13, reported, not counted)
  rollout   deploy/rollout.sh: any failed request
  hup       SIGHUP to every Gunicorn master, then an Nginx reload: any failed request
  redis     the stack's Redis stopped for a few seconds, then started: any 5xx
  lock      a row lock on one part held FAULT_LOCK_SECONDS (60; CI sets fewer) by another
            session: /healthz, /readyz or a page slower than 1 s; a receipt for the locked
            part not refused (503) within twice the lock timeout + 1 s (one wait for the
            tuple lock behind another waiter, one for the holder); one committed afterwards
  postgres  stopping PostgreSQL: skipped (the stack's database lives on the machine's
            shared cluster; see the printed reason)
  all       any request that was told it failed yet committed (except `kill`, above);
            `manage.py check_stock` not clean; the whole run over FAULT_MAX_SECONDS (240)

Every loop is bounded in time; traffic goes to 127.0.0.1 only.
"""

import http.client
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
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
MAX_SECONDS = float(os.environ.get("FAULT_MAX_SECONDS", "240"))
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

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, form: dict | None = None, timeout: float = 60):
        conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
        headers = {"Host": f"localhost:{PORT}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://localhost:{PORT}"
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

    def receive(self, sku: str, location: str, reference: str, timeout: float = 60):
        form = {
            "csrfmiddlewaretoken": self.token,
            "part": sku,
            "location": location,
            "quantity": "1",
            "reference": reference,
            "note": "fault test",
        }
        return self.request("POST", "/stock/receive/", form, timeout=timeout)


@dataclass
class Result:
    method: str
    path: str
    status: int  # 0: no answer (connection error, timeout)
    seconds: float
    error: str = ""
    reference: str = ""
    at: float = 0.0

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
            if self.posts and rng.random() < 0.2:
                with self.lock:
                    self.counter += 1
                    reference = f"fault:{RUN}:{self.scenario}:{self.counter}"
                self.record(
                    "POST",
                    "/stock/receive/",
                    lambda r=reference: self.session.receive(self.sku, self.location, r),
                    reference,
                )
            else:
                path = rng.choice(self.GETS)
                self.record("GET", path, lambda p=path: self.session.request("GET", p))

    def record(self, method, path, call, reference="") -> Result:
        started = time.monotonic()
        try:
            status, _, _ = call()
            result = Result(
                method, path, status, time.monotonic() - started, reference=reference, at=started
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


def scenario_kill(session, part) -> Row:
    row = Row("kill -9 app server 1")
    with Load(session, "kill", part[1], part[2]) as load:
        time.sleep(2)
        pid = master_pid(1)
        os.killpg(pid, signal.SIGKILL)
        log(f"  SIGKILL to app server 1 (process group {pid})")
        time.sleep(3)
        stack("start-app", "1")
        log("  app server 1 started again and ready")
        time.sleep(1.5)
    summarize(row, load.results, "kill", posts_may_fail=True)
    if row.failed_posts or row.told_failed_committed:
        row.note = (
            f"{row.failed_posts} POSTs in flight failed, {row.told_failed_committed} of them committed"
            " (idempotency keys: left for later)"
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


def scenario_postgres() -> Row:
    return Row(
        "postgres stopped",
        skipped=True,
        note="skipped: the stack's database is on the machine's shared cluster (stopping it stops everyone's);"
        " a throwaway-cluster run is left for later",
    )


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
    rows = []
    for name, run in (
        ("kill", lambda: scenario_kill(session, free_part)),
        ("rollout", lambda: scenario_rollout(session, free_part)),
        ("hup", lambda: scenario_hup(session, free_part)),
        ("redis", lambda: scenario_redis(session, free_part)),
        ("lock", lambda: scenario_lock(session, free_part, locked_part)),
        ("postgres", scenario_postgres),
        ("check_stock", check_stock),
    ):
        log(f"scenario {name}")
        rows.append(run())
    elapsed = time.monotonic() - STARTED
    print()
    header = f"{'scenario':28} {'requests':>8} {'GET fail':>8} {'POST fail':>9} {'5xx':>5} {'slowest':>9} {'failed+committed':>16}  result"
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
            f"{row.name:28} {row.requests:8} {row.failed_gets:8} {row.failed_posts:9} {row.server_errors:5} "
            f"{row.worst_ms:7.0f}ms {row.told_failed_committed:16}  {result}"
        )
        if row.note:
            print(f"{'':28} {row.note}")
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
