"""Ids-first pages (apps/core/listing/ids_first.py): a page of ids, then its rows; and
the page with its count in one pass over the matches."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from apps.core.listing import ids_first_page
from apps.core.tests.listing.conftest import SORTS, names


def by_id(people):
    def fetch(ids):
        return people.in_bulk(ids)

    return fetch


def page(people, query="", **options):
    request = RequestFactory().get("/people/" + (f"?{query}" if query else ""))
    return ids_first_page(
        request, people, by_id(people), sorts=SORTS, default_sort="name", **options
    )


def test_rows_come_by_id_in_the_pages_order(people):
    listing = page(people, "sort=-name&page=2")
    assert names(listing.rows) == [f"user-0{n}" for n in range(4, -1, -1)]
    assert (listing.total, listing.has_next, listing.has_previous) == (30, False, True)


def test_ids_whose_rows_vanished_are_left_out(people):
    def fetch(ids):
        return people.filter(username__endswith="1").in_bulk(ids)

    request = RequestFactory().get("/people/")
    listing = ids_first_page(request, people, fetch, sorts=SORTS, default_sort="name")
    assert names(listing.rows) == ["user-01", "user-11", "user-21"]


def test_one_pass_pages_and_counts_in_one_query(people):
    with CaptureQueriesContext(connection) as queries:
        listing = page(people, "sort=-joined", count="capped", one_pass=True, cap=100)
    assert names(listing.rows)[:3] == ["user-29", "user-28", "user-27"]  # same moment: by id
    assert (listing.total, listing.total_capped, listing.has_next) == (30, False, True)
    assert len(queries) == 2  # the page with its count, then its rows
    assert "COUNT(*) OVER ()" in queries[0]["sql"]


def test_one_pass_past_the_end_still_counts(people):
    listing = page(people, "page=5", count="capped", one_pass=True, cap=100)
    assert (listing.rows, listing.total, listing.has_previous) == ([], 30, True)


def test_one_pass_over_the_cap_pages_by_the_ordered_query(people):
    first = page(people, "sort=name", count="capped", one_pass=True, cap=10)
    assert names(first.rows)[:2] == ["user-00", "user-01"]
    assert (first.total, first.total_capped) == (25, True)
    last = page(people, "sort=name&page=2", count="capped", one_pass=True, cap=10)
    assert len(last.rows) == 5 and (last.total, last.total_capped) == (30, False)
