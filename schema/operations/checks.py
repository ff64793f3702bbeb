"""Preconditions shared by the pathway operations, each raising a French WorkflowError."""

from __future__ import annotations

from datetime import date

from schema.enums import AccompanimentStatus
from schema.operations import WorkflowError
from schema.pathway import Accompaniment
from schema.rules.calendar import fr


def require(condition: object, message: str) -> None:
    if not condition:
        raise WorkflowError(message)


def required_text(
    value: str | None, what: str, max_length: int = 500, missing: str | None = None
) -> str:
    text = (value or "").strip()
    require(text, missing or f"{what} est obligatoire.")
    require(len(text) <= max_length, f"{what} : {max_length} caractères au plus.")
    return text


def optional_text(value: str | None, what: str, max_length: int = 500) -> str | None:
    text = (value or "").strip()
    require(len(text) <= max_length, f"{what} : {max_length} caractères au plus.")
    return text or None


def not_in_future(day: date, today: date, what: str) -> None:
    require(day <= today, f"{what} ne peut pas être dans le futur (après le {fr(today)}).")


def is_open(accompaniment: Accompaniment) -> None:
    require(
        accompaniment.status != AccompanimentStatus.CLOS,
        f"Cet accompagnement est clos depuis le {fr(accompaniment.exit_date)}.",
    )


def has_entered(accompaniment: Accompaniment) -> None:
    is_open(accompaniment)
    require(
        accompaniment.entry_date is not None,
        "Le premier rendez-vous n'est pas encore enregistré.",
    )


def not_before_entry(day: date, accompaniment: Accompaniment, what: str) -> None:
    entry = accompaniment.entry_date
    require(
        entry is None or day >= entry,
        f"{what} ne peut pas précéder l'entrée dans le parcours ({fr(entry)}).",
    )
