"""The few interface words answers are written with ("True", "For", "no answer"...).

They are interface text, so they live in the gettext catalog like every other: marked here with
`N_` for `pybabel extract`, and looked up in the compiled catalog of the language asked for,
with Babel rather than Flask, so that feedback, answer keys and GIFT exports need no request.
"""

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

from babel.support import Translations

CATALOGS: Final = Path(__file__).resolve().parents[2] / "translations"


def N_(text: str) -> str:
    """Mark a message for extraction (`pybabel extract -k N_`); translated by `words_in`."""
    return text


ANSWER_WORDS: Final = MappingProxyType(
    {
        "true": N_("True"),
        "false": N_("False"),
        "for": N_("For"),
        "against": N_("Against"),
        "unsorted": N_("Not sorted"),
        "unanswered": N_("no answer"),
    }
)


@lru_cache(maxsize=16)
def words_in(language: str) -> MappingProxyType[str, str]:
    """`ANSWER_WORDS` in `language` (English, the code's language, when it has no catalog)."""
    known = language.isascii() and language.isalpha()
    translations = Translations.load(str(CATALOGS), [language if known else "en"])
    return MappingProxyType({key: translations.gettext(word) for key, word in ANSWER_WORDS.items()})
