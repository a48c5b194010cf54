"""Who may call an endpoint: the same Django permissions as the pages.

    @router.get("/parts/", ...)
    @permission("catalog.view_part")
    def part_list(request, ...): ...

The endpoint's function name is its URL name (`api:part_list`); `PERMISSIONS` maps it to
what it needs, and apps/api/urls.py puts that on the URL pattern's view as
`required_permissions`, which the permission-matrix test reads like any page's.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

PERMISSIONS: dict[str, tuple[str, ...]] = {}


def permission(*perms: str):
    def decorator(func):
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied("You do not have permission to do this.")
            return func(request, *args, **kwargs)

        wrapped.required_permissions = perms
        PERMISSIONS[func.__name__] = perms
        return wrapped

    return decorator
