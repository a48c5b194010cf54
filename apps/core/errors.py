"""The one base class for a refusal by a domain rule.

Services raise a subclass (`StockError`, `PurchasingError`, ...); views turn it into a
form error on `field` (or a message when it names none) and a 4xx, never a 500.
"""


class DomainError(Exception):
    """A domain rule refused the change. `field` names the form field it concerns;
    `code` tells callers apart without matching on the message."""

    def __init__(self, message: str, *, field: str | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
