"""Label stocks: page size, label size and where each label sits, in millimetres.

The same figures are in static/css/labels.css (the print CSS, one named @page per
layout) and are what the PDF test measures. Sheet figures are those of the common
stocks: A4 21-up is Avery L7160 (63.5 × 38.1 mm, 3 × 7, pitch 66.04 × 38.1 mm),
Letter 30-up is Avery 5160 (2⅝ × 1 in, 3 × 10, pitch 2¾ × 1 in); the rolls print one
label per page (Brother DK-11209 62 × 29 mm, a 4 × 6 in shipping label).
"""

from dataclasses import dataclass

INCH = 25.4


@dataclass(frozen=True)
class Layout:
    key: str
    name: str
    page_width: float
    page_height: float
    label_width: float
    label_height: float
    columns: int = 1
    rows: int = 1
    left: float = 0.0  # page edge to the first label
    top: float = 0.0
    gap_x: float = 0.0  # between two labels
    gap_y: float = 0.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def is_sheet(self) -> bool:
        return self.per_page > 1

    def position(self, slot: int) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of slot 0 … per_page − 1,
        filled row by row."""
        row, column = divmod(slot, self.columns)
        return (
            self.left + column * (self.label_width + self.gap_x),
            self.top + row * (self.label_height + self.gap_y),
        )


LAYOUTS = {
    layout.key: layout
    for layout in (
        Layout(
            key="a4-21",
            name="A4 sheet, 21 labels 63.5 × 38.1 mm",
            page_width=210,
            page_height=297,
            label_width=63.5,
            label_height=38.1,
            columns=3,
            rows=7,
            left=7.21,
            top=15.15,
            gap_x=2.54,
        ),
        Layout(
            key="letter-30",
            name="Letter sheet, 30 labels 2⅝ × 1 in",
            page_width=8.5 * INCH,
            page_height=11 * INCH,
            label_width=2.625 * INCH,
            label_height=1 * INCH,
            columns=3,
            rows=10,
            left=0.1875 * INCH,
            top=0.5 * INCH,
            gap_x=0.125 * INCH,
        ),
        Layout(
            key="roll-62x29",
            name="Roll, 62 × 29 mm",
            page_width=62,
            page_height=29,
            label_width=62,
            label_height=29,
        ),
        Layout(
            key="roll-4x6",
            name="Roll, 4 × 6 in",
            page_width=4 * INCH,
            page_height=6 * INCH,
            label_width=4 * INCH,
            label_height=6 * INCH,
        ),
    )
}
DEFAULT_LAYOUT = "a4-21"
