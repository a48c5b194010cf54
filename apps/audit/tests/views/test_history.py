"""The history page of one record: page and fragment, paged, names for foreign keys, 404
for what has no history, the model's view permission."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.audit.tests.factories import make_tracked_part
from apps.catalog.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def part():
    return make_tracked_part()


def history_url(label, pk):
    return reverse("audit:record_history", args=[label, pk])


def test_history_page_and_fragment(viewer, part, django_assert_max_num_queries):
    for n in range(30):
        part.name = f"name {n}"
        part.save()
    url = history_url("catalog.part", part.pk)
    page = viewer.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" in html and "History of part" in html
    assert html.count('data-testid="history-entry"') == 25  # newest first, paged
    assert "name 29" in html and "name 4" in html and "name 3<" not in html
    with django_assert_max_num_queries(12):
        fragment = viewer.get(url + "?page=2", headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body
    assert body.count('data-testid="history-entry"') == 6  # 30 updates + the creation
    assert f'hx-get="{url}?page=1"' in body  # absolute: the fragment also lives in a History tab


def test_history_shows_foreign_keys_by_name(viewer, part):
    part.category = Category.objects.create(name="Fasteners")
    part.save()
    body = viewer.get(history_url("catalog.part", part.pk)).content.decode()
    assert "Passives" in body and "Fasteners" in body


@pytest.mark.parametrize(
    "label,pk",
    [
        ("catalog.part", "987654"),
        ("catalog.part", "abc"),
        ("auth.user", "1"),  # not tracked
        ("nonsense", "1"),
        ("catalog.nothing", "1"),
    ],
)
def test_bad_history_addresses_are_404(viewer, part, label, pk):
    assert viewer.get(history_url(label, pk)).status_code == 404


def test_history_needs_the_models_view_permission(client, make_user, part):
    user = make_user("nobody")  # signed in, no role
    client.force_login(user)
    url = history_url("catalog.part", part.pk)
    assert client.get(url).status_code == 403
    user.groups.add(Group.objects.get(name="viewer"))
    assert client.get(url).status_code == 200


def test_bad_page_is_400(viewer, part):
    url = history_url("catalog.part", part.pk)
    assert viewer.get(url + "?page=x").status_code == 400
    assert viewer.get(url + "?sort=password").status_code == 400


def test_history_of_a_deleted_record_is_still_readable(viewer, part):
    pk = part.pk
    part.delete()
    response = viewer.get(history_url("catalog.part", pk))
    assert response.status_code == 200
    assert "deleted" in response.content.decode()
