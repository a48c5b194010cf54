"""Where uploads go: MEDIA_ROOT, under names that can always be served.

Django keeps a name like `.hidden.png` as it is; the media view (and Nginx) never serve a
hidden file, so such an image was stored and shown broken. Names are normalised when the
file is saved: no leading dots, dashes or underscores, a lower-case extension, only
letters, digits, dots, dashes and underscores (Django's get_valid_filename).
"""

import os

from django.core.files.storage import FileSystemStorage
from django.utils.text import get_valid_filename


def safe_upload_name(name: str) -> str:
    """`.hidden.PNG` → `hidden.png`, `.png` → `upload.png`, `my photo.jpg` → `my_photo.jpg`."""
    raw = os.path.basename(name.replace("\\", "/")).strip()
    stem, ext = os.path.splitext(raw.lstrip("."))
    if not ext and raw.startswith(".") and "." not in stem:  # ".png": only an extension
        stem, ext = "", f".{stem}"
    stem = get_valid_filename(stem) if stem.strip(" ._-") else ""
    stem = stem.lstrip("._-")
    ext = get_valid_filename(ext).lower() if ext.strip(".") else ""
    return f"{stem or 'upload'}{ext}"


class MediaStorage(FileSystemStorage):
    """FileSystemStorage that normalises the names of uploads (see safe_upload_name)."""

    def get_valid_name(self, name: str) -> str:
        return safe_upload_name(name)
