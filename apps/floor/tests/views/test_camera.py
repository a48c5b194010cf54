"""The camera scan page: camera=(self) in its Permissions-Policy and on no other page;
the site's strict CSP unchanged; the decoder comes from our own static files."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_only_the_camera_page_allows_the_camera(clerk):
    r = clerk.get(reverse("floor:camera"))
    assert r.status_code == 200
    assert r["Permissions-Policy"].startswith("camera=(self),")
    assert "microphone=()" in r["Permissions-Policy"]
    html = r.content.decode()
    assert "/static/vendor/zxing/zxing-library.min.js" in html and "/static/js/camera.js" in html
    assert 'name="to" value="floor"' in html  # the keyboard wedge's form on the same page
    other = clerk.get(reverse("floor:home"))
    assert "camera=()" in other["Permissions-Policy"]
    assert r["Content-Security-Policy"] == other["Content-Security-Policy"]
    assert "unsafe-eval" not in r["Content-Security-Policy"]


def test_viewers_have_no_camera_page(viewer):
    assert viewer.get(reverse("floor:camera")).status_code == 403
