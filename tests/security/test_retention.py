"""Retention: files without contact for 2 years are anonymised; past statistics do not move."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import case, func, select

from schema import (
    Accompaniment,
    BarrierFamily,
    Cer,
    Contact,
    Diagnostic,
    DiagnosticBarrier,
    ExitReason,
    Orientation,
    Person,
    PlanItem,
)
from schema.enums import Role
from schema.retention import MARK, generalised_birth_date
from tests import factories
from tests.security.records import current

MONTH_START, MONTH_END = date(2026, 11, 1), date(2026, 11, 30)


def _age_band(birth: date, on: date) -> str:
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return "moins de 18" if age < 18 else "18-29" if age < 30 else "30-54" if age < 55 else "55+"


def month_statistics(session) -> dict:
    """Counts of November 2026: people followed by sex and age band (at entry and at the end of
    the month), exits by category, contacts held with a synthesis (as a monthly report would)."""
    followed = session.execute(
        select(Person.sex, Person.birth_date, Accompaniment.entry_date)
        .join(Accompaniment.person)
        .where(
            Accompaniment.entry_date <= MONTH_END,
            (Accompaniment.exit_date.is_(None)) | (Accompaniment.exit_date >= MONTH_START),
        )
    ).all()
    by_band: dict[tuple, int] = {}
    for sex, birth, entry in followed:
        for key in (
            (sex, "fin de mois", _age_band(birth, MONTH_END)),
            (sex, "entrée", _age_band(birth, entry)),
        ):
            by_band[key] = by_band.get(key, 0) + 1
    exits = dict(
        session.execute(
            select(ExitReason.category, func.count())
            .join(Accompaniment.exit_reason)
            .where(Accompaniment.exit_date.between(MONTH_START, MONTH_END))
            .group_by(ExitReason.category)
        ).all()
    )
    contacts = session.execute(
        select(
            func.count(),
            func.sum(case((Contact.synthesis.is_not(None), 1), else_=0)),
        ).where(Contact.held_at.between(datetime(2026, 11, 1), datetime(2026, 11, 30, 23, 59)))
    ).one()
    return {"followed": by_band, "exits": exits, "contacts": tuple(contacts)}


def _scenario(session, ref):
    counsellor = factories.user(session, Role.COUNSELLOR)
    old = factories.person(
        session,
        last_name="Ancien",
        sex="F",
        birth_date=date(1996, 12, 10),
        email="ancien@example.fr",
        address="3 rue du Port",
        ps_id="PS-001",
        ft_id="FT123",
        birth_name="Dubois",
    )
    acc = factories.accompaniment(
        session,
        counsellor,
        old,
        d0=date(2026, 10, 1),
        entry=date(2026, 10, 10),
        status="clos",
        exit_date=date(2026, 11, 25),
        exit_reason_id=ref["exit_reason"].id,
        follow_ups="Orientation vers la mission locale.",
    )
    acc.orientation.reference = "ORI-2026-001"
    factories.contact(
        session, acc, datetime(2026, 11, 5, 10, 0), synthesis="A évoqué des difficultés de santé."
    )
    factories.contact(session, acc, datetime(2026, 11, 12, 10, 0), synthesis=None)
    factories.cer(session, acc, objectives="Trouver un CDI de vendeuse.")
    diag = factories.diagnostic(session, acc, skills="Caisse, mise en rayon.")
    session.add_all(
        [
            DiagnosticBarrier(
                diagnostic=diag,
                barrier_family_id=session.scalar(select(BarrierFamily.id).limit(1)),
                intensity="fort",
                status="identifie",
                note="Suivi médical.",
            ),
            PlanItem(diagnostic=diag, label="Rendez-vous chez le médecin", status="fait"),
        ]
    )
    old2 = factories.person(session, last_name="Ancienne", sex="H", birth_date=date(1971, 11, 30))
    factories.accompaniment(
        session,
        counsellor,
        old2,
        d0=date(2026, 9, 1),
        entry=date(2026, 9, 15),
        status="clos",
        exit_date=date(2026, 12, 15),
        exit_reason_id=ref["exit_reason"].id,
        follow_ups="Aucune.",
    )
    recent = factories.person(session, last_name="Recent")
    factories.accompaniment(
        session,
        counsellor,
        recent,
        d0=date(2026, 10, 1),
        entry=date(2026, 10, 5),
        status="clos",
        exit_date=date(2027, 6, 1),
        exit_reason_id=ref["exit_reason"].id,
        follow_ups="Suivi emploi.",
    )
    still_open = factories.person(session, last_name="Ouvert")
    factories.accompaniment(
        session, counsellor, still_open, d0=date(2026, 10, 1), entry=date(2026, 10, 12)
    )
    session.flush()
    return old, old2, recent, still_open


def test_dry_run_lists_and_changes_nothing(app, session, ref):
    old, old2, _recent, _still_open = _scenario(session, ref)
    result = app.test_cli_runner().invoke(args=["retention", "--date", "01/03/2029"])
    assert result.exit_code == 0, result.output
    assert "antérieur" not in result.output
    assert "sans contact depuis le 01/03/2027" in result.output
    assert f"n° {old.id} ANCIEN Élodie — dernier contact le 25/11/2026" in result.output
    assert f"n° {old2.id} ANCIENNE Élodie — dernier contact le 15/12/2026" in result.output
    assert "RECENT" not in result.output and "OUVERT" not in result.output
    assert "contact 1" in result.output and "cer 1" in result.output
    assert "Simulation" in result.output
    assert current(session, old).last_name == "Ancien"


def test_apply_anonymises_and_statistics_stay_identical(app, session, ref):
    old, old2, recent, still_open = _scenario(session, ref)
    before = month_statistics(session)
    assert before["exits"] == {"emploi_durable": 1}
    assert before["followed"][("F", "fin de mois", "18-29")] == 1
    result = app.test_cli_runner().invoke(args=["retention", "--apply", "--date", "01/03/2029"])
    assert result.exit_code == 0, result.output
    assert "2 dossier(s) anonymisé(s)." in result.output
    session.expire_all()
    assert month_statistics(session) == before

    person = session.get(Person, old.id)
    assert (person.last_name, person.first_name) == ("ANONYME", f"n° {old.id}")
    assert person.search_key == f"anonyme n° {old.id}"
    for field in ("birth_name", "caf_number", "ps_id", "ft_id", "phone", "email", "address"):
        assert getattr(person, field) is None, field
    assert (person.sex, person.postal_code, person.commune) == ("F", "59140", "Dunkerque")
    assert person.birth_date == date(1996, 12, 1)  # same age on every statistic date
    assert person.anonymised_at is not None
    acc = session.scalars(select(Accompaniment).where(Accompaniment.person_id == old.id)).one()
    assert acc.follow_ups == MARK and acc.exit_date == date(2026, 11, 25)
    assert (
        session.scalars(select(Orientation.reference).where(Orientation.person_id == old.id)).one()
        is None
    )
    syntheses = session.scalars(
        select(Contact.synthesis).where(Contact.accompaniment_id == acc.id).order_by(Contact.id)
    ).all()
    assert syntheses == [MARK, None]
    assert (
        session.scalars(select(Cer.objectives).where(Cer.accompaniment_id == acc.id)).one() == MARK
    )
    diag = session.scalars(select(Diagnostic).where(Diagnostic.accompaniment_id == acc.id)).one()
    assert diag.skills == MARK and diag.aptitudes is None
    assert session.scalars(select(DiagnosticBarrier.note)).all() == [MARK]
    assert session.scalars(select(PlanItem.label)).all() == [MARK]
    assert session.get(Person, recent.id).last_name == "Recent"
    assert session.get(Person, still_open.id).last_name == "Ouvert"
    assert session.get(Person, old2.id).birth_date.year == 1971

    # A second run finds nothing left to do.
    again = app.test_cli_runner().invoke(args=["retention", "--apply", "--date", "01/03/2029"])
    assert "plus de 2 ans) et sans accompagnement en cours : 0." in again.output


def test_generalised_birth_date():
    birth = date(1996, 12, 10)
    assert generalised_birth_date(birth, []) == date(1996, 1, 1)
    assert generalised_birth_date(birth, [date(2026, 3, 5)]) == date(1996, 3, 6)
    assert generalised_birth_date(birth, [date(2026, 12, 20)]) == date(1996, 1, 1)
    assert generalised_birth_date(date(2000, 3, 15), [date(2025, 2, 28)]) == date(2000, 2, 29)
    assert generalised_birth_date(date(2001, 3, 15), [date(2024, 2, 29)]) == date(2001, 3, 1)
    dates = [date(2026, 1, 31), date(2026, 6, 30), date(2027, 3, 1)]
    for birth in (date(1990, 2, 14), date(1990, 7, 1), date(1988, 3, 2), date(1960, 12, 31)):
        general = generalised_birth_date(birth, dates)
        assert general <= birth
        assert all(_age_band(general, d) == _age_band(birth, d) for d in dates)
        assert all(
            (d.year - general.year - ((d.month, d.day) < (general.month, general.day)))
            == (d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day)))
            for d in dates
        )
