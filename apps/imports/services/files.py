"""Reading an uploaded spreadsheet: what it is, its headers, then its rows as text,
streaming (a 50 MB file is never held in memory as a whole).

CSV: UTF-8 with or without BOM, UTF-16 (BOM or not), Windows-1252; comma, semicolon, tab
or pipe, detected from the header line; quoted fields may hold newlines.
XLSX: read by openpyxl in read-only mode with cached values (a formula's last computed
value is used, never evaluated); checked for zip bombs before openpyxl opens it.

Every refusal is an ImportFileError with a message a user can act on.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from apps.core.errors import DomainError
from apps.core.xlsx import column_letters

CSV_EXTENSIONS = {".csv", ".txt", ".tsv"}
XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 64 * 1024
PREVIEW_ROWS = 5
# Zip-bomb guards for .xlsx: what a member may expand to, and by how much.
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5_000
MERGED_CELL = re.compile(rb'<mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


class ImportFileError(DomainError):
    """The file cannot be imported; the message says why and what to do."""

    def __init__(self, message: str, *, code: str = "file"):
        super().__init__(message, field="file", code=code)


@dataclass
class FileInfo:
    file_format: str
    encoding: str = ""
    delimiter: str = ""
    sheet_names: list[str] = field(default_factory=list)
    sheet: str = ""
    headers: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    estimated_rows: int = 0


def format_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in CSV_EXTENSIONS:
        return "csv"
    if suffix in XLSX_EXTENSIONS:
        return "xlsx"
    if suffix in (".xls", ".ods", ".numbers"):
        raise ImportFileError(
            f"{suffix} files cannot be read: save the sheet as .xlsx (Excel workbook) or .csv.",
            code="type",
        )
    raise ImportFileError(
        "Upload a .csv or .xlsx file (a spreadsheet saved as CSV or as an Excel workbook).",
        code="type",
    )


def inspect_file(path: Path, name: str, *, sheet: str = "") -> FileInfo:
    """What the file is and what its first rows hold. Raises ImportFileError."""
    file_format = format_of(name)
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError("The file is empty.", code="empty")
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            f"The file is larger than {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB.",
            code="size",
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    is_zip = head.startswith(b"PK\x03\x04")
    if file_format == "xlsx" and not is_zip:
        raise ImportFileError(
            f"“{name}” is not an Excel workbook (.xlsx), whatever its name says. "
            "Open it in your spreadsheet program and save it as .xlsx or .csv.",
            code="type",
        )
    if file_format == "csv" and (is_zip or head.startswith((b"\xd0\xcf\x11\xe0", b"%PDF"))):
        raise ImportFileError(
            f"“{name}” is not a CSV text file (it looks like "
            f"{'an Excel workbook: name it .xlsx' if is_zip else 'an old Excel or PDF file'}).",
            code="type",
        )
    info = _inspect_xlsx(path, sheet) if file_format == "xlsx" else _inspect_csv(path, size)
    if not info.headers:
        raise ImportFileError("The file is empty: no header row was found.", code="empty")
    _check_headers(info.headers)
    if not info.preview:
        raise ImportFileError("The file has a header row but no data rows.", code="headers_only")
    # A sheet's dimension says how many rows it has; a CSV's count is only estimated here
    # and is enforced while reading.
    if info.file_format == "xlsx" and info.estimated_rows > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(
            f"The sheet has more than {settings.IMPORT_MAX_ROWS:,} rows; split it into smaller files.",
            code="rows",
        )
    return info


def _check_headers(headers: list[str]) -> None:
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        if key in seen:
            raise ImportFileError(
                f"The column heading “{header}” appears twice (columns {column_letters(seen[key])} "
                f"and {column_letters(index)}). Rename or remove one of them.",
                code="duplicate_headers",
            )
        seen[key] = index


def normalise_header(text: str) -> str:
    """Case, spacing and punctuation do not matter: "Part No." → "partno"."""
    return re.sub(r"[^0-9a-z#]+", "", str(text).casefold())


# --- CSV ---------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even < odd // 10:
            return "utf-16-le"
        if even > len(sample) // 4 and odd < even // 10:
            return "utf-16-be"
        raise ImportFileError(
            "This file is not text (it holds binary data): upload a CSV or an .xlsx file.",
            code="type",
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    # cp1252 leaves five bytes undefined: shown as U+FFFD rather than refusing the file.
    errors = "replace" if encoding == "cp1252" else "strict"
    return open(path, encoding=encoding, errors=errors, newline="")


def detect_delimiter(header_line: str) -> str:
    """The separator the header line uses most (outside quotes); comma when none."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_reader(handle, delimiter: str):
    return csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)


def _inspect_csv(path: Path, size: int) -> FileInfo:
    encoding = detect_encoding(path)
    try:
        with _open_text(path, encoding) as handle:
            first = ""
            while not first.strip():
                line = handle.readline()
                if not line:
                    break
                first = line
            delimiter = detect_delimiter(first)
        info = FileInfo("csv", encoding=encoding, delimiter=delimiter)
        with _open_text(path, encoding) as handle:
            rows = _text_rows(_csv_reader(handle, delimiter))
            info.headers = next(rows, [])
            info.preview = [row for _, row in zip(range(PREVIEW_ROWS), rows, strict=False)]
    except UnicodeDecodeError:
        raise ImportFileError(
            f"The file could not be read as {encoding} text.", code="encoding"
        ) from None
    except csv.Error as error:
        raise ImportFileError(f"The CSV file is malformed: {error}.", code="malformed") from None
    if info.preview:
        # Rows ≈ size ÷ the average size of the rows read so far.
        sample = [info.headers, *info.preview]
        chars = sum(len(delimiter.join(row)) + 2 for row in sample)
        width = 2 if encoding.startswith("utf-16") else 1
        average = max(chars * width / len(sample), 1)
        info.estimated_rows = max(len(info.preview), int(size / average) - 1)
    return info


def _text_rows(reader) -> Iterator[list[str]]:
    """Rows with at least one non-empty cell, as lists of text."""
    for row in reader:
        if any(cell.strip() for cell in row):
            yield row


# --- XLSX --------------------------------------------------------------------------


def _check_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ImportFileError(
            "The workbook is damaged (not a readable .xlsx file).", code="type"
        ) from None
    members = archive.infolist()
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        archive.close()
        raise ImportFileError("This zip file is not an Excel workbook (.xlsx).", code="type")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if (
            len(members) > MAX_MEMBERS
            or total > MAX_UNZIPPED_BYTES
            or (ratio > MAX_RATIO and member.file_size > 10 * 1024 * 1024)
        ):
            archive.close()
            raise ImportFileError(
                "The workbook expands to far more data than a spreadsheet of this size holds "
                "(a “zip bomb”); it was not opened.",
                code="zip_bomb",
            )
    return archive


def _open_workbook(path: Path):
    _check_zip(path).close()
    try:
        return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(
            "The workbook could not be read; save it again as .xlsx or as .csv.", code="type"
        ) from None


def _merged_cells(path: Path, worksheet_path: str) -> list[str]:
    found: list[str] = []
    with zipfile.ZipFile(path) as archive, archive.open(worksheet_path) as stream:
        tail = b""
        while chunk := stream.read(1024 * 1024):
            data = tail + chunk
            found.extend(m.decode() for m in MERGED_CELL.findall(data))
            tail = data[-64:]
            if len(found) > 5:
                break
    return list(dict.fromkeys(found))


def _inspect_xlsx(path: Path, sheet: str) -> FileInfo:
    workbook = _open_workbook(path)
    try:
        names = list(workbook.sheetnames)
        if not names:
            raise ImportFileError("The workbook has no sheets.", code="empty")
        sheet = sheet if sheet in names else names[0]
        worksheet = workbook[sheet]
        info = FileInfo("xlsx", sheet_names=names, sheet=sheet)
        rows = _sheet_rows(worksheet)
        info.headers = next(rows, [])
        info.preview = [row for _, row in zip(range(PREVIEW_ROWS), rows, strict=False)]
        max_row = worksheet.max_row or 0
        info.estimated_rows = max(max_row - 1, len(info.preview))
        merged = _merged_cells(path, worksheet._worksheet_path)
        if merged:
            info.notices.append(
                f"The sheet has merged cells ({', '.join(merged[:5])}): only the first cell of "
                "each holds the value, the others are read as empty."
            )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(
            "The workbook could not be read; save it again as .xlsx or as .csv.", code="type"
        ) from None
    finally:
        workbook.close()
    return info


def excel_text(value) -> str:
    """A cell's value as the text a user typed: 3.0 → "3", dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _sheet_rows(worksheet) -> Iterator[list[str]]:
    for values in worksheet.iter_rows(values_only=True):
        row = [excel_text(value) for value in values]
        if any(cell.strip() for cell in row):
            yield row


# --- Reading the rows ----------------------------------------------------------------


def iter_data_rows(path: Path, info: FileInfo) -> Iterator[tuple[int, list[str]]]:
    """(line in the sheet, cells) for every data row after the header, streaming.

    Raises ImportFileError past IMPORT_MAX_ROWS rows or when the file breaks mid-way."""
    limit = settings.IMPORT_MAX_ROWS
    if info.file_format == "xlsx":
        workbook = _open_workbook(path)
        try:
            worksheet = (
                workbook[info.sheet] if info.sheet in workbook.sheetnames else workbook.active
            )
            yield from _numbered(worksheet.iter_rows(values_only=True), limit, excel=True)
        finally:
            workbook.close()
        return
    try:
        with _open_text(path, info.encoding) as handle:
            yield from _numbered(_csv_reader(handle, info.delimiter), limit, excel=False)
    except UnicodeDecodeError:
        raise ImportFileError(
            f"The file could not be read as {info.encoding} text.", code="encoding"
        ) from None
    except csv.Error as error:
        raise ImportFileError(f"The CSV file is malformed: {error}.", code="malformed") from None


def _numbered(rows, limit: int, *, excel: bool) -> Iterator[tuple[int, list[str]]]:
    header_seen = False
    count = 0
    for line, values in enumerate(rows, start=1):
        row = [excel_text(v) for v in values] if excel else values
        if not any(cell.strip() for cell in row):
            continue
        if not header_seen:
            header_seen = True
            continue
        count += 1
        if count > limit:
            raise ImportFileError(
                f"The sheet has more than {limit:,} rows; split it into smaller files.",
                code="rows",
            )
        yield line, row
