"""Password hashing (argon2id) and the password policy.

Policy (DESIGN.md §6, no composition rules): at least 12 characters, not a common password.
"Common" means listed in ``admin/data/common_passwords.txt`` (French included), compared without
case, or such a word with only digits and symbols around it ("Marseille13!", "2024soleil"), or a
single character repeated.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from wtforms.validators import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 200
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common_passwords.txt"

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters

# A dummy hash, verified when the account does not exist, so timing does not reveal it.
_DUMMY_HASH = _hasher.hash("ensemble-dummy-password")

_SURROUNDING = re.compile(r"^[\d\W_]*(.*?)[\d\W_]*$")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash, the same work is done against a dummy hash."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def is_common(password: str) -> bool:
    lowered = password.strip().lower()
    listed = common_passwords()
    if lowered in listed or len(set(lowered)) <= 1:
        return True
    core = _SURROUNDING.match(lowered)
    return bool(core and core.group(1) and core.group(1) in listed)


def password_problem(password: str) -> str | None:
    """A French sentence saying why the password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit contenir au moins {MIN_LENGTH} caractères."
    if len(password) > MAX_LENGTH:
        return f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères."
    if "\x00" in password:
        return "Le mot de passe contient un caractère invalide."
    if is_common(password):
        return (
            "Ce mot de passe est trop courant (il figure dans les listes de mots de passe "
            "les plus utilisés) : choisissez-en un autre, par exemple une phrase de plusieurs mots."
        )
    return None


def password_policy_validator(_form: object, field: object) -> None:
    """The one WTForms validator of the policy, for every form that sets a password.

    It reads the raw value: a password of spaces is a password (refused), not an empty field, so
    it must not follow ``Optional()`` (which strips it and skips the rest of the chain).
    """
    data = getattr(field, "data", None)
    if data and (problem := password_problem(data)):
        raise ValidationError(problem)
