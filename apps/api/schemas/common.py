"""Shared field types and bodies: ids, bounded text, decimals as strings, errors, pages."""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, PlainSerializer, StringConstraints, WithJsonSchema

MAX_ID = 2**63 - 1  # PostgreSQL bigint

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _storable(value: str) -> str:
    """Text the database can store: no NUL, no lone surrogates."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


def Text(max_length: int, *, min_length: int = 0, strip: bool = True):
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length, strip_whitespace=strip),
        AfterValidator(_storable),
    ]


# A list's `next_cursor`, as the API made it (signed; letters, digits and _ - : .).
Cursor = Annotated[str, StringConstraints(max_length=1000, pattern=r"^[A-Za-z0-9_:.\-]+$")]

# Quantities and money leave as strings ("12.500"): exact, whatever the client's floats.
DecimalStr = Annotated[
    Decimal,
    PlainSerializer(lambda value: format(value, "f"), return_type=str),
    WithJsonSchema({"type": "string", "format": "decimal", "examples": ["12.500"]}),
]
# …and arrive as a number or a string; the services check range and precision.
DecimalIn = Annotated[
    Decimal,
    Field(allow_inf_nan=False),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"},
            ],
            "examples": ["5", 2.5],
        }
    ),
]


def _number_in(*, minimum=None, maximum=None, examples=("5", 2.5)):
    number = {"type": "number"}
    if minimum is not None:
        number["minimum"] = minimum
    if maximum is not None:
        number["maximum"] = maximum
    return WithJsonSchema(
        {
            "anyOf": [
                number,
                {"type": "string", "pattern": r"^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"},
            ],
            "examples": list(examples),
        }
    )


# Prices (4 places) and order quantities (3 places) as the database stores them.
MoneyIn = Annotated[
    Decimal,
    Field(ge=0, max_digits=14, decimal_places=4, allow_inf_nan=False),
    _number_in(minimum=0, maximum=9_999_999_999, examples=("12.50", 3)),
]
OrderQuantityIn = Annotated[
    Decimal,
    Field(gt=0, max_digits=14, decimal_places=3, allow_inf_nan=False),
    _number_in(minimum=0.001, maximum=99_999_999_999, examples=("10", 2.5)),
]


class FieldError(Schema):
    field: str | None = Field(None, description="The field (body or query parameter) concerned.")
    message: str
    location: str = ""


class ErrorOut(Schema):
    detail: str
    code: str = Field(description="Stable name of the error, e.g. invalid, refused, not_found.")
    errors: list[FieldError] = []


class Ref(Schema):
    """Another record, by id and what a person recognises it by."""

    id: int


def unit_code(part) -> str:
    """A part's unit as its code ("pcs"), read from the column: no join to the units."""
    return part["unit"] if isinstance(part, dict) else part.unit_id


class PartRef(Ref):
    sku: str
    name: str
    unit: str

    @staticmethod
    def resolve_unit(obj) -> str:
        return unit_code(obj)


class LocationRef(Ref):
    code: str
    name: str


class SupplierRef(Ref):
    name: str


class CategoryRef(Ref):
    name: str


def page_of(item, name: str):
    """A page body `{results: [item], next_cursor, next}` named `name`."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {
                "results": list[item],
                "next_cursor": str | None,
                "next": str | None,
            },
            "__doc__": "One page of a list; follow `next` (or pass `cursor=next_cursor`) for the next.",
            "__module__": __name__,
        },
    )


ERRORS_READ = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
ERRORS_WRITE = {**ERRORS_READ, 409: ErrorOut, 415: ErrorOut}
