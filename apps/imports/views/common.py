"""What the import views share: the import of the URL, checked against the user's kinds."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from apps.imports.kinds import KINDS
from apps.imports.models import ImportJob


def job_for(request, pk: int, *, lock: bool = False) -> ImportJob:
    """The import `pk`; 404 when unknown, 403 when the user may not import its kind."""
    job = get_object_or_404(ImportJob, pk=pk)
    if not request.user.has_perm(KINDS[job.kind].permission):
        raise PermissionDenied
    return job
