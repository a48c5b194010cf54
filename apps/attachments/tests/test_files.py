"""The allow-list by content: what is accepted, under which name, and what is refused."""

import pytest

from apps.attachments import files
from apps.attachments.tests import factories as f


@pytest.mark.parametrize(
    ("name", "data", "media_type", "stored"),
    [
        ("datasheet.pdf", f.PDF_BYTES, "application/pdf", "datasheet.pdf"),
        ("photo.png", f.PNG_BYTES, "image/png", "photo.png"),
        ("photo.jpeg", f.JPEG_BYTES, "image/jpeg", "photo.jpeg"),
        ("photo.webp", f.WEBP_BYTES, "image/webp", "photo.webp"),
        ("note.txt", f.TEXT_BYTES, "text/plain", "note.txt"),
        ("stock.csv", f.CSV_BYTES, "text/csv", "stock.csv"),
        ("prices.xlsx", f.XLSX_BYTES, files.XLSX.media_type, "prices.xlsx"),
        ("terms.docx", f.DOCX_BYTES, files.DOCX.media_type, "terms.docx"),
        ("terms.odt", f.ODT_BYTES, files.ODT.media_type, "terms.odt"),
        ("scan", f.PDF_BYTES, "application/pdf", "scan.pdf"),  # no extension: the content's
    ],
)
def test_allowed_types_are_found_from_the_content(name, data, media_type, stored):
    file_type, new_name = files.sniff(f.upload(name, data), name)
    assert (file_type.media_type, new_name) == (media_type, stored)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.html", f.HTML_BYTES, files.ACTIVE_MESSAGE),
        ("page.txt", f.HTML_BYTES, files.ACTIVE_MESSAGE),  # markup whatever the name
        ("logo.svg", f.SVG_BYTES, files.ACTIVE_MESSAGE),
        ("setup.exe", f.EXE_BYTES, files.ACTIVE_MESSAGE),
        ("setup.pdf", f.EXE_BYTES, files.ACTIVE_MESSAGE),  # a program named as a PDF
        ("script.txt", b"#!/bin/sh\nrm -rf /\n", files.ACTIVE_MESSAGE),
        ("archive.zip", f.PLAIN_ZIP_BYTES, "This kind of file cannot be attached."),
        ("blob.bin", b"\x00\x01\x02\x03" * 10, "This kind of file cannot be attached."),
        ("empty.pdf", b"", "The file is empty."),
        ("photo.png", f.PDF_BYTES, "The file's content is PDF, but its name ends in .png"),
    ],
)
def test_refused_files_say_why(name, data, message):
    with pytest.raises(files.FileRefused) as refused:
        files.sniff(f.upload(name, data), name)
    assert refused.value.message.startswith(message)
