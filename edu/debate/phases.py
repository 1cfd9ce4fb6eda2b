"""The phases of a debate, the checks on what a learner submits, and the votes on the motion.

Everything here is pure: the callers say what is already done, which cards and targets exist,
and get back problem codes to turn into messages.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from edu.catalog import N_, in_each_language

SIDES = ("for", "against")


@dataclass(frozen=True)
class Phase:
    id: str
    name: dict[str, str]  # {"fr": …, "en": …}
    instruction: dict[str, str]  # one or two sentences for the learner, in both languages
    word_limit: int


def _phase(phase_id: str, name: str, instruction: str, word_limit: int) -> Phase:
    """A phase whose name and instruction (English msgids) are read in every language from the
    catalog: interface text, the same in every debate."""
    return Phase(phase_id, in_each_language(name), in_each_language(instruction), word_limit)


PHASES: tuple[Phase, ...] = (
    _phase(
        "prepare",
        N_("Preparation"),
        N_("These notes are private: choose your evidence cards and plan your argument."),
        300,
    ),
    _phase(
        "opening",
        N_("Opening statement"),
        N_(
            "Say clearly whether you are for or against the motion, "
            "and back up your position with evidence from the cards."
        ),
        200,
    ),
    _phase(
        "rebuttal",
        N_("Rebuttal"),
        N_("Pick ONE argument from the other side, then explain why it does not hold up."),
        150,
    ),
    _phase(
        "closing",
        N_("Closing statement"),
        N_(
            "Sum up your strongest points, then vote on the motion again: "
            "have you changed your mind?"
        ),
        120,
    ),
)

# The most characters a text may have, draft or not: far beyond any phase's word limit, so that
# what a learner typed or pasted is kept whole as a draft; a longer text is refused, never cut.
MAX_CHARACTERS = 50_000

PHASE_IDS = tuple(phase.id for phase in PHASES)
_BY_ID = {phase.id: phase for phase in PHASES}

# What counts as one word, in French and in English alike:
# - a run of letters and digits (any script, accents included);
# - runs joined by an apostrophe (' ’ ʼ) or a hyphen (- ‐ ‑) stay ONE word, the way a word
#   processor counts: "aujourd’hui", "l’IA", "c'est", "don't", "peut-être", "open-source",
#   "vice-gouverneur" are one word each;
# - a number's decimal or grouping mark between digits keeps it one word: "2,5", "1.120";
#   a number grouped with spaces ("1 120") is two, as in a word processor;
# - punctuation, symbols and dashes standing alone ("—", "%", "…") are not words.
_JOINER = r"(?:['’ʼ\-‐‑]|(?<=\d)[.,](?=\d))"
_WORD = re.compile(rf"[^\W_]+(?:{_JOINER}[^\W_]+)*")


def word_count(text: str) -> int:
    """The number of words in `text`, as documented above `_WORD`."""
    # Composed form first: a decomposed "é" (e + combining accent) must not split a word.
    return len(_WORD.findall(unicodedata.normalize("NFC", text or "")))


def phase(phase_id: str) -> Phase | None:
    return _BY_ID.get(phase_id)


def next_phase(done: Iterable[str]) -> str | None:
    """The first phase not yet done, in order; None once every phase is done."""
    done = set(done)
    return next((phase_id for phase_id in PHASE_IDS if phase_id not in done), None)


def check_contribution(
    phase_id: str,
    text: str,
    *,
    done: Iterable[str],
    cited: Iterable[str],
    cards: Iterable[str],
    target: str | None,
    targets: Iterable[str],
) -> list[str]:
    """The problems with submitting `text` for a phase, as codes; an empty list means fine.

    `done` holds the phases already submitted (the preparation too, once submitted), `cited`
    the evidence cards the text cites, `cards` the cards of the debate, `target` the opposing
    argument a rebuttal answers and `targets` those it may answer. Every problem found is
    reported, in this order:

    - "unknown-phase": no such phase (then nothing else is checked);
    - "already-done": the phase was submitted already; otherwise
      "out-of-order": an earlier phase is not done yet;
    - "empty": no word at all; "too-long": more words than the phase's limit;
    - "unknown-card": a cited card is not one of the debate's cards; "no-card": an opening
      statement cites no card (a claim stands on evidence);
    - "no-target": a rebuttal names no argument; "unknown-target": the argument named is not
      one the rebuttal may answer; "target-not-allowed": a target given to another phase.
    """
    current = _BY_ID.get(phase_id)
    if current is None:
        return ["unknown-phase"]
    done = set(done)
    problems = []
    if phase_id in done:
        problems.append("already-done")
    elif any(earlier not in done for earlier in PHASE_IDS[: PHASE_IDS.index(phase_id)]):
        problems.append("out-of-order")
    words = word_count(text)
    if words == 0:
        problems.append("empty")
    elif words > current.word_limit:
        problems.append("too-long")
    cited = set(cited)
    if not cited <= set(cards):
        problems.append("unknown-card")
    elif phase_id == "opening" and not cited:
        problems.append("no-card")
    if phase_id == "rebuttal":
        if not target:
            problems.append("no-target")
        elif target not in set(targets):
            problems.append("unknown-target")
    elif target:
        problems.append("target-not-allowed")
    return problems


def assign_side(preferred: str | None, taken: Iterable[str]) -> str:
    """The side a newcomer argues in a group debate, so that both sides always have someone to
    answer: the side they prefer while it has no more debaters than the other, else the other
    one; with no (or no valid) preference, the side with fewer debaters ("for" when level).

    The two sides thus never differ by more than one debater, and from the second debater on
    each side has an opponent whose opening statement a rebuttal can answer.
    """
    taken = list(taken)
    count = {side: taken.count(side) for side in SIDES}
    if preferred in SIDES:
        other = SIDES[1 - SIDES.index(preferred)]
        return preferred if count[preferred] <= count[other] else other
    return "against" if count["for"] > count["against"] else "for"


def vote_counts(votes: Mapping[str, str | None]) -> dict[str, int]:
    """How many voted for and against; anything else (an abstention, no vote) is not counted."""
    counts = dict.fromkeys(SIDES, 0)
    for vote in votes.values():
        if vote in counts:
            counts[vote] += 1
    return counts


def change_of_mind(
    first_votes: Mapping[str, str | None], final_votes: Mapping[str, str | None]
) -> int:
    """How many participants (the keys) changed side between their first and final votes.

    Only participants who voted "for" or "against" both times count: voting once, or
    abstaining either time, is not a change of mind.
    """
    return sum(
        1
        for who, first in first_votes.items()
        if first in SIDES and final_votes.get(who) in SIDES and final_votes[who] != first
    )
