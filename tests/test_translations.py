"""The French catalog is complete (every string translated, none fuzzy, placeholders kept) and
written as French is: no-break spaces by punctuation, « vous » throughout."""

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif]")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_n": (1, 2),  # lazy_ngettext, as `make extract-translations` reads it (-k _n:1,2)
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


# The gettext functions as the code calls them, and the argument holding the plural (if any).
GETTEXT_CALLS = {
    "_": None,
    "_l": None,
    "gettext": None,
    "lazy_gettext": None,
    "ngettext": 1,
    "_n": 1,
    "N_": None,
}


def gettext_calls(tree: ast.AST) -> list[tuple[int, str | tuple[str, str]]]:
    """Every gettext call with a constant message in a syntax tree, with its line. A call inside
    an f-string counts: there it is a FormattedValue's expression, which the walk reaches, while
    pybabel reads an f-string on Python 3.11 as one token and misses the call."""
    found: list[tuple[int, str | tuple[str, str]]] = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT_CALLS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            continue
        singular = node.args[0].value
        plural_at = GETTEXT_CALLS[node.func.id]
        if plural_at is None:
            found.append((node.lineno, singular))
            continue
        plural = node.args[plural_at] if len(node.args) > plural_at else None
        assert isinstance(plural, ast.Constant) and isinstance(plural.value, str), (
            f"line {node.lineno}: {node.func.id}() needs its plural as a constant text"
        )
        found.append((node.lineno, (singular, plural.value)))
    return found


def untranslated(catalog, message: str | tuple[str, str]) -> bool:
    entry = catalog.get(message if isinstance(message, str) else message[0])
    if entry is None or entry.fuzzy:
        return True
    strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    return not all(strings)


def test_the_code_s_syntax_trees_find_the_call_in_an_f_string():
    tree = ast.parse('label = f"{_(\'status\')}: {value}"\nN_("on its own")')
    assert sorted(message for _line, message in gettext_calls(tree)) == ["on its own", "status"]


def test_every_gettext_call_in_the_code_has_its_french(catalog):
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {message!r}"
        for path in sorted((ROOT / "edu").rglob("*.py"))
        for line, message in gettext_calls(ast.parse(path.read_text(encoding="utf-8")))
        if untranslated(catalog, message)
    ]
    assert not missing, "translate in the French catalog:\n" + "\n".join(missing)


def test_every_string_in_the_templates_has_its_french(catalog):
    """Jinja's own parser, with babel.cfg's mapping, reads the templates as `make
    extract-translations` does (ngettext, trans blocks and all)."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    templates = [(pattern, method) for pattern, method in method_map if method == "jinja2"]
    assert templates, "babel.cfg maps no templates to the jinja2 extractor"
    missing = [
        f"{file}:{line}: {message!r}"
        for file, line, message, _comments, _context in extract_from_dir(
            ROOT / "edu", templates, options_map, keywords=KEYWORDS
        )
        if untranslated(catalog, message)
    ]
    assert not missing, "translate in the French catalog:\n" + "\n".join(missing)


# French typography: a no-break space (U+00A0, or the narrow U+202F) before : ; ! ? » and after
# «, never a space a line may break at (a plain space would leave "?" alone at the start of a
# line), nor no space at all.
NO_BREAK = "\u00a0\u202f"
BREAKABLE_SPACE_BY_PUNCTUATION = re.compile(r"[ \t](?=[:;!?»])|«[ \t]")
MISSING_SPACE_BY_PUNCTUATION = re.compile(rf"[^\s{NO_BREAK}(](?=[:;!?»])|«(?=[^{NO_BREAK}])")
# A YAML setting quoted in a message ("correct: true") keeps YAML's own colon.
YAML_SETTING = re.compile(r"\b[a-z_]+: (?:true|false)\b")
# The informal "tu": the interface says "vous" to everyone, pupils included. The pronouns and
# possessives as whole words ("ton" but not "bâton", "tes" but not "testez"), and the tu form
# of the instructions' verbs where a sentence starts ("Coche toutes les bonnes réponses").
INFORMAL = re.compile(
    r"\b(?:tu|toi|te|ton|ta|tes|tien|tienne|tiens|t’|t')(?!\w)"
    r"|(?:^|[.:;!?]\s)(?:Coche|Choisis|Écris|Tape|Remets|Associe|Réponds|Mets|Complète|Vérifie"
    r"|Clique|Lis|Relis|Essaie|Réessaie|Recommence|Appuie|Résume|Cite|Dis|Fais|Ajoute|Attends"
    r"|Reviens|Prends|Donne)\b",
    re.IGNORECASE,
)
# One term per thing (the glossary of translations/README.md): the synonyms it replaced.
FORBIDDEN_SYNONYMS = {
    "carte de preuve": r"fiches? de preuves?|cartes? d[’']indices?|indices?",
    "question de discussion": r"questions? de débat",
    "trou (of a gap fill)": r"blancs?",
    "enseignant": r"professeurs?|profs?",
    "élève": r"étudiants?",
    "grille d’évaluation": r"barèmes?",
    "travail donné": r"devoirs?",
    "participant (of a debate)": r"débatteurs?|débatteuses?",
    "rédaction (an essay item)": r"dissertations?",
}
# A message that says a count takes its plural from ngettext: these placeholders are counts.
COUNT_PLACEHOLDER = re.compile(r"%\((?:n|num|count|done|given|answered|minutes|length|limit)\)[sd]")


def french_strings(catalog):
    for message in catalog:
        if message.id:
            yield from message.string if isinstance(message.string, tuple) else (message.string,)


def generated_french() -> list[str]:
    """The French instructions the generator stores in items: not in the catalog, but interface
    text all the same."""
    from edu.quiz.generation import MATCHING_PROMPTS, ORDERING_PROMPT

    return [ORDERING_PROMPT["fr"], *(prompt["fr"] for prompt in MATCHING_PROMPTS.values())]


@pytest.fixture(scope="module")
def every_french_text(catalog) -> list[str]:
    return [*french_strings(catalog), *generated_french()]


def test_french_entries_keep_punctuation_with_a_no_break_space(every_french_text):
    wrong = [s for s in every_french_text if BREAKABLE_SPACE_BY_PUNCTUATION.search(s)]
    assert not wrong, f"use U+00A0 or U+202F before : ; ! ? » and after «: {wrong[:5]}"
    glued = [
        s for s in every_french_text if MISSING_SPACE_BY_PUNCTUATION.search(YAML_SETTING.sub("", s))
    ]
    assert not glued, f"put U+00A0 or U+202F before : ; ! ? » and after «: {glued[:5]}"


def test_the_typography_rules_accept_both_no_break_spaces_and_nothing_else():
    for right in ("Réponse\u00a0:", "Bravo\u202f!", "«\u00a0oui\u00a0»", "«\u202foui\u202f»"):
        assert not BREAKABLE_SPACE_BY_PUNCTUATION.search(right), right
        assert not MISSING_SPACE_BY_PUNCTUATION.search(right), right
    for wrong in ("Réponse :", "Bravo!", "« oui »", "«oui»", "Vraiment?"):
        assert BREAKABLE_SPACE_BY_PUNCTUATION.search(wrong) or MISSING_SPACE_BY_PUNCTUATION.search(
            wrong
        ), wrong


def test_french_entries_use_the_typographic_apostrophe(every_french_text):
    wrong = [s for s in every_french_text if "'" in s]
    assert not wrong, f"write ’, not ': {wrong[:5]}"


def test_french_entries_say_vous(every_french_text):
    wrong = [s for s in every_french_text if INFORMAL.search(s)]
    assert not wrong, f"say « vous »: {wrong}"


def test_the_register_rule_finds_tu_and_spares_words_that_hold_it():
    for informal in (
        "Ce n’est pas toi\u00a0?",
        "Coche toutes les bonnes réponses.",
        "ton enseignant",
        "Demandez-le à tes parents.",
        "Bravo\u00a0! Choisis un camp.",
    ):
        assert INFORMAL.search(informal), informal
    for formal in (
        "Tout est prêt.",
        "un bâton",
        "Testez-vous",
        "Tapez votre prénom.",
        "Cochez une case.",
        "Votre texte",
        "une tâche",
        "Vote final",
        "Classe",
    ):
        assert not INFORMAL.search(formal), formal


@pytest.mark.parametrize("term", sorted(FORBIDDEN_SYNONYMS))
def test_french_entries_say_one_term_per_thing(every_french_text, term):
    synonym = re.compile(rf"\b(?:{FORBIDDEN_SYNONYMS[term]})\b", re.IGNORECASE)
    wrong = [s for s in every_french_text if synonym.search(s)]
    assert not wrong, f"say « {term} » (translations/README.md): {wrong}"


def test_every_message_that_says_a_count_has_a_plural(catalog):
    singular_only = [
        message.id
        for message in catalog
        if isinstance(message.id, str) and COUNT_PLACEHOLDER.search(message.id)
    ]
    assert not singular_only, f"use ngettext (French: 0 and 1 singular): {singular_only}"
