"""Reading files: encodings, delimiters, quoted newlines, XLSX sheets, and the guards."""

import io
import zipfile

import pytest

from apps.imports.services.files import (
    ImportFileError,
    detect_delimiter,
    excel_text,
    inspect_file,
    iter_data_rows,
)
from apps.imports.tests.factories import csv_bytes, xlsx_bytes

ROWS = [["SKU", "Name", "Qty"], ["A-1", "Größe “M”, rot", "1,5"], ["B-2", "Two\nlines", "3"]]


def write(tmp_path, content: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def read(path, name=None, **kwargs):
    info = inspect_file(path, name or path.name, **kwargs)
    return info, [cells for _line, cells in iter_data_rows(path, info)]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "expected"),
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ";", "utf-8-sig"),
        ("utf-16", "\t", "utf-16"),
        ("utf-16-le", ",", "utf-16-le"),
        ("cp1252", ";", "cp1252"),
    ],
)
def test_csv_encodings_and_delimiters_are_detected(tmp_path, encoding, delimiter, expected):
    rows = (
        [[cell.replace("“", '"').replace("”", '"') for cell in row] for row in ROWS]
        if encoding == "cp1252"
        else ROWS
    )
    path = write(tmp_path, csv_bytes(rows, encoding=encoding, delimiter=delimiter), "f.csv")
    info, data = read(path)
    assert (info.encoding, info.delimiter) == (expected, delimiter)
    assert info.headers == ["SKU", "Name", "Qty"]
    assert data == rows[1:]  # the quoted newline stays inside its cell


def test_delimiters_inside_quotes_do_not_count():
    assert detect_delimiter('"a;b;c",x,y\n') == ","
    assert detect_delimiter("one column\n") == ","


def test_xlsx_sheets_values_dates_and_formulas(tmp_path):
    import datetime

    content = xlsx_bytes(
        {
            "Notes": [["nothing here"], ["x"]],
            "Parts": [
                ["SKU", "Qty", "Expiry"],
                ["A-1", 3.0, datetime.datetime(2026, 12, 31)],
                ["B-2", 0.1, 46022],
            ],
        }
    )
    path = write(tmp_path, content, "book.xlsx")
    info, data = read(path)
    assert info.sheet_names == ["Notes", "Parts"] and info.sheet == "Notes"
    info, data = read(path, sheet="Parts")
    assert info.headers == ["SKU", "Qty", "Expiry"]
    assert data == [["A-1", "3", "2026-12-31"], ["B-2", "0.1", "46022"]]


def test_excel_text():
    assert excel_text(True) == "yes" and excel_text(None) == "" and excel_text(12.0) == "12"


def test_merged_cells_are_reported(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["SKU", "Name"])
    sheet.append(["A-1", "x"])
    sheet.append(["A-2", "y"])
    sheet.merge_cells("B2:B3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    info, _ = read(write(tmp_path, buffer.getvalue(), "m.xlsx"))
    assert "merged cells (B2:B3)" in info.notices[0]


def test_a_zip_bomb_is_refused_before_opening(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(ImportFileError, match="zip bomb"):
        inspect_file(write(tmp_path, buffer.getvalue(), "bomb.xlsx"), "bomb.xlsx")


def test_too_many_rows_are_refused_while_reading(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    path = write(tmp_path, csv_bytes([["SKU"]] + [[f"S-{n}"] for n in range(5)]), "f.csv")
    info = inspect_file(path, "f.csv")
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        list(iter_data_rows(path, info))


def test_a_file_over_the_size_limit_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(ImportFileError, match="larger than"):
        inspect_file(write(tmp_path, b"SKU\nA-1\nB-2\n", "f.csv"), "f.csv")


def test_binary_data_in_a_csv_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="not text"):
        inspect_file(write(tmp_path, b"SKU\x00\x01\x02\x00\x00\x00\x00abc\x00", "f.csv"), "f.csv")
