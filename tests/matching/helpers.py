"""Test data for matching and placement: employers, opportunities, aspirations, barriers."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema import (
    Accompaniment,
    BarrierFamily,
    ContractType,
    DiagnosticBarrier,
    Employer,
    ExitReason,
    Opportunity,
    RomeAspiration,
    TrainingScheme,
)
from tests import factories

_seq = itertools.count(1)


def employer(session: Session, name: str = "Aciérie du Littoral", **kw: Any) -> Employer:
    n = next(_seq)
    e = Employer(name=name, siret=kw.pop("siret", f"{12345678900000 + n}"), **kw)
    session.add(e)
    session.flush()
    return e


def opportunity(session: Session, employer_: Employer | None = None, **kw: Any) -> Opportunity:
    values = {
        "title": "Agent·e de propreté",
        "rome_code": "K2204",
        "channel": "relation_entreprise",
        "start_date": date(2026, 12, 1),
        "place": "Dunkerque",
        "positions": 1,
        "status": "ouverte",
    }
    values.update(kw)
    o = Opportunity(employer=employer_ or employer(session), **values)
    session.add(o)
    session.flush()
    return o


def aspire(session: Session, acc: Accompaniment, *codes: str, kind: str = "initial") -> None:
    diagnostic = factories.diagnostic(session, acc, kind)
    for code in codes:
        session.add(RomeAspiration(diagnostic=diagnostic, rome_code=code))
    session.flush()


def barrier(
    session: Session,
    acc: Accompaniment,
    family_code: str,
    intensity: str = "fort",
    status: str = "identifie",
    kind: str = "trois_mois",
) -> None:
    diagnostic = factories.diagnostic(session, acc, kind)
    family = session.scalar(select(BarrierFamily).where(BarrierFamily.code == family_code))
    session.add(
        DiagnosticBarrier(
            diagnostic=diagnostic, barrier_family=family, intensity=intensity, status=status
        )
    )
    session.flush()


def contract(session: Session, code: str) -> ContractType:
    return session.scalar(select(ContractType).where(ContractType.code == code))


def exit_reason(session: Session, code: str) -> ExitReason:
    return session.scalar(select(ExitReason).where(ExitReason.code == code))


def scheme(session: Session, code: str = "prf") -> TrainingScheme:
    return session.scalar(select(TrainingScheme).where(TrainingScheme.code == code))
