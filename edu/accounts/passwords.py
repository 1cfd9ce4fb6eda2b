"""Password rules and hashing, after NIST SP 800-63B.

Rules: a length between MIN_LENGTH and MAX_LENGTH characters, not a common password, not
the username, not too simple: fewer than MIN_DISTINCT different characters, nothing but spaces,
punctuation and keyboard symbols, or one run of consecutive characters ("abcdefgh") — the
repetitive and sequential passwords SP 800-63B says to refuse. No composition rules (no "must
contain a digit or a symbol"): any Unicode character is allowed, spaces included, so
passphrases work. Length is counted after NFKC normalisation, and passwords are
NFKC-normalised before hashing, so the same password typed on keyboards or input methods that
produce different code points (a ligature "ﬁ" or full-width "ｆｉ" for "fi") is accepted
everywhere.

Hashing uses Argon2id through argon2-cffi with its default parameters.
"""

import functools
import itertools
import unicodedata
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_DISTINCT = 4  # different characters, case ignored: "aaaaaaaa", "abababab" are refused

COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")

_HASHER = PasswordHasher()


def normalise(password: str) -> str:
    """The password as hashed and measured: NFKC normal form, case kept."""
    return unicodedata.normalize("NFKC", password)


def _fold(text: str) -> str:
    return normalise(text).casefold()


def _strip_suffix(text: str) -> str:
    """Text without trailing digits, punctuation, symbols, spaces: "soleil13!" -> "soleil"."""
    end = len(text)
    while end and unicodedata.category(text[end - 1])[0] in "NPSZ":
        end -= 1
    return text[:end]


@functools.cache
def load_common_passwords() -> frozenset[str]:
    """The common passwords (common_passwords.txt), casefolded; blank and # lines skipped."""
    with COMMON_PASSWORDS_FILE.open(encoding="utf-8") as lines:
        stripped = (line.strip() for line in lines)
        return frozenset(_fold(line) for line in stripped if line and not line.startswith("#"))


def _is_common(folded: str) -> bool:
    common = load_common_passwords()
    base = _strip_suffix(folded)
    return folded in common or (base != "" and base in common)


def _is_like_username(folded: str, username: str) -> bool:
    name = _fold(username.strip())
    if not name or not folded.startswith(name):
        return False
    # The username itself, or followed only by digits/punctuation ("marie" -> "Marie2024!").
    return _strip_suffix(folded[len(name) :]) == ""


def _no_substance(character: str) -> bool:
    """A space, a punctuation mark, a control or an ASCII symbol: typed to fill, not to hide."""
    if character.isascii():
        return not character.isalnum()
    return unicodedata.category(character)[0] in "PZC"


def _is_too_simple(folded: str) -> bool:
    """Repetitive, sequential or without substance: guessed at once, however long."""
    if len(set(folded)) < MIN_DISTINCT:
        return True
    # Spaces, punctuation and keyboard symbols only: "........", "!?!?;:,.", "#@&%*$+=".
    if all(_no_substance(character) for character in folded):
        return True
    # One run of consecutive characters, up or down: "abcdefgh", "98765432".
    steps = {ord(after) - ord(before) for before, after in itertools.pairwise(folded)}
    return steps in ({1}, {-1})


def password_problems(password: str, username: str = "") -> list[str]:
    """Problem codes for a new password, empty if it is acceptable.

    Codes: "too-short", "too-long", "common" (in the common-passwords list, ignoring case and
    trailing digits/punctuation), "like-username" (the username, ignoring case, possibly
    followed by digits/punctuation), "too-simple" (see _is_too_simple; reported only when the
    length is right and the password is not already refused as common).
    """
    problems = []
    length = len(normalise(password))
    if length < MIN_LENGTH:
        problems.append("too-short")
    elif length > MAX_LENGTH:
        problems.append("too-long")
    folded = _fold(password)
    if _is_common(folded):
        problems.append("common")
    elif not problems and _is_too_simple(folded):
        problems.append("too-simple")
    if _is_like_username(folded, username):
        problems.append("like-username")
    return problems


def hash_password(password: str) -> str:
    """An Argon2id hash ("$argon2id$...") of the NFKC-normalised password, freshly salted."""
    return _HASHER.hash(normalise(password))


def verify_password(hash: str, password: str) -> bool:
    """Whether the password matches the hash; False on a mismatch or a hash that is not valid."""
    try:
        return _HASHER.verify(hash, normalise(password))
    except (VerificationError, ValueError):
        # VerifyMismatchError is a VerificationError; InvalidHashError (not a hash at all)
        # and UnicodeEncodeError (non-ASCII hash) are ValueErrors.
        return False


def needs_rehash(hash: str) -> bool:
    """Whether a valid hash was made with other parameters than the current ones.

    Call it after verify_password() succeeded, to store hash_password() of the same password;
    raises argon2.exceptions.InvalidHashError for something that is not a hash.
    """
    return _HASHER.check_needs_rehash(hash)
