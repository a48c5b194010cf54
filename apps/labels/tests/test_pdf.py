"""The PDF (headless Chromium) of each layout: the page size of the label stock and each
label where the layout puts it, to the millimetre. Measured with pdfplumber on the
outlines the page draws on request (centred on each label's edge); the largest error per
layout is printed (`-s`) for the release note."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.labels.layouts import LAYOUTS

pytestmark = pytest.mark.django_db
PT = 25.4 / 72  # mm per PDF point
TOLERANCE = 0.5  # mm: "to the millimetre"


def outlines(page) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) in mm of the stroked label outlines, row by row."""
    boxes = {
        tuple(round(v * PT, 3) for v in (r["x0"], r["top"], r["width"], r["height"]))
        for r in page.rects
        if r["stroke"]
    }
    return sorted(boxes, key=lambda b: (round(b[1]), b[0]))


@pytest.mark.parametrize("key", list(LAYOUTS))
def test_pdf_pages_and_label_positions(key, viewer):
    layout = LAYOUTS[key]
    start = 3 if layout.is_sheet else 1
    count = layout.per_page - start + 2 if layout.is_sheet else 2  # spills onto a 2nd page
    parts = [make_part(f"L-{n:03}", name=f"Label part {n}") for n in range(count)]
    query = "&".join(f"ids={part.pk}" for part in parts)
    r = viewer.get(
        f"{reverse('labels:label_pdf')}?kind=part&{query}&layout={key}&symbology=qr"
        f"&fields=code&fields=sku&fields=name&start={start}&outlines=1"
    )
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pdf = pdfplumber.open(io.BytesIO(r.content))
    assert len(pdf.pages) == 2
    worst = page_worst = 0.0
    for page in pdf.pages:
        size_error = max(
            abs(page.width * PT - layout.page_width), abs(page.height * PT - layout.page_height)
        )
        assert size_error < TOLERANCE, (page.width * PT, page.height * PT)
        page_worst = max(page_worst, size_error)
    first = pdf.pages[0]
    boxes = outlines(first)
    assert len(boxes) == layout.per_page  # blank slots are outlined too
    for slot, (x, y, width, height) in enumerate(boxes):
        want_x, want_y = layout.position(slot)
        errors = (
            abs(x - want_x),
            abs(y - want_y),
            abs(width - layout.label_width),
            abs(height - layout.label_height),
        )
        assert max(errors) < TOLERANCE, (slot, (x, y, width, height), (want_x, want_y))
        worst = max(worst, *errors)
    # "Start at label N": the first label's text is in slot N, the slots before are blank.
    words = first.extract_words()
    first_sku = next(w for w in words if w["text"] == "L-000")
    x, y, width, height = boxes[start - 1]
    assert x <= first_sku["x0"] * PT <= x + width and y <= first_sku["top"] * PT <= y + height
    for slot in range(start - 1):
        x, y, width, height = boxes[slot]
        assert not [
            w for w in words if x <= w["x0"] * PT <= x + width and y <= w["top"] * PT <= y + height
        ]
    # The last label spilled onto the second page.
    assert f"L-{count - 1:03}" in pdf.pages[1].extract_text()
    print(f"\nlayout {key}: page size off by ≤ {page_worst:.3f} mm, labels by ≤ {worst:.3f} mm")
