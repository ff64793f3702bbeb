"""Ranking of candidates and offers on hand-built people and opportunities."""

from __future__ import annotations

from datetime import date

from schema import Positioning
from schema.enums import Role
from schema.matching import candidates_for, offers_for
from tests import factories
from tests.matching import helpers

TODAY = date(2026, 11, 16)


def person_acc(session, counsellor, last_name, *codes, phase="orientation", status=None, **kw):
    acc = factories.accompaniment(
        session,
        counsellor,
        factories.person(session, last_name=last_name, **kw),
        phase=phase,
        status=status,
    )
    if codes:
        helpers.aspire(session, acc, *codes)
    return acc


def names(matches):
    return [m.person_name for m in matches]


def reasons(match):
    return [r.text for r in match.reasons]


def test_exact_code_beats_domain_then_alphabetical(session, counsellor):
    person_acc(session, counsellor, "Zola", "K2204")
    person_acc(session, counsellor, "Abel", "K2201")
    person_acc(session, counsellor, "Martin", "N1103")
    person_acc(session, counsellor, "Bernard")
    offer = helpers.opportunity(session, rome_code="K2204")

    ranked = candidates_for(session, offer, today=TODAY)

    assert names(ranked) == ["ZOLA Élodie", "ABEL Élodie", "BERNARD Élodie", "MARTIN Élodie"]
    assert [m.score for m in ranked] == [40, 20, 0, 0]
    assert reasons(ranked[0]) == ["Code ROME identique (K2204)"]
    assert reasons(ranked[1]) == ["Même domaine (K22)"]
    assert reasons(ranked[2]) == ["Aucun code ROME au diagnostic"]
    assert reasons(ranked[3]) == ["Projet professionnel dans un autre domaine"]


def test_no_licence_ranks_lower_for_a_place_without_transport(session, counsellor):
    person_acc(session, counsellor, "Aubry", "H3302")
    person_acc(session, counsellor, "Weber", "H3302", driving_licence=True, has_vehicle=True)
    person_acc(session, counsellor, "Morel", "H3302", driving_licence=True)
    remote = helpers.opportunity(
        session,
        title="Opérateur·rice de production",
        rome_code="H3302",
        reachable_by_public_transport=False,
        place="Zone industrielle de Loon-Plage",
    )
    ranked = candidates_for(session, remote, today=TODAY)
    assert names(ranked) == ["WEBER Élodie", "MOREL Élodie", "AUBRY Élodie"]
    assert [m.score for m in ranked] == [50, 30, 20]
    assert reasons(ranked[0])[-1] == "Permis B et véhicule"
    assert reasons(ranked[1])[-1] == "Permis B sans véhicule : lieu peu desservi"
    assert reasons(ranked[2])[-1] == "Pas de permis : lieu peu desservi"

    served = helpers.opportunity(session, rome_code="H3302", reachable_by_public_transport=True)
    ranked = candidates_for(session, served, today=TODAY)
    assert names(ranked) == ["AUBRY Élodie", "MOREL Élodie", "WEBER Élodie"]
    assert {m.score for m in ranked} == {40}

    licence = helpers.opportunity(session, rome_code="H3302", needs_licence=True)
    aubry = candidates_for(session, licence, today=TODAY)[-1]
    assert aubry.person_name == "AUBRY Élodie" and aubry.score == 10 and aubry.has_warning
    assert "Pas de permis : permis B exigé" in reasons(aubry)


def test_strong_childcare_barrier_is_flagged_for_shifted_hours(session, counsellor):
    parent = person_acc(session, counsellor, "Leroy", "N1103")
    helpers.barrier(session, parent, "contraintes_familiales")
    lifted = person_acc(session, counsellor, "Fontaine", "N1103")
    helpers.barrier(session, lifted, "contraintes_familiales", status="leve")
    person_acc(session, counsellor, "Girard", "N1103", children_under_6=1)
    nights = helpers.opportunity(
        session,
        title="Préparateur·rice de commandes (nuit)",
        rome_code="N1103",
        channel="interim",
        shifted_hours=True,
    )
    ranked = {m.person_name: m for m in candidates_for(session, nights, today=TODAY)}
    leroy = ranked["LEROY Élodie"]
    assert leroy.has_warning and leroy.score == 20
    assert "Frein garde d'enfants fort : horaires décalés" in reasons(leroy)
    assert not ranked["FONTAINE Élodie"].has_warning and ranked["FONTAINE Élodie"].score == 40
    girard = ranked["GIRARD Élodie"]
    assert not girard.has_warning and girard.score == 35
    assert "Enfant de moins de 6 ans : horaires décalés" in reasons(girard)

    days = helpers.opportunity(session, rome_code="N1103", shifted_hours=False)
    leroy = next(
        m for m in candidates_for(session, days, today=TODAY) if m.person_name == "LEROY Élodie"
    )
    assert not leroy.has_warning and leroy.score == 35
    assert reasons(leroy)[-1] == "Frein fort : Contraintes familiales (garde d'enfants)"


def test_phase_emploi_first(session, counsellor):
    person_acc(session, counsellor, "Adam", "K2204", phase="formation")
    person_acc(session, counsellor, "Bruno", "K2204")
    person_acc(session, counsellor, "Caron", "K2204", phase="emploi")
    offer = helpers.opportunity(session)
    ranked = candidates_for(session, offer, today=TODAY)
    assert names(ranked) == ["CARON Élodie", "BRUNO Élodie", "ADAM Élodie"]
    assert [m.score for m in ranked] == [55, 40, 30]
    assert "Phase emploi" in reasons(ranked[0])


def test_only_active_people_not_yet_positioned(session, counsellor):
    person_acc(session, counsellor, "Actif", "K2204")
    positioned = person_acc(session, counsellor, "Positionne", "K2204")
    person_acc(session, counsellor, "Pause", "K2204", status="en_attente")
    factories.accompaniment(
        session, counsellor, factories.person(session, last_name="Nouveau"), entry=None
    )
    offer = helpers.opportunity(session)
    session.add(Positioning(accompaniment=positioned, opportunity=offer, proposed_on=TODAY))
    session.flush()
    assert names(candidates_for(session, offer, today=TODAY)) == ["ACTIF Élodie"]
    assert offers_for(session, positioned, today=TODAY) == []


def test_other_counsellors_people_are_invisible(session, counsellor):
    other = factories.user(session, Role.COUNSELLOR)
    person_acc(session, counsellor, "Mien", "K2204")
    person_acc(session, other, "Autre", "K2204")
    offer = helpers.opportunity(session)
    mine = candidates_for(session, offer, today=TODAY, counsellor_id=counsellor.counsellor.id)
    assert names(mine) == ["MIEN Élodie"]
    assert names(candidates_for(session, offer, today=TODAY)) == ["AUTRE Élodie", "MIEN Élodie"]


def test_offers_for_a_person(session, counsellor):
    acc = person_acc(session, counsellor, "Durand", "K2204", "N1103")
    employer = helpers.employer(session, "Propreté Flandre")
    exact = helpers.opportunity(session, employer, title="Agent·e d'entretien", rome_code="K2204")
    domain = helpers.opportunity(session, employer, title="Laveur·se de vitres", rome_code="K2202")
    other = helpers.opportunity(session, employer, title="Soudeur·se", rome_code="H2913")
    helpers.opportunity(session, employer, title="Pourvue", rome_code="K2204", status="pourvue")
    helpers.opportunity(
        session,
        employer,
        title="Expirée",
        rome_code="K2204",
        start_date=date(2026, 9, 1),
        end_date=date(2026, 11, 1),
    )
    ranked = offers_for(session, acc, today=TODAY)
    assert [m.opportunity_id for m in ranked] == [exact.id, domain.id, other.id]
    assert [m.score for m in ranked] == [40, 20, 0]
    assert ranked[0].employer_name == "Propreté Flandre"
    assert offers_for(session, acc, today=TODAY, limit=1)[0].opportunity_id == exact.id


def test_one_statement_whatever_the_number_of_people(session, counsellor, count_queries):
    for i in range(30):
        acc = person_acc(session, counsellor, f"Masse{i:02d}", "K2204" if i % 2 else "K2201")
        if i % 3 == 0:
            helpers.barrier(session, acc, "sante")
    offer = helpers.opportunity(session)
    with count_queries() as counter:
        ranked = candidates_for(session, offer, today=TODAY)
    assert len(ranked) == 30 and counter.count == 1
    assert ranked[0].person_name == "MASSE01 Élodie" and ranked[0].score == 40
    assert ranked[-1].score == 15 and reasons(ranked[-1])[-1] == "Frein fort : Santé"
