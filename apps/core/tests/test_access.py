"""permission_required: the permission a view declares, checked for page and fragment."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django_htmx.middleware import HtmxDetails

from apps.core.access import permission_required


@permission_required("catalog.change_part")
def edit(request):
    return HttpResponse("edited")


@permission_required()
def any_signed_in_user(request):
    return HttpResponse("ok")


def test_the_view_declares_what_it_needs():
    assert edit.required_permissions == ("catalog.change_part",)
    assert any_signed_in_user.required_permissions == ()


def test_without_the_permission_a_403_page_or_fragment(rf, make_user):
    request = rf.get("/")
    request.user = make_user("vic", role="viewer")
    page = edit(request)
    assert page.status_code == 403 and b"<html" in page.content and b"Not allowed" in page.content
    request = rf.get("/", headers={"HX-Request": "true"})
    request.user = make_user("vera", role="viewer")
    request.htmx = HtmxDetails(request)
    fragment = edit(request)
    assert fragment.status_code == 403 and b"<html" not in fragment.content


def test_with_the_permission_the_view_runs(rf, make_user):
    request = rf.get("/")
    request.user = make_user("meg", role="manager")
    assert edit(request).content == b"edited"
    request.user = AnonymousUser()  # the login middleware stops anonymous users earlier
    assert any_signed_in_user(request).content == b"ok"
