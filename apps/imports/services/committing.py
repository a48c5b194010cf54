"""The commit: every row re-checked against the database as it is now, then written in one
transaction, all or nothing. Rows whose records changed since the check are reported and
nothing is written."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.audit.context import audit_context
from apps.core.errors import DomainError
from apps.imports.kinds import KINDS
from apps.imports.models import ImportJob, ImportRow, ImportStatus, RowAction
from apps.imports.services.checking import (
    CHUNK,
    STORED,
    Cancelled,
    recount,
    row_of,
    state_of,
)
from apps.imports.services.progress import Progress, cancel_requested


class CommitRefused(DomainError):
    """The import cannot be committed as it is (errors left, changes since the check)."""


class _Conflicts(Exception):
    pass


def commit_job(job: ImportJob, *, user) -> ImportJob:
    """Writes the checked rows. Raises CommitRefused (nothing written) when rows still have
    errors or when records changed since the check (those rows are re-checked and marked)."""
    kind = KINDS[job.kind]
    if job.counts.get(RowAction.ERROR):
        raise CommitRefused(
            f"{job.counts[RowAction.ERROR]} row(s) still have errors: fix or skip them first."
        )
    rows = ImportRow.objects.filter(job=job, skipped=False).order_by("number")
    total = sum(n for state, n in job.counts.items() if state != "skipped")
    progress = Progress(job.pk, "commit", max(total, 1))
    change_set = job.new_change_set()
    changed: list = []
    user = (
        user if user is not None else get_user_model().objects.filter(pk=job.created_by_id).first()
    )
    try:
        with (
            audit_context(
                user=user,
                source=f"{job.reference} ({job.original_name})"[:200],
                request_id=change_set,
            ),
            transaction.atomic(),
        ):
            lookups = kind.load()
            ids = list(rows.values_list("pk", flat=True))
            for start in range(0, len(ids), kind.chunk_size):
                chunk = list(
                    ImportRow.objects.filter(pk__in=ids[start : start + kind.chunk_size]).order_by(
                        "number"
                    )
                )
                stored = [state_of(r) for r in chunk]
                fresh = [state_of(r) for r in chunk]
                kind.check_rows(fresh, lookups, job.defaults)
                for old, new in zip(stored, fresh, strict=True):
                    if (old.action, old.changes, old.target_id) != (
                        new.action,
                        new.changes,
                        new.target_id,
                    ):
                        changed.append(new)
                if not changed:
                    kind.commit(fresh, lookups=lookups, progress=None, job=job, user=user)
                progress.advance(len(chunk))
                if cancel_requested(job.pk):
                    raise Cancelled
            if changed:
                raise _Conflicts
            job.status = ImportStatus.COMMITTED
            job.change_set = change_set
            job.committed_at = timezone.now()
            job.committed_by = user
            job.conflicts = 0
            job.message = ""
            job.save()
    except _Conflicts:
        _store_conflicts(job, changed)
        raise CommitRefused(
            f"{len(changed)} record(s) changed since the check; their rows are marked below "
            "with what the import would do now. Review them, then commit again.",
            code="conflict",
        ) from None
    finally:
        progress.finish()
    return job


def _store_conflicts(job: ImportJob, changed) -> None:
    rows = []
    for state in changed:
        row = row_of(job, state)
        row.changed_since_check = True
        rows.append(row)
    ImportRow.objects.filter(job=job).update(changed_since_check=False)
    ImportRow.objects.bulk_update(rows, [*STORED, "changed_since_check"], batch_size=CHUNK)
    recount(job)
    job.status = ImportStatus.CHECKED
    job.conflicts = len(rows)
    job.message = (
        f"{len(rows)} record(s) changed since the check. Their rows show what the import would "
        "do now; nothing was written."
    )
    job.save()
