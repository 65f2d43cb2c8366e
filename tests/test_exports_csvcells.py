import csv
import io

from claims.exports.csvcells import safe_cell, stream_csv


def test_it_defuses_cells_a_spreadsheet_would_run_as_formulas():
    for dangerous in ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"]:
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("Over 5,000 fighters") == "Over 5,000 fighters"
    assert safe_cell("") == ""
    assert safe_cell(None) == ""


def test_it_keeps_numbers_numeric_even_when_negative():
    assert safe_cell(-33.5) == -33.5
    assert safe_cell(0) == 0


def test_it_streams_the_header_then_rows_in_batches():
    rows = ([i, f"=row {i}"] for i in range(5))
    chunks = list(stream_csv(["n", "text"], rows, batch=2))
    assert len(chunks) == 1 + 3  # header, then 2 + 2 + 1 rows
    table = list(csv.reader(io.StringIO("".join(chunks))))
    assert table[0] == ["n", "text"]
    assert table[1:] == [[str(i), f"'=row {i}"] for i in range(5)]
