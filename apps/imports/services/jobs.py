"""The life of an import: upload, mapping, then its steps (check, commit, undo) run within
the request for small files and by the task worker for big ones; cancel; discard."""

import shutil

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus

from apps.core.errors import DomainError
from apps.imports.kinds import KINDS
from apps.imports.models import ImportJob, ImportRow, ImportStatus
from apps.imports.services.files import ImportFileError, format_of, inspect_file
from apps.imports.services.mapping import remember_mapping, remembered_mapping, suggest_mapping
from apps.imports.services.progress import clear_cancel, job_dir, request_cancel
from apps.imports.services.steps import FALLBACK, RUNNING, run_step
from apps.imports.tasks import run_import_step


class ImportRefused(DomainError):
    """A step of the import was refused; the message says why."""


def _apply_info(job: ImportJob, info) -> None:
    job.encoding, job.delimiter = info.encoding, info.delimiter
    job.sheet_names, job.sheet = info.sheet_names, info.sheet
    job.headers, job.preview, job.notices = info.headers, info.preview, info.notices
    job.estimated_rows = info.estimated_rows


def import_create(*, user, kind: str, upload) -> ImportJob:
    """Stores the uploaded file and reads its headers. ImportFileError when it cannot be
    imported (nothing is kept then)."""
    if kind not in KINDS:
        raise ImportRefused("Choose what the file holds.", field="kind")
    name = upload.name or "upload"
    file_format = format_of(name)
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            f"The file is larger than {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB.", code="size"
        )
    job = ImportJob.objects.create(
        kind=kind,
        created_by=user,
        original_name=name[:255],
        stored_name=f"source.{file_format}",
        file_format=file_format,
        size=upload.size,
    )
    folder = job_dir(job.pk)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / job.stored_name).open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        info = inspect_file(folder / job.stored_name, name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        job.delete()
        raise
    _apply_info(job, info)
    job.mapping = suggest_mapping(
        KINDS[kind], job.headers, remembered=remembered_mapping(user, kind)
    )
    job.save()
    return job


def import_choose_sheet(*, job: ImportJob, user, sheet: str) -> ImportJob:
    if job.status != ImportStatus.MAPPING:
        raise ImportRefused("The sheet can be chosen before the check only.")
    if sheet not in job.sheet_names:
        raise ImportRefused(f"The workbook has no sheet “{sheet}”.", field="sheet")
    info = inspect_file(job_dir(job.pk) / job.stored_name, job.original_name, sheet=sheet)
    _apply_info(job, info)
    job.mapping = suggest_mapping(
        KINDS[job.kind], job.headers, remembered=remembered_mapping(user, job.kind)
    )
    job.message = ""
    job.save()
    return job


def import_set_mapping(*, job: ImportJob, user, mapping: dict, defaults: dict) -> ImportJob:
    """Stores the columns chosen (remembered for the user's next import of this kind)."""
    kind = KINDS[job.kind]
    if job.status not in (ImportStatus.MAPPING, ImportStatus.CHECKED):
        raise ImportRefused("The columns can be changed before the commit only.")
    chosen = [field for field in mapping.values() if field]
    for field in set(chosen):
        if chosen.count(field) > 1:
            raise ImportRefused(
                f"Two columns feed “{kind.column(field).header}”; choose one.", field="mapping"
            )
    for column in kind.columns:
        if column.required and column.field not in chosen:
            raise ImportRefused(
                f"Choose the column that holds the {column.header}: rows are matched by it.",
                field="mapping",
            )
    job.mapping = dict(mapping.items())
    job.defaults = {name: value for name, value in defaults.items() if value and name not in chosen}
    job.save(update_fields=["mapping", "defaults", "updated_at"])
    remember_mapping(user, job.kind, job.headers, job.mapping)
    return job


def rows_for(job: ImportJob, step: str) -> int:
    if step == "check":
        return job.estimated_rows
    return job.total_rows


def import_start(*, job: ImportJob, step: str, user) -> ImportJob:
    """Runs `step` now (small imports) or queues it for the worker (big ones)."""
    allowed = {
        "check": (ImportStatus.MAPPING, ImportStatus.CHECKED),
        "commit": (ImportStatus.CHECKED,),
        "undo": (ImportStatus.COMMITTED,),
    }[step]
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in allowed:
            raise ImportRefused(
                f"This import is “{job.get_status_display()}”: it cannot be "
                f"{ {'check': 'checked', 'commit': 'committed', 'undo': 'undone'}[step] } now."
            )
        clear_cancel(job.pk)
        job.status = RUNNING[step]
        job.message = ""
        job.save(update_fields=["status", "message", "updated_at"])
    if rows_for(job, step) <= settings.IMPORT_INLINE_ROWS:
        run_step(job.pk, step, user.pk)
    else:
        result = run_import_step.enqueue(job.pk, step, user.pk)
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def import_cancel(*, job: ImportJob) -> ImportJob:
    """Stops a running step at its next chunk (nothing of it is kept)."""
    if not job.is_running:
        raise ImportRefused("Nothing is running for this import.")
    request_cancel(job.pk)
    return job


def import_discard(*, job: ImportJob) -> ImportJob:
    """Abandons an import that was not committed: its rows and file are removed."""
    if job.status not in (ImportStatus.MAPPING, ImportStatus.CHECKED):
        raise ImportRefused("Only an import that was not committed can be discarded.")
    ImportRow.objects.filter(job=job).delete()
    shutil.rmtree(job_dir(job.pk), ignore_errors=True)
    job.status = ImportStatus.CANCELLED
    job.counts, job.error_counts = {}, {}
    job.save()
    return job


def import_settle(job: ImportJob) -> ImportJob:
    """A step the worker gave up on (a crash, a killed worker) leaves the import running
    forever: read the task's result and put the import back where the step started."""
    if not job.is_running or not job.task_id:
        return job
    try:
        result = run_import_step.get_result(job.task_id)
    except Exception:  # noqa: BLE001 - an unknown id or a backend without results
        return job
    if result.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        job.refresh_from_db()
        if job.is_running:
            step = next(s for s, status in RUNNING.items() if status == job.status)
            job.status = FALLBACK[step][0]
            job.message = f"The background {step} stopped before it finished; nothing was written."
            if step == "check":
                ImportRow.objects.filter(job=job).delete()
            job.save()
    return job
