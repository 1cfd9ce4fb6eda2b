"""Debate domain code (edu/debate), without Flask or a database: prompts from the real content,
the phases and their checks, the votes, the rubric file and the score arithmetic."""

import unicodedata
from pathlib import Path

import pytest

from edu.content.messages import ContentError
from edu.content.pack import Argument, Article, Fact, Question, Source, Text
from edu.content.reading import read_content
from edu.debate import rubric as rubric_module
from edu.debate.phases import (
    PHASES,
    change_of_mind,
    check_contribution,
    next_phase,
    vote_counts,
    word_count,
)
from edu.debate.prompts import build_prompt, build_prompts
from edu.debate.rubric import (
    DEFAULT_RUBRIC,
    Rubric,
    debate_score,
    load_default_rubric,
    mean_scores,
    read_rubric,
)

CONTENT = Path(__file__).resolve().parent.parent / "content"
NOT_ARTICLES = {"themes.yaml", "rubric.yaml"}
ORDER = ["prepare", "opening", "rebuttal", "closing"]
LIMITS = {"prepare": 300, "opening": 200, "rebuttal": 150, "closing": 120}


def articles() -> list[Article]:
    result = []
    for path in sorted(CONTENT.glob("*.yaml")):
        if path.name in NOT_ARTICLES:
            continue
        content = read_content(path)
        assert content.ok, content.problems
        result.extend(content.articles)
    return result


@pytest.fixture(scope="module")
def real_articles() -> list[Article]:
    return articles()


# -- prompts ---------------------------------------------------------------------------------------


def test_every_question_of_the_content_gives_a_prompt(real_articles):
    prompts = build_prompts(real_articles)
    expected = [f"{a.id}/{q.id}" for a in real_articles for q in a.questions]
    assert len(prompts) == 20
    assert [p.id for p in prompts] == expected
    assert len(set(expected)) == 20
    assert [p.question for p in prompts if p.article == "hundred-deepseeks"] == [
        "credible-forecast",
        "sovereignty-without-chips",
        "block-or-let-build",
        "threat-to-big-tech",
        "global-south-opportunity",
        "bipolar-or-fragmented",
        "revolution-or-pr",
        "wasteful-fragmentation",
    ]


def test_a_prompt_carries_the_motion_question_brief_and_phases(real_articles):
    for article in real_articles:
        for question in article.questions:
            prompt = build_prompt(article, question)
            assert prompt.motion == question.motion.as_dict()
            assert prompt.question_text == question.text.as_dict()
            assert prompt.brief == {
                "title": article.title.as_dict(),
                "summary": article.summary.as_dict(),
            }
            assert [phase.id for phase in prompt.phases] == ORDER


def test_cards_are_the_question_facts_with_paragraph_and_source(real_articles):
    sources = {
        "global-ai-race": "Next News",  # a publication
        "open-source-statecraft": "Tanjim Mohamed Nirjhor",  # only an author
        "deepseek-shock": None,
        "hundred-deepseeks": None,
        "sun-tzu-open-source": None,
    }
    assert sorted(sources) == sorted(a.id for a in real_articles)
    for article in real_articles:
        facts = {fact.id: fact for fact in article.facts}
        for question in article.questions:
            prompt = build_prompt(article, question)
            ids = [card.id for card in prompt.cards]
            assert ids[: len(question.facts)] == list(question.facts)
            argued = {
                f for a in question.arguments_for + question.arguments_against for f in a.facts
            }
            assert set(ids) == set(question.facts) | argued  # every argued fact is a card
            assert len(ids) == len(set(ids))
            for card in prompt.cards:
                assert card.text == facts[card.id].text.as_dict()
                assert card.paragraph == facts[card.id].where
                assert isinstance(card.paragraph, int) and card.paragraph > 0
                assert card.source == sources[article.id]


def test_the_publication_is_preferred_to_the_author():
    article, question = tiny_article(Source("2025", "fr", publication="Le Monde", author="X Y"))
    assert build_prompt(article, question).cards[0].source == "Le Monde"
    article, question = tiny_article(Source("2025", "fr", author="X Y"))
    assert build_prompt(article, question).cards[0].source == "X Y"


def test_model_arguments_match_the_pack_side_by_side(real_articles):
    for article in real_articles:
        for question in article.questions:
            prompt = build_prompt(article, question)
            for side, pack_arguments in (
                ("for", question.arguments_for),
                ("against", question.arguments_against),
            ):
                mine = [a for a in prompt.arguments if a.side == side]
                assert [a.id for a in mine] == [
                    f"{side}-{n}" for n in range(1, len(pack_arguments) + 1)
                ]
                assert [a.text for a in mine] == [a.text.as_dict() for a in pack_arguments]
                assert [a.cards for a in mine] == [tuple(a.facts) for a in pack_arguments]
            assert len(prompt.arguments) == len(question.arguments_for) + len(
                question.arguments_against
            )


def test_a_question_citing_a_missing_fact_is_refused():
    article, question = tiny_article(Source("2025", "fr"), facts=("known", "ghost"))
    with pytest.raises(ValueError, match="ghost"):
        build_prompt(article, question)


def tiny_article(source: Source, facts=("known",)) -> tuple[Article, Question]:
    text = Text("Un texte.", "A text.")
    question = Question(
        "q",
        text,
        Text("Cette assemblée pense que oui.", "This house believes so."),
        facts,
        (Argument(text, ("known",)), Argument(text)),
        (Argument(text), Argument(text)),
    )
    fact = Fact("known", "claim", text, 3, {"false": {"fr": "Non.", "en": "No."}})
    article = Article("tiny", source, text, text, "B1", ("markets",), (fact,), (question,))
    return article, question


# -- phases ----------------------------------------------------------------------------------------


def test_phases_in_order_with_limits_and_both_languages():
    assert [phase.id for phase in PHASES] == ORDER
    assert {phase.id: phase.word_limit for phase in PHASES} == LIMITS
    assert PHASES[1].name["fr"] == "Déclaration d’ouverture"
    for phase in PHASES:
        for texts in (phase.name, phase.instruction):
            assert sorted(texts) == ["en", "fr"]
            assert all(value.strip() for value in texts.values())
            assert texts["fr"] != texts["en"] or phase.id == "closing"


def test_next_phase():
    assert next_phase([]) == "prepare"
    assert next_phase({"prepare"}) == "opening"
    assert next_phase(["prepare", "opening"]) == "rebuttal"
    assert next_phase(["prepare", "opening", "rebuttal"]) == "closing"
    assert next_phase(ORDER) is None
    assert next_phase(["opening"]) == "prepare"  # the first phase missing, not the next one


def check(phase_id, text="Mon argument.", *, done=(), cited=("card-a",), target=None):
    """Check a contribution that cites a card unless told otherwise (an opening must)."""
    return check_contribution(
        phase_id,
        text,
        done=done,
        cited=cited,
        cards=["card-a", "card-b"],
        target=target,
        targets=["against-1", "against-2"],
    )


def test_phases_go_in_order():
    assert check("prepare") == []
    assert check("opening") == ["out-of-order"]  # preparation not submitted yet
    assert check("opening", done={"prepare"}) == []
    assert check("closing", done={"prepare"}) == ["out-of-order"]  # no closing before opening
    assert check("closing", done={"prepare", "opening"}) == ["out-of-order"]
    assert check("closing", done={"prepare", "opening", "rebuttal"}) == []
    assert check("rebuttal", done={"opening"}, target="against-1") == ["out-of-order"]


def test_a_phase_is_submitted_once():
    assert check("prepare", done={"prepare"}) == ["already-done"]
    assert check("opening", done={"prepare", "opening"}) == ["already-done"]


def test_an_unknown_phase():
    assert check("verdict", done=ORDER) == ["unknown-phase"]


def earlier(phase_id: str) -> set[str]:
    return set(ORDER[: ORDER.index(phase_id)])


@pytest.mark.parametrize("phase_id", ORDER)
def test_word_limits(phase_id):
    limit = LIMITS[phase_id]
    target = "against-1" if phase_id == "rebuttal" else None
    at_limit = " ".join(["mot"] * limit)
    assert check(phase_id, at_limit, done=earlier(phase_id), target=target) == []
    over = at_limit + " encore"
    assert check(phase_id, over, done=earlier(phase_id), target=target) == ["too-long"]


def test_french_elisions_and_hyphens_count_as_one_word_against_the_limit():
    at_limit = " ".join(["aujourd’hui", "l’IA", "peut-être"] * 40)  # 120 words
    assert word_count(at_limit) == 120
    done = earlier("closing")
    assert check("closing", at_limit, done=done) == []
    assert check("closing", at_limit + " c'est", done=done) == ["too-long"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("aujourd’hui", 1),
        ("l’IA", 1),
        ("l'IA", 1),
        ("c’est-à-dire", 1),
        ("peut-être", 1),
        ("don't", 1),
        ("open-source", 1),
        ("vice-gouverneur de la Banque", 4),
        ("2,5 milliards", 2),
        ("1.5 billion", 2),
        ("1 120 dollars", 3),  # grouped with a space: two runs of digits
        ("20 %", 1),
        ("Il a dit : « non » !", 4),
        ("— … !", 0),
        ("Aujourd’hui, l’IA open-source coûte 2,5 fois moins.", 7),
        ("Today, open-source AI costs 2.5 times less—doesn't it?", 9),
        (unicodedata.normalize("NFD", "Un été décisif"), 3),
        ("Zhu Min   et\nDeepSeek", 4),
        ("", 0),
    ],
)
def test_word_count(text, words):
    assert word_count(text) == words


@pytest.mark.parametrize("text", ["", "   \n ", "… — !"])
def test_an_empty_contribution(text):
    assert check("prepare", text) == ["empty"]


def test_a_rebuttal_names_one_opposing_argument():
    done = earlier("rebuttal")
    assert check("rebuttal", done=done, target="against-2") == []
    assert check("rebuttal", done=done) == ["no-target"]
    assert check("rebuttal", done=done, target="") == ["no-target"]
    assert check("rebuttal", done=done, target="for-1") == ["unknown-target"]


@pytest.mark.parametrize("phase_id", ["prepare", "opening", "closing"])
def test_only_a_rebuttal_takes_a_target(phase_id):
    assert check(phase_id, done=earlier(phase_id), target="against-1") == ["target-not-allowed"]


def test_cited_cards_must_be_the_debate_cards():
    assert check("prepare", cited=["card-a", "card-b"]) == []
    assert check("prepare", cited=["card-a", "card-z"]) == ["unknown-card"]
    assert check("opening", done={"prepare"}, cited=["card-b"]) == []


def test_every_problem_is_reported_together():
    assert check("rebuttal", "", cited=["nope"]) == [
        "out-of-order",
        "empty",
        "unknown-card",
        "no-target",
    ]


# -- votes -----------------------------------------------------------------------------------------


def test_change_of_mind_counts_only_those_who_voted_twice_and_switched():
    first = {"ana": "for", "ben": "against", "chloé": "for", "dan": "against", "eve": "for"}
    final = {"ana": "against", "ben": "for", "chloé": "for"}  # dan and eve voted once
    assert change_of_mind(first, final) == 2
    assert change_of_mind(first, {}) == 0
    assert change_of_mind({}, {"ana": "for"}) == 0  # a final vote without a first one
    assert change_of_mind(first, first) == 0


def test_abstentions_are_not_a_change_of_mind():
    first = {"ana": "for", "ben": "abstain", "chloé": None, "dan": "against"}
    final = {"ana": "abstain", "ben": "for", "chloé": "against", "dan": None}
    assert change_of_mind(first, final) == 0
    assert change_of_mind({"ana": "for"}, {"ana": "against"}) == 1


def test_vote_counts():
    votes = {"ana": "for", "ben": "against", "chloé": "for", "dan": "abstain", "eve": None}
    assert vote_counts(votes) == {"for": 2, "against": 1}
    assert vote_counts({}) == {"for": 0, "against": 0}


# -- the rubric file -------------------------------------------------------------------------------


def test_the_default_rubric_is_valid():
    rubric, problems = read_rubric(CONTENT / "rubric.yaml")
    assert problems == []
    assert [c.id for c in rubric.criteria] == [
        "claim",
        "evidence",
        "reasoning",
        "rebuttal",
        "language",
    ]
    for criterion in rubric.criteria:
        assert sorted(criterion.levels) == [0, 1, 2, 3, 4]
        for texts in (criterion.name, criterion.description, *criterion.levels.values()):
            assert sorted(texts) == ["en", "fr"]
            assert all(value.strip() for value in texts.values())
        descriptors = [level["en"] for level in criterion.levels.values()]
        assert len(set(descriptors)) == 5
    assert [c.id for c in rubric.criteria if c.optional] == ["language"]
    assert [c.id for c in rubric.required] == ["claim", "evidence", "reasoning", "rebuttal"]
    assert [c.id for c in rubric.for_class(False)] == [c.id for c in rubric.required]
    assert [c.id for c in rubric.for_class(True)] == [c.id for c in rubric.criteria]
    assert DEFAULT_RUBRIC == CONTENT / "rubric.yaml"
    assert load_default_rubric() == rubric


VALID = """\
criteria:
  - id: claim
    name: {fr: "Position", en: "Claim"}
    description: {fr: "Une position claire.", en: "A clear position."}
    levels:
      0: {fr: "Aucune.", en: "None."}
      1: {fr: "Floue.", en: "Vague."}
      2: {fr: "Générale.", en: "General."}
      3: {fr: "Claire.", en: "Clear."}
      4: {fr: "Précise.", en: "Precise."}
  - id: language
    optional: true
    name: {fr: "Langue", en: "Language"}
    description: {fr: "Une langue correcte.", en: "Accurate language."}
    levels:
      0: {fr: "Incompréhensible.", en: "Unreadable."}
      1: {fr: "Difficile.", en: "Hard."}
      2: {fr: "Compréhensible.", en: "Understandable."}
      3: {fr: "Correcte.", en: "Accurate."}
      4: {fr: "Riche.", en: "Rich."}
"""


def line_of(text: str, snippet: str, nth: int | None = None) -> int:
    """The line holding `snippet`: the only one, or the nth (from 0) when it recurs."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if snippet in line]
    assert len(lines) == 1 or nth is not None, snippet
    return lines[nth or 0]


def problems_of(tmp_path, text):
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    rubric, problems = read_rubric(path)
    assert rubric is None
    assert problems, "a broken rubric must report a problem"
    assert all(p.path == str(path) for p in problems)
    return [(p.line, p.message) for p in problems]


def test_a_small_valid_rubric(tmp_path):
    path = tmp_path / "rubric.yaml"
    path.write_text(VALID, encoding="utf-8")
    rubric, problems = read_rubric(path)
    assert problems == []
    assert [(c.id, c.optional) for c in rubric.criteria] == [("claim", False), ("language", True)]
    assert rubric.criteria[0].levels[2] == {"fr": "Générale.", "en": "General."}
    assert rubric.criteria[1].name == {"fr": "Langue", "en": "Language"}


def test_a_missing_language_is_reported_at_its_line(tmp_path):
    broken = VALID.replace('3: {fr: "Claire.", en: "Clear."}', '3: {fr: "Claire."}')
    assert problems_of(tmp_path, broken) == [
        (line_of(broken, '3: {fr: "Claire."}'), "criterion 'claim' level 3 is missing 'en'")
    ]
    broken = VALID.replace('en: "Accurate language."', 'en: ""')
    assert problems_of(tmp_path, broken) == [
        (
            line_of(broken, 'en: ""'),
            "criterion 'language' description: the English text (en) is empty",
        )
    ]


def test_a_level_outside_0_to_4_is_reported_at_its_line(tmp_path):
    broken = VALID.replace('4: {fr: "Riche.", en: "Rich."}', '5: {fr: "Riche.", en: "Rich."}')
    problems = problems_of(tmp_path, broken)
    five = line_of(broken, "5: {")
    assert (five, "unknown key '5' in criterion 'language' levels (allowed: 0, 1, 2, 3, 4)") in (
        problems
    )
    levels = line_of(broken, "levels:", nth=1)
    assert (levels, "criterion 'language' levels: level 4 is missing") in problems
    assert len(problems) == 2


def test_a_missing_level_is_reported(tmp_path):
    broken = VALID.replace('      0: {fr: "Aucune.", en: "None."}\n', "")
    assert problems_of(tmp_path, broken) == [
        (line_of(broken, "levels:", nth=0), "criterion 'claim' levels: level 0 is missing")
    ]


def test_an_unknown_key_is_reported_at_its_line(tmp_path):
    broken = VALID.replace("    optional: true\n", "    optional: true\n    weight: 2\n")
    assert problems_of(tmp_path, broken) == [
        (
            line_of(broken, "weight: 2"),
            "unknown key 'weight' in a criterion "
            "(allowed: id, name, description, levels, optional)",
        )
    ]
    broken = VALID.replace("criteria:\n", "version: 1\ncriteria:\n")
    assert problems_of(tmp_path, broken) == [
        (1, "unknown key 'version' in the rubric (allowed: criteria)")
    ]


def test_ids_are_unique_slugs(tmp_path):
    broken = VALID.replace("id: language", "id: claim")
    assert problems_of(tmp_path, broken) == [
        (line_of(VALID, "id: language"), "duplicate criterion id 'claim' (first at line 2)")
    ]
    broken = VALID.replace("id: language", "id: Language")
    problems = problems_of(tmp_path, broken)
    assert [line for line, _ in problems] == [line_of(VALID, "id: language")]
    assert "malformed" in problems[0][1]


def test_optional_is_a_boolean_and_one_criterion_is_required(tmp_path):
    broken = VALID.replace("optional: true", "optional: yes please")
    assert problems_of(tmp_path, broken) == [
        (line_of(broken, "optional:"), "criterion 'language': optional must be true or false")
    ]
    broken = VALID.replace("  - id: claim\n", "  - id: claim\n    optional: true\n")
    assert problems_of(tmp_path, broken) == [
        (2, "criteria: at least one criterion must not be optional")
    ]


def test_unreadable_rubric_files(tmp_path):
    [(line, message)] = problems_of(tmp_path, 'criteria:\n  - id: claim\n    name: {fr: "A"\n')
    assert (line, message.startswith("invalid YAML")) == (4, True)
    assert problems_of(tmp_path, "- claim\n") == [
        (1, "the rubric must be a mapping with keys criteria")
    ]
    assert problems_of(tmp_path, "criteria: []\n") == [(1, "criteria needs at least 1")]
    rubric, problems = read_rubric(tmp_path / "missing.yaml")
    assert rubric is None
    assert [(p.line, p.message) for p in problems] == [(0, "no such file")]


def test_a_broken_default_rubric_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "rubric.yaml"
    path.write_text(VALID.replace("id: language", "id: claim"), encoding="utf-8")
    monkeypatch.setattr(rubric_module, "DEFAULT_RUBRIC", path)
    with pytest.raises(ContentError, match="duplicate criterion id 'claim'"):
        load_default_rubric()


# -- the score -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_default_rubric()


ALL_FOUR = {"claim": 4, "evidence": 4, "reasoning": 4, "rebuttal": 4}


def test_full_marks(rubric):
    assert debate_score(rubric, ALL_FOUR) == 1.0
    assert debate_score(rubric, {**ALL_FOUR, "language": 4}, language_class=True) == 1.0
    assert debate_score(rubric, dict.fromkeys(ALL_FOUR, 0)) == 0.0


def test_a_mixed_score(rubric):
    scores = {"claim": 3, "evidence": 2, "reasoning": 4, "rebuttal": 1}
    assert debate_score(rubric, scores) == 10 / 16 == 0.625


def test_language_counts_only_in_a_language_class(rubric):
    scores = {**ALL_FOUR, "language": 0}
    assert debate_score(rubric, scores) == 1.0  # ignored outside a language class
    assert debate_score(rubric, scores, language_class=True) == 16 / 20
    with pytest.raises(ValueError, match="'language'"):
        debate_score(rubric, ALL_FOUR, language_class=True)


def test_extra_criteria_are_ignored(rubric):
    assert debate_score(rubric, {**ALL_FOUR, "style": 0}) == 1.0


def test_a_missing_criterion_raises(rubric):
    scores = {"claim": 3, "evidence": 2, "reasoning": 4}
    with pytest.raises(ValueError, match="'rebuttal'"):
        debate_score(rubric, scores)


@pytest.mark.parametrize("level", [5, -1, 4.5, True, "3", None])
def test_an_invalid_level_raises(rubric, level):
    with pytest.raises(ValueError, match="'evidence'"):
        debate_score(rubric, {**ALL_FOUR, "evidence": level})


def test_mean_scores_of_several_scorers(rubric):
    teacher = {"claim": 4, "evidence": 2, "reasoning": 3, "rebuttal": 1}
    learner = {"claim": 2, "evidence": 3, "reasoning": 3, "rebuttal": 2, "language": 4}
    means = mean_scores([teacher, learner])
    assert means == {"claim": 3, "evidence": 2.5, "reasoning": 3, "rebuttal": 1.5, "language": 4}
    assert debate_score(rubric, means) == 10 / 16
    assert mean_scores([]) == {}


def test_an_opening_statement_cites_at_least_one_card():
    common = {"done": ["prepare"], "cards": ["a", "b"], "target": None, "targets": []}
    assert check_contribution("opening", "Ma thèse.", cited=[], **common) == ["no-card"]
    assert check_contribution("opening", "Ma thèse.", cited=["a"], **common) == []
    later = {**common, "done": ["prepare", "opening", "rebuttal"]}
    assert check_contribution("closing", "Fin.", cited=[], **later) == []
