"""Demo CERs, diagnostics (barriers, ROME aspirations, action plan), actions and outcomes."""

from __future__ import annotations

from datetime import date, timedelta

from schema.diagnostics import Diagnostic, DiagnosticBarrier, PlanItem, RomeAspiration
from schema.enums import (
    AccompanimentStatus,
    ActionKind,
    BarrierIntensity,
    BarrierStatus,
    CerKind,
    CerPendingReason,
    DiagnosticKind,
    ExitCategory,
    PlanItemStatus,
)
from schema.pathway import Action, Cer, Outcome
from seeds import texts
from seeds.dates import add_months
from seeds.demo_context import DemoContext, Plan, Weighted
from seeds.demo_people import EMPLOYMENT_CATEGORIES
from seeds.sectors import SECTORS

CER_PROFESSIONAL = Weighted({"first": 84, "later": 5, "not_signed": 4, "none": 7})
PENDING_REASONS = (
    CerPendingReason.DOCUMENTS_MANQUANTS.value,
    CerPendingReason.DELAI_REFLEXION.value,
)
CER_SOCIAL = Weighted({"first": 50, "later": 25, "not_signed": 15, "none": 10})
BARRIERS = Weighted(
    {
        "mobilite": 22,
        "numerique": 18,
        "precarite_financiere": 16,
        "contraintes_familiales": 12,
        "francais_savoirs_base": 10,
        "administratif_juridique": 9,
        "logement": 8,
        "sante": 8,
        "justice": 2,
    }
)
INITIAL_INTENSITY = Weighted({"fort": 35, "moyen": 45, "sans_impact": 20})
LATER_BARRIER_STATUS = Weighted({"leve": 40, "en_cours": 45, "identifie": 15})
DONE_ITEM = Weighted({"fait": 55, "en_cours": 20, "abandonne": 10, "a_faire": 15})
PENDING_ITEM = Weighted({"a_faire": 60, "en_cours": 40})
CONTRACT_BY_REASON = {
    "cdi": "cdi",
    "cdd_6_mois_plus": "cdd_6_mois_plus",
    "interim_6_mois_plus": "interim_6_mois_plus",
    "creation_entreprise": "creation_entreprise",
    "titularisation": "fonction_publique",
    "cdd_moins_6_mois": "cdd_moins_6_mois",
    "interim_moins_6_mois": "interim_moins_6_mois",
    "contrat_aide": "pec",
    "embauche_siae": "cddi",
}
SITUATIONS_4_WEEKS = {
    "emploi": Weighted({"emploi": 92, "recherche": 8}),
    "formation": Weighted({"formation": 90, "recherche": 10}),
    "autre": Weighted({"recherche": 45, "inactif": 25, "inconnue": 20, "emploi": 10}),
}
SITUATIONS_6_MONTHS = {
    "emploi": Weighted({"emploi": 75, "recherche": 20, "inactif": 5}),
    "formation": Weighted({"formation": 35, "emploi": 35, "recherche": 30}),
    "autre": Weighted({"recherche": 45, "inactif": 25, "inconnue": 20, "emploi": 10}),
}


def add_cer(ctx: DemoContext, plan: Plan) -> None:
    rng = ctx.rng
    if plan.entry is None:
        return
    mode = (CER_PROFESSIONAL if plan.path == "professionnel" else CER_SOCIAL).pick(rng)
    if mode == "none":
        if plan.status == AccompanimentStatus.ACTIF:
            # First appointment held without the CER: still to sign, with its reason (R2).
            plan.row["cer_pending_reason"] = PENDING_REASONS[plan.id % len(PENDING_REASONS)]
        return
    last = plan.last_day(ctx.today)
    signed = None
    if mode == "first":
        signed = plan.entry
    elif mode == "later":
        signed = min(plan.entry + timedelta(days=rng.randint(7, 40)), last)
    start = signed or plan.entry
    hours, reduced = 15, None
    draw = rng.random()
    if signed is None:
        hours = None
    elif draw < 0.1:
        hours, reduced = rng.randint(6, 12), rng.choice(texts.REDUCED_HOURS_REASONS)
    elif draw < 0.2:
        hours = rng.choice((20, 24, 35))
    kind = CerKind.RENOUVELLEMENT if plan.returning else CerKind.PREMIER
    _cer(ctx, plan, kind, signed, start, hours, reduced)
    if signed is not None and (last - signed).days > 75 and rng.random() < 0.06:
        redefined = ctx.between(signed + timedelta(days=60), last)
        _cer(ctx, plan, CerKind.REDEFINITION, redefined, redefined, hours, reduced)


def _cer(
    ctx: DemoContext,
    plan: Plan,
    kind: CerKind,
    signed: date | None,
    start: date,
    hours: int | None,
    reduced: str | None,
) -> None:
    rng = ctx.rng
    ctx.writer.add(
        Cer.__table__,
        {
            "accompaniment_id": plan.id,
            "kind": kind.value,
            "signed_on": signed,
            "start_date": start,
            "end_date": add_months(start, 6),
            "objectives": rng.choice(texts.CER_OBJECTIVES),
            "weekly_hours": hours,
            "reduced_hours_reason": reduced,
            "not_signed_reason": None if signed else rng.choice(texts.CER_NOT_SIGNED_REASONS),
        },
    )


def add_diagnostics(ctx: DemoContext, plan: Plan) -> None:
    rng, today = ctx.rng, ctx.today
    if plan.entry is None or rng.random() > 0.95:
        return
    last = plan.last_day(today)
    families = {BARRIERS.pick(rng) for _ in range(rng.choice((0, 1, 2, 2, 3, 3, 4)))}
    jobs = SECTORS[plan.sector].jobs
    codes = {rng.choice(jobs)[0] for _ in range(rng.randint(1, 3))}
    done_on = min(plan.entry + timedelta(days=rng.randint(0, 10)), last)
    _diagnostic(ctx, plan, DiagnosticKind.INITIAL, done_on, families, codes, rng.randint(2, 3))
    if plan.entry + timedelta(days=91) <= last and rng.random() < 0.8:
        done_on = min(plan.entry + timedelta(days=rng.randint(84, 105)), last)
        _diagnostic(
            ctx, plan, DiagnosticKind.TROIS_MOIS, done_on, families, codes, rng.randint(0, 2)
        )
    if plan.exit is not None and (plan.exit - plan.entry).days >= 30 and rng.random() < 0.65:
        _diagnostic(ctx, plan, DiagnosticKind.FINAL, plan.exit, families, codes, 0)


def _diagnostic(
    ctx: DemoContext,
    plan: Plan,
    kind: DiagnosticKind,
    done_on: date,
    families: set[str],
    codes: set[str],
    items: int,
) -> None:
    rng, writer, today = ctx.rng, ctx.writer, ctx.today
    row = writer.add(
        Diagnostic.__table__,
        {
            "accompaniment_id": plan.id,
            "kind": kind.value,
            "done_on": done_on,
            "skills": rng.choice(texts.SKILLS),
            "aptitudes": rng.choice(texts.APTITUDES),
            "aspirations": rng.choice(texts.ASPIRATIONS),
            "author_id": plan.user_id,
        },
    )
    initial = kind == DiagnosticKind.INITIAL
    for family in sorted(families):
        status = BarrierStatus.IDENTIFIE.value if initial else LATER_BARRIER_STATUS.pick(rng)
        intensity = INITIAL_INTENSITY.pick(rng)
        if status == BarrierStatus.LEVE.value:
            intensity = BarrierIntensity.SANS_IMPACT.value
        writer.add(
            DiagnosticBarrier.__table__,
            {
                "diagnostic_id": row["id"],
                "barrier_family_id": ctx.refs.barriers[family],
                "intensity": intensity,
                "status": status,
                "note": rng.choice(texts.BARRIER_NOTES),
            },
        )
    for code in sorted(codes):
        writer.add(RomeAspiration.__table__, {"diagnostic_id": row["id"], "rome_code": code})
    for label in rng.sample(texts.PLAN_ITEMS, items):
        due_on = done_on + timedelta(days=rng.randint(14, 90))
        status = (DONE_ITEM if due_on <= today else PENDING_ITEM).pick(rng)
        writer.add(
            PlanItem.__table__,
            {"diagnostic_id": row["id"], "label": label, "due_on": due_on, "status": status},
        )
    if not items and initial:
        writer.add(
            PlanItem.__table__,
            {
                "diagnostic_id": row["id"],
                "label": texts.PLAN_ITEMS[0],
                "due_on": done_on,
                "status": PlanItemStatus.FAIT.value,
            },
        )


def add_actions(
    ctx: DemoContext, plan: Plan, hired_on: date | None, training_start: date | None
) -> None:
    rng, today = ctx.rng, ctx.today
    last = plan.last_day(today)
    if plan.pause is not None:
        start, end = plan.pause
        _action(
            ctx,
            plan,
            ActionKind.MISE_EN_ATTENTE,
            start,
            end,
            reason=rng.choice(texts.PAUSE_REASONS),
        )
    if plan.category == ExitCategory.REORIENTATION.value:
        begin = plan.entry or plan.decision_date
        start = max(begin, plan.exit - timedelta(days=rng.randint(0, 14)))
        _action(
            ctx,
            plan,
            ActionKind.REORIENTATION,
            start,
            plan.exit,
            reason="Projet à réexaminer avec le Département",
            decision=rng.choice(texts.REORIENTATION_OUTCOMES),
            decision_date=plan.exit,
        )
    if plan.entry is None:
        return
    sanction = plan.exit_reason == "sanction"
    if sanction or (plan.exit_reason == "abandon" and rng.random() < 0.3) or rng.random() < 0.03:
        latest = max(plan.entry, last - timedelta(days=14)) if sanction else last
        start = ctx.between(min(plan.entry + timedelta(days=30), latest), latest)
        decided = start + timedelta(days=rng.randint(14, 30))
        decision = texts.EP_DECISIONS[2] if sanction else rng.choice(texts.EP_DECISIONS)
        if decided > last:  # a sanction is decided by the exit; others may still be pending
            decided, decision = (last, decision) if sanction else (None, None)
        _action(
            ctx,
            plan,
            ActionKind.SAISINE_EP,
            start,
            None,
            reason=rng.choice(texts.EP_REASONS),
            decision=decision,
            decision_date=decided,
        )
    if hired_on is not None:
        _action(
            ctx,
            plan,
            ActionKind.SUIVI_EMPLOI,
            hired_on,
            plan.exit,
            outcome=rng.choice(texts.FOLLOW_UP_OUTCOMES),
        )
    if training_start is not None and training_start <= last:
        _action(ctx, plan, ActionKind.SUIVI_FORMATION, training_start, plan.exit)


def _action(
    ctx: DemoContext,
    plan: Plan,
    kind: ActionKind,
    start: date,
    end: date | None,
    reason: str | None = None,
    decision: str | None = None,
    decision_date: date | None = None,
    outcome: str | None = None,
) -> None:
    entered = ctx.entered_on_ps(start)
    ctx.writer.add(
        Action.__table__,
        {
            "accompaniment_id": plan.id,
            "kind": kind.value,
            "start_date": start,
            "end_date": end,
            "reason": reason,
            "decision": decision,
            "decision_date": decision_date,
            "outcome": outcome,
            "created_by_id": plan.user_id,
            "ps_entered_on": entered,
            "ps_entered_by_id": plan.user_id if entered else None,
        },
    )


def add_outcome(
    ctx: DemoContext, plan: Plan, job_start: date | None, certified_on: date | None
) -> None:
    """The outcome of a closed accompaniment: the job (start of the hire recorded, else the exit
    day), situations observed after 4 weeks and 6 months, and the qualification obtained when a
    qualifying training was certified (as ``change_training_status`` records it)."""
    rng, today = ctx.rng, ctx.today
    if plan.exit is None or plan.entry is None:
        return
    if plan.category in EMPLOYMENT_CATEGORIES or plan.exit_reason == "embauche_siae":
        group = "emploi"
    elif plan.exit_reason == "formation_qualifiante":
        group = "formation"
    else:
        group = "autre"
    contract = CONTRACT_BY_REASON.get(plan.exit_reason)
    self_employed = plan.exit_reason == "creation_entreprise"
    row = {
        "accompaniment_id": plan.id,
        "contract_type_id": ctx.refs.contract_types[contract] if contract else None,
        "employer_id": None if self_employed or group != "emploi" else plan.employer_id,
        "job_start_date": (job_start or plan.exit) if group == "emploi" else None,
        "situation_4_weeks": None,
        "situation_4_weeks_on": None,
        "situation_6_months": None,
        "situation_6_months_on": None,
        "qualification_obtained": certified_on is not None,
        "qualification_obtained_on": certified_on,
    }
    observed = plan.exit + timedelta(days=rng.randint(7, 28))
    if observed <= today and rng.random() < 0.92:
        row["situation_4_weeks"] = SITUATIONS_4_WEEKS[group].pick(rng)
        row["situation_4_weeks_on"] = observed
    observed = plan.exit + timedelta(days=182 + rng.randint(0, 14))
    if observed <= today and rng.random() < 0.75:
        row["situation_6_months"] = SITUATIONS_6_MONTHS[group].pick(rng)
        row["situation_6_months_on"] = observed
    ctx.writer.add(Outcome.__table__, row)
