"""The services on their own: what they refuse, what they write, what they remove."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from apps.attachments import services
from apps.attachments.models import Attachment
from apps.attachments.tests import factories as f
from apps.audit.models import AuditEntry
from apps.catalog.tests.factories import make_category, make_part


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("uploader", password="a-long-test-password")


def test_only_the_four_kinds_take_attachments(user):
    with pytest.raises(services.AttachmentError, match="cannot be attached to this kind"):
        services.attachment_add(
            record=make_category(), upload=f.upload("a.pdf", f.PDF_BYTES), user=user
        )
    assert not Attachment.objects.exists()


def test_a_refused_file_writes_nothing(user, media_root):
    part = make_part()
    with pytest.raises(services.AttachmentError):
        services.attachment_add(record=part, upload=f.upload("a.html", f.HTML_BYTES), user=user)
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(changes__has_key="attachment").exists()
    assert not any(Path(media_root).rglob("*.*"))


def test_a_long_name_is_shortened_keeping_its_extension(user):
    part = make_part()
    attachment = services.attachment_add(
        record=part, upload=f.upload("x" * 300 + ".pdf", f.PDF_BYTES), user=user
    )
    assert len(attachment.name) == services.NAME_MAX
    assert attachment.name.endswith("x.pdf")
    assert len(attachment.file.name) <= 255


def test_deleting_a_record_removes_its_files_after_commit(user, django_capture_on_commit_callbacks):
    part = make_part()
    attachment = services.attachment_add(
        record=part, upload=f.upload("a.pdf", f.PDF_BYTES), user=user
    )
    stored = Path(attachment.file.path)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        part.delete()
    assert not Attachment.objects.exists()
    assert not stored.exists()
