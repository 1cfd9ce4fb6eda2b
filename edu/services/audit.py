"""Write the audit log: one row per sign-in, refusal, export or deletion."""

from sqlalchemy.orm import Session

from edu.models import AuditEvent, User


def record(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    actor: str = "",
    subject: str = "",
    address: str | None = None,
    **detail,
) -> AuditEvent:
    event = AuditEvent(
        user_id=user.id if user else None,
        actor=(user.username if user else actor)[:80],
        action=action,
        subject=subject[:200],
        address=address,
        detail=detail,
    )
    session.add(event)
    session.flush()
    return event
