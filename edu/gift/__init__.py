"""Moodle GIFT quiz files: read them into plain questions and write questions back.

Pure standard-library domain logic, so importers, exporters and tests need no app or database.
"""

from edu.gift.parser import (
    BLANK,
    FORMATS,
    KINDS,
    GiftAnswer,
    GiftFile,
    GiftProblem,
    GiftQuestion,
    parse_gift,
)
from edu.gift.writer import write_gift

__all__ = [
    "BLANK",
    "FORMATS",
    "KINDS",
    "GiftAnswer",
    "GiftFile",
    "GiftProblem",
    "GiftQuestion",
    "parse_gift",
    "write_gift",
]
