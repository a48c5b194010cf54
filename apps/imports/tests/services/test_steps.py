"""Steps in the background (the task), progress, cancel, and records changed since the check."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.catalog.models import Part
from apps.catalog.tests.factories import make_part
from apps.imports.models import ImportJob, ImportRow, ImportStatus
from apps.imports.services import jobs
from apps.imports.services.progress import Progress, read_progress, request_cancel
from apps.imports.tests.factories import PART_HEADER, csv_bytes, make_catalog, part_row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    return make_catalog()


@pytest.fixture
def boss(make_user):
    return make_user("boss", role="manager")


def request_cancel_during(monkeypatch, job):
    """Cancel is pressed once the step has started (starting clears an old request)."""
    real_clear = jobs.clear_cancel

    def clear_then_cancel(job_id):
        real_clear(job_id)
        request_cancel(job_id)

    monkeypatch.setattr(jobs, "clear_cancel", clear_then_cancel)


def create(user, rows):
    job = jobs.import_create(user=user, kind="parts", upload=upload(csv_bytes(rows)))
    return jobs.import_set_mapping(job=job, user=user, mapping=job.mapping, defaults={})


def test_big_files_go_through_the_task_queue(catalog, boss, settings):
    settings.IMPORT_INLINE_ROWS = 1  # everything bigger is a task (immediate backend in tests)
    job = create(boss, [PART_HEADER] + [part_row(f"T-{n}", "x") for n in range(30)])
    job = jobs.import_start(job=job, step="check", user=boss)
    assert job.task_id and job.status == ImportStatus.CHECKED and job.counts == {"create": 30}
    job = jobs.import_start(job=job, step="commit", user=boss)
    assert job.status == ImportStatus.COMMITTED and Part.objects.count() == 30


def test_a_cancelled_check_keeps_nothing(catalog, boss, monkeypatch):
    job = create(boss, [PART_HEADER] + [part_row(f"T-{n}", "x") for n in range(30)])
    # The user presses Cancel while the step runs: it stops after the chunk it is on.
    request_cancel_during(monkeypatch, job)
    job = jobs.import_start(job=job, step="check", user=boss)
    assert job.status == ImportStatus.MAPPING and job.message == "Check cancelled."
    assert not ImportRow.objects.filter(job=job).exists()
    monkeypatch.undo()
    job = jobs.import_start(job=job, step="check", user=boss)  # the flag was cleared
    assert job.status == ImportStatus.CHECKED


def test_a_cancelled_commit_writes_nothing(catalog, boss, monkeypatch):
    job = create(boss, [PART_HEADER] + [part_row(f"T-{n}", "x") for n in range(5)])
    job = jobs.import_start(job=job, step="check", user=boss)
    request_cancel_during(monkeypatch, job)
    job = jobs.import_start(job=job, step="commit", user=boss)
    assert job.status == ImportStatus.CHECKED and "nothing was written" in job.message
    assert not Part.objects.exists()


def test_records_changed_since_the_check_are_reported_not_overwritten(catalog, boss):
    part = make_part("C-1", category=catalog["tools"], name="Before", reorder_point=Decimal(1))
    job = create(
        boss,
        [
            PART_HEADER,
            part_row("C-1", "From the file", **{"Reorder point": "1"}),
            part_row("C-2", "New"),
        ],
    )
    job = jobs.import_start(job=job, step="check", user=boss)
    assert job.counts == {"update": 1, "create": 1}
    Part.objects.filter(pk=part.pk).update(name="Someone else's")  # meanwhile
    job = jobs.import_start(job=job, step="commit", user=boss)
    assert job.status == ImportStatus.CHECKED and job.conflicts == 1
    assert "changed since the check" in job.message
    row = ImportRow.objects.get(job=job, number=2)
    assert row.changed_since_check and row.changes == {"name": ["Someone else's", "From the file"]}
    assert (
        Part.objects.get(pk=part.pk).name == "Someone else's"
        and not Part.objects.filter(sku="C-2").exists()
    )
    job = jobs.import_start(job=job, step="commit", user=boss)  # reviewed: commit again
    assert job.status == ImportStatus.COMMITTED
    assert Part.objects.get(pk=part.pk).name == "From the file"


def test_undo_is_refused_once_a_record_changed_since(catalog, boss, client):
    job = create(boss, [PART_HEADER, part_row("U-1", "One")])
    job = jobs.import_start(job=job, step="check", user=boss)
    job = jobs.import_start(job=job, step="commit", user=boss)
    part = Part.objects.get(sku="U-1")
    part.name = "Edited by hand"
    part.save()
    client.force_login(boss)
    response = client.post(
        reverse("imports:import_undo", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "U-1 — Edited by hand was changed after the import" in response.content.decode()
    assert Part.objects.filter(sku="U-1").exists()


def test_progress_survives_a_reload_and_ends_in_a_refresh(catalog, boss, client):
    job = create(boss, [PART_HEADER, part_row("P-1", "x")])
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING)
    progress = Progress(job.pk, "check", 1000)
    progress.advance(250)
    progress.write(force=True)
    assert read_progress(job.pk)["percent"] == 25
    client.force_login(boss)
    page = client.get(reverse("imports:import_detail", args=[job.pk]))
    assert b"250 of 1000 rows" in page.content and b"Cancel" in page.content
    poll = client.get(
        reverse("imports:import_progress", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert poll.status_code == 200 and b'id="progress"' in poll.content
    progress.finish()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKED)
    poll = client.get(
        reverse("imports:import_progress", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert poll.headers.get("HX-Refresh") == "true"


def test_the_progress_stays_until_the_check_is_saved(catalog, boss, monkeypatch):
    """The last moments of a check (the counts) still show the rows done: the page polling
    it never falls back to "Waiting for the worker to start…" while the import is running."""
    job = create(boss, [PART_HEADER] + [part_row(f"T-{n}", "x") for n in range(30)])
    seen = []
    real_save = ImportJob.save

    def save(self, *args, **kwargs):
        real_save(self, *args, **kwargs)
        if self.pk == job.pk and self.status == ImportStatus.CHECKED:
            seen.append(read_progress(job.pk))

    monkeypatch.setattr(ImportJob, "save", save)
    job = jobs.import_start(job=job, step="check", user=boss)
    assert job.status == ImportStatus.CHECKED
    assert seen and seen[0] is not None
    assert (seen[0]["done"], seen[0]["total"], seen[0]["percent"]) == (30, 30, 100)
    assert read_progress(job.pk) is None  # gone once the step is over
