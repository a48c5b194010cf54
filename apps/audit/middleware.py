"""Gives every request a request id and makes its user available to the history recorder."""

from apps.audit.context import AuditContext, active


class AuditContextMiddleware:
    """Sits after AuthenticationMiddleware. The user is resolved lazily, only when a tracked
    record is written, so reads pay nothing. The id is echoed as `X-Request-ID`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        context = AuditContext(
            user=lambda: getattr(request, "user", None),
            source=f"{request.method} {request.path}"[:200],
        )
        # The id core's observability middleware took from Nginx (or made): one id in the
        # request's log line, its history entries and its X-Request-ID.
        if getattr(request, "request_id", None):
            context.request_id = request.request_id
        request.request_id = context.request_id
        with active(context):
            response = self.get_response(request)
        response["X-Request-ID"] = context.request_id
        return response
