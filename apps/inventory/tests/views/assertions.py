"""What the view tests check on a response: rows, fragments, queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

HX = {"HTTP_HX_REQUEST": "true"}
HX_RESULTS = {**HX, "HTTP_HX_TARGET": "results"}  # a sort: the whole table


def rows_of(response, testid) -> int:
    return response.content.decode().count(f'data-testid="{testid}"')


def stock_rows_of(response) -> int:
    """Stock records in the stock table (its rows are dense: no test ids, see stock_list.html)."""
    html = response.content.decode()
    body = html[html.index('<tbody id="rows"') :]
    return body[: body.index("</tbody>")].count("<tr><td><")


def assert_fragment_of(fragment, page):
    """The fragment is only the part that changes: no layout (about 2.5 KB), no form."""
    html = fragment.content.decode()
    assert (
        "<html" not in html and '<nav aria-label="Main"' not in html and 'role="search"' not in html
    )
    assert "<html" in page.content.decode()
    assert len(fragment.content) < len(page.content) - 2500


def count_queries(client, url, **extra) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)
