"""R7 — every physical interview and every collective session carries an attendance signature.

Coverage per calendar month: signed / held physical interviews (modes physique and
accompagnement, status honoré, by month held) and signed / present workshop attendances (by month
of the séance). Two grouped statements, whatever the number of months or rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, extract, func, select
from sqlalchemy.orm import Session

from schema.contacts import Contact
from schema.enums import PHYSICAL_MODES, AttendanceStatus, ContactStatus
from schema.pathway import Accompaniment
from schema.workshops import Attendance, WorkshopSession


def physical_interview_held() -> ColumnElement[bool]:
    """A contact that needs a signature: a physical interview that took place."""
    return and_(
        Contact.mode.in_([m.value for m in PHYSICAL_MODES]),
        Contact.status == ContactStatus.HONORE.value,
    )


def attendance_present() -> ColumnElement[bool]:
    """A workshop attendance that needs a signature: the person was there."""
    return Attendance.status == AttendanceStatus.PRESENT.value


@dataclass(frozen=True)
class MonthCoverage:
    month: date  # first day of the month
    interviews_signed: int = 0
    interviews_total: int = 0
    attendances_signed: int = 0
    attendances_total: int = 0

    @staticmethod
    def _rate(signed: int, total: int) -> float | None:
        return signed / total if total else None

    @property
    def interviews_rate(self) -> float | None:
        return self._rate(self.interviews_signed, self.interviews_total)

    @property
    def attendances_rate(self) -> float | None:
        return self._rate(self.attendances_signed, self.attendances_total)

    @property
    def overall_rate(self) -> float | None:
        return self._rate(
            self.interviews_signed + self.attendances_signed,
            self.interviews_total + self.attendances_total,
        )


def month_start(day: date, back: int = 0) -> date:
    """First day of the month ``back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def signature_coverage(
    session: Session, last_month: date, months: int = 6, counsellor_id: int | None = None
) -> list[MonthCoverage]:
    """R7 coverage for the ``months`` calendar months ending with ``last_month``, oldest first.

    With ``counsellor_id``, only that counsellor's caseload is counted.
    """
    first = month_start(last_month, months - 1)
    end = month_start(last_month, -1)
    start_at, end_at = (
        datetime.combine(first, datetime.min.time()),
        datetime.combine(end, datetime.min.time()),
    )
    signed_contact = func.sum(case((Contact.signed, 1), else_=0))
    interviews = (
        select(
            extract("year", Contact.held_at),
            extract("month", Contact.held_at),
            signed_contact,
            func.count(Contact.id),
        )
        .where(physical_interview_held(), Contact.held_at >= start_at, Contact.held_at < end_at)
        .group_by(extract("year", Contact.held_at), extract("month", Contact.held_at))
    )
    signed_attendance = func.sum(case((Attendance.signed, 1), else_=0))
    attendances = (
        select(
            extract("year", WorkshopSession.starts_at),
            extract("month", WorkshopSession.starts_at),
            signed_attendance,
            func.count(Attendance.id),
        )
        .join(Attendance.session)
        .where(
            attendance_present(),
            WorkshopSession.starts_at >= start_at,
            WorkshopSession.starts_at < end_at,
        )
        .group_by(
            extract("year", WorkshopSession.starts_at), extract("month", WorkshopSession.starts_at)
        )
    )
    if counsellor_id is not None:
        interviews = interviews.join(Contact.accompaniment).where(
            Accompaniment.counsellor_id == counsellor_id
        )
        attendances = attendances.where(
            Attendance.person_id.in_(
                select(Accompaniment.person_id).where(Accompaniment.counsellor_id == counsellor_id)
            )
        )
    by_month: dict[date, dict[str, int]] = {
        month_start(last_month, back): {} for back in range(months - 1, -1, -1)
    }
    for year, month, signed, total in session.execute(interviews):
        by_month[date(int(year), int(month), 1)].update(
            interviews_signed=int(signed or 0), interviews_total=int(total)
        )
    for year, month, signed, total in session.execute(attendances):
        by_month[date(int(year), int(month), 1)].update(
            attendances_signed=int(signed or 0), attendances_total=int(total)
        )
    return [MonthCoverage(month, **values) for month, values in by_month.items()]
