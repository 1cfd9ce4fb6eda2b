"""Classical item analysis of a quiz given to a class: which questions work, which do not.

Input: `scores[learner][item] = credit`, a credit between 0 and 1 (partial credit allowed). A
learner who skipped an item simply has no entry for it: only the items they answered count.

For each item:
    answered        how many learners answered it (n);
    difficulty      the mean credit, the share of the item got right (the "p-value");
    discrimination  the point-biserial correlation between the item credit and the learner's
                    *rest score* (mean credit over the other items that learner answered: the
                    corrected item-total, so the item does not correlate with itself);
    upper_lower     mean credit of the upper 27 % minus the lower 27 % of learners ranked by
                    rest score (group size max(1, n × 0.27 rounded half up)).
Only learners who answered the item and at least one other one have a rest score: they are the
ones counted for discrimination (None with fewer than 3 of them, or when the credits or the rest
scores are all equal) and for upper_lower (None with fewer than 4). Learners tied on rest score
keep their input order when ranked.
"""

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Scores = Mapping[str, Mapping[str, float]]

TOO_HARD_BELOW = 0.2
TOO_EASY_ABOVE = 0.9
POOR_DISCRIMINATION_BELOW = 0.2
GROUP_SHARE = 0.27
MIN_FOR_DISCRIMINATION = 3
MIN_FOR_UPPER_LOWER = 4
MIN_TO_JUDGE = 5  # fewer answers than this: too few to call a question too hard, too easy…


@dataclass(frozen=True)
class ItemStats:
    """What one item tells the teacher about how it worked with this class."""

    item: str
    answered: int
    difficulty: float
    discrimination: float | None
    upper_lower: float | None

    @property
    def flag(self) -> str | None:
        """A short code telling the teacher what to look at; None when the item looks fine.

        Classical test theory rules of thumb: "too-hard" below 20 % right, "too-easy" above
        90 % right, "poor-discrimination" when the point-biserial is below 0.2 (a negative one
        means strong learners fail where weak ones succeed: check the key or the wording).
        With fewer than MIN_TO_JUDGE answers none of these is said, but "too-few": two pupils
        out of two getting it wrong says little about the question.
        """
        if self.answered < MIN_TO_JUDGE:
            return "too-few"
        if self.difficulty < TOO_HARD_BELOW:
            return "too-hard"
        if self.difficulty > TOO_EASY_ABOVE:
            return "too-easy"
        if self.discrimination is not None and self.discrimination < POOR_DISCRIMINATION_BELOW:
            return "poor-discrimination"
        return None


def item_analysis(scores: Scores, order: Sequence[str] | None = None) -> list[ItemStats]:
    """Per-item statistics, in `order` first, then in order of first appearance."""
    _check_credits(scores)
    return [_item_stats(item, scores) for item in _item_order(scores, order)]


def score_distribution(scores: Iterable[float], bins: int = 5) -> list[int]:
    """How many scores (0 to 1) fall in each of `bins` equal bins; 1.0 goes in the last one."""
    if bins < 1:
        raise ValueError("bins must be at least 1")
    counts = [0] * bins
    for score in scores:
        _check_unit(score)
        # Rounding first keeps 0.3 × 10 (2.9999…) in the bin a person expects.
        counts[min(math.floor(round(score * bins, 9)), bins - 1)] += 1
    return counts


def _item_stats(item: str, scores: Scores) -> ItemStats:
    """One item's statistics from the whole class's credits."""
    credits = [answers[item] for answers in scores.values() if item in answers]
    pairs = [
        (answers[item], rest)
        for answers in scores.values()
        if item in answers and (rest := _rest_score(answers, item)) is not None
    ]
    return ItemStats(
        item=item,
        answered=len(credits),
        difficulty=statistics.fmean(credits),
        discrimination=_point_biserial(pairs),
        upper_lower=_upper_lower(pairs),
    )


def _rest_score(answers: Mapping[str, float], item: str) -> float | None:
    """The learner's mean credit without this item, so an item is not correlated with itself."""
    others = [credit for key, credit in answers.items() if key != item]
    return statistics.fmean(others) if others else None


def _point_biserial(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Pearson correlation of (credit, rest score): the point-biserial for right/wrong items."""
    if len(pairs) < MIN_FOR_DISCRIMINATION:
        return None
    credits, rests = zip(*pairs, strict=True)
    if len(set(credits)) == 1 or len(set(rests)) == 1:
        return None
    return statistics.correlation(credits, rests)


def _upper_lower(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Mean credit of the strongest 27 % minus the weakest 27 % (by rest score)."""
    if len(pairs) < MIN_FOR_UPPER_LOWER:
        return None
    size = max(1, math.floor(GROUP_SHARE * len(pairs) + 0.5))
    ranked = sorted(pairs, key=lambda pair: pair[1])
    upper = statistics.fmean(credit for credit, _ in ranked[-size:])
    lower = statistics.fmean(credit for credit, _ in ranked[:size])
    return upper - lower


def _item_order(scores: Scores, order: Sequence[str] | None) -> list[str]:
    """Answered items: those of `order` first, then the others as they first appear."""
    answered = dict.fromkeys(item for answers in scores.values() for item in answers)
    wanted = [item for item in dict.fromkeys(order or ()) if item in answered]
    return wanted + [item for item in answered if item not in wanted]


def _check_credits(scores: Scores) -> None:
    """Refuse credits outside 0..1: they would silently skew every statistic."""
    for answers in scores.values():
        for credit in answers.values():
            _check_unit(credit)


def _check_unit(value: float) -> None:
    """A credit or score must be a number from 0 to 1 (NaN is refused)."""
    if not 0 <= value <= 1:
        raise ValueError(f"expected a number from 0 to 1, got {value!r}")
