"""Class lists as teachers have them: pasted from a spreadsheet or saved by Excel as CSV.

Pure text work, no database: decode the file, find the names in its lines, say why a line
cannot be a pupil's name. edu/services/classes.py creates the pupils.
"""

import csv
import unicodedata
from dataclasses import dataclass

from edu.accounts.names import _INVISIBLE, clean_initial, clean_name, fold_name

MAX_NAMES = 200
MAX_BYTES = 100_000
MAX_FIRST_NAME = 40  # the column's size
MAX_LINE = 100  # first name and surname together
_NAME_PUNCTUATION = frozenset(" -‐‑'’.")
_HEADER_FIRST = {"prenom", "prenoms", "firstname", "firstnames", "givenname", "forename"}
_HEADER_LAST = {"nom", "nomdefamille", "surname", "lastname", "familyname"}
_HEADER_NAME = {
    "name",
    "names",
    "nomprenom",
    "nometprenom",
    "prenomnom",
    "eleve",
    "eleves",
    "pupil",
    "pupils",
    "student",
    "students",
    "fullname",
}


def decode(raw: bytes) -> str:
    """A file's text: UTF-8 with or without its BOM, else Windows-1252 as Excel writes it in
    France, else Latin-1 (which reads every byte)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


@dataclass(frozen=True)
class Line:
    number: int  # from 1, as a spreadsheet counts its rows
    text: str  # what the line gave, for the report
    first_name: str = ""  # from a "Prénom" column, when a header row names one
    surname: str = ""  # from a "Nom" column beside it


def _cells(line: str, delimiter: str | None) -> list[str]:
    if delimiter is None:
        return [line]
    try:
        return next(csv.reader([line], delimiter=delimiter), [""])
    except csv.Error:
        return line.split(delimiter)


def lines_of(text: str) -> list[Line]:
    """The lines of a class list: one name a line, or `;`, tab or `,` separated cells with
    the names in the first column, or in the columns a header row names (Prénom, Nom…)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()  # the end of the file is not an empty line of the list
    delimiter = next((d for d in (";", "\t", ",") if any(d in line for line in lines)), None)
    first_column, last_column, start = 0, None, 0
    if lines:
        header = [fold_name(cell) for cell in _cells(lines[0], delimiter)]
        if any(cell in _HEADER_FIRST | _HEADER_LAST | _HEADER_NAME for cell in header):
            start = 1
            firsts = [i for i, cell in enumerate(header) if cell in _HEADER_FIRST]
            lasts = [i for i, cell in enumerate(header) if cell in _HEADER_LAST]
            names = [i for i, cell in enumerate(header) if cell in _HEADER_NAME]
            if firsts:
                first_column, last_column = firsts[0], (lasts[0] if lasts else None)
            else:
                first_column = (names or lasts)[0]
    read = []
    for number, line in enumerate(lines[start:], start=start + 1):
        cells = _cells(line, delimiter)
        first = cells[first_column] if first_column < len(cells) else ""
        if last_column is None:
            read.append(Line(number, first))
        else:
            last = cells[last_column] if last_column < len(cells) else ""
            read.append(Line(number, f"{first} {last}".strip(), first, last))
    return read


def odd_characters(name: str) -> str:
    """The characters of `name` that no name has (names have letters, digits, spaces, hyphens,
    apostrophes and dots), once each, in order."""
    odd = []
    for char in name:
        if char in _NAME_PUNCTUATION or unicodedata.category(char)[0] in "LMN":
            continue
        if char not in odd:
            odd.append(char)
    return "".join(odd)


def problem(text: str, limit: int = MAX_FIRST_NAME, *, letters: bool = True) -> str | None:
    """Why `text` cannot be a name: "empty", "invisible" (control or invisible characters, with
    which two names that look alike would not be one), "too-long", "characters", "no-letters"
    (when `letters` are wanted); or None."""
    if not text.strip():
        return "empty"
    if any(
        char in _INVISIBLE
        or (not char.isspace() and unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn"})
        for char in text
    ):
        return "invisible"
    name = clean_name(text)
    if not name:
        return "empty"
    if len(name) > limit:
        return "too-long"
    if odd_characters(name):
        return "characters"
    if letters and not any(unicodedata.category(char)[0] == "L" for char in name):
        return "no-letters"
    return None


def split(text: str) -> tuple[str, str]:
    """(first name, surname) of a full name: "BERNARD Zoé" and "Zoé BERNARD" as French lists
    write them (the surname in capitals), else the first word and the rest."""
    words = clean_name(text).split()
    if not words:
        return "", ""
    loud = [word.isupper() and sum(char.isalpha() for char in word) > 1 for word in words]
    if any(loud) and not all(loud):
        first = [word for word, upper in zip(words, loud, strict=True) if not upper]
        last = [word for word, upper in zip(words, loud, strict=True) if upper]
        return " ".join(first), " ".join(last)
    return words[0], " ".join(words[1:])


@dataclass(frozen=True)
class Name:
    line: Line
    first_name: str
    surname: str


def read(lines: list[Line]) -> tuple[list[Name], list[tuple[Line, str]]]:
    """The names the lines give, and the lines refused with why (see `problem`)."""
    names, refused = [], []
    for line in lines:
        if line.first_name or line.surname:  # a "Prénom" column and a "Nom" column
            first, last = line.first_name, line.surname
            why = problem(first) or (problem(last, MAX_LINE) if last.strip() else None)
            first, last = clean_name(first), clean_name(last)
        else:
            why = problem(line.text, MAX_LINE)
            first, last = split(line.text) if why is None else ("", "")
            if why is None and len(first) > MAX_FIRST_NAME:
                why = "too-long"
        if why:
            refused.append((line, why))
        else:
            names.append(Name(line, first, last))
    return names, refused


def initials(surnames: list[str]) -> list[str]:
    """The shortest initials ("B.", "Ber.") that tell the surnames apart, where they can."""
    folded = [fold_name(surname) or clean_name(surname) for surname in surnames]
    size = 1
    while size < 7:
        prefixes = [name[:size] for name in folded]
        if len(set(prefixes)) == len(prefixes) or all(len(name) <= size for name in folded):
            break
        size += 1
    kept = ["".join(c for c in clean_name(s) if c not in _NAME_PUNCTUATION) for s in surnames]
    return [clean_initial(name[:1].upper() + name[1:size].lower()) for name in kept]
