"""The words around a gap: what the options of a gap must agree with, and gaps a pupil cannot
answer for sure. Plain Python, no I/O.

French: the word before a gap may be an article or a preposition fused with one (« l’ », « du »,
« de la », « d’ », « aux »…). A name takes its own form of it: « le Fonds monétaire
international », « l’Union internationale… », « de Baidu » but « d’Apple ». `form_of` reads the
form a name takes from the sentence it stands in in its own fact (the word before it there);
`gap_context` reads what the gap's sentence puts before the gap; `with_form` writes a name with
the form a context asks for. An option fits a gap when it would take the same form there as the
answer; when one does not, the gap takes the article in (`absorb`): every option then carries
its own.

English: "a" or "an" before a gap is the same problem for every option (`english_article`).

One answer: a gap after "such as", « comme »… admits other names (`example_gap`), and an answer
longer than `MAX_TYPED_WORDS` words is not something to type. A gap another name of the article
would also fill (« ____ a salué R1 » in an article about Sam Altman and Elon Musk) shows the
answer's first letter after the prompt (`with_first_letter`: « … (initiale : S) »).
"""

import re
from dataclasses import dataclass

from edu.content.pack import GAP

MAX_TYPED_WORDS = 3  # a longer answer is chosen, never typed

APOSTROPHES = "’'"
VOWELS = "aeiouyàâäéèêëîïôöûüœæ"

# What the form of a name is, whatever preposition it follows.
MASCULINE, FEMININE, ELIDED, PLURAL, BARE = "m", "f", "v", "pl", "bare"

# The French words a gap may follow, longest first: (words, preposition, form).
_FRENCH_BEFORE = (
    ("de la ", "de", FEMININE),
    ("de l’", "de", ELIDED),
    ("à la ", "à", FEMININE),
    ("à l’", "à", ELIDED),
    ("du ", "de", MASCULINE),
    ("des ", "de", PLURAL),
    ("aux ", "à", PLURAL),
    ("au ", "à", MASCULINE),
    ("les ", "", PLURAL),
    ("le ", "", MASCULINE),
    ("la ", "", FEMININE),
    ("l’", "", ELIDED),
    ("d’", "de", BARE),
    ("de ", "de", BARE),
    ("à ", "à", BARE),
)
_WRITTEN = {
    "": {MASCULINE: "le ", FEMININE: "la ", ELIDED: "l’", PLURAL: "les ", BARE: ""},
    "de": {MASCULINE: "du ", FEMININE: "de la ", ELIDED: "de l’", PLURAL: "des ", BARE: "de "},
    "à": {MASCULINE: "au ", FEMININE: "à la ", ELIDED: "à l’", PLURAL: "aux ", BARE: "à "},
}
# Words after which a gap names one example among others: any other name of the kind fits.
EXAMPLE_MARKERS = {
    "fr": ("comme", "tels que", "telles que", "tel que", "telle que", "notamment", "par exemple"),
    "en": ("such as", "like", "including", "for example", "for instance", "e.g."),
}


def _plain(text: str) -> str:
    """The text with one kind of apostrophe (’) and of space: character for character, so a
    length in it is a length in the original."""
    return text.translate(_PLAIN)


_PLAIN = str.maketrans({"'": "’", "\u00a0": " ", "\u202f": " ", "\t": " "})


def starts_with_vowel(name: str) -> bool:
    """A name before which French elides (« d’Apple », « l’Union »); an h does not count:
    names from other languages (Huawei, High-Flyer) take « de »."""
    return bool(name) and name[0].casefold() in VOWELS


@dataclass(frozen=True)
class Context:
    """What stands before a gap: the words themselves (as written in the prompt), the
    preposition they hold ("", "de" or "à") and the form the answer takes there."""

    words: str
    preposition: str
    form: str


NO_CONTEXT = Context("", "", BARE)


def _context_before(before: str) -> Context | None:
    plain = _plain(before).casefold()
    for words, preposition, form in _FRENCH_BEFORE:
        if plain.endswith(words) and (
            len(plain) == len(words) or not plain[-len(words) - 1].isalnum()
        ):
            return Context(before[len(before) - len(words) :], preposition, form)
    return None


def gap_context(prompt: str) -> Context | None:
    """The French article or preposition right before the gap of `prompt`, if any."""
    index = prompt.find(GAP)
    return None if index < 0 else _context_before(prompt[:index])


def form_of(text: str, name: str) -> str | None:
    """The form `name` takes in `text` (its own fact's French sentence): read from the word
    before it; BARE when nothing of the kind stands there; None when the name is not there."""
    match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
    if match is None:
        return None
    context = _context_before(text[: match.start()])
    if context is None:
        return BARE
    if context.form == BARE and starts_with_vowel(name) and context.words.endswith("’"):
        return BARE  # « d’Apple »
    return context.form


def with_form(preposition: str, form: str, name: str) -> str:
    """`name` with the article and preposition a context asks for: « de l’Union… »."""
    written = _WRITTEN[preposition][form]
    if form == BARE and preposition == "de" and starts_with_vowel(name):
        written = "d’"
    if form in (MASCULINE, FEMININE) and starts_with_vowel(name):
        written = _WRITTEN[preposition][ELIDED]
    return written + name


def fits(context: Context, form: str, name: str) -> bool:
    """Would `name`, of this form, read right after the context's words?"""
    wanted = with_form(context.preposition, form, name)
    return wanted[: len(wanted) - len(name)] == _plain(context.words).casefold()


def absorb(prompt: str, context: Context) -> str:
    """The prompt with the context's words taken into the gap."""
    index = prompt.find(GAP)
    return prompt[: index - len(context.words)] + prompt[index:]


# -- English --------------------------------------------------------------------------------------


def english_article(prompt: str) -> str | None:
    """ "a" or "an" right before the gap (as written), if any."""
    match = re.search(r"(?:^|(?<=\W))(an?) $", prompt[: max(prompt.find(GAP), 0)], re.I)
    return match.group(1) if match else None


def a_or_an(word: str) -> str:
    """The English indefinite article for `word` (by its first letters: an 8, an 11, an 18)."""
    first = word.lstrip("“\"'(").casefold()
    if re.match(r"(?:8|11(?!\d{2})|18(?!\d{2}))", first) or (first[:1] in "aeio"):
        return "an"
    return "a"


def without_english_article(prompt: str, article: str) -> str:
    index = prompt.find(GAP)
    return prompt[: index - len(article) - 1] + prompt[index:]


def with_english_article(article: str, text: str) -> str:
    word = a_or_an(text)
    return (word.capitalize() if article[0].isupper() else word) + " " + text


# -- one answer -----------------------------------------------------------------------------------


def example_gap(prompt: str, lang: str) -> bool:
    """Does the gap name an example (« comme ____ », "such as ____")? Then other names fit."""
    before = _plain(prompt[: max(prompt.find(GAP), 0)]).casefold().rstrip(' «“"')
    before = re.sub(r"(?:^|\s)(?:les?|la|l’|the)$", "", before).rstrip()
    return any(
        before.endswith(marker)
        and (len(before) == len(marker) or not before[-len(marker) - 1].isalnum())
        for marker in EXAMPLE_MARKERS[lang]
    )


def typed_words(answer: str) -> int:
    return len(answer.split())


FIRST_LETTER = {"fr": "(initiale\u00a0: {letter})", "en": "(first letter: {letter})"}


def with_first_letter(prompt: str, answer: str, lang: str) -> str:
    """The prompt with the answer's first letter after it: « … d’____. (initiale : A) ». After
    the sentence, not the gap: « ____ (A…)’s App Store » would not read."""
    letter = next((char for char in answer if char.isalnum()), answer[:1])
    if GAP not in prompt or not letter:
        return prompt
    return f"{prompt.rstrip()} {FIRST_LETTER[lang].format(letter=letter.upper())}"
