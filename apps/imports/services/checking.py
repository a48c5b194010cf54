"""The check: every row of the file validated, what it would do worked out, nothing of
the records written. Also the re-check of the rows a fix or a skip touches."""

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from apps.core.exports import FORMULA_STARTS
from apps.imports.kinds import KINDS
from apps.imports.kinds.base import RowState
from apps.imports.models import ImportJob, ImportRow, ImportStatus, RowAction
from apps.imports.services.files import FileInfo, iter_data_rows
from apps.imports.services.progress import Progress, cancel_requested, job_dir

CHUNK = 1000
STORED = ["values", "action", "errors", "changes", "target_id", "key", "alt_key", "skipped"]


class Cancelled(Exception):
    """The user cancelled the running step."""


def file_info(job: ImportJob) -> FileInfo:
    return FileInfo(
        job.file_format,
        encoding=job.encoding,
        delimiter=job.delimiter,
        sheet_names=job.sheet_names,
        sheet=job.sheet,
        headers=job.headers,
    )


def source_path(job: ImportJob):
    return job_dir(job.pk) / job.stored_name


def unquote_formula(text: str) -> str:
    """Exports put an apostrophe before text that a spreadsheet would run as a formula
    ("'=SUM(A1)", apps.core.exports.neutralise); reading it back takes it off again."""
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


def extract(cells: list[str], mapping: dict) -> dict:
    """The mapped cells of a row by field name."""
    return {
        name: unquote_formula(cells[int(index)]) if int(index) < len(cells) else ""
        for index, name in mapping.items()
        if name
    }


def state_of(row: ImportRow) -> RowState:
    return RowState(
        row.number,
        dict(row.values),
        skipped=row.skipped,
        pk=row.pk,
        action=row.action,
        errors=dict(row.errors),
        changes=dict(row.changes),
        target_id=row.target_id,
        key=row.key,
        alt_key=row.alt_key,
    )


def row_of(job: ImportJob, state: RowState) -> ImportRow:
    return ImportRow(
        pk=state.pk,
        job=job,
        number=state.number,
        values=state.values,
        action=state.action,
        errors=state.errors,
        changes=state.changes,
        target_id=state.target_id,
        key=state.key,
        alt_key=state.alt_key,
        skipped=state.skipped,
    )


def check_job(job: ImportJob) -> ImportJob:
    """Reads the whole file and checks every row (replacing an earlier check).

    Raises Cancelled when the user cancels, ImportFileError when the file breaks."""
    kind = KINDS[job.kind]
    ImportRow.objects.filter(job=job).delete()
    lookups = kind.load()
    progress = Progress(job.pk, "check", job.estimated_rows)
    batch: list[RowState] = []
    total = 0

    def flush():
        kind.check_rows(batch, lookups, job.defaults)
        ImportRow.objects.bulk_create([row_of(job, state) for state in batch], batch_size=CHUNK)
        progress.advance(len(batch))
        batch.clear()
        if cancel_requested(job.pk):
            raise Cancelled

    try:
        for number, cells in iter_data_rows(source_path(job), file_info(job)):
            batch.append(RowState(number, extract(cells, job.mapping)))
            total += 1
            if len(batch) >= kind.chunk_size:
                flush()
        if batch:
            flush()
        # All rows read: the count is known now (it was estimated from the file's size) and
        # the last chunks may not have been written (at most one write in WRITE_EVERY).
        progress.total = progress.done
        progress.write(force=True)
        mark_all_duplicates(job)
        job.total_rows = total
        job.checked_at = timezone.now()
        job.status = ImportStatus.CHECKED
        job.conflicts = 0
        job.message = ""
        recount(job)
        job.save()
    finally:
        # Only once the job says "checked": until then the page polling it shows the rows
        # done, not "Waiting for the worker to start…" for the time of the counts.
        progress.finish()
    return job


# --- Duplicates within the file ------------------------------------------------------


def apply_duplicates(kind, states: list[RowState]) -> None:
    """Marks rows sharing a key (or alt key) with another row that is not skipped. The
    states must hold every row of the job with those keys."""
    for attr, name in (("key", kind.key_field), ("alt_key", kind.alt_key_field)):
        if not name:
            continue
        groups = defaultdict(list)
        for state in states:
            value = getattr(state, attr)
            if value and not state.skipped:
                groups[value].append(state)
        for group in groups.values():
            if len(group) < 2:
                continue
            for state in group:
                others = [other.number for other in group if other is not state]
                shown = state.value(name) or getattr(state, attr)
                state.error(name, "duplicate", kind.duplicate_message(name, shown, others))
                state.action = RowAction.ERROR


def mark_all_duplicates(job: ImportJob) -> None:
    kind = KINDS[job.kind]
    rows = ImportRow.objects.filter(job=job, skipped=False)
    duplicate = Q(pk__in=[])
    for attr, name in (("key", kind.key_field), ("alt_key", kind.alt_key_field)):
        if not name:
            continue
        values = list(
            rows.exclude(**{attr: ""})
            .values(attr)
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .values_list(attr, flat=True)
        )
        for start in range(0, len(values), 500):
            duplicate |= Q(**{f"{attr}__in": values[start : start + 500]})
    states = [state_of(row) for row in rows.filter(duplicate)]
    if not states:
        return
    apply_duplicates(kind, states)
    ImportRow.objects.bulk_update(
        [row_of(job, state) for state in states], ["action", "errors"], batch_size=CHUNK
    )


# --- Counts ---------------------------------------------------------------------------


def tally(states) -> tuple[Counter, Counter]:
    actions, errors = Counter(), Counter()
    for state in states:
        actions["skipped" if state.skipped else state.action] += 1
        if not state.skipped and state.action == RowAction.ERROR:
            for kind, _message in state.errors.values():
                errors[kind] += 1
    return actions, errors


def recount(job: ImportJob) -> None:
    rows = ImportRow.objects.filter(job=job)
    counts = Counter()
    for action, skipped, n in rows.values_list("action", "skipped").annotate(n=Count("id")):
        counts["skipped" if skipped else action] += n
    errors = Counter()
    for row_errors in (
        rows.filter(action=RowAction.ERROR, skipped=False)
        .values_list("errors", flat=True)
        .iterator()
    ):
        for kind, _message in row_errors.values():
            errors[kind] += 1
    job.counts = dict(counts)
    job.error_counts = dict(errors)


def _adjust(job: ImportJob, before: list[RowState], after: list[RowState]) -> None:
    old_actions, old_errors = tally(before)
    new_actions, new_errors = tally(after)
    counts = Counter(job.counts)
    counts.update(new_actions)
    counts.subtract(old_actions)
    errors = Counter(job.error_counts)
    errors.update(new_errors)
    errors.subtract(old_errors)
    job.counts = {k: v for k, v in counts.items() if v > 0}
    job.error_counts = {k: v for k, v in errors.items() if v > 0}


# --- Fixing and skipping rows -----------------------------------------------------------


def _related_rows(job: ImportJob, keys: set[str], alt_keys: set[str], exclude: set[int]):
    condition = Q(pk__in=[])
    if keys - {""}:
        condition |= Q(key__in=keys - {""})
    if alt_keys - {""}:
        condition |= Q(alt_key__in=alt_keys - {""})
    return ImportRow.objects.filter(job=job).filter(condition).exclude(pk__in=exclude)


@transaction.atomic
def recheck(job: ImportJob, row: ImportRow, *, values: dict | None = None, skipped=None):
    """Changes a row (new values, or skipped / not), re-checks it and every row that shares
    a key with it before or after (the other half of a duplicate pair, …). Returns the
    re-checked rows, the given one first."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    kind = KINDS[job.kind]
    row = ImportRow.objects.select_for_update().get(pk=row.pk, job=job)
    first = state_of(row)
    before = {row.pk: state_of(row)}
    if values is not None:
        first.values = {**first.values, **values}
    if skipped is not None:
        first.skipped = skipped
    lookups = kind.load()
    states = {row.pk: first}
    if kind.recheck_all:
        for other in ImportRow.objects.filter(job=job).exclude(pk=row.pk).select_for_update():
            before[other.pk] = state_of(other)
            states[other.pk] = state_of(other)
    keys, alt_keys = {row.key}, {row.alt_key}
    for _round in range(5):
        kind.check_rows(list(states.values()), lookups, job.defaults)
        keys |= {s.key for s in states.values()}
        alt_keys |= {s.alt_key for s in states.values()}
        more = list(_related_rows(job, keys, alt_keys, set(states)).select_for_update()[:500])
        if not more:
            break
        for other in more:
            before[other.pk] = state_of(other)
            states[other.pk] = state_of(other)
    ordered = list(states.values())
    apply_duplicates(kind, ordered)
    _adjust(job, list(before.values()), ordered)
    ImportRow.objects.bulk_update(
        [row_of(job, s) for s in ordered], [*STORED, "changed_since_check"]
    )
    job.save(update_fields=["counts", "error_counts", "updated_at"])
    return job, [ImportRow.objects.get(pk=s.pk) for s in ordered]
