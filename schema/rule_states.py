"""The rule states of every open accompaniment, stored: the read model of the programme's counts.

Evaluating the rules of 100 000 open accompaniments takes a dozen correlated look-ups each (last
held contact, signed CER, pauses…): seconds on every request. The programme dashboard and the
alert filters of the accompaniment list read this table instead: per open accompaniment, the
state of each rule (columns named by the rules' codes) on ``computed_on``, computed by the same
SQL as the live caseload (``schema.rules.caseload``). ``schema.rules.stored_states`` keeps it
current: each write of a contact, action, CER, diagnostic, attendance or accompaniment recomputes
the rows it touches, and rows of an earlier day are recomputed before they are read.

The table is a cache, never a source: ``ensemble rules refresh`` rebuilds it from the data.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base

STATE_LENGTH = 10


RULE_CODES = ("r1", "r2", "r3", "r4", "r5", "r6", "r8")


class RuleStates(Base):
    __tablename__ = "rule_states"
    __table_args__ = (
        Index("ix_rule_states_counsellor", "counsellor_id"),
        # Per rule: its states in the accompaniment list's default order (entry date, newest
        # first), so that the list filtered on an alert reads a page of entries, whatever the
        # number of accompaniments in alert.
        *[
            Index(f"ix_rule_states_{code}", code, "entry_date", "accompaniment_id")
            for code in RULE_CODES
        ],
    )

    accompaniment_id: Mapped[int] = mapped_column(
        ForeignKey("accompaniment.id", ondelete="CASCADE"), primary_key=True
    )
    computed_on: Mapped[date] = mapped_column(Date, index=True)
    counsellor_id: Mapped[int | None] = mapped_column(Integer)  # copies of the accompaniment's
    entry_date: Mapped[date | None] = mapped_column(Date)
    # One column per rule of schema.rules.caseload.RULES (RULE_CODES), holding a RuleState value.
    r1: Mapped[str] = mapped_column(String(STATE_LENGTH))
    r2: Mapped[str] = mapped_column(String(STATE_LENGTH))
    r3: Mapped[str] = mapped_column(String(STATE_LENGTH))
    r4: Mapped[str] = mapped_column(String(STATE_LENGTH))
    r5: Mapped[str] = mapped_column(String(STATE_LENGTH))
    r6: Mapped[str] = mapped_column(String(STATE_LENGTH))
    r8: Mapped[str] = mapped_column(String(STATE_LENGTH))
