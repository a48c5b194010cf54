"""The scan box: a part or location code opens its page; on a location page a part is
offered for receive/issue there; an unknown code is announced."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCAN = reverse("inventory:scan")


def test_scan(shop):
    part_page = reverse("catalog:part_detail", args=[shop.part.pk])
    location_page = reverse("inventory:location_detail", args=[shop.a.pk])
    receive_here = f"{reverse('inventory:stock_receive')}?part={shop.part.pk}&location={shop.a.pk}"
    issue_here = f"{reverse('inventory:stock_issue')}?part={shop.part.pk}&location={shop.a.pk}"
    r = shop.client.get(SCAN, {"code": "p-100"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204 and r["HX-Redirect"] == part_page
    r = shop.client.get(SCAN, {"code": "4006381333931"}, HTTP_HX_REQUEST="true")
    assert r["HX-Redirect"] == part_page
    r = shop.client.get(SCAN, {"code": "b1"}, HTTP_HX_REQUEST="true")
    assert r["HX-Redirect"] == reverse("inventory:location_detail", args=[shop.b.pk])
    r = shop.client.get(SCAN, {"code": "zzz"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204 and "HX-Redirect" not in r
    events = json.loads(r["HX-Trigger"])
    assert (
        "Nothing has the code" in events["showMessage"]["message"]
        and events["showMessage"]["level"] == "error"
    )
    assert events["scanUnknown"] is True
    r = shop.client.get(SCAN, {"code": "zzz"})
    assert r.status_code == 404 and "Nothing has the code" in r.content.decode()
    # Without JavaScript a known code is a plain redirect.
    r = shop.client.get(SCAN, {"code": "b1"})
    assert r.status_code == 302 and r["Location"] == reverse(
        "inventory:location_detail", args=[shop.b.pk]
    )
    # A part scanned on a location page offers receive/issue for the pair.
    r = shop.client.get(
        SCAN,
        {"code": "P-100"},
        HTTP_HX_CURRENT_URL=f"http://testserver{location_page}",
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert receive_here in html and issue_here in html
    # Sent as a plain form (a scan before the page's scripts ran): the page it came from
    # is in the form, and the offer is a page of its own.
    page = shop.client.get(location_page).content.decode()
    assert f'name="from" value="{location_page}"' in page
    r = shop.client.get(SCAN, {"code": "P-100", "from": location_page})
    assert r.status_code == 200 and "<html" in r.content.decode()
    assert receive_here in r.content.decode()


def test_a_part_scanned_elsewhere_opens_the_part(shop):
    part_page = reverse("catalog:part_detail", args=[shop.part.pk])
    for elsewhere in (
        reverse("inventory:location_edit", args=[shop.a.pk]),
        reverse("inventory:location_detail", args=[999999]),
        "/no/such/page/",  # not an address of the app
    ):
        r = shop.client.get(SCAN, {"code": "P-100", "from": elsewhere})
        assert r.status_code == 302 and r["Location"] == part_page, elsewhere
