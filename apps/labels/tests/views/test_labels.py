"""The labels pages: options, the printable sheet (selection, all that match, start at N,
fields, errors in place) and constant queries whatever the number of labels."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.inventory.tests.factories import make_location, put_stock
from apps.labels.tests.decode import decode_svg

pytestmark = pytest.mark.django_db
OPTIONS = reverse("labels:label_options")
SHEET = reverse("labels:label_sheet")


def labels_in(html: str) -> list[str]:
    return [chunk.split('"', 1)[0] for chunk in html.split('data-code="')[1:]]


def test_options_page_carries_the_selection(viewer):
    parts = [make_part(f"S-{n}") for n in range(3)]
    r = viewer.get(OPTIONS, {"kind": "part", "ids": [p.pk for p in parts]})
    html = r.content.decode()
    assert r.status_code == 200 and "3 parts" in html
    for part in parts:
        assert f'name="ids" value="{part.pk}"' in html
    assert 'value="a4-21"' in html and 'value="code128"' in html


def test_sheet_of_selected_parts_with_start_and_fields(viewer):
    shelf = make_location("BIN-7")
    parts = [make_part(f"S-{n}", name=f"Thing {n}", default_location=shelf) for n in range(4)]
    r = viewer.get(
        SHEET,
        {
            "kind": "part",
            "ids": [p.pk for p in parts[:3]],
            "layout": "a4-21",
            "symbology": "code128",
            "fields": ["code", "sku", "location"],
            "start": "5",
        },
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert labels_in(html) == ["S-0", "S-1", "S-2"]
    assert html.count("label-blank") == 4  # start at label 5
    assert "Loc BIN-7" in html and "Thing 0" not in html  # name not chosen
    assert 'class="code code-128"' in html and "data-print-labels" in html
    # The drawn code decodes to what the label says.
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert decode_svg("<svg" + svg + "</svg>") == [("Code128", "S-0")]


def test_all_matching_parts_and_stock_and_locations(viewer):
    shelf = make_location("SHELF")
    bin_ = make_location("BIN", parent=shelf)
    make_location("ELSEWHERE")
    glue = make_part("GLUE", tracks_batches=True)
    make_part("GLOVE")
    make_part("NUT")
    put_stock(glue, bin_, "3", batch="LOT1", expiry=date(2027, 5, 1))
    r = viewer.get(SHEET, {"kind": "part", "all_matching": "1", "q": "gl", "fields": ["code"]})
    assert labels_in(r.content.decode()) == ["GLOVE", "GLUE"]
    r = viewer.get(
        SHEET,
        {
            "kind": "stock",
            "all_matching": "1",
            "location": "shelf",
            "fields": ["code", "batch", "expiry"],
        },
    )
    html = r.content.decode()
    assert labels_in(html) == ["GLUE|LOT1"] and "Batch LOT1" in html and "Exp 2027-05-01" in html
    r = viewer.get(
        SHEET,
        {"kind": "location", "all_matching": "1", "under": "SHELF", "fields": ["code", "name"]},
    )
    assert labels_in(r.content.decode()) == ["SHELF", "BIN"]
    # The stock list's ticked rows come as `selected`.
    item = glue.stock_items.get()
    r = viewer.get(
        SHEET, {"kind": "stock", "selected": [item.pk], "fields": ["code"], "layout": "roll-62x29"}
    )
    assert labels_in(r.content.decode()) == ["GLUE|LOT1"]


def test_bad_options_are_shown_in_place(viewer):
    part = make_part("S-1")
    r = viewer.get(
        SHEET,
        {"kind": "part", "ids": [part.pk], "layout": "roll-4x6", "fields": ["code"], "start": "31"},
    )
    assert r.status_code == 422 and "aria-invalid" in r.content.decode()
    r = viewer.get(
        SHEET,
        {"kind": "part", "ids": [part.pk], "layout": "a4-21", "fields": ["code"], "start": "22"},
    )
    assert r.status_code == 422 and "This sheet has 21 labels." in r.content.decode()
    r = viewer.get(SHEET, {"kind": "part", "ids": [part.pk], "layout": "a4-21", "fields": []})
    assert r.status_code == 422
    assert viewer.get(SHEET, {"kind": "nope"}).status_code == 400
    assert viewer.get(SHEET, {"kind": "part", "ids": ["x"]}).status_code == 400


def test_constant_queries(viewer):
    shelf = make_location("A")
    parts = [make_part(f"Q-{n:02}", default_location=shelf) for n in range(30)]
    counts = []
    for size in (3, 30):
        params = {
            "kind": "part",
            "ids": [p.pk for p in parts[:size]],
            "fields": ["code", "sku", "location"],
        }
        with CaptureQueriesContext(connection) as queries:
            assert viewer.get(SHEET, params).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
