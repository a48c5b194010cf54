"""Who may call an endpoint: the same Django permissions as the pages.

    @router.get("/parts/", response=..., auth=permission("catalog.view_part"))
    def part_list(request, ...): ...

`permission()` is the endpoint's auth: a token or the session, then the permissions,
checked before the input is (a caller who may not write gets 403 whatever they sent).
The endpoint's function name is its URL name (`api:part_list`); apps/api/urls.py puts
the permissions on the URL pattern's view as `required_permissions`, which the
permission-matrix test reads like any page's.
"""

from apps.api.auth import SessionAuth, TokenAuth


def permission(*perms: str) -> list:
    return [TokenAuth(perms), SessionAuth(perms)]
