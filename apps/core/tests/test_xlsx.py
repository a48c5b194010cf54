"""The XLSX writer: what it writes is what a spreadsheet reads back (openpyxl reads it)."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from apps.core.xlsx import column_letters, sheet_title, write_xlsx


def read_back(rows, **kwargs):
    handle = io.BytesIO()
    write_xlsx(handle, rows, **kwargs)
    handle.seek(0)
    workbook = load_workbook(handle)
    return workbook, [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_values_come_back_with_their_types():
    when = datetime.datetime(2026, 11, 30, 14, 5, 30)
    _, rows = read_back(
        [
            ["Text", "Whole", "Decimal", "Float", "Date", "Date and time"],
            ["M3 <screw> & nut", 12, Decimal("1830.24"), 0.5, datetime.date(2026, 1, 31), when],
        ]
    )
    assert rows[0] == ["Text", "Whole", "Decimal", "Float", "Date", "Date and time"]
    text, whole, decimal, number, day, moment = rows[1]
    assert text == "M3 <screw> & nut"
    assert whole == 12 and isinstance(whole, int)
    assert decimal == 1830.24
    assert number == 0.5
    assert day == datetime.datetime(2026, 1, 31)
    assert moment == when


def test_dates_carry_a_date_format():
    workbook, _ = read_back([[datetime.date(2026, 1, 31), datetime.datetime(2026, 1, 31, 8)]])
    date_cell, datetime_cell = workbook.active[1]
    assert date_cell.is_date and date_cell.number_format == "yyyy-mm-dd"
    assert datetime_cell.is_date and "h" in datetime_cell.number_format


def test_text_keeps_its_spaces_and_loses_what_xml_cannot_hold():
    _, rows = read_back([["  indented ", "bell\x07 and \x00null", "ünïcödé ✓ 漢字"]])
    assert rows == [["  indented ", "bell and null", "ünïcödé ✓ 漢字"]]


def test_empty_cells_stay_in_their_columns():
    _, rows = read_back([["a", None, "", "d"], ["e"]])
    assert rows == [["a", None, None, "d"], ["e", None, None, None]]


def test_more_than_26_columns():
    header = [f"c{n}" for n in range(30)]
    _, rows = read_back([header, list(range(30))])
    assert rows == [header, list(range(30))]
    assert [column_letters(n) for n in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"
    ]  # fmt: skip


def test_the_sheet_is_named_as_excel_allows():
    workbook, _ = read_back([["x"]], title="orders: 2026/11 [all]")
    assert workbook.sheetnames == ["orders- 2026-11 -all-"]
    assert len(sheet_title("x" * 40)) == 31


def test_many_rows_stream_in_order():
    rows = ([f"SKU-{n:05d}", n] for n in range(1, 2_001))
    _, back = read_back(rows)
    assert len(back) == 2_000
    assert back[0] == ["SKU-00001", 1] and back[-1] == ["SKU-02000", 2000]
