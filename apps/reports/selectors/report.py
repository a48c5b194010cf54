"""What every report page shows: a chart, the table behind it, totals and notes, and the
same rows as a CSV/XLSX file. Selectors build a `Report`; the one template draws it."""

from dataclasses import dataclass, field
from decimal import Decimal

BAR_ROOM = 320  # the bars' viewBox width: the longest bar
BAR_HEIGHT = 22
CHART_BARS = 25


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text · qty · money · int · days · date

    @property
    def numeric(self) -> bool:
        return self.kind in ("qty", "money", "int", "days")


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str
    width: float  # of BAR_ROOM


@dataclass(frozen=True)
class Chart:
    """Horizontal bars, one per row (the first CHART_BARS), lengths computed here so the
    template only draws them (no JavaScript). The template writes each bar's label and
    figure as page text and only the bar as SVG, stretched to the width there is: text
    inside a scaled SVG shrinks with it (13 units drew 6 px high on a phone)."""

    title: str
    bars: list[Bar]
    room: int = BAR_ROOM
    bar_height: int = BAR_HEIGHT


def bar_chart(title: str, items: list[tuple[str, Decimal, str]], *, limit=CHART_BARS) -> Chart:
    """`items`: (label, value, value as shown), the first `limit` drawn. Negative values
    draw as empty bars."""
    items = items[:limit]
    peak = max((value for _, value, _ in items), default=0) or 0
    bars = []
    for label, value, text in items:
        width = round(BAR_ROOM * float(value) / float(peak), 1) if peak > 0 and value > 0 else 0
        short = label if len(label) <= 28 else label[:27] + "…"
        bars.append(Bar(label=short, value=value, text=text, width=width))
    return Chart(title=title, bars=bars)


@dataclass
class Report:
    title: str
    columns: list[Column]
    rows: list[dict]
    chart: Chart | None = None
    totals: dict = field(default_factory=dict)  # column key → value, for a totals row
    notes: list[str] = field(default_factory=list)
    rates: list = field(default_factory=list)  # ExchangeRate rows used in a conversion
    currency: str = ""
    filename: str = "report"
    # Drill down: rows with "url" link their first cell; "crumbs" is the path back up.
    crumbs: list[tuple[str, str]] = field(default_factory=list)
    key: str = "main"  # which table a page's export link asks for (?section=)
    more: int = 0  # rows left off the table (shown: the largest ones)

    def export_rows(self):
        yield [column.label for column in self.columns]
        for row in self.rows:
            yield [row.get(column.key) for column in self.columns]
        if self.totals:
            yield [self.totals.get(column.key, "") for column in self.columns]
