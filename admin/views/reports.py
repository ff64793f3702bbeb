"""Pages « Rapport mensuel » (manager, funder) and « Fichier participants FSE+ » (manager): choose
a period, download the workbook (streamed, audited). Bad input is refused in French, the form
keeps what was typed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import flash, request
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select

from admin import audit, clock
from admin.database import db
from admin.views.pages import SecuredPage
from exports.fse import fse_file
from exports.monthly_report import detail_rows, monthly_report
from exports.response import xlsx_download
from schema import Counsellor
from schema.enums import Role
from schema.rules import calendar
from schema.rules.monthly import parse_month

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
NOT_STARTED = "Ce mois n'a pas commencé : choisissez un mois passé ou le mois en cours."


def parse_day(text: str | None, what: str) -> date:
    """A date typed JJ/MM/AAAA or AAAA-MM-JJ; ValueError with a French message otherwise."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime((text or "").strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{what} invalide : « {text or ''} ». Format attendu : JJ/MM/AAAA.")


def monthly_download(first_day: date, counsellor_id: int | None, today: date) -> Any:
    """Build, stream and audit the monthly report (also used by tests)."""
    report = monthly_report(db.session, first_day, today, counsellor_id)

    def record(_sheets: Any) -> None:
        audit.record_export(
            "Rapport mensuel",
            ("Mois", "Périmètre"),
            detail_rows(report),
            period=audit.report_period(first_day, counsellor_id),
        )
        db.session.commit()

    return xlsx_download(report.sheets, report.filename, record)


class MonthlyReportPage(SecuredPage):
    roles = frozenset({Role.MANAGER, Role.FUNDER})

    def _counsellors(self) -> list[Any]:
        return db.session.execute(
            select(Counsellor.id, Counsellor.display_name).order_by(
                Counsellor.display_name, Counsellor.id
            )
        ).all()

    @expose("/")
    def index(self) -> Any:
        today = clock.today()
        typed_month = request.args.get("mois")
        typed_counsellor = request.args.get("conseiller", "")
        if typed_month is not None:
            try:
                first_day = parse_month(typed_month)
                counsellor_id = self._counsellor(typed_counsellor)
                if first_day > today:  # parse_month gives the first day of the month
                    raise ValueError(NOT_STARTED)
                return monthly_download(first_day, counsellor_id, today)
            except ValueError as exc:
                flash(str(exc), "error")
        return self.render(
            "exports/monthly.html",
            month=typed_month or f"{calendar.add_months(today.replace(day=1), -1):%Y-%m}",
            counsellor=typed_counsellor,
            counsellors=self._counsellors(),
        )

    def _counsellor(self, text: str) -> int | None:
        if not text:
            return None
        if not text.isdigit() or db.session.get(Counsellor, int(text)) is None:
            raise ValueError("Conseiller·ère inconnu·e : choisissez dans la liste.")
        return int(text)


class FseFilePage(SecuredPage):
    roles = frozenset({Role.MANAGER})

    @expose("/")
    def index(self) -> Any:
        today = clock.today()
        typed_from = request.args.get("du")
        typed_to = request.args.get("au")
        if typed_from is not None or typed_to is not None:
            try:
                start = parse_day(typed_from, "Date de début")
                end = parse_day(typed_to, "Date de fin")
                result = fse_file(db.session, start, end, today)

                def record(_sheets: Any) -> None:
                    audit.record_export(
                        "Fichier participants FSE+",
                        ("Du", "Au"),
                        result.participants,
                        period=f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}",
                    )
                    db.session.commit()

                return xlsx_download(result.sheets, result.filename, record)
            except ValueError as exc:
                flash(str(exc), "error")
        return self.render(
            "exports/fse.html",
            start=typed_from if typed_from is not None else f"{today.year}-01-01",
            end=typed_to if typed_to is not None else f"{today.year}-12-31",
            user=current_user,
        )
