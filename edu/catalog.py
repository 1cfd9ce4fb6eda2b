"""Interface text for code that runs outside a request (domain code, feedback, exports).

Such text is marked with `N_` for `pybabel extract` and read from the compiled catalog with
Babel rather than Flask: in one language (`gettext_in`), or in every interface language at once
for what is stored or shown in both (`in_each_language`).
"""

from functools import lru_cache
from pathlib import Path
from typing import Final

from babel.support import NullTranslations, Translations

from edu.config import LOCALES

CATALOGS: Final = Path(__file__).resolve().parents[1] / "translations"


def N_(text: str) -> str:
    """Mark a message for extraction (`pybabel extract -k N_`); translated where it is shown."""
    return text


@lru_cache(maxsize=16)
def translations(language: str) -> NullTranslations:
    """The compiled catalog of `language` (English, the code's language, when it has none)."""
    known = language.isascii() and language.isalpha()
    return Translations.load(str(CATALOGS), [language if known else "en"])


def gettext_in(language: str, text: str) -> str:
    """`text` (an English msgid) in `language`."""
    return translations(language).gettext(text)


def in_each_language(text: str) -> dict[str, str]:
    """`text` (an English msgid) in every interface language: `{"fr": …, "en": …}`."""
    return {language: gettext_in(language, text) for language in LOCALES}
