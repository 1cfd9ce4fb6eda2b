"""Excel workbooks (.xlsx) from the tables of `edu.gradebook.csv_export`, with openpyxl.

What a teacher gets when opening one: a bold header row that stays in view (frozen with the
names' column), columns wide enough to read, scores as numbers with a percentage format (Excel
shows `75 %` and computes with 0.75), counts as numbers, dates as dates, and text that never
runs as a formula, whatever a pupil's name starts with. No Flask: texts come translated.
"""

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import TypeGuard

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from edu.gradebook.csv_export import FORMULA_TRIGGERS, Table

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT_FORMAT = "0%"  # Excel writes it the reader's way: 75% in English, 75 % in French
DATE_FORMAT = "mm-dd-yy"  # Excel's built-in short date (14): shown in the reader's conventions
SHEET_NAME_LIMIT = 31
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
MIN_WIDTH, MAX_WIDTH = 8, 48  # column widths, in characters


def safe_sheet_name(name: str, fallback: str = "Sheet", taken: Sequence[str] = ()) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, not starting or
    ending with an apostrophe, not "History", and unlike the names `taken` (any case)."""

    def cleaned(text: str) -> str:
        text = " ".join(SHEET_NAME_FORBIDDEN.sub(" ", str(text or "")).split()).strip("'")
        return text[:SHEET_NAME_LIMIT].strip().strip("'")

    base = cleaned(name) or cleaned(fallback) or "Sheet"
    if base.casefold() == "history":  # Excel keeps this name for itself
        base = f"{base} 1"
    used = {n.casefold() for n in taken}
    candidate, number = base, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate = base[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
        number += 1
    return candidate


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _write_cell(cell, value: object, kind: str) -> None:
    if value is None:
        return
    if kind == "percent" and _is_number(value):
        cell.value = float(value)
        cell.number_format = PERCENT_FORMAT
    elif kind == "number" and _is_number(value):
        cell.value = value
    elif kind == "date" and isinstance(value, dt.date):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)  # Excel has no time zones: the caller's local time
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # XML forbids control characters
        cell.value = text
        cell.data_type = "s"  # a string, never a formula, whatever it starts with
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True  # and it stays text when someone edits the cell


def _shown_length(value: object, kind: str) -> int:
    if kind == "percent" and _is_number(value):
        return len(f"{value:.0%}") + 1
    if kind == "date":
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _width(title: str, values: Sequence[object], kind: str) -> float:
    longest = max([len(title)] + [_shown_length(v, kind) for v in values if v is not None])
    return float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


def write_xlsx(tables: Sequence[Table], fallback_names: Sequence[str] = ()) -> bytes:
    """A workbook with one sheet per table (named after the table, or `fallback_names` when
    the name leaves nothing Excel accepts)."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
    names: list[str] = []
    bold, header = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for index, table in enumerate(tables):
        fallback = fallback_names[index] if index < len(fallback_names) else f"Sheet{index + 1}"
        name = safe_sheet_name(table.name, fallback, names)
        names.append(name)
        sheet = workbook.create_sheet(name)
        for number, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row=1, column=number)
            _write_cell(cell, column.title, "text")
            cell.font, cell.alignment = bold, header
        for row_number, row in enumerate(table.rows, start=2):
            for number, (value, column) in enumerate(zip(row, table.columns, strict=False), 1):
                _write_cell(sheet.cell(row=row_number, column=number), value, column.kind)
        for number, column in enumerate(table.columns, start=1):
            values = [row[number - 1] for row in table.rows if number - 1 < len(row)]
            width = _width(column.title, values, column.kind)
            sheet.column_dimensions[get_column_letter(number)].width = width
        sheet.freeze_panes = "B2" if len(table.columns) > 1 else "A2"
    if not tables:
        workbook.create_sheet(safe_sheet_name(fallback_names[0] if fallback_names else "Sheet1"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
