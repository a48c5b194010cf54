"""Undo: a committed import taken back while none of its records has changed since.

What the import did is read from its change set in the history (AuditEntry.request_id):
records it created are deleted, records it changed get their earlier values back; stock
it booked is reversed by the kind (reversing movements). The undo is a change set too."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.audit.context import audit_context
from apps.audit.models import AuditAction, AuditEntry
from apps.core.errors import DomainError
from apps.imports.kinds import KINDS
from apps.imports.models import ImportJob, ImportStatus
from apps.imports.services.progress import Progress

CHUNK = 1000


class UndoRefused(DomainError):
    """The import cannot be undone (a record changed since, or it is not committed)."""


def change_set_entries(job: ImportJob) -> dict:
    """{model: {"create": [ids], "update": {id: {attname: before}}}} of the import."""
    done: dict = defaultdict(lambda: {"create": [], "update": {}})
    entries = AuditEntry.objects.filter(request_id=job.change_set).order_by("id")
    for ct_id, object_id, action, changes in entries.values_list(
        "content_type_id", "object_id", "action", "changes"
    ).iterator(chunk_size=2000):
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if action == AuditAction.CREATE:
            done[model]["create"].append(int(object_id))
        elif action == AuditAction.UPDATE:
            before = done[model]["update"].setdefault(int(object_id), {})
            for name, (old, _new) in changes.items():
                before.setdefault(name, old)  # the first change of the set holds the original
    return done


def undo_problems(job: ImportJob) -> list[str]:
    """Why the import cannot be undone now (empty: it can)."""
    if job.status not in (ImportStatus.COMMITTED, ImportStatus.UNDOING):
        return ["Only a committed import can be undone."]
    problems = []
    last = AuditEntry.objects.filter(request_id=job.change_set).aggregate(m=Max("id"))["m"] or 0
    for model, done in change_set_entries(job).items():
        content_type = ContentType.objects.get_for_model(model)
        ids = [str(pk) for pk in [*done["create"], *done["update"]]]
        for start in range(0, len(ids), CHUNK):
            later = (
                AuditEntry.objects.filter(
                    content_type=content_type, object_id__in=ids[start : start + CHUNK], id__gt=last
                )
                .exclude(request_id=job.change_set)
                .values_list("object_repr", flat=True)[:5]
            )
            problems.extend(f"{name} was changed after the import." for name in later)
            if len(problems) >= 5:
                return problems[:5]
    problems.extend(KINDS[job.kind].undo_problems(job))
    return problems[:5]


def undo_job(job: ImportJob, *, user) -> ImportJob:
    kind = KINDS[job.kind]
    progress = Progress(job.pk, "undo", max(job.total_rows, 1))
    change_set = job.new_change_set()
    try:
        with (
            audit_context(user=user, source=f"Undo of {job.reference}", request_id=change_set),
            transaction.atomic(),
        ):
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            problems = undo_problems(locked)
            if problems:
                raise UndoRefused("Cannot undo: " + " ".join(problems))
            kind.undo(locked, change_set_entries(locked), user=user, progress=progress.advance)
            locked.status = ImportStatus.UNDONE
            locked.undone_at = timezone.now()
            locked.undo_change_set = change_set
            locked.message = ""
            locked.save()
    finally:
        progress.finish()
    return locked
