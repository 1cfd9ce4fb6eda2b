"""CSV export that spreadsheets open safely: no formula injection, accents intact in Excel, and
numbers in the reader's conventions, so that a French Excel opens it in columns.

A French spreadsheet reads `;` between cells and a decimal comma (`87,5`); an English one `,`
and a decimal point (`87.5`). Numbers are written plain (no thousands separator, which Excel
would read as text), every text cell that a spreadsheet could run as a formula gets a leading
`'`, and the file starts with a UTF-8 byte-order mark: Excel then reads the accents right.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

# OWASP "CSV Injection": a cell starting with one of these may run as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"


def conventions(decimal_symbol: str = ".") -> tuple[str, str]:
    """(cell separator, decimal symbol) a spreadsheet expects where numbers are written with
    `decimal_symbol` (Babel's `get_decimal_symbol(locale)`): `;` and `,` in French, where a
    comma is the decimal symbol; `,` and `.` in English."""
    return (";", ",") if decimal_symbol == "," else (",", ".")


def plain_number(value: int | float | Decimal, decimal: str = ".") -> str:
    """A number as a spreadsheet reads it: no grouping, no exponent, `decimal` before the
    decimals (`-0.5`, `87,5`, `1234`)."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = f"{Decimal(value):f}" if isinstance(value, Decimal) else str(value)
    return text.replace(".", decimal)


def safe_cell(value: object, decimal: str = ".") -> str:
    """Text of one cell; user text that a spreadsheet would run as a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float | Decimal):
        return plain_number(value, decimal)  # our own numbers (-0.5, a score) stay numbers
    if isinstance(value, dt.datetime):  # ISO dates: every spreadsheet reads them as dates
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def write_csv(rows: Iterable[Sequence[object]], decimal_symbol: str = ".") -> str:
    """CSV text (CRLF lines) behind a UTF-8 BOM, so that Excel reads accents, every cell safe;
    separator and decimal symbol as a spreadsheet expects where decimals follow
    `decimal_symbol` (default: English, `,` between cells)."""
    delimiter, decimal = conventions(decimal_symbol)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([safe_cell(value, decimal) for value in row] for row in rows)
    return UTF8_BOM + buffer.getvalue()


# -- tables -----------------------------------------------------------------------------------
#
# A `Table` is a header and rows of plain values; each `Column` says what its values are, so
# that each format writes them properly (`edu.xlsx_export` writes the same tables as .xlsx):
#
# - "text": user text (a pupil's name, a status) — never run as a formula;
# - "percent": a share from 0 to 1 (a score). In CSV it is written as a percentage (`75`,
#   `87,5`) under a header that says "(%)"; in .xlsx it stays 0.75 with a percentage format;
# - "number": a count or any other number, as it is;
# - "date": a `datetime.date` (or a naive local `datetime`), ISO in CSV, a real date in .xlsx.

KINDS = ("text", "percent", "number", "date")


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name in a workbook (made safe for Excel when written)
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]] = field(default_factory=list)


def csv_value(value: object, kind: str) -> object:
    """A value as a CSV cell holds it: a score as a percentage, rounded to one decimal."""
    if kind == "percent" and isinstance(value, int | float) and not isinstance(value, bool):
        return round(value * 100, 1)
    return value


def table_csv(table: Table, decimal_symbol: str = ".") -> str:
    """The table as CSV for a spreadsheet whose numbers use `decimal_symbol` (see
    `write_csv`): `;` and `87,5` in French."""
    kinds = [column.kind for column in table.columns]
    rows: list[list[object]] = [[column.title for column in table.columns]]
    rows += [
        [csv_value(v, kind) for v, kind in zip(row, kinds, strict=False)] for row in table.rows
    ]
    return write_csv(rows, decimal_symbol)
