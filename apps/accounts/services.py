"""Writes for accounts: role groups kept equal to apps.accounts.roles, role assignment,
and the sign-in throttle."""

import ipaddress
import logging
import math
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import FailedLogin, PasswordResetRequest
from apps.accounts.roles import ADMIN, ROLE_PERMISSIONS, ROLES
from apps.core.errors import DomainError

logger = logging.getLogger(__name__)


@transaction.atomic
def roles_sync() -> None:
    """Creates the role groups and sets exactly the permissions roles.py gives them; the
    admin group gets every permission that exists."""
    permissions = list(Permission.objects.select_related("content_type"))
    found = {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}
    wanted = {code for codes in ROLE_PERMISSIONS.values() for code in codes}
    missing = sorted(wanted - found.keys())
    if missing:
        logger.info("Role permissions not defined by any model yet: %s", ", ".join(missing))
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([found[code] for code in codes if code in found])
    admin_group, _ = Group.objects.get_or_create(name=ADMIN)
    admin_group.permissions.set(permissions)


def roles_sync_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver (AccountsConfig.ready). Apps after us in INSTALLED_APPS get
    their permissions later in the same post_migrate round, so create them all first
    (idempotent)."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()


class AccountsError(DomainError):
    """An accounts rule refused the change."""


def staff_follows_roles(user) -> bool:
    """What is_staff must be: only an admin (the admin role) or a superuser reaches
    /admin/. Whichever screen changes roles calls `user_sync_staff`."""
    return user.is_superuser or user.groups.filter(name=ADMIN).exists()


def user_sync_staff(*, user) -> None:
    """Sets is_staff from the user's roles (both ways: a demoted admin loses /admin/)."""
    staff = staff_follows_roles(user)
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def user_set_roles(*, user, roles: list[str]) -> None:
    """Puts the user in exactly these role groups (other groups are kept); an admin is staff.

    Refused for a superuser: a superuser may do everything whatever its roles, so a role
    would change nothing (and once said "done" while nothing changed)."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")
    if user.is_superuser:
        raise AccountsError(
            f"The user “{user.get_username()}” is a superuser, who may do everything whatever "
            "the role: "
            "a role would change nothing. Untick “Superuser status” on the user first.",
            code="superuser",
        )
    role_groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    user.groups.remove(*[g for name, g in role_groups.items() if name not in roles])
    user.groups.add(*[role_groups[name] for name in roles if name in role_groups])
    user_sync_staff(user=user)


# --- Sign-in throttle -----------------------------------------------------------------


@dataclass(frozen=True)
class Throttled:
    scope: str  # "account" or "address"
    retry_after: int  # seconds
    doing: str = "signing in"  # what is paused

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        who = "this account" if self.scope == "account" else "your network address"
        failures = "failed sign-ins" if self.doing == "signing in" else "wrong passwords"
        return (
            f"Too many {failures} for {who}. For your security, {self.doing} is paused: "
            f"try again in {minutes} minute{'s' if minutes != 1 else ''}, or reset your password."
        )


def _window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW)


def login_throttle_check(
    *, username: str, client_address: str, doing: str = "signing in"
) -> Throttled | None:
    """Whether sign-in is paused for this account or address (too many recent failures).

    A wrong current password in the password-change form is such a failure too: it
    counts, and is paused, with the sign-ins of the account and the address."""
    since = timezone.now() - _window()
    recent = FailedLogin.objects.filter(created_at__gte=since)
    checks = [
        (
            "account",
            recent.filter(username=username.strip().lower()),
            settings.LOGIN_THROTTLE_PER_ACCOUNT,
        )
    ]
    if client_address:
        checks.append(
            (
                "address",
                recent.filter(client_address=client_address),
                settings.LOGIN_THROTTLE_PER_ADDRESS,
            )
        )
    for scope, attempts, limit in checks:
        times = list(attempts.order_by("-created_at").values_list("created_at", flat=True)[:limit])
        if len(times) >= limit:
            # Paused until the oldest of the last `limit` failures leaves the window.
            retry = (times[-1] + _window() - timezone.now()).total_seconds()
            return Throttled(scope, max(1, int(retry)), doing)
    return None


def login_failure_record(*, username: str, client_address: str) -> None:
    FailedLogin.objects.create(
        username=username.strip().lower()[:150], client_address=client_address[:45]
    )
    # Keep the table small: nothing older than the window matters.
    FailedLogin.objects.filter(created_at__lt=timezone.now() - _window()).delete()
    logger.warning("Failed sign-in for %r from %s", username[:150], client_address or "unknown")


def login_success_record(*, username: str) -> None:
    """A successful sign-in clears the account's failures (not the address's)."""
    FailedLogin.objects.filter(username=username.strip().lower()).delete()


def client_address(request) -> str:
    """The address of the browser, for throttling and logs.

    REMOTE_ADDR is the peer of this process. Only when that peer is our own proxy — a
    unix socket (REMOTE_ADDR empty: only Nginx on this host can connect) or an address in
    TRUSTED_PROXIES — do we look at X-Forwarded-For, and then only at its LAST entry: our
    Nginx appends the address it saw ($proxy_add_x_forwarded_for); anything left of it
    came from the client and can be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    peer_is_proxy = remote == "" or remote in settings.TRUSTED_PROXIES
    if peer_is_proxy:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip() if forwarded else ""
        if last:
            remote = last
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return ""


# --- Password reset limits ----------------------------------------------------------------


def password_reset_allowed(*, email: str, client_address: str) -> tuple[bool, bool]:
    """(address may ask, mailbox may receive) within the window; records the request.

    An address over its limit gets told (429); a mailbox over its limit silently gets no more
    mail, so the answer never reveals whether an account exists.
    """
    since = timezone.now() - _window()
    recent = PasswordResetRequest.objects.filter(created_at__gte=since)
    email = email.strip().lower()[:254]
    if (
        client_address
        and recent.filter(client_address=client_address).count()
        >= settings.PASSWORD_RESET_PER_ADDRESS
    ):
        return False, False
    mailbox_ok = recent.filter(email=email).count() < settings.PASSWORD_RESET_PER_EMAIL
    PasswordResetRequest.objects.create(email=email, client_address=client_address[:45])
    PasswordResetRequest.objects.filter(created_at__lt=since).delete()
    return True, mailbox_ok
