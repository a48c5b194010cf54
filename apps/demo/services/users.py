"""The demo users: one per role, all with the same password (the README names it)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_PASSWORD = "stockroom-demo"
DEMO_USERS = ["admin", "manager", "purchaser", "clerk", "viewer"]
# Who books the demo ledger: as their roles allow (apps.accounts.roles).
STOCK_WORKERS = ["clerk", "manager"]  # receive, issue
ADJUSTERS = ["manager"]  # adjust


def ensure_demo_users() -> None:
    User = get_user_model()
    for username in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        if username == "admin":
            user.is_staff = user.is_superuser = True
        group = Group.objects.filter(name=username).first()
        if group is not None:
            user.groups.add(group)
        user.save()
