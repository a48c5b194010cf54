"""What every list page shares, whichever way it pages: the query-string parameters
(search, sort, page, page size) validated by a form (a bad value is a 400, never a 500),
a sort map turned into an ordering, the capped count, and the page itself (`Listing`).
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PAGE_SIZES = (25, 50, 100)
MAX_PAGE = 100_000
# Beyond this many matches a list says "10,000+": a search for a common word must not
# count its way through 100,000 parts or 300,000 stock records on every keystroke.
COUNT_CAP = 10_000

# A sort map: the public column name used in `?sort=` → an ORM ordering (a field name or
# a tuple of them; `-name` in the query string sorts descending).
Sorts = dict[str, str | tuple[str, ...]]


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows match, counting at most `cap` + 1 of them: (count, capped)."""
    n = queryset.order_by().values("pk")[: cap + 1].count()
    return min(n, cap), n > cap


class ListParamsForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, strip=True)
    sort = forms.CharField(max_length=40, required=False)
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)
    per_page = forms.TypedChoiceField(
        choices=[(size, size) for size in PAGE_SIZES], coerce=int, required=False, empty_value=None
    )

    def clean_q(self):
        value = self.cleaned_data["q"]
        if "\x00" in value:
            raise forms.ValidationError("Search text cannot contain NUL characters.")
        return value


def parse_list_params(request: HttpRequest, *, data: QueryDict | None = None) -> dict:
    """q, sort, page and per_page from the query string (or from `data`, e.g. a bulk
    form's copy of the list's parameters); BadRequest (400) when one is malformed."""
    form = ListParamsForm(request.GET if data is None else data)
    if not form.is_valid():
        raise BadRequest("; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return form.cleaned_data


def sort_column(sort: str, sorts: Sorts) -> str:
    """The column `sort` names (without its `-`); BadRequest when the list has no such."""
    column = sort.removeprefix("-")
    if column not in sorts:
        raise BadRequest(f"Unknown sort column: {column!r}")
    return column


def ordering_for(
    sort: str, sorts: Sorts, *, tiebreak: str = "pk", preferred_order: tuple = ()
) -> tuple:
    """The ORM ordering of `sort`: `preferred_order` first (e.g. "the exact SKU match
    first", ahead of the user's sort), the column's fields, then `tiebreak` in the same
    direction (stable pages)."""
    ordering = sorts[sort_column(sort, sorts)]
    ordering = (ordering,) if isinstance(ordering, str) else tuple(ordering)
    descending = sort.startswith("-")
    if descending:
        ordering = tuple(o[1:] if o.startswith("-") else f"-{o}" for o in ordering)
    return (*preferred_order, *ordering, f"-{tiebreak}" if descending else tiebreak)


@dataclass
class Listing:
    """One page of a list, as its template shows it (`components/pagination.html`)."""

    query: str
    sort: str
    per_page: int
    page_number: int
    rows: list
    has_next: bool
    has_previous: bool
    total: int | None = None  # None: not counted (the ledger)
    total_capped: bool = False  # more match than `total` says ("10,000+")
    sort_options: dict = field(default_factory=dict)
    # Keyset pages link to their neighbours with a cursor; offset pages by number.
    previous_url: str | None = None
    next_url: str | None = None

    @property
    def first_row_number(self) -> int:
        return (self.page_number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last_row_number(self) -> int:
        return self.first_row_number + len(self.rows) - 1 if self.rows else 0

    @property
    def page_sizes(self) -> tuple[int, ...]:
        return PAGE_SIZES


def new_listing(params: dict, sorts: Sorts, default_sort: str) -> Listing:
    """The page the parameters ask for (sort checked against `sorts`), rows still to come."""
    sort = params.get("sort") or default_sort
    sort_column(sort, sorts)
    page_number = params.get("page") or 1
    return Listing(
        query=params.get("q") or "",
        sort=sort,
        per_page=params.get("per_page") or PAGE_SIZES[0],
        page_number=page_number,
        rows=[],
        has_next=False,
        has_previous=page_number > 1,
        sort_options=sorts,
    )
