"""Every access rule of `edu.policies`, as a table: each rule tried on people it allows and on
people it refuses, on model objects built in memory (no app, no database).

A test of the table itself fails when a rule of the module is missing from it, or is never
seen to allow or never seen to refuse, so a new rule cannot be added without its cases.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from edu import policies
from edu.models import (
    ArticleDraft,
    Assignment,
    Debate,
    Learner,
    Participant,
    Pupil,
    SchoolClass,
    User,
)

# -- the world -------------------------------------------------------------------------------------
# Teacher A (user 1) has class A with the pupils Alice and Bruno; teacher B (user 2) has class B
# with Chloé; Léa has a self-study account (user 3, learner 30); the admin is user 4. Learners and
# users are two tables: the guest's learner id is 1, like teacher A's user id, on purpose.

teacher_a = User(id=1, role="teacher", username="prof.a")
teacher_b = User(id=2, role="teacher", username="prof.b")
lea_account = User(id=3, role="learner", username="lea", learner_id=30)
admin = User(id=4, role="admin", username="admin")

class_a = SchoolClass(id=100, teacher_id=teacher_a.id, name="5e A")
class_b = SchoolClass(id=200, teacher_id=teacher_b.id, name="5e B")

alice_learner = Learner(id=10)
bruno_learner = Learner(id=11)
chloe_learner = Learner(id=12)
lea = Learner(id=30)
guest = Learner(id=1)  # the same id as teacher A's account: still only a learner

alice = Pupil(id=1000, class_id=class_a.id, learner_id=alice_learner.id, first_name="Alice")
alice.school_class = class_a
bruno = Pupil(id=1001, class_id=class_a.id, learner_id=bruno_learner.id, first_name="Bruno")
bruno.school_class = class_a
chloe = Pupil(id=1002, class_id=class_b.id, learner_id=chloe_learner.id, first_name="Chloé")
chloe.school_class = class_b

quiz_a = Assignment(id=500, class_id=class_a.id, kind="quiz")
quiz_a.school_class = class_a
debate_work_a = Assignment(id=501, class_id=class_a.id, kind="debate")
debate_work_a.school_class = class_a


def debate(mode: str, *, work: Assignment | None = None, host: Learner | None = None) -> Debate:
    made = Debate(mode=mode, host_id=host.id if host else None)
    if work is not None:
        made.assignment_id, made.assignment = work.id, work
    return made


class_debate = debate("group", work=debate_work_a)  # set to class A: no host
group_debate = debate("group", host=bruno_learner)  # Bruno opened it
solo_debate = debate("solo", host=alice_learner)


def participant(learner: Learner, *, final_vote: str | None = None) -> Participant:
    return Participant(learner_id=learner.id, side="for", first_vote="for", final_vote=final_vote)


draft_by_a = ArticleDraft(id=7, slug="brouillon", author_id=teacher_a.id)
draft_of_nobody = ArticleDraft(id=8, slug="orphelin", author_id=None)  # its author is gone


# -- the table -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    rule: str  # a function of edu.policies
    who: str  # who asks, and for what
    ask: Callable[[], bool]
    allowed: bool


def case(rule: str, who: str, allowed: bool, *args, **kwargs) -> Case:
    function = getattr(policies, rule)
    if rule == "debate_scorer":
        return Case(rule, who, lambda: function(*args, **kwargs) is not None, allowed)
    return Case(rule, who, lambda: function(*args, **kwargs), allowed)


YES, NO = True, False
CASES = [
    # -- accounts --------------------------------------------------------------------------------
    case("can_teach", "a teacher", YES, teacher_a),
    case("can_teach", "an admin", YES, admin),
    case("can_teach", "a self-study learner", NO, lea_account),
    case("can_teach", "nobody signed in", NO, None),
    case("can_administer", "an admin", YES, admin),
    case("can_administer", "a teacher", NO, teacher_a),
    case("can_administer", "nobody signed in", NO, None),
    # -- classes and set work --------------------------------------------------------------------
    case("can_manage_class", "its teacher", YES, teacher_a, class_a),
    case("can_manage_class", "another teacher", NO, teacher_b, class_a),
    case("can_manage_class", "an admin: not their class", NO, admin, class_a),
    case("can_manage_class", "a learner", NO, lea_account, class_a),
    case("can_manage_class", "nobody signed in", NO, None, class_a),
    case("can_manage_pupil", "the teacher of her class", YES, teacher_a, alice),
    case("can_manage_pupil", "another class's teacher", NO, teacher_b, alice),
    case("can_manage_pupil", "nobody signed in", NO, None, alice),
    case("can_manage_assignment", "the teacher of its class", YES, teacher_a, quiz_a),
    case("can_manage_assignment", "another teacher", NO, teacher_b, quiz_a),
    case("can_manage_assignment", "an admin", NO, admin, quiz_a),
    case("can_start_assignment", "a pupil of its class", YES, bruno, quiz_a),
    case("can_start_assignment", "a pupil of another class", NO, chloe, quiz_a),
    case("can_start_assignment", "no pupil", NO, None, quiz_a),
    case("can_see_answer_key", "a teacher, a public quiz", YES, teacher_b),
    case("can_see_answer_key", "an admin, a public quiz", YES, admin),
    case("can_see_answer_key", "a learner, a public quiz", NO, lea_account),
    case("can_see_answer_key", "nobody, a public quiz", NO, None),
    case("can_see_answer_key", "the class's teacher, set work", YES, teacher_a, quiz_a),
    case("can_see_answer_key", "another teacher, set work", NO, teacher_b, quiz_a),
    # -- content ---------------------------------------------------------------------------------
    case("can_open_draft", "its author", YES, teacher_a, draft_by_a),
    case("can_open_draft", "an admin", YES, admin, draft_by_a),
    case("can_open_draft", "another teacher", NO, teacher_b, draft_by_a),
    case("can_open_draft", "a learner", NO, lea_account, draft_by_a),
    case("can_open_draft", "nobody signed in", NO, None, draft_by_a),
    case("can_open_draft", "an admin, its author gone", YES, admin, draft_of_nobody),
    case("can_open_draft", "a teacher, its author gone", NO, teacher_a, draft_of_nobody),
    # -- debates ---------------------------------------------------------------------------------
    case(
        "is_class_teacher", "the teacher of the class it was set to", YES, teacher_a, class_debate
    ),
    case("is_class_teacher", "another teacher", NO, teacher_b, class_debate),
    case("is_class_teacher", "a debate set to no class", NO, teacher_a, group_debate),
    case("is_class_teacher", "nobody signed in", NO, None, class_debate),
    case("can_view_debate", "a class debate, its teacher", YES, class_debate, None, user=teacher_a),
    case(
        "can_view_debate",
        "a class debate, a pupil of the class",
        YES,
        class_debate,
        bruno_learner,
        pupil=bruno,
    ),
    case(
        "can_view_debate",
        "a class debate, a pupil of another class",
        NO,
        class_debate,
        chloe_learner,
        pupil=chloe,
    ),
    case(
        "can_view_debate", "a class debate, another teacher", NO, class_debate, None, user=teacher_b
    ),
    case("can_view_debate", "a class debate, a learner of no class", NO, class_debate, lea),
    case("can_view_debate", "a class debate, a stranger", NO, class_debate, None),
    case("can_view_debate", "a group debate, a stranger with its link", YES, group_debate, None),
    case("can_view_debate", "a solo debate, its learner", YES, solo_debate, alice_learner),
    case("can_view_debate", "a solo debate, another learner", NO, solo_debate, bruno_learner),
    case(
        "can_view_debate",
        "a solo debate, her teacher",
        NO,
        solo_debate,
        None,
        user=teacher_a,
    ),
    case("can_view_debate", "a solo debate, a stranger", NO, solo_debate, None),
    *[
        case(rule, who, allowed, subject, user=user, learner=learner)
        for rule in ("debate_scorer", "can_score")
        for who, allowed, subject, user, learner in (
            ("a class debate, its teacher", YES, class_debate, teacher_a, None),
            ("a class debate, another teacher", NO, class_debate, teacher_b, None),
            ("a class debate, a pupil of the class", NO, class_debate, None, alice_learner),
            ("a group debate, the learner who opened it", YES, group_debate, None, bruno_learner),
            ("a group debate, another learner", NO, group_debate, None, alice_learner),
            ("a group debate, a teacher", NO, group_debate, teacher_a, None),
            ("a solo debate, its learner", NO, solo_debate, None, alice_learner),
            ("nobody", NO, group_debate, None, None),
        )
    ],
    case(
        "can_score_participant",
        "a host, another participant",
        YES,
        bruno_learner,
        participant(alice_learner),
    ),
    case(
        "can_score_participant",
        "a host, their own participation",
        NO,
        bruno_learner,
        participant(bruno_learner),
    ),
    case(
        "can_score_participant",
        "a teacher whose account id is a participant's learner id",
        YES,
        teacher_a,
        participant(guest),
    ),
    case(
        "can_self_assess",
        "a finished solo debate",
        YES,
        solo_debate,
        participant(alice_learner, final_vote="against"),
    ),
    case(
        "can_self_assess",
        "a solo debate before the final vote",
        NO,
        solo_debate,
        participant(alice_learner),
    ),
    case(
        "can_self_assess",
        "a group debate, finished",
        NO,
        group_debate,
        participant(alice_learner, final_vote="for"),
    ),
]


@pytest.mark.parametrize("entry", CASES, ids=lambda c: f"{c.rule}: {c.who}")
def test_each_rule_allows_and_refuses_whom_it_says(entry):
    assert entry.ask() is entry.allowed


def test_every_rule_is_in_the_table_allowed_and_refused():
    rules = {
        name
        for name, function in inspect.getmembers(policies, inspect.isfunction)
        if function.__module__ == policies.__name__ and not name.startswith("_")
    }
    tried = {(entry.rule, entry.allowed) for entry in CASES}
    missing = sorted(
        f"{rule} {'allowed' if outcome else 'refused'}"
        for rule in rules
        for outcome in (True, False)
        if (rule, outcome) not in tried
    )
    assert not missing, f"rules never tried so: {missing}"


def test_the_scorer_is_the_person_who_scores():
    """Not only whether someone scores, but who: the teacher's account, or the host learner."""
    assert policies.debate_scorer(class_debate, user=teacher_a, learner=guest) is teacher_a
    assert policies.debate_scorer(group_debate, user=teacher_a, learner=bruno_learner) is (
        bruno_learner
    )
