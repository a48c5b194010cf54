"""Personal API tokens: created (shown once), checked, revoked. Only the SHA-256 of a
token is stored; a token is `sr_` + 40 random URL-safe characters."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.api.models import ApiToken
from apps.core.errors import DomainError

TOKEN_PREFIX = "sr_"
MAX_TOKENS_PER_USER = 50
# last_used_at is written at most this often per token: not one UPDATE per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(DomainError):
    """A token could not be created or revoked."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the token itself: shown once, never stored


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user, name: str) -> NewToken:
    name = (name or "").strip()
    if not name:
        raise TokenError("Give the token a name.", field="name")
    if len(name) > 100:
        raise TokenError("At most 100 characters.", field="name")
    if "\x00" in name:
        raise TokenError("The name cannot contain NUL characters.", field="name")
    with transaction.atomic():
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        if active.count() >= MAX_TOKENS_PER_USER:
            raise TokenError(
                f"At most {MAX_TOKENS_PER_USER} active tokens; revoke one first.", field="name"
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(30)
        token = ApiToken.objects.create(
            user=user, name=name, key_hash=token_hash(secret), prefix=secret[:8]
        )
    return NewToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken, user) -> ApiToken:
    """Revokes `token`; only its owner (or an admin) may. Revoking twice is a no-op."""
    if token.user_id != user.pk and not user.has_perm("api.change_apitoken"):
        raise TokenError("This is not your token.")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The active token whose SHA-256 matches, with its user; None otherwise. Notes the
    time of use (at most once a minute)."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
