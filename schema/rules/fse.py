"""FSE+ participants (DESIGN.md §3) and R12, the completeness of their records.

Counting rules: a participant is a person who entered the programme (first appointment held);
one record per person for the operation even if they leave and come back (entry date = first
entry, exit date = last exit, none while an accompaniment is open); a participation of one day
or less creates no participant; exactly one labour-market status at entry (the person's);
immediate results are those observed within 4 weeks of the exit, longer-term ones at 6 months;
qualification obtained = an outcome saying so or a training "certifié". People anonymised by the
retention rule stay counted (statistics are kept) without identity, and their erased contact
details are not held against the record's completeness.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select

from schema.accounts import Counsellor
from schema.enums import LabourStatus, NationalityGroup, Situation, TrainingStatus, YesNoDeclined
from schema.pathway import Accompaniment, Outcome
from schema.people import Person
from schema.reference import EducationLevel, HousingSituation
from schema.rules.sql import epoch_days
from schema.trainings import Training

MIN_PARTICIPATION_DAYS = 1  # a participation of this many days or fewer creates no participant
IMMEDIATE_RESULT_DAYS = 28  # results "au terme de la participation": within 4 weeks of the exit
INCOMPLETE_THRESHOLD = 0.35  # R12: more incomplete records than this risks a financial correction
YOUNG_FROM = 18
YOUNG_UNDER = 30
SENIOR_FROM = 55


def participants_select(start: date, end: date, counsellor_id: int | None = None) -> Select:
    """One row per participant of [start, end] with everything the FSE+ file needs.

    With ``counsellor_id``: the participants one of whose accompaniments is that counsellor's.
    """
    entered = Accompaniment.entry_date.is_not(None)
    per_person = (
        select(
            Accompaniment.person_id.label("person_id"),
            func.min(Accompaniment.entry_date).label("entry_date"),
            case(
                (
                    func.count(Accompaniment.id) == func.count(Accompaniment.exit_date),
                    func.max(Accompaniment.exit_date),
                ),
                else_=None,
            ).label("exit_date"),
            func.max(Accompaniment.id).label("last_accompaniment_id"),
            func.count(Accompaniment.id).label("accompaniments"),
        )
        .where(entered)
        .group_by(Accompaniment.person_id)
        .subquery("per_person")
    )
    p = per_person.c
    last = Accompaniment.__table__.alias("last_accompaniment")
    certified = (
        select(Training.id)
        .join(Accompaniment, Accompaniment.id == Training.accompaniment_id)
        .where(
            Accompaniment.person_id == p.person_id,
            Training.status == TrainingStatus.CERTIFIE,
        )
        .exists()
    )
    qualified = (
        select(Outcome.id)
        .join(Accompaniment, Accompaniment.id == Outcome.accompaniment_id)
        .where(Accompaniment.person_id == p.person_id, Outcome.qualification_obtained.is_(True))
        .exists()
    )
    one_day = and_(
        p.exit_date.is_not(None),
        epoch_days(p.exit_date) - epoch_days(p.entry_date) + 1 <= MIN_PARTICIPATION_DAYS,
    )
    query = (
        select(
            p.person_id,
            p.entry_date,
            p.exit_date,
            p.accompaniments,
            Person.sex,
            Person.last_name,
            Person.first_name,
            Person.birth_date,
            Person.caf_number,
            Person.ps_id,
            Person.ft_id,
            Person.phone,
            Person.phone2,
            Person.email,
            Person.postal_code,
            Person.commune,
            Person.qpv,
            Person.rural,
            Person.labour_status,
            Person.long_term_unemployed,
            Person.ft_registered,
            Person.nationality_group,
            Person.disability,
            Person.single_parent,
            Person.children_under_6,
            Person.rsa_since,
            Person.anonymised_at,
            Person.education_level_id,
            EducationLevel.label.label("education_level"),
            EducationLevel.cite_bucket,
            Person.housing_situation_id,
            HousingSituation.label.label("housing_situation"),
            HousingSituation.is_homeless,
            Counsellor.display_name.label("counsellor_name"),
            Outcome.situation_4_weeks,
            Outcome.situation_4_weeks_on,
            Outcome.situation_6_months,
            Outcome.situation_6_months_on,
            or_(certified, qualified).label("qualification_obtained"),
        )
        .select_from(per_person)
        .join(Person, Person.id == p.person_id)
        .join(last, last.c.id == p.last_accompaniment_id)
        .outerjoin(Counsellor, Counsellor.id == last.c.counsellor_id)
        .outerjoin(Outcome, Outcome.accompaniment_id == last.c.id)
        .outerjoin(EducationLevel, EducationLevel.id == Person.education_level_id)
        .outerjoin(HousingSituation, HousingSituation.id == Person.housing_situation_id)
        .where(
            p.entry_date <= end,
            or_(p.exit_date.is_(None), p.exit_date >= start),
            ~one_day,
        )
        .order_by(p.entry_date, Person.last_name, p.person_id)
    )
    if counsellor_id is not None:
        query = query.where(
            p.person_id.in_(
                select(Accompaniment.person_id).where(Accompaniment.counsellor_id == counsellor_id)
            )
        )
    return query


def age_on(birth: date | None, day: date | None) -> int | None:
    if birth is None or day is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def immediate_situation(row: Any) -> str | None:
    """The exit situation when observed within 4 weeks of the exit (else None)."""
    if row.exit_date is None or not row.situation_4_weeks or row.situation_4_weeks_on is None:
        return None
    if (
        not row.exit_date
        <= row.situation_4_weeks_on
        <= row.exit_date + timedelta(days=IMMEDIATE_RESULT_DAYS)
    ):
        return None
    return row.situation_4_weeks


def six_month_situation(row: Any) -> str | None:
    if row.exit_date is None or not row.situation_6_months or row.situation_6_months_on is None:
        return None
    return row.situation_6_months


@dataclass(frozen=True)
class Indicator:
    """One common indicator of the FSE+ regulation (EU) 2021/1057, annex I.

    Codes follow the Commission's EECO/EECR numbering; labels are the annex's French wording.
    ``not_collected`` holds the reason when the programme records nothing that could fill it.
    """

    code: str
    label: str
    test: Callable[[Any], bool]
    not_collected: str | None = None


def _unemployed(row: Any) -> bool:
    return row.labour_status == LabourStatus.CHOMEUR


def _age(row: Any) -> int:
    return age_on(row.birth_date, row.entry_date) or 0


def _never(row: Any) -> bool:
    return False


NOT_RECORDED = "non collecté : le programme n'enregistre pas cette donnée"
NOT_CHILDREN = "non collecté : le programme accompagne des adultes allocataires du RSA"
NOT_ENTITIES = "non collecté : indicateur d'entités, le programme accompagne des personnes"

COMMON_INDICATORS: tuple[Indicator, ...] = (
    Indicator("EECO01", "Nombre total de participants", lambda r: True),
    Indicator("EECO02", "Chômeurs, y compris les chômeurs de longue durée", _unemployed),
    Indicator(
        "EECO03", "Chômeurs de longue durée", lambda r: _unemployed(r) and r.long_term_unemployed
    ),
    Indicator("EECO04", "Personnes inactives", lambda r: r.labour_status == LabourStatus.INACTIF),
    Indicator(
        "EECO05",
        "Personnes exerçant un emploi, y compris les indépendants",
        lambda r: r.labour_status == LabourStatus.EMPLOI,
    ),
    Indicator("EECO06", "Enfants de moins de 18 ans", _never, NOT_CHILDREN),
    Indicator(
        "EECO07",
        "Jeunes âgés de 18 à 29 ans",
        lambda r: YOUNG_FROM <= _age(r) < YOUNG_UNDER,
    ),
    Indicator("EECO08", "Participants âgés de 55 ans et plus", lambda r: _age(r) >= SENIOR_FROM),
    Indicator(
        "EECO09",
        "Titulaires d'un diplôme de l'enseignement primaire ou du premier cycle de "
        "l'enseignement secondaire (CITE 0 à 2)",
        lambda r: r.cite_bucket == "0-2",
    ),
    Indicator(
        "EECO10",
        "Titulaires d'un diplôme du deuxième cycle de l'enseignement secondaire ou de "
        "l'enseignement post-secondaire non supérieur (CITE 3 et 4)",
        lambda r: r.cite_bucket == "3-4",
    ),
    Indicator(
        "EECO11",
        "Titulaires d'un diplôme de l'enseignement supérieur (CITE 5 à 8)",
        lambda r: r.cite_bucket == "5-8",
    ),
    Indicator(
        "EECO12", "Participants handicapés", lambda r: r.disability == YesNoDeclined.OUI.value
    ),
    Indicator(
        "EECO13",
        "Ressortissants de pays tiers",
        lambda r: r.nationality_group == NationalityGroup.HORS_UE.value,
    ),
    Indicator("EECO14", "Participants d'origine étrangère", _never, NOT_RECORDED),
    Indicator(
        "EECO15",
        "Minorités (y compris les communautés marginalisées telles que les Roms)",
        _never,
        NOT_RECORDED,
    ),
    Indicator(
        "EECO16",
        "Sans domicile fixe ou confrontés à l'exclusion de logement",
        lambda r: bool(r.is_homeless),
    ),
    Indicator("EECO17", "Participants venant de zones rurales", lambda r: bool(r.rural)),
    Indicator(
        "EECO18",
        "Nombre d'administrations publiques ou de services publics soutenus",
        _never,
        NOT_ENTITIES,
    ),
    Indicator(
        "EECO19", "Nombre de micro, petites et moyennes entreprises soutenues", _never, NOT_ENTITIES
    ),
)

RESULT_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "EECR01",
        "Participants à la recherche d'un emploi au terme de leur participation",
        lambda r: immediate_situation(r) == Situation.RECHERCHE.value,
    ),
    Indicator(
        "EECR02",
        "Participants suivant un enseignement ou une formation au terme de leur participation",
        lambda r: immediate_situation(r) == Situation.FORMATION.value,
    ),
    Indicator(
        "EECR03",
        "Participants obtenant une qualification au terme de leur participation",
        lambda r: r.exit_date is not None and bool(r.qualification_obtained),
    ),
    Indicator(
        "EECR04",
        "Participants exerçant un emploi, y compris à titre indépendant, au terme de leur "
        "participation",
        lambda r: immediate_situation(r) == Situation.EMPLOI.value,
    ),
    Indicator(
        "EECR05",
        "Participants exerçant un emploi, y compris à titre indépendant, six mois après la fin "
        "de leur participation",
        lambda r: six_month_situation(r) == Situation.EMPLOI.value,
    ),
    Indicator(
        "EECR06",
        "Participants bénéficiant d'une meilleure situation sur le marché du travail six mois "
        "après la fin de leur participation",
        _never,
        "non collecté : le programme ne compare pas la situation à 6 mois à celle de l'entrée",
    ),
)


SEX_MISSING = "Sexe non renseigné"


def person_missing_fields(person: Any) -> list[str]:
    """R12's items held on the person (a Person or a participant row): what the person's page
    lists as "Éléments à compléter" and the FSE+ "Incomplets" sheet starts with."""
    missing = []
    if not person.sex:
        missing.append(SEX_MISSING)
    if person.birth_date is None:
        missing.append("date de naissance")
    if not person.labour_status:
        missing.append("situation à l'entrée")
    if person.education_level_id is None:
        missing.append("niveau de formation")
    if person.housing_situation_id is None:
        missing.append("situation de logement")
    if person.anonymised_at is None and not (person.phone or person.phone2 or person.email):
        missing.append("téléphone ou e-mail")
    return missing


def missing_fields(row: Any) -> list[str]:
    """R12: the French names of the required items this participant's record lacks."""
    missing = person_missing_fields(row)
    if row.exit_date is not None:
        if not row.situation_4_weeks or row.situation_4_weeks == Situation.INCONNUE.value:
            missing.append("situation dans les 4 semaines après la sortie")
        elif immediate_situation(row) is None:
            missing.append("date d'observation de la situation (dans les 4 semaines)")
    return missing


@dataclass(frozen=True)
class Completeness:
    total: int
    incomplete: int

    @property
    def complete_rate(self) -> float | None:
        return (self.total - self.incomplete) / self.total if self.total else None

    @property
    def incomplete_rate(self) -> float | None:
        return self.incomplete / self.total if self.total else None

    @property
    def at_risk(self) -> bool:
        return (self.incomplete_rate or 0) > INCOMPLETE_THRESHOLD
