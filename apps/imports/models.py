"""Spreadsheet imports: one upload (ImportJob) taken through mapping, check, commit and
perhaps undo; its rows (ImportRow) as read from the file and checked; the column mapping
each user last chose per kind (ImportMapping). See docs/imports.md."""

import uuid

from django.conf import settings
from django.db import models

from apps.core.reversing import fast_reverse


class ImportKind(models.TextChoices):
    PARTS = "parts", "Parts"
    CATEGORIES = "categories", "Categories"
    LOCATIONS = "locations", "Locations"
    STOCK = "stock", "Opening stock and stock levels"
    SUPPLIERS = "suppliers", "Suppliers"
    PRICE_LISTS = "price_lists", "Price lists"


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", "Choose columns"
    CHECKING = "checking", "Checking"
    CHECKED = "checked", "Checked, not committed"
    COMMITTING = "committing", "Committing"
    COMMITTED = "committed", "Committed"
    UNDOING = "undoing", "Undoing"
    UNDONE = "undone", "Undone"
    CANCELLED = "cancelled", "Cancelled"


class RowAction(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    UNCHANGED = "unchanged", "Unchanged"
    ERROR = "error", "Error"


class ImportJob(models.Model):
    kind = models.CharField(max_length=16, choices=ImportKind)
    status = models.CharField(max_length=16, choices=ImportStatus, default=ImportStatus.MAPPING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The file, kept under IMPORT_FILES_ROOT/<id>/ (never served).
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=255, blank=True)
    file_format = models.CharField(max_length=8)  # "csv" or "xlsx"
    size = models.PositiveBigIntegerField(default=0)
    encoding = models.CharField(max_length=32, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    sheet_names = models.JSONField(default=list, blank=True)
    sheet = models.CharField(max_length=100, blank=True)
    headers = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True, help_text="The first rows, as text.")
    notices = models.JSONField(default=list, blank=True, help_text="Warnings about the file.")
    estimated_rows = models.PositiveIntegerField(default=0)
    # Column index (as text) → field name; field name → default for rows without it.
    mapping = models.JSONField(default=dict, blank=True)
    defaults = models.JSONField(default=dict, blank=True)
    # The check: how many rows, and what they would do.
    total_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    error_counts = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    conflicts = models.PositiveIntegerField(
        default=0, help_text="Rows whose records changed between the check and the commit."
    )
    message = models.TextField(blank=True, help_text="What the last step said (e.g. a failure).")
    task_id = models.CharField(max_length=64, blank=True)
    # The commit: one change set in the history (AuditEntry.request_id), undone at once.
    change_set = models.CharField(max_length=32, default="", blank=True, db_index=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_change_set = models.CharField(max_length=32, default="", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="import_recent_idx")]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.get_kind_display()}, {self.original_name})"

    def get_absolute_url(self) -> str:
        return fast_reverse("imports:import_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """How the import's stock movements and history entries name it."""
        return f"Import #{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.COMMITTING, ImportStatus.UNDOING)

    @property
    def changes_count(self) -> int:
        return self.counts.get(RowAction.CREATE, 0) + self.counts.get(RowAction.UPDATE, 0)

    def new_change_set(self) -> str:
        return uuid.uuid4().hex


class ImportRow(models.Model):
    """One data row of the file: its values by field (text, as read or as fixed), what
    committing it would do, and why not when it cannot."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(help_text="The row's line in the sheet (header = 1).")
    values = models.JSONField(default=dict)
    action = models.CharField(max_length=10, choices=RowAction, default=RowAction.ERROR)
    errors = models.JSONField(default=dict, blank=True, help_text="field → [kind, message]")
    changes = models.JSONField(default=dict, blank=True, help_text="field → [before, after]")
    target_id = models.BigIntegerField(null=True, blank=True)
    key = models.CharField(max_length=255, blank=True)
    alt_key = models.CharField(max_length=255, blank=True)
    skipped = models.BooleanField(default=False)
    changed_since_check = models.BooleanField(default=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="import_row_number_unique")
        ]
        indexes = [
            models.Index(fields=["job", "action", "number"], name="import_row_action_idx"),
            models.Index(fields=["job", "key"], name="import_row_key_idx"),
            models.Index(fields=["job", "alt_key"], name="import_row_alt_key_idx"),
        ]

    def __str__(self) -> str:
        return f"Row {self.number} of import {self.job_id}"

    @property
    def state(self) -> str:
        """What the row stands for in the counts: its action, or "skipped"."""
        return "skipped" if self.skipped else self.action


class ImportMapping(models.Model):
    """The columns a user mapped last time for a kind: normalised header → field."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ImportKind)
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="import_mapping_per_user_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
