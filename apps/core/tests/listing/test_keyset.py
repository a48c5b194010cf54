"""Keyset pages (apps/core/listing/keyset.py): cursors, and Next/Previous links that
walk the whole list once each way."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import BadRequest
from django.test import RequestFactory

from apps.core.listing import decode_cursor, encode_cursor, keyset_page
from apps.core.tests.listing.conftest import SORTS, names

KEYSET_SORTS = {"joined": SORTS["joined"]}


def page(people, url):
    request = RequestFactory().get(url)
    return keyset_page(request, people, sorts=KEYSET_SORTS, default_sort="-joined")


def test_cursor_round_trip_and_malformed_cursors():
    moment = datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
    assert decode_cursor(encode_cursor(moment, 42)) == (moment, 42)
    for bad in ("", "x_1", "1_2_3", "99999999999999999999_1"):
        with pytest.raises(BadRequest):
            decode_cursor(bad)


@pytest.mark.parametrize("sort", ["joined", "-joined"])
def test_next_then_previous_visit_every_row_once(people, sort):
    url = f"/people/?sort={sort}&q=x"
    forward = []
    while url:
        listing = page(people, url)
        forward.append(names(listing.rows))
        assert listing.total is None
        url = listing.next_url
        if url:
            assert "q=x" in url and "after=" in url and urlsplit(url).path == "/people/"
    assert [len(rows) for rows in forward] == [25, 5]
    expected = sorted(names(people), reverse=sort.startswith("-"))
    assert [name for rows in forward for name in rows] == expected
    back = page(people, listing.previous_url) if listing.previous_url else None
    assert back is not None and names(back.rows) == forward[0] and back.previous_url is None


def test_after_and_before_together_are_a_bad_request(people):
    with pytest.raises(BadRequest):
        page(people, "/people/?after=1_1&before=1_1")
