"""Deterministic demo data — people, pathways, contacts, workshops, offers, positionings (with
their steps and hires), trainings — up to 100 000 people.

Everything derives from ``random.Random(seed)`` and ``today``: the same seed on an empty database
gives the same data. Rows are written with bulk Core inserts, chunk of people by chunk of people;
the only UPDATE, at the end, marks "pourvue" the open offers whose positions were all filled.
"""

from __future__ import annotations

import math
import random
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from schema.accounts import Counsellor
from schema.base import utcnow
from schema.reference import ExitReason
from schema.rules import daily_counts, stored_states
from seeds.bulk import BulkWriter
from seeds.demo_activities import add_attendance, add_trainings
from seeds.demo_catalogue import build_catalogue
from seeds.demo_contacts import add_contacts
from seeds.demo_context import Catalogue, DemoContext, References
from seeds.demo_pathway import add_actions, add_cer, add_diagnostics, add_outcome
from seeds.demo_people import CLOSED, add_person, scenario_list
from seeds.demo_positionings import add_positionings, mark_filled_offers
from seeds.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES
from seeds.reference import load_reference
from seeds.texts import synthesis_pool

PEOPLE_PER_CHUNK = 1000
PEOPLE_PER_COUNSELLOR = 50  # R11: 150 people in active file for 3 counsellors
PARTNER_FACILITATORS = ["Chargé·e de relation entreprises", "Intervenant·e partenaire"]


def generate_demo(
    session: Session, people: int = 150, seed: int = 1, today: date | None = None
) -> dict[str, int]:
    """Generate demo data; return the number of rows inserted per table.

    ``people`` is the size of the active file: that many people get an open accompaniment
    (to contact, active or paused; 10 % of them had an earlier one). About 0.45 × ``people``
    more people come with an accompaniment closed during the last 12 months, so about
    1.5 × ``people`` accompaniments in all. Counsellors already in the database are reused (the
    active file is dealt to them in turn); when there are none, one is created per 50 people of
    the active file (3 for the default 150). Reference lists are loaded first when missing.
    Only executes statements: the caller commits.
    """
    if people < 1:
        raise ValueError("people must be at least 1")
    today = today or date.today()
    rng = random.Random(seed)
    if session.execute(select(ExitReason.id).limit(1)).first() is None:
        load_reference(session)
    now = utcnow()
    writer = BulkWriter(session, now)
    counsellors, names = _counsellors(session, writer, rng, people)
    ctx = DemoContext(
        rng=rng,
        today=today,
        writer=writer,
        refs=References.load(session),
        counsellors=counsellors,
        catalogue=Catalogue(),
        syntheses=synthesis_pool(rng),
        now=now,
    )
    try:
        build_catalogue(ctx, people, names[:6] + PARTNER_FACILITATORS)
        writer.flush()
        active = 0  # people of the active file so far, dealt to counsellors in turn
        for first in range(0, people, PEOPLE_PER_CHUNK):
            for scenario in scenario_list(ctx, min(PEOPLE_PER_CHUNK, people - first)):
                _add_pathways(ctx, scenario, active)
                active += scenario != CLOSED
            writer.flush()
        counts = writer.finish()
        mark_filled_offers(ctx)
        # The rows went in as bulk INSERTs, past the ORM: compute the stored read models, once
        # the planner knows the tables' sizes (PostgreSQL's ANALYZE sees this transaction's own
        # rows; without statistics it plans the states' joins as if the tables were empty, and
        # 100 000 people took hours instead of seconds).
        session.execute(text("ANALYZE"))
        counts["rule_states"] = stored_states.refresh(session, today)
        counts["daily_counts"] = daily_counts.rebuild(session)
        return counts
    finally:
        writer.close()


def _add_pathways(ctx: DemoContext, scenario: str, index: int) -> None:
    """One person and everything that happened in each of their accompaniments."""
    booked: set[int] = set()
    for plan in add_person(ctx, scenario, index):
        add_contacts(ctx, plan)
        add_cer(ctx, plan)
        add_diagnostics(ctx, plan)
        training_start, certified_on = add_trainings(ctx, plan)
        job = add_positionings(ctx, plan)
        add_attendance(ctx, plan, booked)
        add_actions(ctx, plan, job.found_on if job else None, training_start)
        add_outcome(ctx, plan, job.start if job else None, certified_on)


def _counsellors(
    session: Session, writer: BulkWriter, rng: random.Random, people: int
) -> tuple[list[tuple[int, int | None]], list[str]]:
    """Active counsellors as (id, user id), creating them when there are none; and their names."""
    existing = session.execute(
        select(Counsellor.id, Counsellor.user_id, Counsellor.display_name)
        .where(Counsellor.active.is_(True))
        .order_by(Counsellor.id)
    ).all()
    if existing:
        return [(row.id, row.user_id) for row in existing], [row.display_name for row in existing]
    names: list[str] = []
    wanted = max(3, math.ceil(people / PEOPLE_PER_COUNSELLOR))
    while len(names) < wanted:
        first_name = rng.choice(FEMALE_FIRST_NAMES + MALE_FIRST_NAMES)
        name = f"{first_name} {rng.choice(LAST_NAMES)}"
        if name not in names or len(names) > 1000:
            names.append(name)
    table = Counsellor.__table__
    rows = [
        writer.add(
            table,
            {
                "user_id": None,
                "display_name": name,
                "capacity": PEOPLE_PER_COUNSELLOR,
                "active": True,
            },
        )
        for name in names
    ]
    return [(row["id"], None) for row in rows], names
