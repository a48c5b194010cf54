"""The single place where a view declares what it needs.

    @permission_required("catalog.change_part")
    def part_edit(request, pk): ...

The same rule holds for the page and its fragments, because they are the same view.
A user without the permission gets 403: the error page, or for an HTMX request a small
fragment (htmx does not swap 4xx; the layout's script announces it).
The permission matrix test reads `required_permissions` off every view.
"""

from functools import wraps

from django.shortcuts import render

from apps.core.htmx import is_fragment_request

PUBLIC = ()  # for views open to any signed-in user (the login middleware still applies)


def forbidden(request):
    template = "components/forbidden_fragment.html" if is_fragment_request(request) else "403.html"
    return render(request, template, status=403)


def permission_required(*perms: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if perms and not request.user.has_perms(perms):
                return forbidden(request)
            return view(request, *args, **kwargs)

        wrapped.required_permissions = perms
        return wrapped

    return decorator
