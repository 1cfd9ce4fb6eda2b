"""Error pages in the visitor's language, with a way back."""

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from edu import textcheck
from edu.extensions import db
from edu.web.input_guard import UnreadableRequest
from edu.web.navigation import safe_referrer

bp = Blueprint("errors", __name__, template_folder="templates")


def render_error(status: int, title: str, message: str, back: str | None = None):
    page = render_template(
        "errors/error.html", status=status, title=title, message=message, back=back
    )
    return page, status


def page_before() -> str | None:
    """The page of this site the visitor came from, to go back to; None if there is none."""
    back = safe_referrer("")
    return back if back and textcheck.is_clean(back) else None


@bp.app_errorhandler(UnreadableRequest)
def unreadable_request(error: UnreadableRequest):
    return render_error(
        400,
        _("Bad request"),
        _(
            "The request holds characters a form never sends (such as an invisible control "
            "character). Nothing was changed."
        ),
        back=page_before(),
    )


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    return render_error(
        400,
        _("Form expired"),
        _("This form is no longer valid. Go back, reload the page and send it again."),
    )


@bp.app_errorhandler(InternalServerError)
def server_error(error: InternalServerError):
    db.session.rollback()
    return render_error(
        500,
        _("Something went wrong"),
        _("An error occurred on our side. Please try again in a moment."),
    )


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    messages = {
        400: (_("Bad request"), _("The request could not be understood.")),
        403: (_("Forbidden"), _("You do not have access to this page.")),
        404: (_("Page not found"), _("There is no page at this address.")),
        405: (_("Not allowed"), _("This page cannot be used that way.")),
        413: (_("Too large"), _("What you sent is too large.")),
        429: (_("Too many requests"), _("Please wait a moment, then try again.")),
    }
    title, message = messages.get(error.code or 500, (_("Error"), _("Something went wrong.")))
    return render_error(error.code or 500, title, message)
