"""Users and roles in Django's admin: roles are the groups of apps.accounts.roles."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count

from apps.accounts.forms import AdminLoginForm, ThrottledPasswordChangeForm
from apps.accounts.models import FailedLogin, PasswordResetRequest
from apps.accounts.roles import ROLES
from apps.accounts.services import (
    AccountsError,
    staff_follows_roles,
    user_set_roles,
    user_sync_staff,
)
from apps.core.admin import ViewOnlyAdminMixin

User = get_user_model()

# The admin's own sign-in page and password change are throttled like ours.
admin.site.login_form = AdminLoginForm
admin.site.password_change_form = ThrottledPasswordChangeForm


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role, role) for role in ROLES] + [("none", "no role")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.exclude(groups__name__in=ROLES)
        if self.value() in ROLES:
            return queryset.filter(groups__name=self.value())
        return queryset


admin.site.unregister(User)


def _admin_site_permission(request) -> bool:
    """/admin/ for an active admin (the admin role, which makes staff) or superuser: a
    staff flag that drifted from the roles opens nothing."""
    user = request.user
    return user.is_active and user.is_staff and staff_follows_roles(user)


admin.site.has_permission = _admin_site_permission


def _set_role_action(role):
    def action(modeladmin, request, queryset):
        done = 0
        for user in queryset:
            try:
                user_set_roles(user=user, roles=[role])
            except AccountsError as error:
                modeladmin.message_user(request, error.message, level=messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(request, f"{done} user(s) now have the role {role}.")

    action.__name__ = f"set_role_{role}"
    action.short_description = f"Set role: {role} (replaces their other roles)"
    action.allowed_permissions = ("change",)
    return action


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "roles",
        "is_staff",
        "is_active",
        "last_login",
    )
    list_filter = (RoleFilter, "is_staff", "is_superuser", "is_active")
    actions = [_set_role_action(role) for role in ROLES]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def roles(self, user):
        return ", ".join(sorted(g.name for g in user.groups.all())) or "—"

    # Staff status follows the roles (an admin, or a superuser): not set by hand here.
    readonly_fields = ("is_staff",)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The groups are saved now: is_staff follows them, both ways (a demoted admin
        # loses /admin/, where it could do what the app forbids its role).
        user_sync_staff(user=form.instance)


@admin.register(FailedLogin)
class FailedLoginAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "username", "client_address")
    list_filter = ("created_at",)
    search_fields = ("username", "client_address")
    actions = ["delete_selected"]  # unlock an account by deleting its failures
    deletable = True


@admin.register(PasswordResetRequest)
class PasswordResetRequestAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "email", "client_address")
    search_fields = ("email", "client_address")
    deletable = True


# Roles are groups; their permissions come from roles.py (synced after every migrate).
admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "member_count")
    search_fields = ("name",)
    filter_horizontal = ("permissions",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(members=Count("user"))

    @admin.display(description="members", ordering="members")
    def member_count(self, group):
        return group.members
