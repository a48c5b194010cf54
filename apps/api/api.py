"""The NinjaAPI of /api/v1/: its routers, auth and error handlers. The schema and the
reference page are served by apps/api/views/ (at /api/schema/ and /api/docs/)."""

from ninja import NinjaAPI

from apps.api import errors
from apps.api.auth import AUTH
from apps.api.endpoints import (
    categories,
    locations,
    movements,
    parts,
    purchase_orders,
    stock,
    stock_operations,
    supplier_parts,
    suppliers,
)

DESCRIPTION = """Stockroom's JSON API: the catalog, stock and the ledger, suppliers and
purchase orders, and the stock operations, with the same rules and permissions as the
pages. Authenticate with a personal token (`Authorization: Bearer sr_…`, created on the
API tokens page or with `manage.py api_token`) or, from the browser, the session (writes
then need the `X-CSRFToken` header). Lists are paged with a cursor: follow `next`.
Stock writes accept an `Idempotency-Key` header: a retry with the same key books once.
See docs/api.md."""


class StockroomAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """The endpoint's function name, which is also its URL name (`part_list`)."""
        return operation.view_func.__name__


api = StockroomAPI(
    title="Stockroom API",
    version="1",
    description=DESCRIPTION,
    auth=AUTH,
    urls_namespace="api",
    openapi_url=None,
    docs_url=None,
)
errors.install(api)

ROUTERS = [
    module.router
    for module in (
        parts,
        categories,
        locations,
        stock,
        movements,
        stock_operations,
        suppliers,
        supplier_parts,
        purchase_orders,
    )
]
for router in ROUTERS:
    api.add_router("", router)
