"""Makes examples/council/: a county's three exports of the same (synthetic) children, as its case
management system and Excel write them, for the README's "Your council's export" and its tests.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install xlsxwriter openpyxl
    /tmp/venv/bin/python scripts/make-council-example.py

- ehcp-requests.xlsx: the request and plan export, saved as an Excel workbook (sheet "Requests"):
  the council's own headers, dates stored as dates, Yes/No codes, two columns for the assessment
  outcome (a final plan's date, or a decision not to issue), a combined "2027 Secondary" transfer
  cell, "N/A" for no decision, 01/01/1900 for no date, a test record, blank rows and a Total row.
- review-meetings.csv: one row per review meeting, saved from Excel as "CSV (Comma delimited)",
  which writes Windows-1252 (the chair's name has accents; no rule reads it).
- ceased-plans.csv: the list of ceased plans.
- ehcp-default-layout.csv: the same children in sendcheck's default one-file layout (the latest
  values only), which the tests compare with the three exports joined.

Every name is made up. The bytes are the same on every run.
"""
import datetime
import os

import openpyxl
import xlsxwriter

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "examples", "council"))
D = datetime.date

# Child Ref, Child Name, Team, Caseworker Email, Date Request Received, Agreed To Assess, Decision Date,
# Draft Plan Date, Final EHCP Issued Date, Not Issued Decision Date, EHCP Start, Transfer
REQUESTS = [
    ["K101", "Synthetic Child A", "North", "cw.north1@example.org", D(2026, 6, 2), "Yes", D(2026, 7, 7), D(2026, 9, 21), D(2026, 10, 12), None, None, None],
    ["K102", "Synthetic Child B", "North", "cw.north1@example.org", D(2026, 5, 4), "Yes", D(2026, 6, 8), None, None, None, None, None],
    ["K103", "Synthetic Child C", "South", "cw.south1@example.org", D(2026, 9, 14), None, None, None, None, None, None, None],
    ["K104", "Synthetic Child D", "South", "cw.south1@example.org", D(2026, 8, 3), "No", D(2026, 9, 21), None, None, None, None, None],
    ["K105", "Synthetic Child E", "East", "cw.east1@example.org", D(2026, 6, 15), "Withdrawn", None, None, None, None, None, None],
    ["K106", "Synthetic Child F", "East", "cw.east1@example.org", None, None, None, None, None, None, D(2019, 10, 1), None],
    ["K107", "Synthetic Child G", "West", "cw.west1@example.org", None, None, None, None, None, None, None, None],
    ["K108", "Synthetic Child H", "West", "cw.west1@example.org", None, None, None, None, None, None, D(2023, 1, 16), "2027 Secondary"],
    ["K109", "Synthetic Child I", "Central", "cw.central1@example.org", None, None, None, None, None, None, D(2017, 5, 22), None],
    ["K110", "Synthetic Child J", "Central", "cw.central1@example.org", None, None, None, None, None, None, D(2021, 9, 6), None],
    ["K111", "Synthetic Child K", "North", "cw.north1@example.org", D(2025, 12, 1), "Yes", D(2026, 1, 12), None, None, D(2026, 4, 20), None, None],
    ["K112", "Synthetic Child L", "South", "cw.south1@example.org", D(2026, 2, 2), "yes", D(2026, 3, 10), D(2026, 7, 10), D(2026, 7, 20), None, None, None],
    ["K113", "Synthetic Child M", "East", "cw.east1@example.org", D(2026, 10, 5), None, "N/A", D(1900, 1, 1), None, None, None, "2028 College"],
]
HEADER = [
    "Child Ref", "Child Name", "Team", "Caseworker Email", "Date Request Received", "Agreed To Assess", "Decision Date",
    "Draft Plan Date", "Final EHCP Issued Date", "Not Issued Decision Date", "EHCP Start", "Transfer",
]

# Child Ref, Child Name, Meeting Date, Decision Sent, Chair: every review meeting since 2024.
MEETINGS = [
    ["K106", "Synthetic Child F", D(2024, 10, 14), D(2024, 10, 30), "Zoë Synthetic"],
    ["K106", "Synthetic Child F", D(2025, 10, 20), D(2025, 11, 10), "Zoë Synthetic"],
    ["K107", "Synthetic Child G", D(2025, 11, 25), D(2025, 12, 12), "Siân Synthetic"],
    ["K108", "Synthetic Child H", D(2024, 1, 8), D(2024, 1, 12), "O’Neill Synthetic"],
    ["K108", "Synthetic Child H", D(2025, 1, 6), D(2025, 1, 10), "O’Neill Synthetic"],
    ["K108", "Synthetic Child H", D(2026, 1, 5), D(2026, 1, 8), "O’Neill Synthetic"],
    ["K108", "Synthetic Child H", D(2026, 10, 1), D(2026, 10, 30), "O’Neill Synthetic"],
    ["K109", "Synthetic Child I", D(2025, 11, 3), D(2025, 11, 20), "Zoë Synthetic"],
    ["K110", "Synthetic Child J", D(2025, 8, 26), D(2025, 9, 2), "Siân Synthetic"],
]

CEASED = [["K109", D(2026, 6, 30), "Moved out of the area"], ["K110", D(2026, 10, 15), "No longer needed"]]


def uk(d):
    return d.strftime("%d/%m/%Y")


def requests():
    book = xlsxwriter.Workbook(os.path.join(OUT, "ehcp-requests.xlsx"))
    book.set_properties({"created": datetime.datetime(2026, 11, 1), "author": "Case management system (synthetic)"})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet = book.add_worksheet("Requests")
    sheet.write_row(0, 0, HEADER)
    row = 1
    for number, cells in enumerate(REQUESTS):
        if number == 6:
            row += 1  # a blank row, as exports leave them
        for column, value in enumerate(cells):
            if value is None:
                continue
            if value == D(1900, 1, 1):
                sheet.write_number(row, column, 1, date)  # Excel's serial for 01/01/1900, the usual "no date"
            elif isinstance(value, datetime.date):
                sheet.write_datetime(row, column, datetime.datetime(value.year, value.month, value.day), date)
            else:
                sheet.write(row, column, value)
        row += 1
    sheet.write_row(row, 0, ["TEST01", "Test record", "North", "cw.north1@example.org"])
    sheet.write_datetime(row, 4, datetime.datetime(2026, 1, 5), date)
    row += 2
    sheet.write(row, 0, "Total")
    sheet.write_formula(row, 4, "=COUNTA(A2:A16)", None, len(REQUESTS) + 1)
    notes = book.add_worksheet("About")
    notes.write_row(0, 0, ["Exported", "2026-11-29"])
    book.close()


def meetings():
    lines = ["Child Ref,Child Name,Meeting Date,Decision Sent,Chair"]
    for ref, name, met, sent, chair in MEETINGS:
        lines.append(f"{ref},{name},{uk(met)},{uk(sent)},{chair}")
    with open(os.path.join(OUT, "review-meetings.csv"), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def ceased():
    lines = ["Child Ref,Date Ceased,Reason"] + [f"{ref},{uk(d)},{why}" for ref, d, why in CEASED]
    with open(os.path.join(OUT, "ceased-plans.csv"), "w", newline="") as f:
        f.write("\r\n".join(lines) + "\r\n")


def default_layout():
    """The same children in the default one-file layout: the latest meeting and decision only."""
    header = [
        "case_id", "team", "caseworker", "request_received", "request_outcome", "request_outcome_date", "draft_plan_issued",
        "assessment_outcome", "assessment_outcome_date", "plan_start", "review_meeting", "last_review", "transfer_year",
        "transfer_type", "cease_date",
    ]
    codes = {"Yes": "assess", "yes": "assess", "No": "not_assess", "Withdrawn": "withdrawn"}
    latest = {}
    for ref, _, met, sent, _ in MEETINGS:
        latest[ref] = (met, sent)
    ceased_on = {ref: d for ref, d, _ in CEASED}
    iso = lambda d: d.isoformat() if isinstance(d, datetime.date) and d.year > 1900 else ""
    lines = [",".join(header)]
    for ref, _, team, cw, received, agreed, decision, draft, final, not_issued, start, transfer in REQUESTS:
        outcome, outcome_date = ("issue", final) if final else ("not_issue", not_issued) if not_issued else ("", None)
        year, kind = (transfer.split(" ") if transfer else ("", ""))
        kind = {"Secondary": "school", "Primary": "school", "College": "post16"}.get(kind, "")
        met, sent = latest.get(ref, (None, None))
        lines.append(",".join([
            ref, team, cw, iso(received), codes.get(agreed, ""), iso(decision), iso(draft), outcome, iso(outcome_date),
            iso(start), iso(met), iso(sent), year, kind, iso(ceased_on.get(ref)),
        ]))
    with open(os.path.join(OUT, "ehcp-default-layout.csv"), "w", newline="") as f:
        f.write("\n".join(lines) + "\n")


def check():
    book = openpyxl.load_workbook(os.path.join(OUT, "ehcp-requests.xlsx"))
    assert book.sheetnames == ["Requests", "About"], book.sheetnames
    sheet = book["Requests"]
    assert sheet["A2"].value == "K101" and sheet["E2"].value == datetime.datetime(2026, 6, 2)
    assert sheet["G15"].value == "N/A" and sheet["L10"].value == "2027 Secondary"


if __name__ == "__main__":
    requests()
    meetings()
    ceased()
    default_layout()
    check()
    print("wrote", OUT)
