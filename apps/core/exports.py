"""The one way a list leaves the app as a file: CSV or XLSX, streamed, each cell passed
through the same formula-injection guard.

    return export_response(rows, filename="parts", file_format="csv")

`rows` is an iterable of lists, the header first. Values are written as the page shows
them: text as is, Decimals without trailing zeros of storage, dates in ISO form.
"""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from apps.core.xlsx import write_xlsx

FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def neutralise(value) -> str:
    """A cell as text; one starting with = + - @ (a formula to a spreadsheet) and not a
    number is quoted with a leading apostrophe, so it is shown, never run."""
    text = cell_text(value)
    if text[:1] in FORMULA_STARTS and not _is_number(text):
        return "'" + text
    return text


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, datetime.datetime):
        # As the pages show it: in the site's time zone (project/formats).
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def format_decimal(value: Decimal) -> str:
    """12.000 → "12", 1830.24000000000 → "1830.24"; never scientific notation."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


class _Echo:
    """csv.writer's file: hands each written line back instead of storing it."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([neutralise(value) for value in row])


def xlsx_cell(value):
    """Numbers stay numbers in a spreadsheet; text goes through the guard."""
    if isinstance(value, bool) or value is None:
        return cell_text(value)
    if isinstance(value, (int, float, Decimal, datetime.date)):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return neutralise(value)


def export_response(
    rows: Iterable[list], *, filename: str, file_format: str = "csv"
) -> HttpResponse:
    """A download of `rows` as `filename`.csv or .xlsx. CSV streams row by row; XLSX is
    written row by row to a temporary file (apps.core.xlsx), then streamed."""
    if file_format == "xlsx":
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
        write_xlsx(handle, ([xlsx_cell(value) for value in row] for row in rows), title=filename)
        handle.seek(0)
        return FileResponse(
            handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE
        )
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
