"""The list conventions shared by every list page: search, sort, page and page size
from the query string, validated by a form (bad values are a 400, never a 500).

    listing = Listing.from_request(request, queryset, sorts={"sku": "sku", "name": "name"},
                                   default_sort="sku")
    context = {"listing": listing, ...}

`sorts` maps the public column name used in `?sort=` to an ORM ordering (a string or a
tuple of strings); `-name` sorts descending. Templates use `components/sort_header.html`
and `components/pagination.html`.

Pages of very large tables (the ledger) pass `count=False`: no COUNT(*) over a million
rows, the page fetches one row more to know whether a next page exists.
"""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet

PAGE_SIZES = (25, 50, 100)
MAX_PAGE = 100_000
# Beyond this many matches a list says "10,000+": a search for a common word must not
# count its way through 100,000 parts or 300,000 stock records on every keystroke.
COUNT_CAP = 10_000


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows match, counting at most `cap` + 1 of them: (count, capped)."""
    n = queryset.order_by().values("pk")[: cap + 1].count()
    return min(n, cap), n > cap


# The days a date field accepts. Python's dates end at 9999-12-31 and begin at 0001-01-01:
# a filter "up to 9999-12-31" has no next day to stop before, and the first day shifted
# to UTC leaves the calendar (both were 500s). No workshop record is that old or far off.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
DAY_RANGE_MESSAGE = f"Enter a date between {FIRST_DAY:%Y-%m-%d} and {LAST_DAY:%Y-%m-%d}."


class DayField(forms.DateField):
    """A date between FIRST_DAY and LAST_DAY, entered with the browser's date picker."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators += [
            MinValueValidator(FIRST_DAY, message=DAY_RANGE_MESSAGE),
            MaxValueValidator(LAST_DAY, message=DAY_RANGE_MESSAGE),
        ]
        self.widget.attrs.setdefault("min", f"{FIRST_DAY:%Y-%m-%d}")
        self.widget.attrs.setdefault("max", f"{LAST_DAY:%Y-%m-%d}")


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


def parse_list_params(request) -> dict:
    form = ListParamsForm(request.GET)
    if not form.is_valid():
        raise BadRequest("; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return form.cleaned_data


@dataclass
class Listing:
    query: str
    sort: str
    per_page: int
    page_number: int
    rows: list
    has_next: bool
    has_previous: bool
    total: int | None = None
    sort_options: dict = field(default_factory=dict)

    @classmethod
    def from_request(
        cls,
        request,
        queryset: QuerySet,
        *,
        sorts: dict[str, str | tuple[str, ...]],
        default_sort: str,
        count: bool = True,
        params: dict | None = None,
        tiebreak: str = "pk",
        preferred_order: tuple = (),
    ) -> "Listing":
        params = params if params is not None else parse_list_params(request)
        sort = params.get("sort") or default_sort
        column = sort.removeprefix("-")
        if column not in sorts:
            raise BadRequest(f"Unknown sort column: {column!r}")
        ordering = sorts[column]
        ordering = (ordering,) if isinstance(ordering, str) else tuple(ordering)
        if sort.startswith("-"):
            ordering = tuple(o[1:] if o.startswith("-") else f"-{o}" for o in ordering)
        ordering += (f"-{tiebreak}" if sort.startswith("-") else tiebreak,)
        if preferred_order:
            # e.g. "exact SKU match first", ahead of the user's sort.
            ordering = tuple(preferred_order) + ordering
        queryset = queryset.order_by(*ordering)
        per_page = params.get("per_page") or PAGE_SIZES[0]
        page_number = params.get("page") or 1
        if count:
            paginator = Paginator(queryset, per_page)
            try:
                page = paginator.page(page_number)
            except EmptyPage:
                page = paginator.page(paginator.num_pages)
            return cls(
                query=params.get("q") or "",
                sort=sort,
                per_page=per_page,
                page_number=page.number,
                rows=list(page.object_list),
                has_next=page.has_next(),
                has_previous=page.has_previous(),
                total=paginator.count,
                sort_options=sorts,
            )
        start = (page_number - 1) * per_page
        rows = list(queryset[start : start + per_page + 1])
        return cls(
            query=params.get("q") or "",
            sort=sort,
            per_page=per_page,
            page_number=page_number,
            rows=rows[:per_page],
            has_next=len(rows) > per_page,
            has_previous=page_number > 1,
            total=None,
            sort_options=sorts,
        )

    @property
    def first_row_number(self) -> int:
        return (self.page_number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last_row_number(self) -> int:
        return self.first_row_number + len(self.rows) - 1 if self.rows else 0

    @property
    def page_sizes(self) -> tuple[int, ...]:
        return PAGE_SIZES
