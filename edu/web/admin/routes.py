"""Administration pages: the audit log, newest first, filtered by action, as a page or CSV."""

import csv
import datetime as dt
import io
import math

from flask import (
    Blueprint,
    Response,
    render_template,
    request,
    stream_with_context,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from edu.extensions import db
from edu.gradebook.csv_export import UTF8_BOM, safe_cell
from edu.models import AuditEvent
from edu.web.access import admin_required
from edu.web.identity import audit

bp = Blueprint("admin", __name__, template_folder="templates")

PER_PAGE = 50
CSV_BATCH = 500

ACTION_LABELS = {
    "sign-in": _l("Signed in"),
    "sign-in-failed": _l("Failed sign-in"),
    "permission-denied": _l("Access refused"),
    "data-export": _l("Data exported"),
    "data-delete": _l("Pupil deleted"),
    "class-delete": _l("Class deleted"),
    "data-purge": _l("Inactive data purged"),
    "pin-failed": _l("Wrong PIN"),
    "pin-locked": _l("Name locked after wrong PINs"),
    "pin-unlocked": _l("Name unlocked"),
    "pin-renewed": _l("New PIN given"),
    "pupil-signed-out": _l("Pupil signed out everywhere"),
    "pupils-imported": _l("Class list imported"),
    "pupil-renamed": _l("Pupil renamed"),
    "pupil-moved": _l("Pupil moved to another class"),
    "sign-out": _l("Signed out"),
    "password-changed": _l("Password changed"),
    "assignment-changed": _l("Set work changed"),
    "assignment-closed": _l("Set work closed"),
    "assignment-reopened": _l("Set work reopened"),
    "extension-granted": _l("Due date extended for a pupil"),
    "extension-removed": _l("A pupil’s extension removed"),
    "score-overridden": _l("Score set by the teacher"),
    "score-override-removed": _l("Teacher’s score removed"),
}


def action_label(action: str) -> str:
    """A human label for a known action; an unknown one is shown as recorded."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


@bp.after_request
def no_store(response: Response) -> Response:
    """Addresses and names: kept out of shared and browser caches."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _action_filter() -> str:
    return request.args.get("action", "").strip()[:40]


def _events(action: str):
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    return query


@bp.get("/admin/audit")
@admin_required
def audit_log():
    action = _action_filter()
    total = db.session.scalar(select(func.count()).select_from(_events(action).subquery())) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    events = db.session.scalars(
        _events(action)
        .order_by(AuditEvent.id.desc())  # ids grow with time: newest first
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    actions = list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )
    if action and action not in actions:
        actions.append(action)  # the filter asked for stays visible, even with no event
    return render_template(
        "admin/audit.html",
        events=events,
        action=action,
        actions=actions,
        action_label=action_label,
        page=page,
        pages=pages,
        total=total,
    )


def _utc_iso(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


@bp.get("/admin/audit.csv")
@admin_required
def audit_csv():
    action = _action_filter()
    audit("data-export", subject="audit log" + (f" ({action})" if action else ""))
    header = [_("When (UTC)"), _("Who"), _("Action"), _("Subject"), _("Address")]

    def rows():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write(UTF8_BOM)  # spreadsheets then read the accents right
        writer.writerow(header)
        last_id = None
        while True:
            query = _events(action).order_by(AuditEvent.id.desc()).limit(CSV_BATCH)
            if last_id is not None:
                query = query.where(AuditEvent.id < last_id)
            batch = db.session.scalars(query).all()
            for event in batch:
                writer.writerow(
                    [
                        _utc_iso(event.at),
                        safe_cell(event.actor),
                        safe_cell(event.action),
                        safe_cell(event.subject),
                        safe_cell(event.address),
                    ]
                )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if len(batch) < CSV_BATCH:
                return
            last_id = batch[-1].id

    return Response(
        stream_with_context(rows()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="agora-audit.csv"'},
    )
