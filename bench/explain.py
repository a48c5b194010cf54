#!/usr/bin/env python
"""Where a page spends its time: its SQL, each query's EXPLAIN ANALYZE, and the Python.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stockroom_bench \\
        .venv/bin/python bench/explain.py /parts/ "/parts/?q=bearing" --htmx --plans

Renders each URL through Django's test client (signed in as admin, production-like
settings but DEBUG on for the query log), then prints the wall time of the request,
the time spent in SQL, and every query with its own EXPLAIN (ANALYZE) time; --plans
prints the full plans of the slowest queries. Read-only: EXPLAIN ANALYZE runs inside a
transaction that is rolled back.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stockroom_bench")
os.environ.setdefault("DEBUG", "1")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--htmx", action="store_true", help="send HX-Request: true (the fragment)")
    parser.add_argument(
        "--plans", action="store_true", help="print the plans of the three slowest queries"
    )
    parser.add_argument("--user", default="admin")
    parser.add_argument(
        "--repeat", type=int, default=5, help="requests per URL to time (after one warm-up)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=args.user))
    headers = {"HX-Request": "true"} if args.htmx else {}
    for url in args.urls:
        client.get(url, headers=headers)  # warm-up: templates, caches, connection
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, headers=headers)
        sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        times.sort()
        print(
            f"\n== {url}{' (HX-Request)' if args.htmx else ''}: {response.status_code}, "
            f"{len(response.content):,} B, median {times[len(times) // 2]:.1f} ms "
            f"(min {times[0]:.1f}), {len(captured)} queries, {sql_ms:.1f} ms in SQL as logged"
        )
        analysed = []
        with transaction.atomic():
            with connection.cursor() as cursor:
                for query in captured.captured_queries:
                    sql = query["sql"]
                    if not sql.lstrip().upper().startswith("SELECT"):
                        analysed.append((0.0, sql, None))
                        continue
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = [row[0] for row in cursor.fetchall()]
                    execution = next(
                        (line for line in plan if line.startswith("Execution Time")), "0 0"
                    )
                    analysed.append((float(execution.split()[2]), sql, plan))
            transaction.set_rollback(True)
        for ms, sql, _ in analysed:
            print(f"  {ms:8.2f} ms  {sql[:160]}")
        if args.plans:
            for ms, sql, plan in sorted(analysed, key=lambda a: -a[0])[:3]:
                if plan:
                    print(f"\n  -- {ms:.2f} ms: {sql[:400]}")
                    print("\n".join("     " + line for line in plan))
    return 0


if __name__ == "__main__":
    sys.exit(main())
