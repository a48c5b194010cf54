"""Writes of a user's notice preferences, and the unsubscribe link's token."""

from django.core import signing
from django.db import transaction
from django.db.models import Q

from apps.notices.models import NoticePreference

UNSUBSCRIBE_SALT = "notices.unsubscribe"


def notice_preference_save(
    *, user, low_stock: bool, overdue_orders: bool, categories
) -> NoticePreference:
    with transaction.atomic():
        preference, _ = NoticePreference.objects.select_for_update().get_or_create(user=user)
        preference.low_stock = low_stock
        preference.overdue_orders = overdue_orders
        preference.save()
        preference.categories.set(categories)
    return preference


def unsubscribe_token(user) -> str:
    """A signed token naming the user (no expiry: an old email's link still works)."""
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_user_id(token: str) -> int | None:
    """The user id a token names, or None when it was not signed by us."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def notices_unsubscribe(*, user_id: int) -> bool:
    """Stops every notice to the user; True when something was on (a second click: False)."""
    with transaction.atomic():
        updated = (
            NoticePreference.objects.filter(user_id=user_id)
            .filter(Q(low_stock=True) | Q(overdue_orders=True))
            .update(low_stock=False, overdue_orders=False)
        )
    return updated > 0
