"""Imports in a browser with the real task worker: a 20,000-row parts file is checked and
committed by django-tasks-db's worker while the page shows the progress bar moving; the
progress survives a reload; a cancelled commit writes nothing; the commit run again
finishes and the parts are there.

The worker is django-tasks-db's own `Worker` (what `manage.py db_worker` runs) on the
database queue, in a thread of the test process: the live server's test database is in
memory on SQLite (a child process could not see it), a real database on PostgreSQL; a
thread reaches both (see QueueWorker)."""

import csv
import io
import os
import re
import threading

import pytest
from django.db import connections
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from apps.catalog.models import Category, Part
from apps.imports.models import ImportJob, ImportStatus
from apps.inventory.models import Location

ROWS = 20_000
HEADER = ["SKU", "Name", "Category", "Unit", "Barcode", "Reorder point", "Default location"]
PROGRESS = re.compile(r"^(\d+) of (\d+) rows")
# The worker of a busy 2-core machine: one step of 20,000 rows takes seconds, not minutes.
STEP_TIMEOUT = 90_000

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("STACK_URL")),
    reason="runs its own worker against the live server's database",
)


def category_path(category) -> str:
    names = [c.name for c in category.ancestors()] + [category.name]
    return " / ".join(names)


def parts_file(category: str, location: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(
        [f"BIG-{n:05d}", f"Bulk part {n}", category, "pcs", "", "5", location]
        for n in range(1, ROWS + 1)
    )
    return buffer.getvalue().encode("utf-8")


class QueueWorker:
    """django-tasks-db's worker, run as `manage.py db_worker --batch` runs it (the queued
    tasks, then it stops), in a thread of this process, once the page has queued a step.

    On PostgreSQL the thread has its own connection. On SQLite the live server's test
    database is in memory: the thread uses the live server's own connection to it, as the
    live server's request threads do (a second connection would share the database's cache
    and fail on its table locks, "database table is locked"). Started only after the
    request that queued the step has returned, so no request writes while a step runs."""

    def __init__(self, shared: dict):
        self.shared = shared
        self.threads: list[threading.Thread] = []
        self.errors: list[BaseException] = []

    def start(self) -> None:
        thread = threading.Thread(target=self._run, name="db_worker", daemon=True)
        self.threads.append(thread)
        thread.start()

    def _run(self) -> None:
        for alias, connection in self.shared.items():
            connections[alias] = connection
        try:
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=f"e2e-{len(self.threads)}",
                excluded_queue_names=[],
            ).run()
        except BaseException as error:  # noqa: BLE001 - the test reports it
            self.errors.append(error)
        finally:
            if not self.shared:
                connections.close_all()  # this thread's own connections

    def wait(self) -> None:
        for thread in self.threads:
            thread.join(timeout=STEP_TIMEOUT / 1000)
            assert not thread.is_alive(), "the worker did not finish"
        assert not self.errors, self.errors


@pytest.fixture
def worker(site, live_server):
    """The database queue for the live server (the same process) and its worker."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        runner = QueueWorker(live_server.thread.connections_override)
        yield runner
        runner.wait()


def progress_done(page, *, above: int = 0, or_checked: bool = False) -> tuple[int, int]:
    """Waits until the progress text shows more than `above` rows done: (done, total).
    With `or_checked`, the page having moved on to the checked rows counts as all done."""
    text = page.wait_for_function(
        """([above, orChecked]) => {
            if (orChecked && document.querySelector('[data-testid="counts"]')) return "checked";
            const text = document.querySelector('[data-testid="progress-text"]')?.textContent;
            const match = /^(\\d+) of (\\d+) rows/.exec(text || "");
            return match && Number(match[1]) > above && text;
        }""",
        arg=[above, or_checked],
        timeout=STEP_TIMEOUT,
    ).json_value()
    if text == "checked":
        return ROWS, ROWS
    done, total = map(int, PROGRESS.match(text).groups())
    # The total of a check is estimated from the file's size until the file is read.
    assert 0 < done <= total, text
    return done, total


def test_20000_rows_show_progress_survive_reload_cancel_and_finish(site, worker, page):
    category = Category.objects.filter(is_active=True, children__isnull=True).first()
    location = Location.objects.filter(is_active=True).exclude(code="").first()
    content = parts_file(category_path(category), location.code)
    before = Part.objects.count()

    site.sign_in(page)
    page.goto(site.url + reverse("imports:import_new"))
    page.get_by_label("What the file holds").select_option("parts")
    page.get_by_label("Spreadsheet").set_input_files(
        files=[{"name": "bulk-parts.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Which column holds what")).to_be_visible()
    expect(page.get_by_test_id("map-A")).to_have_value("sku")
    job = ImportJob.objects.latest("pk")

    # The check goes to the worker; the bar moves.
    page.get_by_role("button", name=re.compile("^Check")).click()
    expect(page.get_by_role("progressbar", name="Progress")).to_be_visible()
    expect(page.get_by_test_id("progress-text")).to_have_text("Waiting for the worker to start…")
    worker.start()
    first, _ = progress_done(page)
    assert first < ROWS

    # A reload in the middle shows where it is (not a blank page, not the columns again).
    # On a fast database the check may end before the bar shows another figure: then the
    # page moves on to the checked rows by itself, which is also "where it is".
    page.reload()
    expect(
        page.get_by_role("heading", name=re.compile("^Checking")).or_(page.get_by_test_id("counts"))
    ).to_be_visible()
    second, _ = progress_done(page, above=first, or_checked=True)
    assert first < second

    # Leaving and coming back: the same (or the checked rows, if it finished meanwhile).
    page.goto(site.url + reverse("imports:import_list"))
    page.get_by_role("link", name=f"#{job.pk}", exact=True).click()
    expect(page.get_by_test_id("progress-text").or_(page.get_by_test_id("counts"))).to_contain_text(
        re.compile(r"\d+ of \d+ rows|to create")
    )

    # Done: the page moves on to the checked rows by itself.
    expect(page.get_by_test_id("counts")).to_contain_text(f"{ROWS} to create", timeout=STEP_TIMEOUT)
    expect(page.get_by_test_id("counts")).to_contain_text("0 with errors")
    expect(page.locator("#grid tbody tr").first).to_be_visible()
    worker.wait()
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    assert job.total_rows == ROWS
    assert job.task_id  # it went through the queue, not within the request

    # A commit cancelled at once writes nothing and can be run again.
    page.get_by_role("button", name=f"Commit {ROWS} changes").click()
    expect(page.get_by_role("heading", name=re.compile("^Committing"))).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("Cancelling… the step stops after the rows it is on.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Committing"))).to_be_visible()
    worker.start()
    expect(page.get_by_test_id("job-message")).to_have_text(
        "Commit cancelled: nothing was written.", timeout=STEP_TIMEOUT
    )
    worker.wait()
    assert Part.objects.count() == before
    assert not Part.objects.filter(sku__startswith="BIG-").exists()
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED

    # The commit again: through the worker, with its progress, to the end.
    page.get_by_role("button", name=f"Commit {ROWS} changes").click()
    expect(page.get_by_role("heading", name=re.compile("^Committing"))).to_be_visible()
    worker.start()
    _, total = progress_done(page)
    assert total == ROWS
    expect(page.get_by_test_id("result-counts")).to_contain_text(
        f"{ROWS} created", timeout=STEP_TIMEOUT
    )
    worker.wait()
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert Part.objects.count() == before + ROWS
    assert Part.objects.filter(sku__startswith="BIG-").count() == ROWS
    assert Part.objects.get(sku="BIG-20000").default_location == location
