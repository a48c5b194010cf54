"""Cursor paging for the API's lists (keyset, not OFFSET, never a COUNT).

A list is ordered by some keys and the id; the cursor carries the last row's key values
(signed: a tampered or stale cursor is a 400, never a query with arbitrary values). The
next page is the rows after those values in that order, which an index on the sort
column answers directly however deep the page. NULL counts as greater than any value
(PostgreSQL's default: last going up, first going down), so indexes serve both ways.

A page is chosen over bare ids first; the caller fetches the rows for those ids with
what they show (one or two more queries): a constant number of queries per page.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core import signing
from django.core.exceptions import BadRequest
from django.db.models import Expression, F, Q, QuerySet

SALT = "api.cursor"
PAGE_SIZES = (25, 50, 100)
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class SortKey:
    expression: Expression | str  # a field path ("sku", "category__name") or an expression
    descending: bool = False
    nullable: bool = False


@dataclass(frozen=True)
class Page:
    ids: list[int]
    next_cursor: str | None


def _encode(value):
    if isinstance(value, (Decimal, date, datetime)):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def keys_for_sort(sorts: dict, sort: str) -> list[SortKey]:
    """The keys of a `?sort=` value (`name` or `-name`) from a {name: key(s)} table."""
    column = sort.removeprefix("-")
    if column not in sorts:
        raise BadRequest(f"Unknown sort column: {column!r} (one of {', '.join(sorts)}).")
    spec = sorts[column]
    specs = spec if isinstance(spec, (list, tuple)) else (spec,)
    descending = sort.startswith("-")
    keys = []
    for item in specs:
        key = item if isinstance(item, SortKey) else SortKey(item)
        keys.append(SortKey(key.expression, key.descending != descending, key.nullable))
    return keys


def keyset_page(
    queryset: QuerySet,
    *,
    keys: list[SortKey],
    cursor: str | None,
    limit: int,
    signature: str,
) -> Page:
    """The ids of one page of `queryset` in `keys` order (then the id, in the direction of
    the last key), after `cursor`. `signature` names the list and its sort and filters:
    a cursor is only valid for the same list."""
    descending_pk = keys[-1].descending if keys else False
    aliases = [f"_k{n}" for n in range(len(keys))]
    annotated = queryset.annotate(
        **{
            alias: (F(key.expression) if isinstance(key.expression, str) else key.expression)
            for alias, key in zip(aliases, keys, strict=True)
        }
    )
    if cursor:
        try:
            payload = signing.loads(cursor, salt=SALT)
            values, last_pk = payload["v"], int(payload["pk"])
            if payload["s"] != signature or len(values) != len(keys):
                raise ValueError("cursor of another list")
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise BadRequest("Invalid cursor: ask for the first page again.") from error
        annotated = annotated.filter(_after(aliases, keys, values, last_pk, descending_pk))
    ordering = [_order(F(alias), key) for alias, key in zip(aliases, keys, strict=True)]
    ordering.append(F("pk").desc() if descending_pk else F("pk").asc())
    rows = list(annotated.order_by(*ordering).values_list("pk", *aliases)[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = signing.dumps(
            {"s": signature, "v": [_encode(v) for v in last[1:]], "pk": last[0]},
            salt=SALT,
            compress=True,
        )
    return Page(ids=[row[0] for row in rows[:limit]], next_cursor=next_cursor)


def _order(expression, key: SortKey):
    if not key.nullable:
        return expression.desc() if key.descending else expression.asc()
    # Spelled out for SQLite (NULL smallest there); PostgreSQL's default order anyway.
    return expression.desc(nulls_first=True) if key.descending else expression.asc(nulls_last=True)


def _after(aliases, keys, values, last_pk, descending_pk) -> Q:
    """Rows after (values…, last_pk) in the keys' order (NULL greater than any value)."""
    condition = Q(pk__lt=last_pk) if descending_pk else Q(pk__gt=last_pk)
    for alias, key, value in reversed(list(zip(aliases, keys, values, strict=True))):
        is_null = Q(**{f"{alias}__isnull": True})
        if value is None:
            same = is_null & condition
            # Going down, every value comes after the NULLs; going up, nothing but NULLs.
            condition = (same | ~is_null) if key.descending else same
            continue
        beyond = Q(**{f"{alias}__{'lt' if key.descending else 'gt'}": value})
        if key.nullable and not key.descending:
            beyond |= is_null
        condition = beyond | (Q(**{alias: value}) & condition)
    if keys and values[0] is not None and not keys[0].nullable:
        # A range on the first key as well: lets the planner walk its index from there.
        condition &= Q(**{f"{aliases[0]}__{'lte' if keys[0].descending else 'gte'}": values[0]})
    return condition
