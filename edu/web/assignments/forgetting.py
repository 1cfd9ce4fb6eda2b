"""What a class is forgetting: the facts its pupils are least likely to recall now, from their
review cards, and one form to set a review of them as work, graded like a quiz."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from edu import clock
from edu.extensions import db
from edu.services import assignments, recall
from edu.web.access import owned_class_or_404, teacher_required
from edu.web.assignments.forms import AssignReviewForm
from edu.web.assignments.routes import bp, due_from

SHOWN = 20
TICKED = 5  # the lowest ones, ticked for the teacher to start from


def _page(school_class, form: AssignReviewForm | None = None, status: int = 200):
    learner_ids = [pupil.learner_id for pupil in school_class.pupils]
    facts = recall.class_forgetting(db.session, learner_ids, clock.now(), shown=SHOWN)
    if form is None:
        form = AssignReviewForm(
            formdata=None, data={"facts": [row.fact.id for row in facts[:TICKED]]}
        )
    form.facts.choices = [(row.fact.id, row.fact.text_en) for row in facts]
    page = render_template(
        "assignments/forgetting.html", school_class=school_class, facts=facts, form=form
    )
    return page, status


@bp.get("/classes/<class_id>/forgetting")
@teacher_required
def forgetting(class_id: str):
    return _page(owned_class_or_404(class_id))


@bp.post("/classes/<class_id>/forgetting")
@teacher_required
def assign_review(class_id: str):
    school_class = owned_class_or_404(class_id)
    form = AssignReviewForm()
    learner_ids = [pupil.learner_id for pupil in school_class.pupils]
    # Only facts the class has met can be set: those its pupils have cards for.
    met = recall.class_forgetting(db.session, learner_ids, clock.now(), shown=None)
    form.facts.choices = [(row.fact.id, row.fact.text_en) for row in met]
    if not form.validate_on_submit():
        return _page(school_class, form, 422)
    ticked = set(form.facts.data or [])
    facts = sorted((row.fact for row in met if row.fact.id in ticked), key=lambda fact: fact.id)
    assignments.assign_review(db.session, school_class, facts, due_at=due_from(form))
    flash(_("The review is set: your pupils see it on their work page."), "info")
    return redirect(url_for("classes.show", class_id=school_class.public_id))
