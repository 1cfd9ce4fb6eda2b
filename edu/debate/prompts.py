"""A debate prompt for each discussion question of an article: the motion, a brief, the
evidence cards to cite, the model arguments of each side and the phases."""

from collections.abc import Iterable
from dataclasses import dataclass

from edu.content.pack import SIDES, Article, Question
from edu.debate.phases import PHASES, Phase


@dataclass(frozen=True)
class EvidenceCard:
    id: str  # the fact's id, unique in its article
    text: dict[str, str]  # {"fr": …, "en": …}
    source: str | None  # the article's publication, else its author, else None (unknown)
    paragraph: int  # the article's paragraph the fact comes from


@dataclass(frozen=True)
class ModelArgument:
    id: str  # "for-1", "against-2": the side and the 1-based rank within that side
    side: str  # "for" or "against"
    text: dict[str, str]
    cards: tuple[str, ...]  # fact ids, all among the prompt's cards


@dataclass(frozen=True)
class DebatePrompt:
    id: str  # "article-id/question-id"
    article: str
    question: str
    motion: dict[str, str]
    question_text: dict[str, str]
    brief: dict[str, dict[str, str]]  # {"title": {fr, en}, "summary": {fr, en}}
    cards: tuple[EvidenceCard, ...]
    arguments: tuple[ModelArgument, ...]  # every "for" argument, then every "against" one
    phases: tuple[Phase, ...]


def build_prompt(article: Article, question: Question) -> DebatePrompt:
    """The prompt of one question of a validated article. Its cards are the question's facts in
    the question's order, then the other facts its model arguments cite: every fact a model
    argument leans on is a card a learner can cite too."""
    facts = {fact.id: fact for fact in article.facts}
    missing = [fact_id for fact_id in question.facts if fact_id not in facts]
    if missing:
        raise ValueError(
            f"question '{question.id}' cites facts that are not in article '{article.id}': "
            + ", ".join(missing)
        )
    source = article.source.publication or article.source.author or None
    cited = [
        f
        for argument in question.arguments_for + question.arguments_against
        for f in argument.facts
    ]
    card_ids = list(dict.fromkeys([*question.facts, *(f for f in cited if f in facts)]))
    cards = tuple(
        EvidenceCard(fact_id, facts[fact_id].text.as_dict(), source, facts[fact_id].where)
        for fact_id in card_ids
    )
    sides = dict(zip(SIDES, (question.arguments_for, question.arguments_against), strict=True))
    arguments = tuple(
        ModelArgument(f"{side}-{rank}", side, argument.text.as_dict(), tuple(argument.facts))
        for side in SIDES
        for rank, argument in enumerate(sides[side], start=1)
    )
    return DebatePrompt(
        id=f"{article.id}/{question.id}",
        article=article.id,
        question=question.id,
        motion=question.motion.as_dict(),
        question_text=question.text.as_dict(),
        brief={"title": article.title.as_dict(), "summary": article.summary.as_dict()},
        cards=cards,
        arguments=arguments,
        phases=PHASES,
    )


def build_prompts(articles: Iterable[Article]) -> list[DebatePrompt]:
    """A prompt for every question of every article, in the order given."""
    return [
        build_prompt(article, question) for article in articles for question in article.questions
    ]
