"""Running a step of an import (check, commit, undo): the same code within a request (small
files) and in the task worker (big ones). A step ends in a stable status with a message;
it never leaves an import half-way."""

import logging

from django.contrib.auth import get_user_model

from apps.core.errors import DomainError
from apps.imports.models import ImportJob, ImportRow, ImportStatus
from apps.imports.services.checking import Cancelled, check_job
from apps.imports.services.committing import commit_job
from apps.imports.services.progress import clear_cancel
from apps.imports.services.undo import undo_job

logger = logging.getLogger(__name__)

# Where a step goes back to when it stops early, and what it says then.
FALLBACK = {
    "check": (ImportStatus.MAPPING, "Check cancelled."),
    "commit": (ImportStatus.CHECKED, "Commit cancelled: nothing was written."),
    "undo": (ImportStatus.COMMITTED, "Undo cancelled: nothing was changed."),
}
RUNNING = {
    "check": ImportStatus.CHECKING,
    "commit": ImportStatus.COMMITTING,
    "undo": ImportStatus.UNDOING,
}


def _stop(job: ImportJob, step: str, message: str) -> None:
    status, _ = FALLBACK[step]
    if step == "check":
        ImportRow.objects.filter(job=job).delete()
        job.counts, job.error_counts, job.total_rows = {}, {}, 0
    job.status = status
    job.message = message
    job.save()


def run_step(job_id: int, step: str, user_id: int | None = None) -> str:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "gone"
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        if step == "check":
            check_job(job)
        elif step == "commit":
            commit_job(job, user=user)
        elif step == "undo":
            undo_job(job, user=user)
        else:
            raise ValueError(step)
    except Cancelled:
        _stop(ImportJob.objects.get(pk=job_id), step, FALLBACK[step][1])
        return "cancelled"
    except DomainError as error:
        job = ImportJob.objects.get(pk=job_id)
        if job.status == RUNNING[step] or step != "commit" or error.code != "conflict":
            _stop(job, step, error.message)
        return "refused"
    except Exception:
        logger.exception("import %s: %s failed", job_id, step)
        _stop(
            ImportJob.objects.get(pk=job_id),
            step,
            f"The {step} stopped on an unexpected error; nothing was written. Try again, or "
            "tell your administrator (the server log has the details).",
        )
        return "failed"
    finally:
        clear_cancel(job_id)
    return "done"
