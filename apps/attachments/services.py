"""Adding and removing attachments; each shows in the record's history (its History tab)."""

import os

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import models, transaction
from django.db.models.signals import post_delete

from apps.attachments import files, kinds
from apps.attachments.models import Attachment
from apps.audit.models import AuditAction
from apps.audit.recorder import record_change
from apps.core.errors import DomainError
from apps.core.storage import safe_upload_name

NAME_MAX = 150  # the stored path (folder + name + a suffix if taken) stays within 255
HISTORY_FIELD = "attachment"  # the name the change carries in the record's history


class AttachmentError(DomainError):
    """Why a file was refused; the view shows it next to the file field."""

    def __init__(self, message: str):
        super().__init__(message, field="file")


def max_size_label() -> str:
    return f"{settings.ATTACHMENT_MAX_BYTES / (1024 * 1024):g} MB"


def display_name(raw: str) -> str:
    """A safe name to store and show: no folders, no leading dots (`../x.pdf` → `x.pdf`,
    `.hidden.png` → `hidden.png`), at most NAME_MAX characters."""
    name = safe_upload_name(raw)
    stem, ext = os.path.splitext(name)
    if len(ext) > 16:
        stem, ext = name, ""
    return stem[: NAME_MAX - len(ext)] + ext


def attachment_add(*, record: models.Model, upload, user, description: str = "") -> Attachment:
    """Checks `upload` (size, then type from its content) and attaches it to `record`."""
    model = type(record)
    if kinds.label_of(model) not in kinds.LABELS:
        raise AttachmentError("Files cannot be attached to this kind of record.")
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise AttachmentError(f"The file is larger than {max_size_label()}.")
    try:
        file_type, name = files.sniff(upload, display_name(upload.name or ""))
    except files.FileRefused as refused:
        raise AttachmentError(refused.message) from None
    with transaction.atomic():
        # The record must still be there (and is locked against a concurrent delete).
        locked = model._default_manager.select_for_update().filter(pk=record.pk).first()
        if locked is None:
            raise AttachmentError("The record no longer exists.")
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(model),
            object_id=record.pk,
            name=name,
            media_type=file_type.media_type,
            size=upload.size,
            description=description[:200],
            uploaded_by=user,
        )
        upload.seek(0)
        attachment.file.save(name, File(upload, name=name), save=False)
        stored = attachment.file.name
        try:
            attachment.save()
            record_change(
                model,
                record.pk,
                action=AuditAction.UPDATE,
                changes={HISTORY_FIELD: [None, name]},
                object_repr=str(locked),
            )
        except Exception:
            attachment.file.storage.delete(stored)
            raise
    return attachment


def attachment_delete(*, attachment: Attachment) -> None:
    """Removes the attachment; its file is deleted once the transaction has committed."""
    with transaction.atomic():
        locked = Attachment.objects.select_for_update().filter(pk=attachment.pk).first()
        if locked is None:
            return
        model = locked.content_type.model_class()
        record = model._default_manager.filter(pk=locked.object_id).first()
        stored, storage = locked.file.name, locked.file.storage
        locked.delete()
        record_change(
            model,
            locked.object_id,
            action=AuditAction.UPDATE,
            changes={HISTORY_FIELD: [locked.name, None]},
            object_repr=str(record) if record is not None else "",
        )
        transaction.on_commit(lambda: storage.delete(stored))


def _delete_attachments_of(sender, instance, using=None, **kwargs):
    """A deleted record takes its attachments (and their files) with it."""
    content_type = ContentType.objects.db_manager(using).get_for_model(sender)
    rows = Attachment.objects.using(using).filter(content_type=content_type, object_id=instance.pk)
    names = list(rows.values_list("file", flat=True))
    if not names:
        return
    rows.delete()
    storage = Attachment._meta.get_field("file").storage

    def remove():
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove, using=using)


def connect_record_deletes() -> None:
    for model in kinds.attachable_models():
        post_delete.connect(
            _delete_attachments_of, sender=model, dispatch_uid=f"attachments:{model._meta.label}"
        )
