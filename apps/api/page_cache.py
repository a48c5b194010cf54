"""The versioned page cache (apps.core.response_cache) for the API's reads.

    @router.get("/parts/", ...)
    @cached_read
    def part_list(request, ...): ...

A token caller is authenticated (and rate-limited) by Ninja before the endpoint runs, so
for them the cache is looked up inside the endpoint. A caller signed in by the session
is known before Ninja runs: their answer is looked up first, before Ninja checks and
parses anything. That is safe because the key holds the user and the data version: any
change to the user, their groups or permissions is a write that changes the version, so
a stored answer is one Ninja would give them again (errors are never stored). A request
with an Authorization header always goes through Ninja first (a token acts as its own
user, whatever the session).

On a miss, the response Ninja renders from the endpoint's result is stored by a wrapper
around the whole operation (ninja's decorate_view), so a hit is byte for byte what the
miss sent.
"""

from functools import wraps

from ninja.decorators import decorate_view

from apps.core.response_cache import page_cache_get, page_cache_put

_KEY = "_api_page_cache_key"
_LOOKED_UP = "_api_page_cache_looked_up"


def _cache_around(run):
    @wraps(run)
    def operation(request, *args, **kwargs):
        if "authorization" not in request.headers:
            hit, key = page_cache_get(request)
            if hit is not None:
                return hit
            setattr(request, _KEY, key)
            setattr(request, _LOOKED_UP, True)
        response = run(request, *args, **kwargs)
        key = getattr(request, _KEY, None)
        if key is not None:
            page_cache_put(request, key, response)
        return response

    return operation


def cached_read(endpoint):
    """A GET endpoint served from the page cache until the next committed write."""

    @wraps(endpoint)
    def lookup(request, *args, **kwargs):
        if not getattr(request, _LOOKED_UP, False):
            hit, key = page_cache_get(request)
            if hit is not None:
                return hit
            setattr(request, _KEY, key)
        return endpoint(request, *args, **kwargs)

    return decorate_view(_cache_around)(lookup)
