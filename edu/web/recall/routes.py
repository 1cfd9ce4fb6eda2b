"""The review queue: what is due now and this week, a session of it, and the learner's pace.

A session is an attempt of kind "review": its questions, answers and results are the quiz
pages'. "Today" is the school's day (EDU_TIMEZONE).
"""

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from edu import clock
from edu.extensions import db
from edu.i18n import school_zone
from edu.recall.queue import DEFAULT_NEW_PER_DAY, SESSION_SIZE
from edu.services import recall
from edu.web.identity import current_learner
from edu.web.navigation import where_you_are
from edu.web.recall.forms import PaceForm, StartReviewForm

bp = Blueprint("recall", __name__, template_folder="templates")

WEEK = 7


def _days_ahead(now: dt.datetime) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    """Each of the next days, with its start and end in UTC, as the school counts them."""
    zone = school_zone()
    today = clock.today(zone, now)
    days = [today + dt.timedelta(days=n) for n in range(1, WEEK + 1)]
    return [
        (day, clock.start_of_day(day, zone), clock.start_of_day(day + dt.timedelta(days=1), zone))
        for day in days
    ]


def _page(pace_form: PaceForm, status: int = 200):
    learner = current_learner()
    now = clock.now()
    zone = school_zone()
    outlook = None
    if learner is not None:
        outlook = recall.outlook(
            db.session,
            learner,
            now,
            _days_ahead(now),
            end_of_today=clock.end_of_day(zone, now),
            start_of_today=clock.start_of_today(zone, now),
        )
    page = render_template(
        "recall/review.html",
        outlook=outlook,
        start_form=StartReviewForm(),
        pace_form=pace_form,
        session_size=SESSION_SIZE,
    )
    return page, status


@bp.get("/review")
def index():
    learner = current_learner()
    return _page(PaceForm(new_per_day=learner.new_per_day if learner else DEFAULT_NEW_PER_DAY))


@bp.post("/review")
def start():
    form = StartReviewForm()
    if not form.validate_on_submit():
        flash(_("That page was out of date: please try again."), "error")
        return redirect(url_for("recall.index"))
    learner = current_learner()
    now = clock.now()
    zone = school_zone()
    attempt = None
    if learner is not None:
        attempt = recall.start_review(db.session, learner, now, clock.start_of_today(zone, now))
    if attempt is None:
        flash(_("Nothing is due for review now."), "info")
        return redirect(url_for("recall.index"))
    if attempt.responses:
        flash(_("You had started this review: here is where you stopped."), "info")
    return where_you_are(attempt)


@bp.post("/review/pace")
def pace():
    form = PaceForm()
    if not form.validate_on_submit():
        return _page(form, 422)  # the page again, with what was typed and what to change
    learner = current_learner(create=True)
    learner.new_per_day = form.new_per_day.data or 0  # validated: a whole number, 0 to 200
    if learner.new_per_day == 0:
        flash(
            _("No new facts will enter your reviews: only those already there come back."), "info"
        )
    else:
        flash(
            ngettext(
                "Up to %(num)s new fact a day will enter your reviews.",
                "Up to %(num)s new facts a day will enter your reviews.",
                learner.new_per_day,
            ),
            "info",
        )
    return redirect(url_for("recall.index"))
