"""A hand-built October 2026 whose monthly figures are worked out by hand (see the test).

Weeks whose Thursday falls in October 2026: w1 28/09–04/10, w2 05–11/10, w3 12–18/10,
w4 19–25/10, w5 26/10–01/11. Counsellor 1 follows A, B, C, D, E (and G, H, I); counsellor 2, F.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from schema import Action, Cer, ExitReason, Outcome
from schema.enums import Role
from tests import factories


def _reason(session, code):
    return session.scalar(select(ExitReason).where(ExitReason.code == code))


def _close(session, accompaniment, day: date, code: str) -> None:
    reason_id = _reason(session, code).id
    accompaniment.status, accompaniment.exit_date = "clos", day
    accompaniment.exit_reason_id = reason_id


def _at(day: int, month: int = 10, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0)


def build_october(session, ref) -> dict:
    c1 = factories.user(session, Role.COUNSELLOR, full_name="Claire Un")
    c2 = factories.user(session, Role.COUNSELLOR, full_name="Karim Deux")
    acc = factories.accompaniment
    contact = factories.contact
    people = {}

    def person(key, **kw):
        people[key] = factories.person(session, last_name=f"Personne{key}", **kw)
        return people[key]

    # A: in the file all month; contacts w2, w3 (physical), w4 (phone).
    a = acc(session, c1, person("A"), d0=date(2026, 9, 20), entry=date(2026, 9, 25))
    factories.cer(session, a)
    contact(session, a, _at(5), signed=True)
    contact(session, a, _at(14), signed=False)
    contact(session, a, _at(21), mode="telephone")
    # B: enters 06/10 (8 days), CER that day, exits 27/10 in a CDI.
    b = acc(session, c1, person("B"), d0=date(2026, 9, 28), entry=date(2026, 10, 6))
    factories.cer(session, b)
    contact(session, b, _at(6), signed=True)
    contact(session, b, _at(13), held_at=None, status="absent_non_excuse")
    contact(session, b, _at(20), signed=True)
    _close(session, b, date(2026, 10, 27), "cdi")
    session.add(Outcome(accompaniment_id=b.id, situation_4_weeks="emploi"))
    # C: enters 20/10 after 49 days, reoriented (no CER), workshop on 28/10.
    c = acc(session, c1, person("C"), d0=date(2026, 9, 1), entry=date(2026, 10, 20))
    session.add(Action(accompaniment_id=c.id, kind="reorientation", start_date=date(2026, 10, 20)))
    contact(session, c, _at(20), signed=False)
    # D: entered in July, paused 12–25/10, 3-month diagnostic due 10/10 done 08/10.
    d = acc(session, c1, person("D"), d0=date(2026, 7, 1), entry=date(2026, 7, 10))
    factories.cer(session, d)
    factories.diagnostic(session, d, kind="trois_mois", done_on=date(2026, 10, 8))
    contact(session, d, _at(2), signed=True)
    session.add(
        Action(
            accompaniment_id=d.id,
            kind="mise_en_attente",
            start_date=date(2026, 10, 12),
            end_date=date(2026, 10, 25),
        )
    )
    # E: exits 15/10 (abandon), no contact in October, EP referral decided.
    e = acc(session, c1, person("E"), d0=date(2026, 5, 20), entry=date(2026, 6, 1))
    factories.cer(session, e)
    _close(session, e, date(2026, 10, 15), "abandon")
    session.add(
        Action(
            accompaniment_id=e.id,
            kind="saisine_ep",
            start_date=date(2026, 10, 3),
            decision="Maintien dans le parcours",
            decision_date=date(2026, 10, 10),
        )
    )
    # F (counsellor 2): enters 02/10 (2 days), CER signed a week later.
    f = acc(session, c2, person("F", sex="H"), d0=date(2026, 9, 30), entry=date(2026, 10, 2))
    session.add(
        Cer(
            accompaniment_id=f.id,
            kind="premier",
            signed_on=date(2026, 10, 9),
            start_date=f.entry_date,
        )
    )
    contact(session, f, _at(2), signed=True)
    contact(session, f, _at(16), mode="telephone")
    contact(session, f, _at(23), held_at=None, status="annule")
    # G to contact; H enters in November; I left at the end of September.
    acc(session, c1, person("G"), d0=date(2026, 10, 20), entry=None)
    acc(session, c1, person("H"), d0=date(2026, 10, 25), entry=date(2026, 11, 2))
    i = acc(session, c1, person("I"), d0=date(2026, 4, 20), entry=date(2026, 5, 1))
    _close(session, i, date(2026, 9, 30), "demenagement")
    # Workshop on 28/10: C present and signed, A absent without excuse.
    ws = factories.workshop_session(session, ref["workshop"], starts_at=_at(28, hour=9))
    factories.attendance(session, ws, people["C"], status="present", signed=True)
    factories.attendance(session, ws, people["A"], status="absent_non_excuse")
    session.flush()
    return {"c1": c1, "c2": c2, "people": people}
