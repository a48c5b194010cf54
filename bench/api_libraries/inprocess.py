#!/usr/bin/env python
"""The API library comparison, in one process: the same endpoint (first page of the
parts list as JSON) through Django's full middleware stack with the test client, for
Django REST Framework and for django-ninja, in interleaved rounds so that both share
whatever else the machine is doing. Reports the application's CPU time per request
(time.process_time: Python only, PostgreSQL's work excluded) and wall-clock p50/p95.

    DATABASE_URL=postgres://…/large-set .venv/bin/python bench/api_libraries/inprocess.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api_libraries.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("PLAIN_STATIC_STORAGE", "1")
os.environ.setdefault("RESPONSE_CACHE", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "6"))
PER_ROUND = int(os.environ.get("PER_ROUND", "40"))
TARGETS = {
    "DRF + drf-spectacular": "/bench/drf/parts/?per_page={n}",
    "django-ninja": "/bench/ninja/parts/?per_page={n}",
    "HTML parts list": "/parts/?per_page={n}",
}


def main() -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    for n in (25, 100):
        cpu = {name: [] for name in TARGETS}
        wall = {name: [] for name in TARGETS}
        size = {}
        for name, template in TARGETS.items():  # warm-up
            for _ in range(5):
                response = client.get(template.format(n=n))
                assert response.status_code == 200, (name, response.status_code)
            size[name] = len(response.content)
        for _ in range(ROUNDS):
            for name, template in TARGETS.items():
                url = template.format(n=n)
                for _ in range(PER_ROUND):
                    c0, w0 = time.process_time(), time.perf_counter()
                    client.get(url)
                    cpu[name].append((time.process_time() - c0) * 1000)
                    wall[name].append((time.perf_counter() - w0) * 1000)
        print(f"\nper_page={n}: {ROUNDS} rounds x {PER_ROUND} requests, interleaved")
        print(
            f"{'target':24} {'bytes':>7} {'app CPU ms (median)':>20} {'wall p50':>9} {'wall p95':>9}"
        )
        for name in TARGETS:
            w = sorted(wall[name])
            print(
                f"{name:24} {size[name]:>7} {statistics.median(cpu[name]):>20.2f} "
                f"{w[len(w) // 2]:>9.1f} {w[int(len(w) * 0.95)]:>9.1f}"
            )


if __name__ == "__main__":
    main()
