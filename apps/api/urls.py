"""/api/v1/ (the NinjaAPI), /api/schema/, /api/docs/ and the API tokens page.

The NinjaAPI's URL patterns are taken as they are, less its root page, and each view is
given what the rest of the project expects of a view: `required_permissions` (for the
permission-matrix test, from apps/api/access.py) and `login_required = False` (the API
answers 401 itself instead of redirecting to the sign-in page)."""

from django.urls import include, path

from apps.api.api import ROUTERS, api
from apps.api.views import docs, tokens

app_name = "api"


def _permissions() -> dict[str, tuple[str, ...]]:
    """Each endpoint's permissions (its auth's), by URL name (its function's name)."""
    found = {}
    for router in ROUTERS:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                found[operation.view_func.__name__] = operation.auth_callbacks[0].perms
    return found


def _api_patterns():
    permissions = _permissions()
    patterns = []
    for pattern in api.urls[0]:
        if pattern.name == "api-root":
            continue
        pattern.callback.required_permissions = permissions[pattern.name]
        pattern.callback.login_required = False
        patterns.append(pattern)
    return patterns


urlpatterns = [
    path("v1/", include(_api_patterns())),
    path("schema/", docs.schema, name="schema"),
    path("docs/", docs.reference, name="docs"),
    path("tokens/", tokens.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
