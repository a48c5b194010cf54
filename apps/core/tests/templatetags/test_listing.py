"""{% pagination %}: one component for every list (templates/components/pagination.html)."""

from django.template import engines
from django.test import RequestFactory

from apps.core.listing import Listing


def render(source, listing, url="/things/?q=a&page=2", **context):
    template = engines["django"].from_string("{% load listing %}" + source)
    return template.render({"listing": listing, **context}, RequestFactory().get(url))


def listing(**fields):
    values = {
        "query": "",
        "sort": "name",
        "per_page": 25,
        "page_number": 2,
        "rows": list(range(25)),
        "has_next": True,
        "has_previous": True,
        "total": 10_000,
    }
    return Listing(**(values | fields))


def test_offset_pages_link_by_number_and_keep_the_other_parameters():
    html = render("{% pagination listing %}", listing(total_capped=True))
    assert "Rows 26–50 of 10000+" in html and "<span>Page 2</span>" in html
    assert 'href="?q=a&amp;page=1" hx-get="?q=a&amp;page=1"' in html and 'rel="prev"' in html
    assert 'href="?q=a&amp;page=3"' in html and ">Next</a>" in html


def test_keyset_pages_link_by_their_cursors_and_count_nothing():
    keyset = listing(total=None, previous_url="/l/?before=1_2", next_url="/l/?after=3_4")
    html = render("{% pagination listing %}", keyset)
    assert "Rows 26–50</p>" in html
    assert 'href="/l/?before=1_2"' in html and 'href="/l/?after=3_4"' in html


def test_absolute_links_labels_and_the_foot_layout():
    html = render(
        '{% pagination listing absolute=True noun="Changes" previous_label="Newer" '
        'next_label="Older" label="History pages" %}',
        listing(has_next=False),
    )
    assert 'aria-label="History pages"' in html and "Changes 26–50 of 10000" in html
    assert 'href="/things/?q=a&amp;page=1"' in html and ">Newer</a>" in html
    assert "Older" not in html
    foot = render(
        '{% pagination listing layout="foot" push_url=True page_size_urls=sizes '
        'page_size_target="#results" %}',
        listing(rows=[], has_next=False),
        sizes=[(25, "?per_page=25"), (50, "?per_page=50")],
    )
    assert '<nav aria-label="Pagination"><span data-testid="row-range">No rows</span>' in foot
    assert 'hx-push-url="true" rel="prev"' in foot
    assert '<b aria-current="true">25</b>' in foot
    assert '<a href="?per_page=50" hx-get="?per_page=50" hx-target="#results">50</a>' in foot
