"""Description (imported from Moodle): text between questions, with nothing to answer; never
asked in a quiz, kept so that an exported file loses nothing."""

from edu.quiz.types.base import NotAskedType


class Description(NotAskedType):
    name = "description"
    gift_kind = "description"


TYPE = Description()
