"""The benchmark's yardstick for what the stack itself costs."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from apps.core.access import permission_required


@require_GET
@permission_required()  # any signed-in user; declared so the permission matrix test sees it
def baseline(request):
    """A trivial view: the benchmark's yardstick for what the stack itself costs."""
    return HttpResponse("ok", content_type="text/plain")
