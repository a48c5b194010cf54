"""Length limits of free text. Every text field has one (STANDARDS.md): without it a 9 MB
note went into the immutable ledger and made its first page 18 MB for everyone.

Models declare `models.TextField(**text_limit(TEXT_LENGTH))`: the form gets `maxlength`
and the message, `full_clean()` refuses more. Services that write text without
`full_clean()` check it with `length_error()`.
"""

from django.core.validators import MaxLengthValidator

NOTE_LENGTH = 500  # a stock movement's note, a delivery's note
ADDRESS_LENGTH = 500  # a postal address
TEXT_LENGTH = 2000  # descriptions and notes of records


def text_limit(limit: int) -> dict:
    """The keyword arguments of a TextField limited to `limit` characters."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}


def length_error(value: str | None, limit: int) -> str | None:
    """The message for a text over `limit` characters, else None."""
    if value and len(value) > limit:
        return f"At most {limit:,} characters (this text has {len(value):,})."
    return None
