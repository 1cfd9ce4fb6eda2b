"""The password rules and hashing (edu/accounts/passwords.py)."""

import unicodedata

import pytest
from argon2 import PasswordHasher

from edu.accounts.passwords import (
    COMMON_PASSWORDS_FILE,
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    load_common_passwords,
    needs_rehash,
    password_problems,
    verify_password,
)

# --- Length -----------------------------------------------------------------------------------


def test_limits():
    assert (MIN_LENGTH, MAX_LENGTH) == (8, 128)


def test_too_short():
    assert password_problems("tqbfjot") == ["too-short"]
    assert password_problems("") == ["too-short"]


def test_exactly_min_length_is_ok():
    assert password_problems("tqbfjotl") == []


def test_exactly_max_length_is_ok():
    assert password_problems("wxyz" * 32) == []


def test_too_long():
    assert password_problems("x" * 129) == ["too-long"]


def test_length_is_counted_after_nfkc():
    # 7 code points, but the ligature "ﬁ" is "fi": 8 characters once normalised.
    assert len("ﬁlecab1") == 7
    assert password_problems("ﬁlecab1") == []
    # 8 code points, but each "e" + combining acute accent composes to one "é": 4 characters.
    decomposed = "e\u0301" * 4
    assert len(decomposed) == 8
    assert password_problems(decomposed) == ["too-short"]


# --- Common passwords -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "password",
        "PASSWORD",  # casefolded
        "Password123!",  # "password" once trailing digits and punctuation are stripped
        "azerty123",
        "motdepasse",
        "Motdepasse2024!",
        "Soleil13 !",
        "123456789",
        "!@#$%^&*",  # nothing left after stripping, but it is in the list as it is
    ],
)
def test_common_passwords_are_refused(password):
    assert password_problems(password) == ["common"]


def test_only_trailing_digits_and_punctuation_are_stripped():
    # Leading digits, or letters after the word, make something that is not in the list.
    assert password_problems("123password") == []
    assert password_problems("passwordx1") == []


def test_common_password_list():
    common = load_common_passwords()
    assert len(common) >= 400
    assert {"123456", "password", "azerty", "motdepasse", "soleil", "doudou", "loulou"} <= common
    assert all(entry == entry.casefold() for entry in common)
    assert not any(entry.startswith("#") or entry == "" for entry in common)


def test_common_password_file_is_lowercase_and_unique():
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")  # says what the file is
    entries = [line for line in lines if not line.startswith("#")]
    assert len(entries) == len(set(entries))
    assert all(entry == entry.strip().lower() and entry for entry in entries)


# --- Username ---------------------------------------------------------------------------------


def test_like_username():
    assert password_problems("zephyrine", username="zephyrine") == ["like-username"]
    assert password_problems("ZEPHYRINE", username="Zephyrine") == ["like-username"]
    assert password_problems("Zephyrine2024", username="zephyrine") == ["like-username"]
    assert password_problems("zephyrine-2024!", username="zephyrine") == ["like-username"]
    assert password_problems("Jean75-2024", username="jean75") == ["like-username"]


def test_like_username_and_common():
    # "marie" is also a common password, so "Marie2024" is refused for both reasons.
    assert password_problems("Marie2024", username="marie") == ["common", "like-username"]


def test_username_with_more_than_digits_is_allowed():
    assert password_problems("zephyrine garden", username="zephyrine") == []
    assert password_problems("my zephyrine", username="zephyrine") == []


def test_no_username_means_no_username_check():
    assert password_problems("zephyrine") == []


# --- No composition rules ---------------------------------------------------------------------


def test_long_passphrase_with_spaces_and_accents_is_ok():
    assert password_problems("Le cœur a ses raisons que la raison ne connaît point") == []
    assert password_problems("été à la plage, ça s'écrit") == []


@pytest.mark.parametrize(
    "password", ["correcthorse", "tqbfjotlazydog", "ünïcödé ok", "日本語のパスワード"]
)
def test_no_composition_rules(password):
    # No digit, no capital, no symbol: fine (NIST SP 800-63B).
    assert password_problems(password) == []


# --- Too simple: repetitive, sequential, no substance (SP 800-63B) ---------------------------


@pytest.mark.parametrize(
    "password",
    [
        " " * 8,  # eight spaces
        "." * 8,  # eight dots
        "\u00a0" * 10,  # no-break spaces
        "aaaaaaaaaaaa",  # one character, repeated
        "AaAaAaAaAa",  # case does not make it two
        "abababababab",
        "abcabcabcabc",  # three different characters
        "!?!?;:,.",  # punctuation only
        "#@&%*$+=~^",  # keyboard symbols only
        "« … » — « … »",  # typographic punctuation and spaces only
        "abcdefghijkl",  # one run up
        "zyxwvuts",  # one run down
        "ＭＮＯＰＱＲＳＴ",  # full-width letters are letters: a run once normalised
    ],
)
def test_too_simple_passwords_are_refused(password):
    assert password_problems(password) == ["too-simple"]


@pytest.mark.parametrize(
    "password",
    [
        "abcdabcd",  # four different characters is enough
        "1234wxyz",  # two runs, not one
        "acegikmo",  # letters two apart are not a run
        "20240517",  # a date: digits are substance
        "!?!?;:,.x",  # a letter among the punctuation
        "🐶🐱🐭🐹🐰🦊🐻🐼",  # emoji are not filler
        "été à la plage",
    ],
)
def test_simple_looking_but_not_too_simple(password):
    assert password_problems(password) == []


def test_too_simple_is_said_once_with_the_more_useful_reason():
    # Too short or too common already says what to do: "too-simple" is not piled on.
    assert password_problems("." * 7) == ["too-short"]
    assert password_problems("x" * 129) == ["too-long"]
    assert password_problems("aaaaaaaa") == ["common"]
    assert password_problems("12345678") == ["common"]
    assert password_problems("zzzzzzzzzz", username="zzzzzzzzzz") == [
        "too-simple",
        "like-username",
    ]


# --- Hashing ----------------------------------------------------------------------------------


def test_hash_round_trip():
    hashed = hash_password("correct horse battery staple")
    assert verify_password(hashed, "correct horse battery staple") is True


def test_wrong_password_is_false():
    hashed = hash_password("correct horse battery staple")
    assert verify_password(hashed, "correct horse battery stapler") is False
    assert verify_password(hashed, "Correct horse battery staple") is False


def test_hash_is_argon2id_and_salted():
    first = hash_password("correct horse battery staple")
    second = hash_password("correct horse battery staple")
    assert first.startswith("$argon2id$")
    assert first != second
    assert "correct horse" not in first


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "not a hash",
        "$argon2id$v=19$m=65536,t=3,p=4$abc$def",
        "$argon2id$v=19$m=65536,t=3,p=4$" + "A" * 22 + "$" + "B" * 43,
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "$argon2id$é",
    ],
)
def test_garbage_hash_is_false(garbage):
    assert verify_password(garbage, "correct horse battery staple") is False


def test_fresh_hash_needs_no_rehash():
    assert needs_rehash(hash_password("correct horse battery staple")) is False


def test_hash_with_other_parameters_needs_rehash():
    weaker = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    old = weaker.hash("correct horse battery staple")
    assert verify_password(old, "correct horse battery staple") is True
    assert needs_rehash(old) is True


@pytest.mark.parametrize("typed", ["ﬁle-cabinet-9", "ｆｉｌｅ－ｃａｂｉｎｅｔ－９"])
def test_nfkc_variants_verify_the_same(typed):
    assert typed != "file-cabinet-9"
    assert unicodedata.normalize("NFKC", typed) == "file-cabinet-9"
    assert verify_password(hash_password("file-cabinet-9"), typed) is True
    assert verify_password(hash_password(typed), "file-cabinet-9") is True
