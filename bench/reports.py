#!/usr/bin/env python
"""The reports' queries alone on a data set: for each report URL, the number of queries
and the server time (p50/p95 of N requests through Django's test client, in process, the
page cache off), signed in as the demo admin. `make bench` measures the same URLs through
Nginx and Gunicorn (bench/run.py, report_targets); this is the quick look while working
on a query. The last column is the load average when each report was measured.

    DATABASE_URL=postgres://…/stockroom_large .venv/bin/python bench/reports.py [N]
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["RESPONSE_CACHE"] = "0"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from run import report_targets  # noqa: E402


def main(runs: int) -> int:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="admin"))
    print(f"{'report':45} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'load':>5}")
    worst = 0.0
    for target in report_targets():
        client.get(target.path)  # warm: connection, templates, PostgreSQL's cache
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(target.path)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (target.path, response.status_code)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        worst = max(worst, p95)
        # The machine's 1-minute load average at the end: on a shared machine the
        # figures mean little without it.
        load = os.getloadavg()[0]
        print(
            f"{target.name:45} {len(queries):7} {statistics.median(times):8.1f} {p95:8.1f} "
            f"{load:5.2f}"
        )
    print(f"worst p95: {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
