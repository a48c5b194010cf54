"""What every report page shows: a chart, the table behind it, totals and notes, and the
same rows as a CSV/XLSX file. Selectors build a `Report`; the one template draws it."""

from dataclasses import dataclass, field
from decimal import Decimal

CHART_WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 200  # room on the left for the bar's label
VALUE_WIDTH = 120  # room on the right for the figure
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
    y: float
    width: float


@dataclass(frozen=True)
class Chart:
    """Horizontal bars, one per row (the first CHART_BARS), geometry computed here so the
    template only draws it (no JavaScript)."""

    title: str
    bars: list[Bar]
    width: int = CHART_WIDTH

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH

    @property
    def bar_x(self) -> int:
        return LABEL_WIDTH + 4

    @property
    def value_x(self) -> int:
        return CHART_WIDTH - 2

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


def bar_chart(title: str, items: list[tuple[str, Decimal, str]], *, limit=CHART_BARS) -> Chart:
    """`items`: (label, value, value as shown), the first `limit` drawn. Negative values
    draw as empty bars."""
    items = items[:limit]
    peak = max((value for _, value, _ in items), default=0) or 0
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, value, text) in enumerate(items):
        width = round(room * float(value) / float(peak), 1) if peak > 0 and value > 0 else 0
        short = label if len(label) <= 28 else label[:27] + "…"
        bars.append(
            Bar(
                label=short,
                value=value,
                text=text,
                y=BAR_GAP + index * (BAR_HEIGHT + BAR_GAP),
                width=width,
            )
        )
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
