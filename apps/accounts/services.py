"""Writes for accounts: keeping the role groups equal to apps.accounts.roles."""

import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from apps.accounts.roles import ROLE_PERMISSIONS

logger = logging.getLogger(__name__)


@transaction.atomic
def roles_sync() -> None:
    """Creates the role groups and sets exactly the permissions roles.py gives them."""
    wanted = {code for codes in ROLE_PERMISSIONS.values() for code in codes}
    found = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    missing = sorted(wanted - found.keys())
    if missing:
        logger.warning("Role permissions not defined by any model yet: %s", ", ".join(missing))
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([found[code] for code in codes if code in found])
