"""CSV export that spreadsheets open safely: no formula injection, accents intact in Excel."""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

# OWASP "CSV Injection": a cell starting with one of these may run as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"


def safe_cell(value: object) -> str:
    """Text of one cell; user text that a spreadsheet would run as a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return str(value)  # our own numbers (-0.5, a score) stay numbers
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def write_csv(rows: Iterable[Sequence[object]]) -> str:
    """CSV text (CRLF lines) behind a UTF-8 BOM, so that Excel reads accents, every cell safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return UTF8_BOM + buffer.getvalue()
