"""The history page of one record: page and fragment, paged, names for foreign keys, 404
for what has no history, the model's view permission."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from apps.audit.tests.factories import make_tracked_part
from apps.catalog.models import Category
from apps.catalog.tests.factories import make_part
from apps.purchasing.tests.factories import make_order, make_supplier, make_supplier_part

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


def test_issue12_item4_history_includes_the_changes_of_the_records_lines(
    viewer, part, make_user, django_assert_max_num_queries
):
    """A price-list change showed only on /history/purchasing.supplierpart/<id>/, neither
    on the part's nor on the supplier's History tab; order lines likewise."""
    acme, bolt = make_supplier("Acme"), make_supplier("Bolt")
    line = make_supplier_part(acme, part, price="1.50")
    line.unit_price = Decimal("1.75")
    line.save()
    make_supplier_part(bolt, make_part("OTHER-1"))  # another part's line: not shown
    part_page = viewer.get(history_url("catalog.part", part.pk)).content.decode()
    supplier_page = viewer.get(history_url("purchasing.supplier", acme.pk)).content.decode()
    for html in (part_page, supplier_page):
        assert html.count('data-testid="history-line"') == 2  # created, then the price
        assert "Price-list line Acme · R-100" in html
        assert "1.5" in html and "1.75" in html
    assert "OTHER-1" not in part_page
    line.delete()
    part_page = viewer.get(history_url("catalog.part", part.pk)).content.decode()
    assert part_page.count('data-testid="history-line"') == 3  # a deleted line stays in history
    # An order's lines on the order's history.
    order = make_order(acme, make_user("buyer"), [(part, 5, 1)])
    order_line = order.lines.get()
    order_line.quantity = Decimal(8)
    order_line.save()
    html = viewer.get(history_url("purchasing.purchaseorder", order.pk)).content.decode()
    assert html.count('data-testid="history-line"') == 2 and "Purchase order line 1 · R-100" in html
    # Constant queries, with the lines or without.
    for n in range(10):
        make_supplier_part(make_supplier(f"S{n}"), part)
    url = history_url("catalog.part", part.pk)
    with django_assert_max_num_queries(12):
        viewer.get(url, headers={"HX-Request": "true"})


def test_issue12_item4_lines_show_only_to_those_who_may_see_them(client, make_user, part):
    user = make_user("parts-only")
    user.user_permissions.add(Permission.objects.get(codename="view_part"))
    client.force_login(user)
    make_supplier_part(make_supplier("Acme"), part)
    html = client.get(history_url("catalog.part", part.pk)).content.decode()
    assert 'data-testid="history-entry"' in html and 'data-testid="history-line"' not in html
