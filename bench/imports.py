#!/usr/bin/env python
"""Benchmark of spreadsheet imports on the large data set (`make bench-imports`).

1. Uses its own PostgreSQL database (DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/stockroom_bench_imports): creates, migrates and
   seeds it with the large set (100,000 parts …) unless it is there.
2. Writes a 100,000-row parts file (half of the rows change existing parts, half are new
   parts) and runs its check and its commit the way production does: queued by
   django.tasks, run by `manage.py db_worker --batch` as a child process, whose wall time
   and peak memory (max RSS) are measured.
3. Counts the queries of the check grid's pages (first and a deep one, at two page sizes)
   and times the export of the 100,000 parts as CSV and XLSX.
4. With BENCH_UNDO=1, undoes the import. Each run writes new SKUs and names, so the file
   always creates 50,000 parts and changes 50,000.

Prints one table with the budgets of issue 14; exit status 3 when one is missed.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stockroom_bench_imports"
)
WORK = ROOT / "bench" / ".work" / "imports"
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
BUDGETS = {"check": 30.0, "commit": 60.0, "memory": 300.0, "export": 10.0}

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ["DEBUG"] = ""  # as in production: no query log growing in the worker
os.environ["PLAIN_STATIC_STORAGE"] = "1"
os.environ["IMPORT_FILES_ROOT"] = str(WORK / "files")
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
os.environ["RESPONSE_CACHE"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
sys.path.insert(0, str(ROOT))


def log(text: str) -> None:
    print(f"[bench-imports] {text}", flush=True)


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)


def ensure_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute(
            "select 1 from pg_database where datname = %s", [name]
        ).fetchone():
            log(f"creating database {name}")
            connection.execute(f'create database "{name}"')
    manage("migrate", "--noinput", "-v0")
    manage("seed_demo", "--size", "large", "--if-empty")


CPU: list[float] = []  # the worker's own CPU seconds per run (PostgreSQL's are apart)


def worker_run() -> tuple[float, float]:
    """Runs the queued task in a worker child: (wall seconds, peak RSS in MB); its CPU
    seconds go to CPU (on a shared machine the wall time includes waiting for a core)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"worker failed with {process.returncode}")
    CPU.append(usage.ru_utime + usage.ru_stime)
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def worker_baseline() -> tuple[float, float]:
    """A worker with nothing to do: its start-up time and memory."""
    return worker_run()


def main() -> int:
    ensure_database()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from apps.catalog.models import Part
    from apps.imports.kinds.parts import CatalogLookups
    from apps.imports.models import ImportJob, ImportStatus
    from apps.imports.services import jobs

    WORK.mkdir(parents=True, exist_ok=True)
    ImportJob.objects.exclude(status=ImportStatus.COMMITTED).delete()  # an earlier run's
    user = get_user_model().objects.get(username="admin")
    lookups = CatalogLookups()
    categories = [path for path, active in lookups.category_path.values() if active][:50]
    codes = list(lookups.location_code.values())[:50]
    existing = list(Part.objects.order_by("pk").values_list("sku", flat=True)[: ROWS // 2])
    run = int(time.time())  # new SKUs and names each run: the file always changes the data
    path = WORK / "parts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["SKU", "Name", "Category", "Unit", "Reorder point", "Unit cost", "Default location"]
        )
        for n in range(ROWS):
            sku = existing[n] if n < len(existing) else f"B{run}-{n:07d}"
            writer.writerow(
                [
                    sku,
                    f"Bench part {n} ({run})",
                    categories[n % len(categories)],
                    "pcs",
                    str(n % 50),
                    "1.25",
                    codes[n % len(codes)],
                ]
            )
    size_mb = path.stat().st_size / 1024 / 1024
    log(
        f"{ROWS:,} rows, {size_mb:.1f} MB ({len(existing):,} existing parts, {ROWS - len(existing):,} new)"
    )

    # For comparison (docs/imports.md): the part form itself, one per row, on 2,000 rows.
    from apps.catalog.forms.parts import PartForm
    from apps.catalog.models import Category

    category = Category.objects.filter(is_active=True).first()
    started = time.perf_counter()
    for n in range(2000):
        PartForm(
            data={
                "sku": f"FORM-{n}",
                "name": "x",
                "category": category.pk,
                "unit": "pcs",
                "reorder_point": "1",
                "reorder_quantity": "0",
                "unit_cost": "0",
                "default_location_code": codes[n % len(codes)],
            }
        ).is_valid()
    form_rate = 2000 / (time.perf_counter() - started)

    idle_seconds, idle_mb = worker_baseline()
    results = []
    with path.open("rb") as handle:
        job = jobs.import_create(
            user=user, kind="parts", upload=SimpleUploadedFile("parts.csv", handle.read())
        )
    jobs.import_set_mapping(job=job, user=user, mapping=job.mapping, defaults={})
    job = jobs.import_start(job=job, step="check", user=user)
    assert job.status == ImportStatus.CHECKING, job.status
    seconds, peak = worker_run()
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED, job.message
    results.append(
        (f"check a {ROWS:,}-row parts file", seconds, peak, BUDGETS["check"], job.counts)
    )

    client = Client()
    client.force_login(user)
    grid = {}
    for per_page in (25, 100):
        for page in (1, 200):
            url = (
                reverse("imports:import_detail", args=[job.pk])
                + f"?show=all&per_page={per_page}&page={page}"
            )
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, headers={"HX-Request": "true", "HX-Target": "grid"})
            assert response.status_code == 200, response.status_code
            grid[(per_page, page)] = len(queries)

    job = jobs.import_start(job=job, step="commit", user=user)
    seconds, peak = worker_run()
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED, job.message
    results.append(("commit it (one transaction)", seconds, peak, BUDGETS["commit"], job.counts))

    exports = []
    for file_format in ("csv", "xlsx"):
        started = time.perf_counter()
        response = client.get(
            reverse("imports:list_export", args=["parts"]) + f"?status=all&format={file_format}"
        )
        size = (
            sum(len(chunk) for chunk in response.streaming_content)
            if response.streaming
            else len(response.content)
        )
        exports.append((file_format, time.perf_counter() - started, size))

    undo = os.environ.get("BENCH_UNDO") == "1"  # slow (deletes one by one): on request
    if undo:
        job = jobs.import_start(job=job, step="undo", user=user)
        undo_seconds, undo_peak = worker_run()
        job.refresh_from_db()
        undone = job.status == ImportStatus.UNDONE

    missed = 0
    print()
    print("Step times are the worker's whole run, its start-up included (first line).")
    print(f"{'what':44} {'seconds':>8} {'rows/s':>8} {'peak MB':>8}  budget")
    print(f"{'worker start-up, nothing to do':44} {idle_seconds:8.1f} {'':>8} {idle_mb:8.0f}")
    print("worker CPU seconds (start-up, check, commit): " + ", ".join(f"{c:.1f}" for c in CPU[:3]))
    for label, seconds, peak, budget, counts in results:
        ok = seconds <= budget and peak <= BUDGETS["memory"]
        missed += not ok
        print(
            f"{label:44} {seconds:8.1f} {ROWS / seconds:8.0f} {peak:8.0f}  ≤ {budget:.0f} s, ≤ {BUDGETS['memory']:.0f} MB "
            f"{'ok' if ok else 'MISSED'}   {counts}"
        )
    if undo:
        print(
            f"{'undo it':44} {undo_seconds:8.1f} {ROWS / undo_seconds:8.0f} {undo_peak:8.0f}  {'ok' if undone else job.message}"
        )
    for file_format, seconds, size in exports:
        ok = seconds <= BUDGETS["export"]
        missed += not ok
        print(
            f"{'export all parts as ' + file_format.upper():44} {seconds:8.1f} {Part.objects.count() / seconds:8.0f} "
            f"{'':>8}  ≤ {BUDGETS['export']:.0f} s {'ok' if ok else 'MISSED'}   {size / 1024 / 1024:.1f} MB"
        )
    print(f"{'(PartForm per row, for comparison)':44} {'':>8} {form_rate:8.0f}")
    constant = len(set(grid.values())) == 1
    missed += not constant
    print(
        "check grid queries (per page 25/100 × page 1/200): "
        + ", ".join(f"{k[0]}/{k[1]}: {v}" for k, v in grid.items())
        + ("  constant ok" if constant else "  NOT CONSTANT")
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    return 3 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
