"""Planning: what each line will do against the database (create, update, skip, error).

Candidates for every line are loaded at once (a fixed number of queries per chunk of lines):
people by CAF number, Parcours Solidarités id or folded name; then their orientations and open
accompaniments. A person is matched by CAF number + role, else by Parcours Solidarités id, else by
folded last name + first name + birth date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from imports.validation import OrientationRow, RowResult
from schema import Accompaniment, Orientation, Person
from schema.base import LabelledEnum
from schema.enums import AccompanimentStatus, Sex

CHUNK = 500
# Person fields an import fills or refreshes on an existing person (identity is never rewritten).
UPDATABLE = (
    "birth_name",
    "caf_number",
    "caf_role",
    "ps_id",
    "ft_id",
    "phone",
    "phone2",
    "email",
    "address",
    "postal_code",
    "commune",
    "rsa_since",
)
# Filled only while the person's value is unknown: a known value is never rewritten, and an
# empty cell never erases one.
COMPLETED_WHEN_UNKNOWN = ("sex",)
VALUE_LABELS = {"sex": Sex.labels()}
FIELD_LABELS = {
    "sex": "sexe",
    "birth_name": "nom de naissance",
    "caf_number": "n° CAF",
    "caf_role": "rôle CAF",
    "ps_id": "identifiant Parcours Solidarités",
    "ft_id": "identifiant France Travail",
    "phone": "téléphone",
    "phone2": "autre téléphone",
    "email": "e-mail",
    "address": "adresse",
    "postal_code": "code postal",
    "commune": "commune",
    "rsa_since": "au RSA depuis",
}


class RowAction(LabelledEnum):
    CREATE = "create", "Création"
    UPDATE = "update", "Mise à jour"
    SKIP = "skip", "Déjà importée"
    ERROR = "error", "Erreur"


@dataclass
class PlannedRow:
    line: int
    values: list[Any]
    action: RowAction
    row: OrientationRow | None = None
    person_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    new_accompaniment: bool = False
    new_orientation: bool = True  # False: the orientation is already there, items completed
    messages: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return " ".join(self.messages)


@dataclass
class Candidates:
    by_caf: dict[tuple[str, str | None], Person]
    by_ps: dict[str, Person]
    by_identity: dict[tuple[str, date], list[Person]]
    orientations: set[tuple[int, date, int]]
    open_people: set[int]


def plan_rows(session: Session, results: Sequence[RowResult]) -> list[PlannedRow]:
    valid = [r.row for r in results if r.row is not None]
    candidates = load_candidates(session, valid)
    planned = []
    for result in results:
        if result.row is None:
            planned.append(
                PlannedRow(result.line, result.values, RowAction.ERROR, messages=result.errors)
            )
        else:
            planned.append(_plan_one(result, result.row, candidates))
    return planned


def counts(planned: Sequence[PlannedRow]) -> dict[RowAction, int]:
    tally = Counter(p.action for p in planned)
    return {action: tally.get(action, 0) for action in RowAction}


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def load_candidates(session: Session, rows: Sequence[OrientationRow]) -> Candidates:
    people: dict[int, Person] = {}
    for chunk in _chunks(rows):
        cafs = {r.caf_number for r in chunk if r.caf_number}
        ps_ids = {r.ps_id for r in chunk if r.ps_id}
        keys = {r.search_key for r in chunk}
        criteria = [Person.search_key.in_(keys)]
        if cafs:
            criteria.append(Person.caf_number.in_(cafs))
        if ps_ids:
            criteria.append(Person.ps_id.in_(ps_ids))
        for person in session.scalars(select(Person).where(or_(*criteria))):
            people[person.id] = person
    by_identity: dict[tuple[str, date], list[Person]] = defaultdict(list)
    for person in sorted(people.values(), key=lambda p: p.id):
        by_identity[(person.search_key, person.birth_date)].append(person)
    ids = sorted(people)
    orientations: set[tuple[int, date, int]] = set()
    open_people: set[int] = set()
    for chunk in _chunks(ids):
        orientations.update(
            (person_id, decision_date, path_id)
            for person_id, decision_date, path_id in session.execute(
                select(Orientation.person_id, Orientation.decision_date, Orientation.path_id).where(
                    Orientation.person_id.in_(chunk)
                )
            ).all()
        )
        open_people.update(
            session.scalars(
                select(Accompaniment.person_id).where(
                    Accompaniment.person_id.in_(chunk),
                    Accompaniment.status != AccompanimentStatus.CLOS,
                )
            )
        )
    return Candidates(
        by_caf={(p.caf_number, p.caf_role): p for p in people.values() if p.caf_number},
        by_ps={p.ps_id: p for p in people.values() if p.ps_id},
        by_identity=dict(by_identity),
        orientations=orientations,
        open_people=open_people,
    )


def _who(person: Person) -> str:
    return f"{person.full_name}, né·e le {person.birth_date:%d/%m/%Y}"


def _completions(person: Person, row: OrientationRow) -> dict[str, Any]:
    """Items the person lacks and the file gives."""
    return {
        name: getattr(row, name)
        for name in COMPLETED_WHEN_UNKNOWN
        if getattr(person, name) is None and getattr(row, name) is not None
    }


def _kept_notes(person: Person, row: OrientationRow) -> list[str]:
    """A known value the file contradicts is kept (identity is never rewritten by an import)."""
    notes = []
    for name in COMPLETED_WHEN_UNKNOWN:
        known, given = getattr(person, name), getattr(row, name)
        if known is not None and given is not None and known != given:
            shown = VALUE_LABELS.get(name, {})
            notes.append(
                f"{FIELD_LABELS[name].capitalize()} du fichier ({shown.get(given, given)}) "
                f"différent de celui enregistré ({shown.get(known, known)}) : l'enregistré est "
                "conservé."
            )
    return notes


def _plan_one(result: RowResult, row: OrientationRow, found: Candidates) -> PlannedRow:
    def error(message: str) -> PlannedRow:
        return PlannedRow(result.line, result.values, RowAction.ERROR, messages=[message])

    person: Person | None = None
    if row.caf_number:
        person = found.by_caf.get((row.caf_number, row.caf_role))
        if person is not None and person.birth_date != row.birth_date:
            return error(
                f"Le n° CAF {row.caf_number} ({row.caf_role}) est celui de {_who(person)} : "
                "la date de naissance du fichier diffère."
            )
    if person is None and row.ps_id:
        person = found.by_ps.get(row.ps_id)
        if person is not None and person.birth_date != row.birth_date:
            return error(
                f"L'identifiant Parcours Solidarités {row.ps_id} est celui de {_who(person)} : "
                "la date de naissance du fichier diffère."
            )
    if person is None:
        homonyms = found.by_identity.get((row.search_key, row.birth_date), [])
        if len(homonyms) > 1:
            return error(
                "Plusieurs personnes portent ce nom et cette date de naissance : "
                "ajoutez le n° CAF ou l'identifiant Parcours Solidarités."
            )
        if homonyms:
            person = homonyms[0]
            if row.caf_number and person.caf_number and person.caf_number != row.caf_number:
                return error(
                    f"{_who(person)} est déjà enregistré·e avec le n° CAF {person.caf_number}, "
                    f"différent de celui du fichier ({row.caf_number}) : vérifiez l'identité."
                )
    if person is None:
        return PlannedRow(
            result.line,
            result.values,
            RowAction.CREATE,
            row=row,
            new_accompaniment=True,
            messages=[
                "Nouvelle personne, orientation et accompagnement à affecter.",
                *(["Sexe à compléter (au premier rendez-vous)."] if row.sex is None else []),
            ],
        )
    if row.ps_id and person.ps_id and row.ps_id != person.ps_id:
        return error(
            f"{_who(person)} a l'identifiant Parcours Solidarités {person.ps_id}, "
            f"différent de celui du fichier ({row.ps_id})."
        )
    owner = found.by_ps.get(row.ps_id) if row.ps_id else None
    if owner is not None and owner.id != person.id:
        return error(
            f"L'identifiant Parcours Solidarités {row.ps_id} est déjà celui de {_who(owner)}."
        )
    if row.caf_number:
        owner = found.by_caf.get((row.caf_number, row.caf_role))
        if owner is not None and owner.id != person.id:
            return error(f"Le n° CAF {row.caf_number} est déjà celui de {_who(owner)}.")
    completions = _completions(person, row)
    notes = _kept_notes(person, row)
    if (person.id, row.decision_date, row.path_id) in found.orientations:
        if completions:
            return PlannedRow(
                result.line,
                result.values,
                RowAction.UPDATE,
                row=row,
                person_id=person.id,
                changes=completions,
                new_orientation=False,
                messages=[
                    f"Orientation du {row.decision_date:%d/%m/%Y} ({row.path_label}) déjà "
                    f"enregistrée pour {person.full_name} ; éléments complétés : "
                    + ", ".join(FIELD_LABELS[k] for k in completions)
                    + ".",
                    *notes,
                ],
            )
        return PlannedRow(
            result.line,
            result.values,
            RowAction.SKIP,
            row=row,
            person_id=person.id,
            messages=[
                f"Orientation du {row.decision_date:%d/%m/%Y} ({row.path_label}) déjà "
                f"enregistrée pour {person.full_name}."
            ],
        )
    changes = {
        **completions,
        **{
            name: getattr(row, name)
            for name in UPDATABLE
            if getattr(row, name) is not None and getattr(row, name) != getattr(person, name)
        },
    }
    messages = [f"Personne existante : {_who(person)} ; nouvelle orientation."]
    if changes:
        messages.append("Champs mis à jour : " + ", ".join(FIELD_LABELS[k] for k in changes) + ".")
    messages.extend(notes)
    if person.sex is None and row.sex is None:
        messages.append("Sexe toujours à compléter.")
    is_open = person.id in found.open_people
    messages.append(
        "Accompagnement en cours conservé." if is_open else "Nouvel accompagnement à affecter."
    )
    return PlannedRow(
        result.line,
        result.values,
        RowAction.UPDATE,
        row=row,
        person_id=person.id,
        changes=changes,
        new_accompaniment=not is_open,
        messages=messages,
    )
