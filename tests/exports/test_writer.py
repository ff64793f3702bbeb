import io
from datetime import date, datetime

from openpyxl import load_workbook

from exports.writer import Column, Kind, Sheet, write_workbook

COLUMNS = [
    Column("Nom"),
    Column("Code postal", Kind.ID),
    Column("Date", Kind.DATE),
    Column("Nombre", Kind.INT),
    Column("Taux", Kind.PERCENT),
    Column("Oui/Non", Kind.BOOL),
    Column("Horodatage", Kind.DATETIME),
]


def _row(name: str) -> tuple:
    return (name, "00123", date(2026, 1, 2), 3, 0.25, True, datetime(2026, 1, 2, 10, 30))


def test_cells_are_typed_and_formulas_neutralised():
    buf = io.BytesIO()
    rows = [_row('=HYPERLINK("http://x","clic")'), _row("+33 6"), _row("@SUM(A1)"), _row("Durand")]
    write_workbook([Sheet("Liste", COLUMNS, iter(rows))], buf)
    ws = load_workbook(io.BytesIO(buf.getvalue()))["Liste"]
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    assert ws["A2"].value == '\'=HYPERLINK("http://x","clic")'
    assert ws["A2"].data_type == "s"
    assert ws["A3"].value == "'+33 6" and ws["A4"].value == "'@SUM(A1)"
    assert ws["A5"].value == "Durand"
    assert ws["B2"].value == "00123" and ws["B2"].data_type == "s"
    assert ws["C2"].value == datetime(2026, 1, 2) and ws["C2"].number_format == "DD/MM/YYYY"
    assert ws["D2"].value == 3 and ws["E2"].value == 0.25 and ws["F2"].value == "Oui"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:G5"


def test_rows_beyond_the_sheet_limit_continue_on_a_new_sheet():
    buf = io.BytesIO()
    sheets = write_workbook(
        [Sheet("Contacts", COLUMNS, (_row(f"P{i}") for i in range(5)))], buf, max_rows=2
    )
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames == ["Contacts", "Contacts (2)", "Contacts (3)"]
    names = [
        r[0] for name in wb.sheetnames for r in wb[name].iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["P0", "P1", "P2", "P3", "P4"]
    assert sheets[0].written == 5


def test_title_rows_above_the_header():
    buf = io.BytesIO()
    sheet = Sheet("Liste", COLUMNS, iter([_row("Durand")]), title_rows=("Titre", "=cmd", ""))
    write_workbook([sheet], buf)
    ws = load_workbook(io.BytesIO(buf.getvalue()))["Liste"]
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == ["Titre", "'=cmd", None]
    assert ws["A1"].font.b
    assert [c.value for c in ws[4]] == [c.header for c in COLUMNS]
    assert ws["A5"].value == "Durand"
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == "A4:G5"
