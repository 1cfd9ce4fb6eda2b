"""The debate rubric, read from `content/rubric.yaml`, and THE place where a debate score is
computed from rubric levels.

A rubric is a list of criteria, each scored at a level from 0 to 4 with a descriptor for every
level in French and English. A criterion marked `optional: true` (the default rubric's
`language`) counts only in language classes.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from edu.content.checks import Checker
from edu.content.messages import N_, ContentError, Message, Problem, label
from edu.content.yamlsource import LocatedMap

LEVELS = (0, 1, 2, 3, 4)
MAX_LEVEL = LEVELS[-1]
DEFAULT_RUBRIC = Path(__file__).resolve().parents[2] / "content" / "rubric.yaml"


@dataclass(frozen=True)
class Criterion:
    id: str
    name: dict[str, str]  # {"fr": …, "en": …}
    description: dict[str, str]  # one line, both languages
    levels: dict[int, dict[str, str]]  # level 0..4 -> descriptor {"fr": …, "en": …}
    optional: bool = False  # counted only in language classes


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]

    @property
    def required(self) -> tuple[Criterion, ...]:
        """The criteria counted in every debate."""
        return tuple(c for c in self.criteria if not c.optional)

    def for_class(self, language_class: bool) -> tuple[Criterion, ...]:
        """The criteria counted for a class: the required ones, plus the optional ones in a
        language class; in the rubric's order."""
        return tuple(c for c in self.criteria if language_class or not c.optional)


# -- the arithmetic -------------------------------------------------------------------------------


def debate_score(
    rubric: Rubric, scores: Mapping[str, float], language_class: bool = False
) -> float:
    """A debate score between 0 and 1: the sum of the counted criteria's levels divided by
    4 × the number of criteria counted.

    The criteria counted are `rubric.for_class(language_class)`: the required ones, plus
    `language` (any optional criterion) only in a language class. Each of them must have a
    level from 0 to 4 in `scores` (a whole number, or a mean from `mean_scores`), otherwise
    ValueError names the criterion. Levels of criteria not counted are ignored.

    Example: claim 3, evidence 2, reasoning 4, rebuttal 1 -> 10 / 16 = 0.625.
    """
    counted = rubric.for_class(language_class)
    if not counted:
        raise ValueError("the rubric counts no criterion")
    total = 0.0
    for criterion in counted:
        if criterion.id not in scores:
            raise ValueError(f"no level for criterion '{criterion.id}'")
        level = scores[criterion.id]
        if (
            isinstance(level, bool)
            or not isinstance(level, int | float)
            or not 0 <= level <= MAX_LEVEL
        ):
            raise ValueError(
                f"criterion '{criterion.id}': level {level!r} is not between 0 and {MAX_LEVEL}"
            )
        total += level
    return total / (MAX_LEVEL * len(counted))


def mean_scores(score_sets: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """The mean level of each criterion over several scorers (say the teacher and the learner
    themself), over the scorers who gave that criterion; criteria in first-seen order.

    The result can go to `debate_score`, which checks that every counted criterion is there.
    """
    given: dict[str, list[float]] = {}
    for scores in score_sets:
        for criterion, level in scores.items():
            given.setdefault(criterion, []).append(level)
    return {criterion: sum(levels) / len(levels) for criterion, levels in given.items()}


@dataclass(frozen=True)
class GivenLevels:
    """The levels a scorer chose for one participant, complete or not."""

    levels: dict[str, int]  # criterion id -> level 0..4, only the criteria given a level
    counted: int  # how many criteria count for this debate

    @property
    def complete(self) -> bool:
        return len(self.levels) == self.counted

    @property
    def empty(self) -> bool:
        return not self.levels


def given_levels(
    rubric: Rubric, values: Mapping[str, object], language_class: bool = False
) -> GivenLevels:
    """Read levels from what a scorer sent, `values[criterion id]` = one of the criterion's
    levels, as an int or as text ("0".."4" in the default rubric).

    Only the counted criteria are read; anything else for one of them (missing, empty, "7",
    "abc") leaves that criterion unset, never an error: a half-filled row is kept as a draft.
    """
    counted = rubric.for_class(language_class)
    levels = {}
    for criterion in counted:
        raw = values.get(criterion.id)
        if isinstance(raw, bool):
            continue
        if isinstance(raw, int) and raw in criterion.levels:
            levels[criterion.id] = raw
        elif isinstance(raw, str) and raw.strip() in {str(level) for level in criterion.levels}:
            levels[criterion.id] = int(raw.strip())
    return GivenLevels(levels, len(counted))


@dataclass(frozen=True)
class CriterionFeedback:
    """What a learner reads for one criterion: its name, the level got, what that level means."""

    criterion: Criterion
    level: int | None  # None: not scored on this criterion (yet)
    descriptor: dict[str, str] | None  # the level's descriptor {"fr": …, "en": …}, or None


def feedback(
    rubric: Rubric, levels: Mapping[str, float], language_class: bool = False
) -> list[CriterionFeedback]:
    """For each counted criterion, in the rubric's order, the level got and its descriptor.

    A mean level (from `mean_scores`) is rounded half up to the nearest level for its
    descriptor; the level shown is that rounded level too.
    """
    rows = []
    for criterion in rubric.for_class(language_class):
        level = levels.get(criterion.id)
        if (
            isinstance(level, bool)
            or not isinstance(level, int | float)
            or not 0 <= level <= MAX_LEVEL  # NaN too
        ):
            rows.append(CriterionFeedback(criterion, None, None))
            continue
        shown = min(max(int(level + 0.5), 0), MAX_LEVEL)
        rows.append(CriterionFeedback(criterion, shown, criterion.levels[shown]))
    return rows


# -- reading ---------------------------------------------------------------------------------------


@cache
def default_rubric() -> Rubric:
    """The default rubric, read once per process: every page that scores or shows scores."""
    return load_default_rubric()


def load_default_rubric() -> Rubric:
    """The rubric of `content/rubric.yaml`; ContentError (with every problem) if it is broken."""
    rubric, problems = read_rubric(DEFAULT_RUBRIC)
    if rubric is None:
        raise ContentError(problems)
    return rubric


def read_rubric(path: str | Path) -> tuple[Rubric | None, list[Problem]]:
    """Validate a rubric file: the rubric, or None and every problem as `path:line: message`.

    Unknown keys are errors, every text has non-empty `fr` and `en`, each criterion has a
    unique slug id and exactly the levels 0 to 4, and at least one criterion is required.
    """
    path = Path(path)
    checker = _RubricChecker(str(path))
    if not path.is_file():
        checker.report(0, N_("no such file"))
        return None, checker.problems
    data = checker.parse(path)
    if not checker.problems:
        rubric = checker.rubric(data)
        if not checker.problems:
            return rubric, []
    return None, sorted(checker.problems)


class _RubricChecker(Checker):
    """The content checker's shapes (mapping, text, slug, unique id), applied to a rubric."""

    def rubric(self, data: Any) -> Rubric | None:
        top = self.mapping(data, 1, label(N_("the rubric")), required=("criteria",))
        if top is None or "criteria" not in top:
            return None
        items = self.sequence(
            top["criteria"], top.lines["criteria"], label(N_("criteria")), minimum=1
        )
        if items is None:
            return None
        criteria: list[Criterion] = []
        seen: dict[str, int] = {}
        for item, line in zip(items, items.lines, strict=True):
            criterion = self.criterion(item, line, seen)
            if criterion is not None:
                criteria.append(criterion)
        if not self.problems and all(c.optional for c in criteria):
            self.report(items.line, N_("criteria: at least one criterion must not be optional"))
        return Rubric(tuple(criteria)) if not self.problems else None

    def criterion(self, item: Any, line: int, seen: dict[str, int]) -> Criterion | None:
        raw = self.mapping(
            item,
            line,
            label(N_("a criterion")),
            required=("id", "name", "description", "levels"),
            optional=("optional",),
        )
        if raw is None:
            return None
        before = len(self.problems)
        at = raw.line_of
        criterion_id = self.unique_id(raw, seen, label(N_("criterion")))
        what = label(N_("criterion '%(id)s'"), id=criterion_id or "?")
        name = self.text(
            raw.get("name"), at("name", raw.line), label(N_("%(what)s name"), what=what)
        )
        description = self.text(
            raw.get("description"),
            at("description", raw.line),
            label(N_("%(what)s description"), what=what),
        )
        optional = raw.get("optional", False)
        if not isinstance(optional, bool):
            self.report(at("optional"), N_("%(what)s: optional must be true or false"), what=what)
        levels = None
        if "levels" in raw:
            levels = self.levels(raw["levels"], at("levels"), what)
        if len(self.problems) > before or not (criterion_id and name and description and levels):
            return None
        return Criterion(criterion_id, name.as_dict(), description.as_dict(), levels, optional)

    def levels(self, value: Any, line: int, what: Message) -> dict[int, dict[str, str]] | None:
        keys = tuple(str(level) for level in LEVELS)
        if not isinstance(value, LocatedMap):
            self.report(
                line, N_("%(what)s levels must map each level 0 to 4 to its descriptor"), what=what
            )
            return None
        # Unknown levels are reported at their own line, missing ones at the `levels:` line.
        self.mapping(
            value, line, label(N_("%(what)s levels"), what=what), required=(), optional=keys
        )
        raw = value
        levels: dict[int, dict[str, str]] = {}
        for key in keys:
            if key not in raw:
                self.report(
                    line, N_("%(what)s levels: level %(level)s is missing"), what=what, level=key
                )
            else:
                text = self.text(
                    raw[key],
                    raw.lines[key],
                    label(N_("%(what)s level %(level)s"), what=what, level=key),
                )
                if text:
                    levels[int(key)] = text.as_dict()
        return levels if len(levels) == len(LEVELS) and len(raw) == len(LEVELS) else None
