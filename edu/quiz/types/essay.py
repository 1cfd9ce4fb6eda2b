"""Essay (imported from Moodle): an open question, never asked in a quiz (it belongs in a
debate), kept so that an exported file loses nothing. It is not scored."""

from edu.catalog import N_
from edu.quiz.types.base import NotAskedType


class Essay(NotAskedType):
    name = "essay"
    label = N_("Essay (not asked in quizzes)")
    gift_kind = "essay"


TYPE = Essay()
