"""The purchasing app's domain error."""

from apps.core.errors import DomainError


class PurchasingError(DomainError):
    """A purchasing rule refused the change. `field` names the form field it concerns,
    `code` tells a refusal apart (e.g. "over_receipt")."""
