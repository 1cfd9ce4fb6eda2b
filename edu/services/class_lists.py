"""Class lists as teachers have them: pasted from a spreadsheet or saved by Excel as CSV.

Pure text work, no database: decode the file, find the names in its lines, say why a line
cannot be a pupil's name. edu/services/classes.py creates the pupils.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass

from edu.accounts.names import INVISIBLE, clean_initial, clean_name, fold_name

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
    """A file's text: UTF-16 when it starts with its BOM (Excel's "Unicode text", FF FE or
    FE FF), UTF-8 with or without its BOM, else Windows-1252 as Excel writes it in France, else
    Latin-1 (which reads every byte). The BOMs are looked at first: a UTF-16 file would read as
    Windows-1252 too, one letter and one NUL byte at a time."""
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                break  # not UTF-16 after all (an odd number of bytes, a lone surrogate)
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
    the names in the first column, or in the columns a header row names (Prénom, Nom…). Blank
    lines and lines of separators only are left out: they are no names (the others keep their
    number)."""
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
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or separators only (";;;"): no name, nothing to report
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
        char in INVISIBLE
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


# What starts the line of a list, not the name: "- ", "* ", "• ", "· ", "– ", "— ", "1. ", "12) ".
_LIST_MARKER = re.compile(r"^\s*(?:[-‐‑*•·–—]+|\d{1,3}[.)])\s*")


def strip_marker(text: str) -> str:
    """The line without the bullet or the number a list gives it ("- Zoé Martin", "3) Léo"):
    no name starts with a hyphen, a star or a bullet, and "12." is a count, not a name."""
    while True:
        stripped = _LIST_MARKER.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


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
    """The names the lines give, and the lines refused with why (see `problem`; or
    "no-first-name": what would be the first name has no letters). A list's bullets and
    numbers are not part of the names."""
    names, refused = [], []
    for line in lines:
        if line.first_name or line.surname:  # a "Prénom" column and a "Nom" column
            first, last = strip_marker(line.first_name), line.surname
            why = problem(first) or (problem(last, MAX_LINE) if last.strip() else None)
            first, last = clean_name(first), clean_name(last)
        else:
            text = strip_marker(line.text)
            why = problem(text, MAX_LINE)
            first, last = split(text) if why is None else ("", "")
            if why is None and len(first) > MAX_FIRST_NAME:
                why = "too-long"
        if why is None and not fold_name(first):
            # "' Zoé", "BERNARD -": the first name has no letter a pupil could type to join
            why = "no-first-name"
        if why:
            refused.append((line, why))
        else:
            names.append(Name(line, first, last))
    return names, refused


MAX_INITIAL = 7  # letters of an initial: the column holds them and the dot


def _letters(surname: str) -> str:
    return "".join(c for c in clean_name(surname) if c not in _NAME_PUNCTUATION)


def _shown_initial(letters: str, size: int) -> str:
    return clean_initial(letters[:1].upper() + letters[1:size].lower())


def numbered_initial(surname: str, number: int) -> str:
    """An initial that cannot be longer, told apart by a number: "Bernar2."."""
    digits = str(number)
    return _shown_initial(_letters(surname), MAX_INITIAL - len(digits))[:-1] + digits + "."


def longer_initials(surname: str, initial: str):
    """The initials a pupil of this surname may take after `initial` when it is taken: the
    longer prefixes of the surname ("Be.", "Ber."…), then numbered ones ("Bernar2."…)."""
    letters = _letters(surname)
    size = len(fold_name(initial))
    for longer in range(size + 1, min(len(letters), MAX_INITIAL) + 1):
        shown = _shown_initial(letters, longer)
        if len(fold_name(shown)) > size:
            yield shown
    number = 2
    while True:
        yield numbered_initial(surname, number)
        number += 1


def initials(surnames: list[str]) -> list[str]:
    """The shortest initials ("B.", "Ber.") that tell the surnames apart, one size for all.
    Where 7 letters are not enough ("Bernardin", "Bernardo"), the second and next get a
    number ("Bernar2."): two different surnames never share an initial. The same surname
    (folded) always gets the same initial."""
    kept = [_letters(surname) for surname in surnames]
    distinct = len({fold_name(surname) for surname in surnames})
    shown: list[str] = []
    for size in range(1, MAX_INITIAL + 1):
        shown = [_shown_initial(letters, size) for letters in kept]
        if len({fold_name(initial) for initial in shown}) == distinct or all(
            len(letters) <= size for letters in kept
        ):
            break
    surname_of: dict[str, str] = {}  # folded initial: the folded surname that has it
    numbers: dict[str, int] = {}
    result = []
    for surname, initial in zip(surnames, shown, strict=True):
        folded = fold_name(surname)
        key = fold_name(initial)
        if surname_of.setdefault(key, folded) != folded:
            if folded in numbers:
                initial = numbered_initial(surname, numbers[folded])
            else:
                number = 2
                while fold_name(numbered_initial(surname, number)) in surname_of:
                    number += 1
                numbers[folded] = number
                initial = numbered_initial(surname, number)
                surname_of[fold_name(initial)] = folded
        result.append(initial)
    return result
