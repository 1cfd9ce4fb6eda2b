"""What a teacher is told when a hand-written item cannot be built, in their language."""

from flask_babel import lazy_gettext as _l

from edu.i18n import ITEM_TYPE_NAMES
from edu.quiz.handwritten import HANDWRITTEN_TYPES

# The types a teacher may write by hand, in the form's order, named as everywhere else.
TYPE_NAMES = {kind: ITEM_TYPE_NAMES[kind] for kind in HANDWRITTEN_TYPES}

PROBLEMS = {
    "unknown-type": _l("Choose one of the item types."),
    "prompt-missing": _l("Write the question in French and in English."),
    "lines-mismatch": _l("The French and English answers need the same number of lines."),
    "too-few-lines": _l(
        "Too few lines: choices need at least 2, ordering and matching at least 3, sorting at "
        "least one argument for and one against."
    ),
    "line-empty": _l("A line holds a mark (=, ~, + or -) or an arrow but no text."),
    "duplicate-line": _l("Two lines of the same language have the same text."),
    "bad-marker": _l("Start each choice with = (right) or ~ (wrong)."),
    "markers-disagree": _l("A line is marked differently in French and in English."),
    "no-right-choice": _l("Mark the right answer with =."),
    "several-right-choices": _l(
        "Several answers are marked right: choose the type with several right answers."
    ),
    "bad-pair": _l("Write each pair as “left -> right”."),
    "same-right": _l("Every pair has the same right side: there is nothing to match."),
    "bad-side": _l("Start each argument with + (for) or - (against)."),
    "one-sided": _l("Give at least one argument for (+) and one against (-)."),
    "truth-missing": _l("Say whether the statement is true or false."),
    "value-missing": _l("Give the expected number."),
    "not-a-number": _l("The expected value is not a number: write it like 1120.5 or 1 120,5."),
    "tolerance-not-a-number": _l("The tolerance is not a number: write it like 0.05."),
    "tolerance-out-of-range": _l(
        "The tolerance is relative: from 0 to below 1 (0.05 allows five in a hundred)."
    ),
    "unit-missing": _l("Give the unit in both languages, or in neither."),
    "gap-missing": _l("Put the gap ____ in the question, in both languages."),
    "gap-repeated": _l("Put the gap ____ only once in each question."),
    "answer-missing": _l("Give the word for the gap in French and in English."),
}
