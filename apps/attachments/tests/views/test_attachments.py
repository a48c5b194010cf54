"""The Attachments section: list, upload, download and delete on the four kinds of record,
with the permissions of each kind, the type and size checks and the history entries."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.attachments.models import Attachment
from apps.attachments.tests import factories as f
from apps.audit.models import AuditEntry
from apps.catalog.tests.factories import make_part
from apps.inventory.tests.factories import make_location
from apps.purchasing.tests.factories import make_order, make_supplier

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}


def make_record(kind, user=None):
    if kind == "catalog.part":
        return make_part()
    if kind == "inventory.location":
        return make_location()
    if kind == "purchasing.supplier":
        return make_supplier()
    part = make_part()
    return make_order(make_supplier(), user, [(part, 5, "2.00")])


KINDS = ["catalog.part", "inventory.location", "purchasing.supplier", "purchasing.purchaseorder"]


def section_url(kind, record):
    return reverse("attachments:record_attachments", args=[kind, record.pk])


def upload(client, url, name="datasheet.pdf", data=f.PDF_BYTES, htmx=True, **fields):
    return client.post(url, {"file": f.upload(name, data), **fields}, headers=HTMX if htmx else {})


@pytest.mark.parametrize("kind", KINDS)
def test_upload_download_delete_on_every_kind(
    admin_client_user, kind, django_capture_on_commit_callbacks
):
    client, user = admin_client_user
    record = make_record(kind, user)
    url = section_url(kind, record)

    response = upload(client, url, description="rev. C")
    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.record == record
    assert (attachment.name, attachment.media_type, attachment.size) == (
        "datasheet.pdf",
        "application/pdf",
        len(f.PDF_BYTES),
    )
    html = response.content.decode()
    assert "datasheet.pdf" in html and "rev. C" in html and "boss" in html
    assert "datasheet.pdf attached." in html  # the status message, out of band

    listed = client.get(url, headers=HTMX)
    assert listed.status_code == 200 and "datasheet.pdf" in listed.content.decode()

    download = client.get(reverse("attachments:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == f.PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="datasheet.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"

    stored = Path(attachment.file.path)
    assert stored.read_bytes() == f.PDF_BYTES
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("attachments:attachment_delete", args=[attachment.pk]), headers=HTMX
        )
    assert response.status_code == 200
    assert "No files attached yet." in response.content.decode()
    assert not Attachment.objects.exists()
    assert not stored.exists()  # removed once the delete has committed


@pytest.mark.parametrize("kind", KINDS)
def test_adding_and_removing_shows_in_the_record_history(admin_client_user, kind):
    client, user = admin_client_user
    record = make_record(kind, user)
    upload(client, section_url(kind, record), name="invoice.pdf")
    attachment = Attachment.objects.get()
    client.post(reverse("attachments:attachment_delete", args=[attachment.pk]), headers=HTMX)

    entries = AuditEntry.objects.filter(object_id=str(record.pk), changes__has_key="attachment")
    assert {tuple(entry.changes["attachment"]) for entry in entries} == {
        (None, "invoice.pdf"),
        ("invoice.pdf", None),
    }
    assert {entry.user for entry in entries} == {user}
    history = client.get(reverse("audit:record_history", args=[kind, record.pk]))
    html = history.content.decode()
    assert "Attachment" in html and "invoice.pdf" in html


def test_images_are_shown_inline_everything_else_downloaded(admin_client_user):
    client, _ = admin_client_user
    part = make_part()
    upload(client, section_url("catalog.part", part), name="photo.png", data=f.PNG_BYTES)
    upload(client, section_url("catalog.part", part), name="note.txt", data=f.TEXT_BYTES)
    photo = Attachment.objects.get(name="photo.png")
    note = Attachment.objects.get(name="note.txt")
    image = client.get(reverse("attachments:attachment_download", args=[photo.pk]))
    assert image["Content-Type"] == "image/png"
    assert image["Content-Disposition"] == 'inline; filename="photo.png"'
    assert image["Content-Security-Policy"] == "default-src 'none'; sandbox"
    text = client.get(reverse("attachments:attachment_download", args=[note.pk]))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text["Content-Disposition"] == 'attachment; filename="note.txt"'


def test_behind_nginx_the_file_is_sent_by_the_internal_location(admin_client_user, settings):
    client, _ = admin_client_user
    part = make_part()
    upload(client, section_url("catalog.part", part))
    attachment = Attachment.objects.get()
    settings.MEDIA_ACCEL_REDIRECT = True
    response = client.get(reverse("attachments:attachment_download", args=[attachment.pk]))
    assert response["X-Accel-Redirect"] == f"/internal-media/{attachment.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"] == 'attachment; filename="datasheet.pdf"'


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.html", f.HTML_BYTES, "Web pages, SVG images and programs cannot be attached"),
        ("logo.svg", f.SVG_BYTES, "Web pages, SVG images and programs cannot be attached"),
        ("tool.exe", f.EXE_BYTES, "Web pages, SVG images and programs cannot be attached"),
        ("archive.zip", f.PLAIN_ZIP_BYTES, "This kind of file cannot be attached. Allowed: PDF"),
        ("photo.png", f.PDF_BYTES, "The file&#x27;s content is PDF, but its name ends in .png"),
    ],
)
def test_refused_types_get_their_message_in_place(admin_client_user, name, data, message):
    client, _ = admin_client_user
    part = make_part()
    response = upload(client, section_url("catalog.part", part), name=name, data=data,
                      description="keep me")  # fmt: skip
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert 'value="keep me"' in html  # no lost input
    assert 'id="attachment-form"' in html
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(changes__has_key="attachment").exists()


def test_a_file_over_the_size_limit_is_refused(admin_client_user, settings):
    client, _ = admin_client_user
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    part = make_part()
    big = f.PDF_BYTES + b"0" * (1024 * 1024)
    response = upload(client, section_url("catalog.part", part), data=big)
    assert response.status_code == 422
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not Attachment.objects.exists()
    # At the limit it is accepted.
    response = upload(client, section_url("catalog.part", part), data=big[: 1024 * 1024])
    assert response.status_code == 200 and Attachment.objects.count() == 1


def test_no_file_is_a_form_error(admin_client_user):
    client, _ = admin_client_user
    part = make_part()
    response = client.post(section_url("catalog.part", part), {}, headers=HTMX)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize(
    ("raw", "shown", "data"),
    [
        (".hidden.png", "hidden.png", f.PNG_BYTES),
        ("../x.pdf", "x.pdf", f.PDF_BYTES),
        ("..\\..\\evil.pdf", "evil.pdf", f.PDF_BYTES),
        ("my data sheet (v2).PDF", "my_data_sheet_v2.pdf", f.PDF_BYTES),
        (".pdf", "upload.pdf", f.PDF_BYTES),
    ],
)
def test_odd_names_are_stored_under_a_safe_name_and_still_served(
    admin_client_user, raw, shown, data
):
    client, _ = admin_client_user
    part = make_part()
    response = upload(client, section_url("catalog.part", part), name=raw, data=data)
    assert response.status_code == 200, response.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.name == shown
    assert attachment.file.name == f"attachments/catalog.part/{part.pk}/{shown}"
    download = client.get(reverse("attachments:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    assert shown in download["Content-Disposition"]


def test_the_same_name_twice_keeps_both_files(admin_client_user):
    client, _ = admin_client_user
    part = make_part()
    upload(client, section_url("catalog.part", part))
    upload(client, section_url("catalog.part", part), data=f.PDF_BYTES + b"%second\n")
    first, second = Attachment.objects.order_by("pk")
    assert first.name == second.name == "datasheet.pdf"
    assert first.file.name != second.file.name
    body = client.get(reverse("attachments:attachment_download", args=[second.pk]))
    assert b"".join(body.streaming_content).endswith(b"%second\n")


def test_signed_out_is_sent_to_sign_in_never_the_file(client, admin_client_user):
    admin, _ = admin_client_user
    part = make_part()
    upload(admin, section_url("catalog.part", part))
    attachment = Attachment.objects.get()
    admin.logout()
    for url in (
        reverse("attachments:attachment_download", args=[attachment.pk]),
        section_url("catalog.part", part),
        "/media/" + attachment.file.name,
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))
    response = upload(client, section_url("catalog.part", part), htmx=False)
    assert response.status_code == 302 and Attachment.objects.count() == 1


def test_the_media_url_never_sends_an_attachment(admin_client_user):
    """Only the download view sends attachments (its permission check and headers)."""
    client, _ = admin_client_user
    part = make_part()
    upload(client, section_url("catalog.part", part))
    attachment = Attachment.objects.get()
    assert client.get("/media/" + attachment.file.name).status_code == 404


@pytest.fixture
def attached(admin_client_user):
    """One PDF on each kind of record, added by an admin; the client is then signed out."""
    client, user = admin_client_user
    found = {}
    for kind in KINDS:
        record = make_record(kind, user)
        upload(client, section_url(kind, record))
        found[kind] = (record, Attachment.objects.latest("pk"))
    client.logout()
    return found


# Who may add and delete: whoever may edit the record (its change permission); on an
# order, whoever receives its deliveries may attach (the delivery note) too.
MAY_CHANGE = {
    "viewer": set(),
    "clerk": set(),
    "purchaser": {"purchasing.supplier", "purchasing.purchaseorder"},
    "manager": set(KINDS),
}
MAY_ATTACH = {**MAY_CHANGE, "clerk": {"purchasing.purchaseorder"}}


@pytest.mark.parametrize("role", ["viewer", "clerk", "purchaser", "manager"])
def test_who_may_add_and_delete_follows_who_may_edit_the_record(client, make_user, attached, role):
    user = make_user(f"{role}-1", role=role)
    assert Group.objects.get(name=role).permissions.exists()
    client.force_login(user)
    for kind, (record, attachment) in attached.items():
        allowed = kind in MAY_CHANGE[role]
        may_attach = kind in MAY_ATTACH[role]
        # Everyone who may see the record may list and download its files.
        listed = client.get(section_url(kind, record), headers=HTMX)
        assert listed.status_code == 200
        assert ('id="attachment-form"' in listed.content.decode()) is may_attach
        assert ("attachment-delete" in listed.content.decode()) is allowed
        download = client.get(reverse("attachments:attachment_download", args=[attachment.pk]))
        assert download.status_code == 200
        response = upload(client, section_url(kind, record), name="more.pdf")
        assert response.status_code == (200 if may_attach else 403), (role, kind)
        delete_url = reverse("attachments:attachment_delete", args=[attachment.pk])
        assert client.get(delete_url).status_code == (200 if allowed else 403)
        response = client.post(delete_url, headers=HTMX)
        assert response.status_code == (200 if allowed else 403)
        assert Attachment.objects.filter(pk=attachment.pk).exists() is not allowed


def test_a_clerk_attaches_a_delivery_note_to_an_order_and_may_delete_only_that(
    client, make_user, attached
):
    order, admins_file = attached["purchasing.purchaseorder"]
    clerk = make_user("clerk-2", role="clerk")
    client.force_login(clerk)
    assert (
        upload(client, section_url("purchasing.purchaseorder", order), name="note.pdf").status_code
        == 200
    )
    own = Attachment.objects.get(name="note.pdf")
    listed = client.get(
        section_url("purchasing.purchaseorder", order), headers=HTMX
    ).content.decode()
    assert listed.count('data-testid="attachment-delete"') == 1
    assert reverse("attachments:attachment_delete", args=[own.pk]) in listed
    admins_url = reverse("attachments:attachment_delete", args=[admins_file.pk])
    assert client.post(admins_url, headers=HTMX).status_code == 403
    own_url = reverse("attachments:attachment_delete", args=[own.pk])
    assert client.post(own_url, headers=HTMX).status_code == 200
    assert not Attachment.objects.filter(pk=own.pk).exists()
    assert Attachment.objects.filter(pk=admins_file.pk).exists()


def test_delete_without_javascript_confirms_then_redirects(admin_client_user):
    client, _ = admin_client_user
    part = make_part()
    upload(client, section_url("catalog.part", part))
    attachment = Attachment.objects.get()
    url = reverse("attachments:attachment_delete", args=[attachment.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Delete the attachment" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == section_url("catalog.part", part)
    assert not Attachment.objects.exists()


def test_upload_without_javascript_redirects_to_the_list(admin_client_user):
    client, _ = admin_client_user
    part = make_part()
    response = upload(client, section_url("catalog.part", part), htmx=False)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "datasheet.pdf" in page.content.decode()
    assert f"Attachments of part {part}" in page.content.decode()


def test_unknown_kinds_and_records_are_404(admin_client_user):
    client, _ = admin_client_user
    assert client.get("/attachments/auth.user/1/").status_code == 404
    assert client.get("/attachments/catalog.part/999999/").status_code == 404
    assert client.get(reverse("attachments:attachment_download", args=[999999])).status_code == 404


def test_the_list_runs_a_constant_number_of_queries(admin_client_user, make_user):
    client, admin = admin_client_user
    part = make_part()
    url = section_url("catalog.part", part)
    upload(client, url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url, headers=HTMX).status_code == 200
    for index in range(6):
        other = make_user(f"uploader-{index}", role="manager")
        client.force_login(other)
        upload(client, url, name=f"sheet-{index}.pdf")
    client.force_login(admin)
    with CaptureQueriesContext(connection) as seven:
        assert client.get(url, headers=HTMX).status_code == 200
    assert len(seven) == len(one)
    assert seven.captured_queries[-1]["sql"].count("auth_user") >= 1  # who, in the one query


def test_deleting_a_record_removes_its_attachments(admin_client_user):
    client, _ = admin_client_user
    part = make_part()
    upload(client, section_url("catalog.part", part))
    part.delete()
    assert not Attachment.objects.exists()


def test_detail_pages_offer_the_attachments_section(admin_client_user):
    client, user = admin_client_user
    for kind in KINDS:
        record = make_record(kind, user)
        page = client.get(record.get_absolute_url(), follow=True)
        assert section_url(kind, record) in page.content.decode(), kind


def test_a_large_file_kept_on_disk_while_uploading_is_checked_and_stored(admin_client_user):
    """Over FILE_UPLOAD_MAX_MEMORY_SIZE the upload is a temporary file: sniffed the same."""
    client, _ = admin_client_user
    part = make_part()
    big = f.zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/media/photo.bin": os.urandom(3 * 1024 * 1024),
        }
    )
    response = upload(client, section_url("catalog.part", part), name="prices.xlsx", data=big)
    assert response.status_code == 200, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    assert attachment.size == len(big)
    assert Path(attachment.file.path).stat().st_size == len(big)
