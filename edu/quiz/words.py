"""The few interface words answers are written with ("True", "For", "no answer"...).

They are interface text, so they live in the gettext catalog like every other: marked here with
`N_` and looked up in the compiled catalog of the language asked for (`edu.catalog`), so that
feedback, answer keys and GIFT exports need no request.
"""

from functools import lru_cache
from types import MappingProxyType
from typing import Final

from edu.catalog import N_, gettext_in

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
    return MappingProxyType({key: gettext_in(language, word) for key, word in ANSWER_WORDS.items()})
