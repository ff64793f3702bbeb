"""Setting a counsellor's weekly working hours (reference data kept by the manager).

The week is replaced as a whole: the form shows every period of the counsellor, the manager
saves them all. The caller checks the version token the form was built from, audits and commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from schema.accounts import Counsellor
from schema.agenda import Period
from schema.operations import WorkflowError
from schema.operations.checks import require
from schema.working_hours import WEEKDAY_LABELS, CounsellorWorkingHours


def hours_token(session: Session, counsellor_id: int) -> str:
    """A token of the counsellor's stored rows and their versions: it changes whenever anyone
    saves them, so a form built from an older token is stale."""
    rows = session.execute(
        select(CounsellorWorkingHours.id, CounsellorWorkingHours.version)
        .where(CounsellorWorkingHours.counsellor_id == counsellor_id)
        .order_by(CounsellorWorkingHours.id)
    ).all()
    return ",".join(f"{row_id}:{version}" for row_id, version in rows) or "defaut"


def check_periods(periods: Iterable[Period]) -> list[Period]:
    """The periods sorted, each ending after it starts, none overlapping another of its day."""
    ordered = sorted(periods, key=lambda p: (p.weekday, p.starts_at, p.ends_at))
    require(ordered, "Indiquez au moins une période de travail dans la semaine.")
    for period in ordered:
        require(0 <= period.weekday < len(WEEKDAY_LABELS), "Jour de la semaine inconnu.")
        require(
            period.ends_at > period.starts_at,
            f"{WEEKDAY_LABELS[period.weekday]} : la fin ({period.ends_at:%H:%M}) doit être "
            f"après le début ({period.starts_at:%H:%M}).",
        )
    for before, after in pairwise(ordered):
        if before.weekday == after.weekday and after.starts_at < before.ends_at:
            raise WorkflowError(
                f"{WEEKDAY_LABELS[before.weekday]} : les périodes "
                f"{before.starts_at:%H:%M}–{before.ends_at:%H:%M} et "
                f"{after.starts_at:%H:%M}–{after.ends_at:%H:%M} se chevauchent."
            )
    return ordered


def set_working_hours(
    session: Session, counsellor: Counsellor, periods: Iterable[Period]
) -> list[CounsellorWorkingHours]:
    """Replace the counsellor's weekly working hours by ``periods`` (validated first)."""
    ordered = check_periods(periods)
    session.execute(
        delete(CounsellorWorkingHours).where(CounsellorWorkingHours.counsellor_id == counsellor.id)
    )
    rows = [
        CounsellorWorkingHours(
            counsellor_id=counsellor.id,
            weekday=p.weekday,
            starts_at=p.starts_at,
            ends_at=p.ends_at,
        )
        for p in ordered
    ]
    session.add_all(rows)
    session.flush()
    return rows
