"""core has no models to administer (DataVersion is bookkeeping for the page cache); it
holds what the other apps' admin classes share."""


class ViewOnlyAdminMixin:
    """Records shown in the admin but never added, changed or deleted there (the ledger,
    stock records, history): they are written by services only. `deletable = True` keeps
    deleting (e.g. clearing failed logins to unlock an account)."""

    deletable = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)
