"""Every code kind, in both symbologies, decodes (zxing-cpp) to what was encoded, and the
scan endpoint finds the record from what the decoder read."""

import pytest
from django.urls import reverse

from apps.inventory.selectors.codes import code_resolve
from apps.labels.codes import CODE128, QR, CodeError, code_svg, payload_for
from apps.labels.tests.decode import decode_svg
from apps.labels.tests.factories import make_coded_records

pytestmark = pytest.mark.django_db
FORMAT = {QR: "QRCode", CODE128: "Code128"}


@pytest.fixture
def records(db):
    return make_coded_records()


@pytest.mark.parametrize("symbology", [QR, CODE128])
def test_every_code_decodes_to_its_payload_and_scans_to_its_record(records, symbology, clerk):
    for kind, (record, expected) in records.items():
        payload = payload_for(record)
        assert payload == expected, kind
        svg = code_svg(payload, symbology=symbology)
        assert "style=" not in svg and "<script" not in svg  # strict CSP, inline
        assert decode_svg(svg) == [(FORMAT[symbology], expected)], kind
        found = code_resolve(expected)
        if kind == "location":
            assert found.location == record
        elif kind == "batch":
            assert (found.part, found.batch) == (record.part, record.batch)
        else:
            part = record if kind.endswith("part") else record.part
            assert found.part == part and found.batch == ""
    # The scan endpoint (header box) takes the decoded batch code to its part.
    batch, _ = records["batch"]
    r = clerk.get(reverse("inventory:scan"), {"code": "glue|x|LOT 2026-07"})
    assert r.status_code == 302 and r["Location"] == batch.part.get_absolute_url()


def test_a_batch_scanned_on_a_location_page_prefills_the_batch(records, clerk):
    item, code = records["batch"]
    page = reverse("inventory:location_detail", args=[item.location.pk])
    r = clerk.get(
        reverse("inventory:scan"),
        {"code": code},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
    )
    assert r.status_code == 200
    assert "batch=LOT%202026-07" in r.content.decode()


def test_unknown_and_unencodable():
    assert code_resolve("NOPE|LOT") is None
    assert code_resolve("|") is None
    with pytest.raises(CodeError):
        code_svg("Ω-1", symbology=CODE128)
    assert decode_svg(code_svg("Ω-1")) == [("QRCode", "Ω-1")]
