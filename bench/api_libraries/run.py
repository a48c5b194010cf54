#!/usr/bin/env python
"""The API library comparison of docs/api.md: the first page of the parts list as JSON,
once with Django REST Framework (+ drf-spectacular) and once with django-ninja, on the
large data set, through Gunicorn on loopback, measured with wrk.

Needs both libraries installed (`pip install djangorestframework drf-spectacular
django-ninja`) and DATABASE_URL pointing at a database seeded with `seed_demo --size
large`. Prints one table: p50/p95 at one connection, req/s at four connections, bytes.
Not part of `make bench` (the app ships only the library chosen).
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("API_LIB_PORT", "8095"))
DURATION = int(os.environ.get("API_LIB_DURATION", "10"))
BASE = f"http://127.0.0.1:{PORT}"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.api_libraries.settings",
    "SECRET_KEY": "bench-only-not-secret",
    "DEBUG": "",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_COOKIES": "0",
    "PLAIN_STATIC_STORAGE": "1",
    "RESPONSE_CACHE": "0",
}
LUA = Path("/tmp/api_libraries_done.lua")
LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("FIGURES %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), e.connect + e.read + e.write + e.timeout + e.status))
end
"""
TARGETS = [
    ("HTML parts list (page)", "/parts/?per_page={n}"),
    ("DRF + drf-spectacular", "/bench/drf/parts/?per_page={n}"),
    ("django-ninja", "/bench/ninja/parts/?per_page={n}"),
]


def session_cookie() -> str:
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.cached_db import SessionStore\n"
        "u = get_user_model().objects.get(username='admin')\n"
        "s = SessionStore(); s[SESSION_KEY] = str(u.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.save(); print(s.session_key)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1]


def wrk(path: str, cookie: str, connections: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-s",
            str(LUA),
            f"-t{min(connections, 2)}",
            f"-c{connections}",
            f"-d{DURATION}s",
            "--latency",
            "-H",
            f"Cookie: sessionid={cookie}",
            BASE + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("FIGURES "))
    requests, micros, p50, p95, errors = (float(v) for v in line.split()[1:])
    return {
        "rps": requests / micros * 1e6,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "bad": int(errors),
    }


def main() -> None:
    LUA.write_text(LUA_DONE)
    cookie = session_cookie()
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "project.wsgi:application",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "2",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        print(
            f"{'target':28} {'per_page':>8} {'bytes':>7} {'p50 ms':>7} {'p95 ms':>7} {'req/s c1':>9} {'req/s c4':>9}"
        )
        for name, template in TARGETS:
            for n in (25, 100):
                path = template.format(n=n)
                req = urllib.request.Request(BASE + path, headers={"Cookie": f"sessionid={cookie}"})
                with urllib.request.urlopen(req) as response:
                    size = len(response.read())
                wrk(path, cookie, 1)  # warm-up
                one = wrk(path, cookie, 1)
                four = wrk(path, cookie, 4)
                print(
                    f"{name:28} {n:>8} {size:>7} {one['p50']:>7.1f} {one['p95']:>7.1f} "
                    f"{one['rps']:>9.0f} {four['rps']:>9.0f}"
                    + (
                        f"  ({one['bad'] + four['bad']} non-2xx)"
                        if one["bad"] + four["bad"]
                        else ""
                    ),
                    flush=True,
                )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=20)


if __name__ == "__main__":
    main()
