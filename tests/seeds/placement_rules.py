"""Coherence rules of the demo's placement data (opportunities, positionings and their steps,
hires, trainings, qualification obtained): each SQL query counts the rows breaking one rule.

Merged into ``COHERENCE_RULES`` of ``test_demo``; ``:today`` is the demo's today.
"""

from __future__ import annotations

from seeds.sectors import SECTORS

SHIFT_SECTORS = ("industrie", "logistique", "proprete", "hotellerie_restauration")
_SHIFT_CODES = ", ".join(
    f"'{code}'" for sector in SHIFT_SECTORS for code, _ in SECTORS[sector].jobs
)


def _rank(column: str) -> str:
    """Order of a positioning status on its way: proposé, candidature, entretien, final."""
    return (
        f"CASE {column} WHEN 'propose' THEN 0 WHEN 'candidature' THEN 1 "
        "WHEN 'entretien' THEN 2 ELSE 3 END"
    )


_RETAINED = """
    SELECT opportunity_id, count(*) AS retained, coalesce(sum(insertion_hours), 0) AS hours
    FROM positioning WHERE status = 'retenu' AND opportunity_id IS NOT NULL
    GROUP BY opportunity_id
"""
_CERTIFIED = """
    SELECT accompaniment_id, max(status_on) AS certified_on
    FROM training WHERE status = 'certifie' GROUP BY accompaniment_id
"""

PLACEMENT_RULES = {
    "positioning_without_proposed_step": """
        SELECT count(*) FROM positioning p WHERE NOT EXISTS (
            SELECT 1 FROM positioning_step s WHERE s.positioning_id = p.id
              AND s.status = 'propose' AND s.step_date = p.proposed_on)""",
    "positioning_without_current_step": """
        SELECT count(*) FROM positioning p WHERE p.status_on IS NULL OR NOT EXISTS (
            SELECT 1 FROM positioning_step s WHERE s.positioning_id = p.id
              AND s.status = p.status AND s.step_date = p.status_on)""",
    "positioning_step_beyond_current_status": f"""
        SELECT count(*) FROM positioning_step s JOIN positioning p ON p.id = s.positioning_id
        WHERE {_rank("s.status")} > {_rank("p.status")}
           OR ({_rank("s.status")} = 3 AND s.status <> p.status)""",
    "positioning_steps_out_of_order": f"""
        SELECT count(*) FROM positioning_step a JOIN positioning_step b
            ON b.positioning_id = a.positioning_id AND {_rank("a.status")} < {_rank("b.status")}
        WHERE a.step_date > b.step_date""",
    "positioning_step_outside_its_dates": """
        SELECT count(*) FROM positioning_step s JOIN positioning p ON p.id = s.positioning_id
        WHERE s.step_date < p.proposed_on OR s.step_date > p.status_on
           OR s.step_date > :today""",
    "positioning_step_recorded_by_another_user": """
        SELECT count(*) FROM positioning_step s
        JOIN positioning p ON p.id = s.positioning_id
        JOIN accompaniment a ON a.id = p.accompaniment_id
        JOIN counsellor c ON c.id = a.counsellor_id
        WHERE coalesce(s.recorded_by_id, 0) <> coalesce(c.user_id, 0)""",
    "retained_without_the_offer_hire": """
        SELECT count(*) FROM positioning p JOIN opportunity o ON o.id = p.opportunity_id
        WHERE p.status = 'retenu' AND (
            p.contract_type_id IS NULL OR p.contract_type_id <> o.contract_type_id
            OR p.job_start_date IS NULL OR p.job_start_date < p.status_on
            OR (o.channel = 'clause') <> (p.insertion_hours IS NOT NULL))""",
    "hire_on_event_or_not_retained": """
        SELECT count(*) FROM positioning
        WHERE (event_id IS NOT NULL OR status <> 'retenu')
          AND (contract_type_id IS NOT NULL OR job_start_date IS NOT NULL
               OR insertion_hours IS NOT NULL)""",
    "clause_hours_beyond_total": f"""
        SELECT count(*) FROM opportunity o JOIN ({_RETAINED}) r ON r.opportunity_id = o.id
        WHERE r.hours > coalesce(o.insertion_hours, 0)""",
    "retained_beyond_positions": f"""
        SELECT count(*) FROM opportunity o JOIN ({_RETAINED}) r ON r.opportunity_id = o.id
        WHERE r.retained > o.positions OR o.status = 'annulee'""",
    "filled_offer_still_open": f"""
        SELECT count(*) FROM opportunity o JOIN ({_RETAINED}) r ON r.opportunity_id = o.id
        WHERE o.status = 'ouverte' AND r.retained >= o.positions""",
    "clause_without_contract_or_hours": """
        SELECT count(*) FROM opportunity
        WHERE channel = 'clause' AND (insertion_hours IS NULL OR public_contract IS NULL)""",
    "shifted_hours_outside_shift_sectors": f"""
        SELECT count(*) FROM opportunity
        WHERE shifted_hours AND rome_code NOT IN ({_SHIFT_CODES})""",
    "driving_job_without_licence": """
        SELECT count(*) FROM opportunity
        WHERE rome_code IN ('N4101', 'N4105') AND NOT needs_licence""",
    "outcome_job_differs_from_hire": """
        SELECT count(*) FROM outcome x
        JOIN positioning p ON p.accompaniment_id = x.accompaniment_id AND p.status = 'retenu'
        JOIN opportunity o ON o.id = p.opportunity_id
        WHERE x.job_start_date IS NOT NULL AND (
            x.job_start_date <> p.job_start_date OR x.employer_id <> o.employer_id
            OR x.contract_type_id <> p.contract_type_id)""",
    "training_status_on_incoherent": """
        SELECT count(*) FROM training t JOIN accompaniment a ON a.id = t.accompaniment_id
        WHERE t.status_on IS NULL OR t.status_on > :today OR t.status_on < a.entry_date
           OR (t.status <> 'certifie' AND t.status_on > coalesce(a.exit_date, :today))
           OR (t.status IN ('information', 'positionne') AND t.status_on > t.start_date)
           OR (t.status NOT IN ('information', 'positionne') AND t.status_on < t.start_date)
           OR (t.status IN ('termine', 'certifie') AND t.status_on < t.end_date)
           OR (t.status = 'entre' AND t.start_date > :today)
           OR (t.status = 'certifie' AND NOT t.qualifying)""",
    "qualification_obtained_without_certification": f"""
        SELECT count(*) FROM outcome x LEFT JOIN ({_CERTIFIED}) c
            ON c.accompaniment_id = x.accompaniment_id
        WHERE x.qualification_obtained <> (c.certified_on IS NOT NULL)
           OR coalesce(x.qualification_obtained_on, '1900-01-01')
              <> coalesce(c.certified_on, '1900-01-01')""",
}
