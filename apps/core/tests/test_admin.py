"""ViewOnlyAdminMixin: the ledger, stock records and history are shown in the admin but
never written there; failed logins may still be deleted (to unlock an account)."""

from django.contrib import admin
from django.test import RequestFactory

from apps.accounts.models import FailedLogin
from apps.audit.models import AuditEntry
from apps.inventory.models import StockItem, StockMovement


def test_view_only_admins_deny_add_change_and_delete_even_to_a_superuser(
    admin_client_user,
):
    _client, user = admin_client_user
    request = RequestFactory().get("/")
    request.user = user
    for model in (StockItem, StockMovement, AuditEntry):
        model_admin = admin.site._registry[model]
        assert model_admin.has_view_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    failures = admin.site._registry[FailedLogin]
    assert not failures.has_change_permission(request)
    assert failures.has_delete_permission(request)
