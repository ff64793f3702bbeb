"""Account operations: create an account (and its counsellor profile)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.auth import new_session_token
from admin.passwords import hash_password, password_problem
from schema import Counsellor, User
from schema.enums import Role


class AccountError(ValueError):
    """A French sentence saying why the account cannot be created."""


def create_account(session: Session, email: str, role: Role, password: str, full_name: str) -> User:
    """Create a user; a counsellor also gets a counsellor profile. Flushes, does not commit."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError("Adresse e-mail invalide.")
    if problem := password_problem(password):
        raise AccountError(problem)
    if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        raise AccountError("Un compte existe déjà avec cette adresse e-mail.")
    user = User(
        email=email,
        full_name=full_name[:120],
        role=role.value,
        password_hash=hash_password(password),
        session_token=new_session_token(),
        active=True,
    )
    session.add(user)
    if role == Role.COUNSELLOR:
        session.add(Counsellor(user=user, display_name=full_name[:120]))
    session.flush()
    return user
