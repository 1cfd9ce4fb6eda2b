"""Password rules and hashing, after NIST SP 800-63B.

Rules: a length between MIN_LENGTH and MAX_LENGTH characters, not a common password, not
the username. No composition rules (no "must contain a digit or a symbol"): any Unicode
character is allowed, spaces included, so passphrases work. Length is counted after NFKC
normalisation, and passwords are NFKC-normalised before hashing, so the same password typed
on keyboards or input methods that produce different code points (a ligature "ﬁ" or
full-width "ｆｉ" for "fi") is accepted everywhere.

Hashing uses Argon2id through argon2-cffi with its default parameters.
"""

import functools
import unicodedata
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 128

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


def password_problems(password: str, username: str = "") -> list[str]:
    """Problem codes for a new password, empty if it is acceptable.

    Codes: "too-short", "too-long", "common" (in the common-passwords list, ignoring case and
    trailing digits/punctuation), "like-username" (the username, ignoring case, possibly
    followed by digits/punctuation).
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
