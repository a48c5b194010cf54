"""Empty files to fill in: each kind's columns (the names exports write too) and an
example row, as CSV or XLSX."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.decorators.http import require_GET

from apps.core.access import permission_required
from apps.core.exports import FORMATS, export_response
from apps.imports.kinds import KINDS
from apps.imports.views.jobs import PERMISSION


@require_GET
@permission_required(PERMISSION)
def import_template(request, kind, file_format):
    if kind not in KINDS or file_format not in FORMATS:
        raise Http404("No such template.")
    spec = KINDS[kind]
    if not request.user.has_perm(spec.permission):
        raise PermissionDenied
    rows = [spec.headers(), *spec.template_rows()]
    return export_response(
        rows, filename=f"{kind.replace('_', '-')}-template", file_format=file_format
    )
