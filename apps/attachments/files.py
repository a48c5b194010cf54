"""What an uploaded file is, from its content: an allow-list, never the name alone.

`sniff(upload, name)` returns the media type and the extension the stored name gets, or
raises FileRefused with a message for the user. A file must both look like an allowed
type and carry a name that agrees with it (a PDF named `x.png` is refused): what the
browser is told about a file is then always what the file is.
"""

import codecs
import os
import zipfile
from dataclasses import dataclass

from apps.core.errors import DomainError

HEAD_BYTES = 8192


class FileRefused(DomainError):
    """What the content turned out to be, and why it cannot be kept."""


@dataclass(frozen=True)
class FileType:
    media_type: str
    label: str
    extensions: tuple[str, ...]  # the first is used for a name without an extension


PDF = FileType("application/pdf", "PDF", (".pdf",))
PNG = FileType("image/png", "PNG image", (".png",))
JPEG = FileType("image/jpeg", "JPEG image", (".jpg", ".jpeg"))
WEBP = FileType("image/webp", "WebP image", (".webp",))
TEXT = FileType("text/plain", "Text", (".txt", ".text", ".log"))
CSV = FileType("text/csv", "CSV", (".csv",))
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", (".xlsx",)
)
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word", (".docx",)
)
ODT = FileType("application/vnd.oasis.opendocument.text", "OpenDocument text", (".odt",))
TYPES = (PDF, PNG, JPEG, WEBP, TEXT, CSV, XLSX, DOCX, ODT)
LABELS = {file_type.media_type: file_type.label for file_type in TYPES}
ALLOWED_HELP = (
    "PDF, PNG, JPEG, WebP, plain text, CSV, Excel (.xlsx), Word (.docx) or OpenDocument text (.odt)"
)
ACCEPT = ",".join(ext for file_type in TYPES for ext in file_type.extensions)

# Names a browser would run or render as a page; refused whatever the content.
ACTIVE_EXTENSIONS = {
    ".htm", ".html", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".js", ".mjs",
    ".exe", ".dll", ".com", ".bat", ".cmd", ".msi", ".scr", ".ps1", ".vbs", ".sh", ".jar",
    ".apk", ".app", ".php", ".py", ".pl", ".swf",
}  # fmt: skip
ACTIVE_MESSAGE = "Web pages, SVG images and programs cannot be attached (a browser could run them)."
MARKUP_MARKERS = (
    b"<!doctype",
    b"<html",
    b"<svg",
    b"<script",
    b"<?xml",
    b"<head",
    b"<body",
    b"<iframe",
)


def type_label(media_type: str) -> str:
    return LABELS.get(media_type, media_type)


def _zip_type(upload) -> FileType | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return XLSX
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.media_type.encode():
                return ODT
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def _looks_like_markup(head: bytes) -> bool:
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return lowered.startswith(b"<") and any(marker in lowered for marker in MARKUP_MARKERS)


def _is_text(head: bytes) -> bool:
    """UTF-8 (or Windows-1252) text without NUL or other control characters."""
    if b"\x00" in head:
        return False
    try:
        # The head may end inside a multi-byte character: final=False keeps that tail back.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return not any(ord(char) < 32 and char not in "\t\r\n\f" for char in text)


def content_type_of(upload) -> FileType | None:
    """The allowed type the content is, or None. Raises FileRefused for markup and programs."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    if head.startswith((b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")):
        raise FileRefused(ACTIVE_MESSAGE)
    if _looks_like_markup(head):
        raise FileRefused(ACTIVE_MESSAGE)
    if head and _is_text(head):
        return TEXT
    return None


def sniff(upload, name: str) -> tuple[FileType, str]:
    """(the file's type, the name to store it under: `name` with an extension that agrees)."""
    stem, ext = os.path.splitext(name)
    ext = ext.lower()
    if ext in ACTIVE_EXTENSIONS:
        raise FileRefused(ACTIVE_MESSAGE)
    if upload.size == 0:
        raise FileRefused("The file is empty.")
    found = content_type_of(upload)
    if found is None:
        raise FileRefused(f"This kind of file cannot be attached. Allowed: {ALLOWED_HELP}.")
    if found is TEXT and ext in CSV.extensions:
        found = CSV
    if not ext:
        return found, f"{stem}{found.extensions[0]}"
    if ext not in found.extensions:
        raise FileRefused(
            f"The file's content is {found.label}, but its name ends in {ext}: "
            f"rename it to {found.extensions[0]} and try again."
        )
    return found, name
