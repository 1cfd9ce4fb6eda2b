"""Which characters honest text never holds: what a form, a URL or a text file must not carry.

A browser's form sends what a person typed or pasted: letters of any script, accents, emoji
(with their zero-width joiners), tabs and line breaks. It never sends a NUL or another control
character, a lone surrogate, bytes that are not UTF-8, or the bidi controls that make text read
differently from how it is stored ("Trojan source"). Those only come from someone probing the
application, and some of them break the database (PostgreSQL refuses NUL in text).
"""

import re
from urllib.parse import unquote_to_bytes

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; surrogates (only
# reachable from Python strings, never from valid UTF-8); the bidi embeddings, overrides and
# isolates; U+FFFD, the replacement character that undecodable bytes turn into.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffd]"
)


def is_clean(text: str) -> bool:
    """True when the text holds none of the forbidden characters."""
    return FORBIDDEN.search(text) is None


def first_forbidden(text: str) -> int | None:
    """Where the first forbidden character is, to point at its line; None when there is none."""
    found = FORBIDDEN.search(text)
    return found.start() if found else None


def line_of(text: str, index: int) -> int:
    """The 1-based line number of a position in a text."""
    return text.count("\n", 0, index) + 1


def is_clean_bytes(raw: bytes) -> bool:
    """True when the bytes are UTF-8 and the text they hold is clean."""
    try:
        return is_clean(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def is_clean_urlencoded(raw: bytes) -> bool:
    """True when a query string or urlencoded body, its %XX decoded, is UTF-8 text with no
    forbidden character: checked before a decoder replaces or keeps the bad bytes. Decoding it
    whole is the same as decoding each key and value: `&` and `=` are ASCII, so they never
    split a character."""
    return is_clean_bytes(unquote_to_bytes(raw))
