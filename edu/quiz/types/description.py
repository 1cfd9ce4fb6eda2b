"""Description (imported from Moodle): text between questions, with nothing to answer; never
asked in a quiz, kept so that an exported file loses nothing."""

from edu.catalog import N_
from edu.quiz.types.base import NotAskedType


class Description(NotAskedType):
    name = "description"
    label = N_("Description (not asked in quizzes)")
    gift_kind = "description"


TYPE = Description()
