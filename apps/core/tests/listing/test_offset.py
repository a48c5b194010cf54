"""Offset pages (apps/core/listing/offset.py): exact and capped counts, sort maps."""

import pytest
from django.core.exceptions import BadRequest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from apps.core.listing import offset_page, ordering_for
from apps.core.tests.listing.conftest import SORTS, names


def page(people, query="", **options):
    request = RequestFactory().get("/people/" + (f"?{query}" if query else ""))
    return offset_page(request, people, sorts=SORTS, default_sort="name", **options)


def test_exact_count_pages_and_a_page_past_the_end_shows_the_last(people):
    first = page(people)
    assert names(first.rows)[:2] == ["user-00", "user-01"] and len(first.rows) == 25
    assert (first.total, first.has_next, first.has_previous) == (30, True, False)
    last = page(people, "page=9")
    assert last.page_number == 2 and names(last.rows) == [f"user-{n}" for n in range(25, 30)]
    assert (last.first_row_number, last.last_row_number, last.has_next) == (26, 30, False)


def test_descending_sort_flips_the_column_and_the_tiebreak(people):
    assert ordering_for("-joined", SORTS) == ("-date_joined", "-pk")
    assert ordering_for("name", {"name": ("-a", "b")}, preferred_order=("x",)) == (
        "x",
        "-a",
        "b",
        "pk",
    )
    newest = page(people, "sort=-joined&per_page=50")
    assert names(newest.rows)[:3] == ["user-29", "user-28", "user-27"]  # same moment: by id


@pytest.mark.parametrize("query", ["sort=nope", "sort=-nope", "page=0", "per_page=7"])
def test_bad_parameters_are_a_bad_request(people, query):
    with pytest.raises(BadRequest):
        page(people, query)


def test_capped_count_never_says_less_than_the_rows_shown(people):
    first = page(people, count="capped", cap=10)
    assert (first.total, first.total_capped) == (25, True)  # "Rows 1–25 of 25+"
    roomy = page(people, count="capped", cap=100)
    assert (roomy.total, roomy.total_capped) == (30, False)


def test_capped_count_is_exact_on_the_last_page_without_counting(people):
    with CaptureQueriesContext(connection) as queries:
        last = page(people, "page=2", count="capped", cap=10)
    assert (last.total, last.total_capped, last.has_next) == (30, False, False)
    assert len(queries) == 1 and "COUNT" not in queries[0]["sql"].upper()


def test_capped_count_counts_what_it_is_told(people):
    counted = page(people, count="capped", cap=100, count_from=people.filter(pk__lt=0))
    assert (counted.total, counted.total_capped) == (0, False)  # the caller's count queryset
