"""The versioned page cache (apps.core.response_cache) for the API's reads.

    @router.get("/parts/", ...)
    @cached_read
    def part_list(request, ...): ...

Ninja authenticates (and rate-limits) before it calls the endpoint, so the cache is
looked up inside the endpoint: a hit returns the stored JSON, which Ninja passes through
as is. On a miss, the response Ninja renders from the endpoint's result is stored by a
wrapper around the whole operation (ninja's decorate_view), so a hit is byte for byte
what the miss sent. The key holds the data version and the user, as for the pages.
"""

from functools import wraps

from ninja.decorators import decorate_view

from apps.core.response_cache import page_cache_get, page_cache_put

_KEY = "_api_page_cache_key"


def _store_after(run):
    @wraps(run)
    def operation(request, *args, **kwargs):
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
        hit, key = page_cache_get(request)
        if hit is not None:
            return hit
        setattr(request, _KEY, key)
        return endpoint(request, *args, **kwargs)

    return decorate_view(_store_after)(lookup)
