"""The French catalog is complete (every string translated, none fuzzy, placeholders kept) and
written as French is: no-break spaces by punctuation, « vous » throughout."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif]")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,  # the content validator's message templates
}


@pytest.fixture(scope="module")
def catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="fr")


def source_messages() -> set[str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "edu", method_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def message_ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_every_string_in_the_code_is_in_the_french_catalog(catalog):
    missing = source_messages() - message_ids(catalog)
    assert not missing, f"run `make update-translations` and translate: {sorted(missing)}"


def test_every_french_entry_is_translated_and_not_fuzzy(catalog):
    untranslated = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert not untranslated


def test_translations_keep_their_placeholders(catalog):
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == expected, (message.id, string)


def test_no_stale_entries_linger_in_the_catalog(catalog):
    stale = message_ids(catalog) - source_messages()
    assert not stale, f"remove or re-extract: {sorted(stale)}"


# French typography: a no-break space before : ; ! ? » and after «, never one a line may break
# at (a plain space would leave "?" alone at the start of a line).
BREAKABLE_SPACE_BY_PUNCTUATION = re.compile(r"[ \t](?=[:;!?»])|«[ \t]")
# The informal "tu": the interface says "vous" to everyone, pupils included.
INFORMAL = re.compile(r"\b(?:tu|toi|ton|ta|tes|t’)\b", re.IGNORECASE)


def french_strings(catalog):
    for message in catalog:
        if message.id:
            yield from message.string if isinstance(message.string, tuple) else (message.string,)


def test_french_entries_keep_punctuation_with_a_no_break_space(catalog):
    wrong = [s for s in french_strings(catalog) if BREAKABLE_SPACE_BY_PUNCTUATION.search(s)]
    assert not wrong, f"use U+00A0 before : ; ! ? » and after «: {wrong[:5]}"


def test_french_entries_say_vous(catalog):
    wrong = [s for s in french_strings(catalog) if INFORMAL.search(s)]
    assert not wrong, f"say « vous »: {wrong}"
