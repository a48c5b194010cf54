"""Uploaded files (part images), for signed-in users only."""

import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from apps.core.access import permission_required

# Uploaded files are shown as images or downloaded, never run as a page or a script:
# only these types are named, everything else is application/octet-stream. The same map
# is in the internal media location of deploy/nginx/stockroom.conf.template.
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
MEDIA_CSP = "default-src 'none'; sandbox"


def media_path(path: str) -> Path | None:
    """The file under MEDIA_ROOT that `path` names, or None: nothing outside MEDIA_ROOT
    (`..`, absolute paths, symlinks leading out), no directories, no hidden files."""
    if not path or "\\" in path or "\x00" in path:
        return None
    normal = posixpath.normpath(path)
    parts = normal.split("/")
    if normal.startswith("/") or any(
        part in ("", ".", "..") or part.startswith(".") for part in parts
    ):
        return None
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        full = (root / normal).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    if not full.is_relative_to(root) or not full.is_file():
        return None
    return full


@require_GET
@permission_required("catalog.view_part")  # every role has it; anonymous users are sent to sign in
def media_file(request, path):
    """An uploaded file (part images), for signed-in users only.

    Behind Nginx (MEDIA_ACCEL_REDIRECT) the answer is an empty response with
    X-Accel-Redirect: Nginx sends the file from its `internal` location, with its own
    nosniff and sandbox headers. Otherwise Django sends it (development, tests).
    """
    full = media_path(path)
    if full is None or posixpath.normpath(path).split("/")[0] in settings.MEDIA_PRIVATE_DIRS:
        raise Http404("No such file.")
    relative = full.relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
    content_type = MEDIA_TYPES.get(full.suffix.lower(), "application/octet-stream")
    if settings.MEDIA_ACCEL_REDIRECT:
        # Nginx keeps the upstream Content-Type on an internal redirect: set the safe one.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX + quote(relative)
    else:
        response = FileResponse(full.open("rb"), content_type=content_type)
        response["Content-Security-Policy"] = MEDIA_CSP  # kept by Django's CSP middleware
        response["X-Content-Type-Options"] = "nosniff"
    # Signed-in content: browsers may keep it a while, shared caches never.
    patch_cache_control(response, private=True, max_age=3600)
    return response
