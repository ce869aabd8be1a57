#!/usr/bin/env python3
"""Makes Tests/SendCheckCoreTests/Fixtures/excel-export.xlsx, a council's case export as a real
spreadsheet library writes it, for the workbook reader's tests, and checks it by reading it back
with openpyxl. Synthetic data only.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install xlsxwriter openpyxl
    /tmp/venv/bin/python scripts/make-xlsx-fixture.py

XlsxWriter writes it, as Excel itself would: text in the shared-string table, dates as serials under
date formats (one column dd/mm/yyyy), and a formula with its saved result. (openpyxl 3.1 writes
text as inline strings and cannot save a formula's result.) The workbook has two sheets,
"Requests" and "Notes", a date typed as text, a date with a time of day, blank rows, a "Total"
footer, and an outcome code the rules do not know (no_assess), for a located error at its cell.
Its bytes are the same on every run.
"""
import datetime
import os

import openpyxl
import xlsxwriter

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "Tests", "SendCheckCoreTests", "Fixtures", "excel-export.xlsx"))

HEADER = ["case_id", "request_received", "request_outcome", "request_outcome_date", "team", "notes"]
# Sheet rows (1-based) and their cells; rows 4 and 7 are blank.
ROWS = {
    2: ["C0001", datetime.date(2025, 1, 6), "assess", datetime.date(2025, 2, 14), "North", "Synthetic case, on time"],
    3: ["C0002", datetime.date(2025, 3, 3), None, None, "South", "Synthetic Child B"],
    5: ["C0003", "15/03/2025", "assess", datetime.datetime(2025, 4, 1, 14, 30), "West", 'said "late"'],
    6: ["C0004", datetime.date(2024, 2, 29), "no_assess", datetime.date(2024, 4, 8), "East", None],
}


def build():
    book = xlsxwriter.Workbook(OUT)
    book.set_properties({"created": datetime.datetime(2026, 1, 1), "author": "sendcheck tests"})
    iso = book.add_format({"num_format": "yyyy-mm-dd"})
    uk = book.add_format({"num_format": "dd/mm/yyyy"})
    requests = book.add_worksheet("Requests")
    requests.write_row(0, 0, HEADER)
    for number, cells in ROWS.items():
        for column, value in enumerate(cells):
            if value is None:
                continue
            if isinstance(value, (datetime.date, datetime.datetime)):
                requests.write_datetime(number - 1, column, value, uk if column == 3 else iso)
            else:
                requests.write(number - 1, column, value)
    requests.write(7, 0, "Total")
    requests.write_formula(7, 5, "=COUNTA(A2:A6)", None, 4)
    notes = book.add_worksheet("Notes")
    notes.write_row(0, 0, ["about", "value"])
    notes.write_row(1, 0, ["made by", "scripts/make-xlsx-fixture.py"])
    notes.write_row(2, 0, ["cases", 4])
    book.close()


def check():
    """Reads the file back with openpyxl: the values are those written."""
    book = openpyxl.load_workbook(OUT)
    assert book.sheetnames == ["Requests", "Notes"], book.sheetnames
    sheet = book["Requests"]
    assert [c.value for c in sheet[1]] == HEADER
    for number, cells in ROWS.items():
        got = [c.value for c in sheet[number]]
        want = [datetime.datetime.combine(v, datetime.time()) if type(v) is datetime.date else v for v in cells]
        assert got == want, (number, got, want)
    assert sheet["F8"].value == "=COUNTA(A2:A6)"
    assert openpyxl.load_workbook(OUT, data_only=True)["Requests"]["F8"].value == 4
    assert sheet["D2"].number_format == "dd/mm/yyyy" and sheet["B2"].is_date


def main():
    build()
    check()
    print(f"wrote and checked {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
