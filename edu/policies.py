"""Who may do what: every access rule of the app, on model objects, in one place.

Plain Python: no request, no session, no query. The web side (`edu.web.access`) finds the
people and the objects, asks these rules, and answers a refusal the way each page does (a
sign-in redirect, a 403 or a 404); services' lookups ask them too. Each rule takes the objects
as they are loaded, `None` for nobody, and says yes or no.
"""

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

TEACHING_ROLES = frozenset({"teacher", "admin"})

# -- accounts ----------------------------------------------------------------------------------


def can_teach(user: User | None) -> bool:
    """Teachers' pages (classes, content, answer keys) are for teachers and administrators."""
    return user is not None and user.role in TEACHING_ROLES


def can_administer(user: User | None) -> bool:
    """The audit log is for administrators only."""
    return user is not None and user.role == "admin"


# -- classes and set work ----------------------------------------------------------------------


def can_manage_class(user: User | None, school_class: SchoolClass) -> bool:
    """A class, its pupils and its work are its teacher's only (not another teacher's, not
    even an administrator's: pupils' names and work stay with their teacher)."""
    return user is not None and can_teach(user) and school_class.teacher_id == user.id


def can_manage_pupil(user: User | None, pupil: Pupil) -> bool:
    """A pupil is managed by the teacher of their class."""
    return can_manage_class(user, pupil.school_class)


def can_manage_assignment(user: User | None, assignment: Assignment) -> bool:
    """Set work is changed, followed and printed by the teacher of the class it was set to."""
    return can_manage_class(user, assignment.school_class)


def can_start_assignment(pupil: Pupil | None, assignment: Assignment) -> bool:
    """Set work is done by the pupils of the class it was set to."""
    return pupil is not None and pupil.class_id == assignment.class_id


def can_see_answer_key(user: User | None, assignment: Assignment | None = None) -> bool:
    """A printed key would let a pupil copy a whole sheet: a public quiz's key is for every
    teacher, set work's key for the teacher of its class."""
    if assignment is not None:
        return can_manage_assignment(user, assignment)
    return can_teach(user)


# -- content -----------------------------------------------------------------------------------


def can_open_draft(user: User | None, draft: ArticleDraft) -> bool:
    """A draft is its author's, and every admin's; one whose author is gone, admins' only."""
    if user is None:
        return False
    if can_administer(user):
        return True
    return can_teach(user) and draft.author_id is not None and draft.author_id == user.id


# -- debates -----------------------------------------------------------------------------------


def is_class_teacher(user: User | None, debate: Debate) -> bool:
    """The debate was set to a class of this teacher's."""
    return debate.assignment is not None and can_manage_assignment(user, debate.assignment)


def can_view_debate(
    debate: Debate,
    learner: Learner | None,
    *,
    user: User | None = None,
    pupil: Pupil | None = None,
) -> bool:
    """A class debate is open to its class and teacher; another group debate to anyone with
    its link or code; a solo one only to its learner. `pupil`: the learner as a pupil."""
    if debate.assignment_id is not None:
        if is_class_teacher(user, debate):
            return True
        assignment = debate.assignment
        return (
            pupil is not None and assignment is not None and pupil.class_id == assignment.class_id
        )
    return debate.mode == "group" or (learner is not None and debate.host_id == learner.id)


def debate_scorer(
    debate: Debate, *, user: User | None, learner: Learner | None
) -> User | Learner | None:
    """Who scores this debate: the teacher of the class it was set to, or the learner who
    opened a group debate; a solo debate is only self-assessed."""
    if debate.mode != "group":
        return None
    if debate.assignment_id is not None:
        return user if is_class_teacher(user, debate) else None
    return learner if learner is not None and debate.host_id == learner.id else None


def can_score(debate: Debate, *, user: User | None, learner: Learner | None) -> bool:
    return debate_scorer(debate, user=user, learner=learner) is not None


def can_score_participant(scorer: User | Learner, participant: Participant) -> bool:
    """A host scores the others, never their own participation (self-assessment is another
    thing, and only in a solo debate)."""
    return not (isinstance(scorer, Learner) and participant.learner_id == scorer.id)


def can_self_assess(debate: Debate, participant: Participant) -> bool:
    """A learner scores themself in a solo debate, once it is over (the final vote given)."""
    return debate.mode == "solo" and participant.final_vote is not None
