"""The domain schema: models, reference lists, and the programme's rules."""

# Register the ORM events that keep the stored rule states and day counts current.
import schema.rules.daily_counts
import schema.rules.stored_states  # noqa: F401
from schema.accounts import Counsellor, User
from schema.audit import AuditLog
from schema.base import Base
from schema.calendar_feeds import CalendarFeed
from schema.contacts import Contact
from schema.counsellor_counts import CounsellorCounts
from schema.daily_counts import DailyCounts, EntryDelays
from schema.diagnostics import Diagnostic, DiagnosticBarrier, PlanItem, RomeAspiration
from schema.imports import ImportBatch
from schema.opportunities import Employer, Event, Opportunity, Positioning, PositioningStep
from schema.outbox import OutboxMessage
from schema.pathway import Accompaniment, Action, Cer, Orientation, Outcome
from schema.people import Person
from schema.reference import (
    BarrierFamily,
    ContractType,
    EducationLevel,
    ExitReason,
    HousingSituation,
    OrientationPath,
    RomeCode,
    TrainingScheme,
)
from schema.rule_states import RuleStates
from schema.trainings import Training
from schema.working_hours import CounsellorWorkingHours
from schema.workshops import Attendance, Workshop, WorkshopSession

__all__ = [
    "Accompaniment",
    "Action",
    "Attendance",
    "AuditLog",
    "BarrierFamily",
    "Base",
    "CalendarFeed",
    "Cer",
    "Contact",
    "ContractType",
    "Counsellor",
    "CounsellorCounts",
    "CounsellorWorkingHours",
    "DailyCounts",
    "Diagnostic",
    "DiagnosticBarrier",
    "EducationLevel",
    "Employer",
    "EntryDelays",
    "Event",
    "ExitReason",
    "HousingSituation",
    "ImportBatch",
    "Opportunity",
    "Orientation",
    "OrientationPath",
    "OutboxMessage",
    "Outcome",
    "Person",
    "PlanItem",
    "Positioning",
    "PositioningStep",
    "RomeAspiration",
    "RomeCode",
    "RuleStates",
    "Training",
    "TrainingScheme",
    "User",
    "Workshop",
    "WorkshopSession",
]
