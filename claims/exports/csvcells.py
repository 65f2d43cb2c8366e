"""CSV writing shared by the CSV exports: streaming and formula-injection safety.

A spreadsheet treats a cell starting with = + - @ (or a tab or carriage
return) as a formula. Every *text* cell starting with one of these gets a
leading apostrophe, which spreadsheets show as text and which keeps the
value readable. Numbers are written as numbers and never prefixed, so
negative coordinates stay numeric.
"""

import csv
import io
from itertools import batched

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "  # between several names in one cell


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def join_names(names):
    return LIST_SEPARATOR.join(names)


def stream_csv(header, rows, *, batch=200):
    """Text chunks of a CSV file (header first), `batch` rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield buffer.getvalue()
    for group in batched(rows, batch):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([safe_cell(cell) for cell in row] for row in group)
        yield buffer.getvalue()
