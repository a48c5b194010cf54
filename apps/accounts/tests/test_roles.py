"""The roles (apps/accounts/roles.py): cumulative, and what a role may not do is neither
offered nor reachable."""

import pytest
from django.urls import reverse

from apps.catalog.tests.factories import make_part

pytestmark = pytest.mark.django_db


def test_roles_are_cumulative_where_the_product_says_so(make_user):
    viewer, clerk, manager = (
        make_user("v", role="viewer"),
        make_user("c", role="clerk"),
        make_user("m", role="manager"),
    )
    assert viewer.has_perm("catalog.view_part") and not viewer.has_perm("catalog.change_part")
    assert clerk.has_perm("inventory.move_stock") and not clerk.has_perm("catalog.change_part")
    assert manager.has_perm("catalog.change_part") and manager.has_perm("inventory.move_stock")


def test_actions_a_user_may_not_take_are_not_offered(client, make_user):
    """The `perms` context variable drives the buttons (documented in docs/security.md)."""
    part = make_part("X-1")
    client.force_login(make_user("vic", role="viewer"))
    assert "New part" not in client.get(reverse("catalog:part_list")).content.decode()
    assert client.get(reverse("catalog:part_edit", args=[part.pk])).status_code == 403
    client.force_login(make_user("meg", role="manager"))
    assert "New part" in client.get(reverse("catalog:part_list")).content.decode()
