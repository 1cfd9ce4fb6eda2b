"""First names and usernames that cannot pass for someone else's: one form of every name."""

import re
import unicodedata

# Characters that change nothing a reader sees: zero-width spaces and joiners, the soft
# hyphen, bidi marks, embeddings, overrides and isolates, the byte-order mark.
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u3164\ufeff\uffa0"
)


def clean_name(text: str) -> str:
    """The name as it is stored and compared: NFKC (full-width "Ａ" is "A"), no invisible or
    control characters, single spaces. Empty when nothing visible is left."""
    text = unicodedata.normalize("NFKC", text)
    kept = "".join(
        " " if char.isspace() else char
        for char in text
        if char not in INVISIBLE
        and (char.isspace() or unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co", "Cn"})
    )
    return " ".join(kept.split())


def fold_name(text: str) -> str:
    """The form two spellings of one name share: no case, no accents, no spaces or hyphens,
    so that "zoe", "Zoé" and " ZOÉ " are one pupil, and "Marie-Anne" is "marie anne"."""
    decomposed = unicodedata.normalize("NFKD", clean_name(text).casefold())
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(char for char in kept if char not in " -‐‑'’.")[:40]


def clean_initial(text: str) -> str:
    """A distinguishing initial as shown: "b" and "B" are "B.", "Ber" stays "Ber."."""
    text = clean_name(text).strip(" .")
    if not text:
        return ""
    return (text[:1].upper() + text[1:])[:7] + "."


def name_sort_key(name: str) -> tuple:
    """How people read a list of names: accents and case folded, numbers in order, so that
    "Élodie" sits among the E's and "Élève2" comes before "Élève10"."""
    decomposed = unicodedata.normalize("NFKD", clean_name(name).casefold())
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    parts = re.split(r"(\d+)", folded)
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part)
