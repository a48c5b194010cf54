"""Who is making the current changes and in which request: a context variable set by
`AuditContextMiddleware` for requests and by `audit_context()` for commands/scripts.
"""

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class AuditContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    user: object = None  # a user, or a callable returning one (resolved lazily)
    source: str = ""

    def resolve_user(self):
        user = self.user() if callable(self.user) else self.user
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "audit_context", default=None
)


def current() -> AuditContext:
    """The active context; outside any request or `audit_context()` a fresh one per call."""
    return _current.get() or AuditContext(source="system")


@contextmanager
def active(context: AuditContext):
    """Makes `context` the current one inside the block (AuditContextMiddleware)."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


@contextmanager
def audit_context(*, user=None, source: str = "", request_id: str | None = None):
    """Attributes changes made inside the block: `with audit_context(user=u, source="import"):`"""
    context = AuditContext(user=user, source=source)
    if request_id:
        context.request_id = request_id
    with active(context):
        yield context
