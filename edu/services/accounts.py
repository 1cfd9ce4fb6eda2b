"""Accounts in the database: create a user, check a password, keep a guest's history."""

import functools

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session, aliased

from edu import clock
from edu.accounts.names import clean_name
from edu.accounts.passwords import hash_password, needs_rehash, verify_password
from edu.models import (
    Attempt,
    Contribution,
    Debate,
    Learner,
    Participant,
    Pupil,
    ReviewCard,
    ReviewLog,
    RubricScore,
    User,
)
from edu.models.people import new_public_id
from edu.services.races import first_write_wins

ROLES = ("teacher", "learner", "admin")


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when no such user exists, so that the answer takes as long;
    made at the first sign-in, not at import (hashing takes ≈ 0.1 s)."""
    return hash_password("no such user, but the same amount of work")


def normalise_username(username: str) -> str:
    """One form of every username: full-width, invisible and case variants are the same."""
    return clean_name(username).casefold()


def create_user(
    session: Session, username: str, password: str, role: str, learner: Learner | None = None
) -> User | None:
    """A new account, or None when the username is taken. A learner account keeps the record of
    the guest learner given (their quizzes and debates so far), or starts a new one."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    password_hash = hash_password(password)  # slow: before the savepoint, not in it

    def write() -> User:
        account_learner = learner
        if role == "learner":
            if account_learner is not None and is_mergeable_guest(session, account_learner):
                # The guest's cookie named this record: a copy of it must not open the account's.
                account_learner.public_id = new_public_id()
            else:
                account_learner = Learner()
            account_learner.kind = "self-study"
        else:
            account_learner = None
        user = User(
            username=normalise_username(username),
            password_hash=password_hash,
            role=role,
            learner=account_learner,
        )
        session.add(user)
        return user

    # A username taken (before, or at the same moment): nothing is written, the guest stays.
    return first_write_wins(session, write, lost=lambda: None)


def _has_account(session: Session, learner: Learner) -> bool:
    return session.scalar(select(User.id).where(User.learner_id == learner.id)) is not None


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user these credentials belong to, or None; a stale hash is upgraded on the way."""
    user = session.scalar(select(User).where(User.username == normalise_username(username)))
    if user is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = clock.now()
    if user.learner is not None:
        user.learner.last_seen_at = user.last_sign_in_at
    session.flush()
    return user


def change_password(session: Session, user: User, current: str, new: str) -> bool:
    """Set a new password if `current` is right; False (and nothing changed) otherwise."""
    if not verify_password(user.password_hash, current):
        return False
    user.password_hash = hash_password(new)
    session.flush()
    return True


def is_mergeable_guest(session: Session, learner: Learner) -> bool:
    """A guest of this browser only: never a pupil, never a learner some account holds."""
    return (
        learner.kind == "guest"
        and not _has_account(session, learner)
        and session.scalar(select(Pupil.id).where(Pupil.learner_id == learner.id)) is None
    )


def merge_guest(session: Session, guest: Learner, into: Learner) -> int:
    """Move a guest's quiz attempts, debate participations and hosted debates into an account's
    learner, then delete the guest. Returns how many records moved (0 when the guest may not be
    merged: a pupil, another account's learner, or the account's own).

    Where both took part in the same debate, the account's participation is kept and the
    guest's (its texts, scores and peer votes) dropped.
    """
    if guest.id == into.id or into.kind in {"guest", "pupil"}:
        return 0
    if not is_mergeable_guest(session, guest):
        return 0
    ours = aliased(Participant)
    both = select(Participant.id).where(
        Participant.learner_id == guest.id,
        exists().where(ours.debate_id == Participant.debate_id, ours.learner_id == into.id),
    )
    dropped = list(session.scalars(both))
    if dropped:
        session.execute(
            update(Participant)
            .where(Participant.convincing_id.in_(dropped))
            .values(convincing_id=None)
        )
        session.execute(delete(Contribution).where(Contribution.participant_id.in_(dropped)))
        session.execute(delete(RubricScore).where(RubricScore.participant_id.in_(dropped)))
        session.execute(delete(Participant).where(Participant.id.in_(dropped)))
    # A score the guest gave that the account also gave (same participant and criterion) goes.
    theirs = aliased(RubricScore)
    session.execute(
        delete(RubricScore).where(
            RubricScore.scorer_id == guest.id,
            exists().where(
                theirs.scorer_id == into.id,
                theirs.participant_id == RubricScore.participant_id,
                theirs.criterion == RubricScore.criterion,
            ),
        )
    )
    session.execute(
        update(RubricScore).where(RubricScore.scorer_id == guest.id).values(scorer_id=into.id)
    )
    _merge_cards(session, guest, into)
    moved = 0
    for model, column in (
        (ReviewCard, ReviewCard.learner_id),
        (Attempt, Attempt.learner_id),
        (Participant, Participant.learner_id),
        (Debate, Debate.host_id),
    ):
        result = session.execute(
            update(model).where(column == guest.id).values({column.key: into.id})
        )
        moved += result.rowcount  # type: ignore[attr-defined]  # a CursorResult: DML
    session.execute(delete(Learner).where(Learner.id == guest.id))
    session.flush()
    session.expire_all()  # objects loaded before still show the guest's rows
    return moved


def _merge_cards(session: Session, guest: Learner, into: Learner) -> None:
    """Where both have a card for the same fact (or item), the one reviewed last is kept: it
    holds the latest answer; the other goes, with its log."""
    theirs = aliased(ReviewCard)
    for column in (ReviewCard.fact_id, ReviewCard.item_id):
        other = getattr(theirs, column.key)
        pairs = session.execute(
            select(ReviewCard.id, ReviewCard.last_review, theirs.id, theirs.last_review).where(
                ReviewCard.learner_id == guest.id,
                theirs.learner_id == into.id,
                column.is_not(None),
                other == column,
            )
        ).all()
        dropped = []
        for guest_card, guest_last, account_card, account_last in pairs:
            guest_newer = guest_last is not None and (
                account_last is None or guest_last > account_last
            )
            dropped.append(account_card if guest_newer else guest_card)
        if dropped:
            session.execute(delete(ReviewLog).where(ReviewLog.card_id.in_(dropped)))
            session.execute(delete(ReviewCard).where(ReviewCard.id.in_(dropped)))
