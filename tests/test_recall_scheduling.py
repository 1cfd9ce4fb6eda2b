"""Spaced repetition, the plain-Python part: ratings, FSRS dates, the queue and the item asked."""

import datetime as dt

import pytest
from fsrs import Card, Rating, Scheduler

from edu import clock
from edu.recall import progress, queue, scheduling

START = dt.datetime(2026, 9, 7, 8, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("credit", "sure", "rating"),
    [
        (0.0, False, Rating.Again),
        (0.0, True, Rating.Again),  # sure and wrong is still wrong
        (0.5, False, Rating.Hard),
        (0.99, True, Rating.Hard),
        (1.0, False, Rating.Good),
        (0.99999, False, Rating.Good),  # a float's idea of full credit
        (1.0, True, Rating.Easy),
    ],
)
def test_credit_and_confidence_give_the_rating(credit, sure, rating):
    assert scheduling.rating_for(credit, sure) == rating


def test_the_dates_stored_are_those_fsrs_computes_for_the_same_answers():
    """The card is kept as plain values between answers (as in its row); the dates must be
    exactly what fsrs gives when the same card object goes through the same ratings."""
    ratings = [Rating.Good, Rating.Good, Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]
    reference = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    card = Card(card_id=7, due=START)
    memory = scheduling.new_memory(START)
    when = START
    intervals = []
    for rating in ratings:
        card, _ = reference.review_card(card, rating, review_datetime=when)
        memory = scheduling.review(memory, rating, when)
        assert memory.due == card.due
        assert memory.stability == pytest.approx(card.stability)
        assert memory.difficulty == pytest.approx(card.difficulty)
        assert int(memory.phase) == card.state.value and memory.step == card.step
        intervals.append(card.due - when)
        when = card.due + dt.timedelta(hours=1)  # answered an hour after it fell due
    assert intervals[-1] >= dt.timedelta(days=3) > intervals[0]  # an easy answer goes far


def test_a_right_answer_pushes_the_fact_further_than_a_wrong_one():
    first = scheduling.review(scheduling.new_memory(START), Rating.Good, START)
    later = first.due + dt.timedelta(days=1)
    good = scheduling.review(scheduling.review(first, Rating.Good, later), Rating.Good, later)
    again = scheduling.review(first, Rating.Again, later)
    assert again.due < good.due
    assert scheduling.retrievability(good, good.due) == pytest.approx(0.9, abs=0.02)


def test_naive_times_from_sqlite_are_read_as_utc():
    memory = scheduling.new_memory(START.replace(tzinfo=None))
    moved = scheduling.review(memory, Rating.Good, START.replace(tzinfo=None))
    assert moved.due.tzinfo is not None and moved.due > START


def test_a_never_reviewed_fact_is_not_held():
    assert scheduling.retrievability(scheduling.new_memory(START), START) == 0


def due(card_id: int, hours_ago: float, new: bool = False) -> queue.Due:
    return queue.Due(card_id, START - dt.timedelta(hours=hours_ago), new)


def test_a_session_asks_reviews_first_most_overdue_first_then_new_facts_up_to_the_pace():
    cards = [due(1, 2), due(2, 30), due(3, 1, new=True), due(4, 50, new=True), due(5, 10)]
    assert queue.session_cards(cards, new_allowed=1) == [2, 5, 1, 4]
    assert queue.session_cards(cards, new_allowed=5) == [2, 5, 1, 4, 3]
    assert queue.session_cards(cards, new_allowed=0) == [2, 5, 1]


def test_a_session_stops_at_twenty_cards():
    cards = [due(n, n) for n in range(1, 31)] + [due(100 + n, n, new=True) for n in range(5)]
    chosen = queue.session_cards(cards, new_allowed=10)
    assert len(chosen) == queue.SESSION_SIZE == 20
    assert all(card_id < 100 for card_id in chosen)  # reviews before new facts


def test_the_daily_pace_counts_what_entered_today():
    assert queue.new_allowed(10, 0) == 10
    assert queue.new_allowed(10, 7) == 3
    assert queue.new_allowed(10, 12) == 0


CLOZE, CHOICE, TRUE_FALSE = (
    queue.Choice(1, "cloze"),
    queue.Choice(2, "choice"),
    queue.Choice(3, "true-false"),
)


def test_each_review_asks_the_fact_with_another_item():
    candidates = [CLOZE, CHOICE, TRUE_FALSE]
    asked: list[queue.Choice] = []
    for seed in range(3):
        choice = queue.pick_item(candidates, asked, seed)
        assert choice not in asked
        asked.insert(0, choice)
    assert {choice.item_id for choice in asked} == {1, 2, 3}
    # All three asked: the one asked longest ago comes back.
    assert queue.pick_item(candidates, asked, 9) == asked[-1]


def test_a_fact_with_one_item_is_asked_with_it_again():
    assert queue.pick_item([CHOICE], [CHOICE], 1) == CHOICE
    assert queue.pick_item([], [CHOICE], 1) is None


def test_among_items_never_asked_another_type_than_the_last_comes_first():
    second_cloze = queue.Choice(4, "cloze")
    for seed in range(10):
        assert queue.pick_item([second_cloze, CHOICE], [CLOZE], seed) == CHOICE


def test_the_school_day_ends_at_the_school_midnight():
    paris = clock.zone("Europe/Paris")
    late = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)  # already 2 December in Paris
    assert clock.today(paris, late) == dt.date(2026, 12, 2)
    assert clock.end_of_day(paris, late) == dt.datetime(2026, 12, 2, 23, 0, tzinfo=dt.UTC)
    summer = clock.start_of_day(dt.date(2026, 7, 1), paris)
    assert summer == dt.datetime(2026, 6, 30, 22, 0, tzinfo=dt.UTC)


def test_an_unknown_time_zone_is_named_in_the_error():
    with pytest.raises(ValueError, match="Mars/Olympus"):
        clock.zone("Mars/Olympus")


def test_the_clock_moves_for_tests_and_comes_back():
    before = clock.now()
    clock.move(dt.timedelta(days=3))
    try:
        assert clock.now() - before >= dt.timedelta(days=3)
    finally:
        clock.reset()
    assert clock.now() - before < dt.timedelta(days=1)


PARIS = clock.zone("Europe/Paris")


def test_answers_are_counted_on_the_school_day_they_were_given():
    today = dt.date(2026, 12, 2)
    answered = [
        dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC),  # 00:30 on the 2nd in Paris
        dt.datetime(2026, 12, 1, 12, 0),  # naive, as SQLite gives it back: UTC
        dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC),  # too long ago to be shown
    ]
    days = progress.answers_per_day(answered, today, PARIS, days=3)
    assert days == [(dt.date(2026, 11, 30), 0), (dt.date(2026, 12, 1), 1), (today, 1)]


def test_the_share_right_is_per_week_from_monday_and_empty_weeks_have_none():
    wednesday = dt.date(2026, 12, 2)
    answers = [
        (dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), 1.0),  # Monday of this week
        (dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC), 0.5),  # partly right is not right
        (dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), 0.0),  # two weeks ago
    ]
    weeks = progress.share_right_per_week(answers, wednesday, PARIS, weeks=3)
    assert weeks == [
        (dt.date(2026, 11, 16), 0.0),
        (dt.date(2026, 11, 23), None),
        (dt.date(2026, 11, 30), 0.5),
    ]


def test_a_fact_is_held_exactly_while_fsrs_gives_it_more_than_90_percent():
    memory = scheduling.review(scheduling.new_memory(START), Rating.Good, START)
    memory = scheduling.review(memory, Rating.Good, memory.due)
    for days in range(0, 30):
        when = memory.last_review + dt.timedelta(days=days, hours=3)
        by_fsrs = scheduling.retrievability(memory, when) > scheduling.HELD
        assert progress.is_held(memory.stability, memory.last_review, when) == by_fsrs
    assert not progress.is_held(None, None, START)


def test_facts_held_are_counted_per_article_and_per_theme():
    now = START + dt.timedelta(days=10)
    fresh, stale = now - dt.timedelta(days=1), now - dt.timedelta(days=9)
    cards = [(("a", "economy"), 5.0, fresh), (("a", "economy"), 5.0, stale), (("b",), 2.0, fresh)]
    assert progress.held_by_group(cards, now) == [
        progress.Held("a", 1, 2),
        progress.Held("economy", 1, 2),
        progress.Held("b", 1, 1),
    ]


def test_the_chance_of_recall_of_many_cards_is_fsrs_own():
    memory = scheduling.review(scheduling.new_memory(START), Rating.Good, START)
    memory = scheduling.review(memory, Rating.Hard, memory.due + dt.timedelta(days=1))
    for hours in range(0, 24 * 40, 7):
        when = memory.last_review + dt.timedelta(hours=hours)
        assert scheduling.recall_chance(memory.stability, memory.last_review, when) == (
            pytest.approx(scheduling.retrievability(memory, when), abs=1e-12)
        )
    assert scheduling.recall_chance(None, None, START) == 0
