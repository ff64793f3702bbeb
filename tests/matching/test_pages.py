"""Pages of matching and placement: the opportunity page, "Positionner", positioning steps,
"Offres possibles", trainings — roles, scoping, French refusals, audit, statement counts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from schema import Accompaniment, AuditLog, Opportunity, Outcome, Positioning, Training
from schema.enums import Role
from tests import factories
from tests.conftest import csrf_from
from tests.matching import helpers

TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", TODAY)


@pytest.fixture
def manager(session, ref):
    return factories.user(session, Role.MANAGER)


@pytest.fixture
def offer(session):
    return helpers.opportunity(
        session,
        title="Agent·e de propreté",
        rome_code="K2204",
        contract_type=helpers.contract(session, "cdi"),
    )


def person_acc(session, counsellor, last_name, *codes):
    acc = factories.accompaniment(
        session, counsellor, factories.person(session, last_name=last_name)
    )
    if codes:
        helpers.aspire(session, acc, *codes)
    return acc


def position(client, offer, acc, back="offre"):
    page = client.get(f"/console/offres/{offer.id}/").get_data(as_text=True)
    return client.post(
        f"/console/offres/{offer.id}/positionner",
        data={"csrf_token": csrf_from(page), "accompaniment_id": str(acc.id), "back": back},
    )


def post_form(client, url, data):
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    fields = {"csrf_token": csrf_from(html), **data}
    if version:
        fields["version"] = version.group(1)
    return client.post(url, data=fields)


def test_counsellor_sees_and_positions_own_candidates(client, session, login, counsellor, offer):
    other = factories.user(session, Role.COUNSELLOR)
    mine = person_acc(session, counsellor, "Mien", "K2204")
    person_acc(session, other, "Autre", "K2204")
    login(counsellor)
    html = client.get(f"/console/offres/{offer.id}/").get_data(as_text=True)
    assert "Comment sont classés les candidats" in html
    assert "MIEN Élodie" in html and "AUTRE Élodie" not in html
    assert "Code ROME identique (K2204)" in html
    assert "K2204 — Nettoyage de locaux" in html

    response = position(client, offer, mine)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/console/offres/{offer.id}/")
    positioning = session.scalar(select(Positioning).where(Positioning.accompaniment_id == mine.id))
    assert (positioning.opportunity_id, positioning.status, positioning.proposed_on) == (
        offer.id,
        "propose",
        TODAY,
    )
    entry = session.scalar(select(AuditLog).where(AuditLog.action == "position"))
    assert (entry.user_id, entry.entity_id, entry.person_id) == (
        counsellor.id,
        positioning.id,
        mine.person_id,
    )
    html = client.get(f"/console/offres/{offer.id}/").get_data(as_text=True)
    assert "est positionné·e sur « Agent·e de propreté »" in html
    assert f'data-accompaniment="{mine.id}"' not in html  # no longer a candidate
    assert f'data-positioning="{positioning.id}" data-status="propose"' in html

    again = position(client, offer, mine)
    assert again.status_code == 302
    html = client.get(f"/console/offres/{offer.id}/").get_data(as_text=True)
    assert "Cette personne est déjà positionnée sur cette offre." in html


def test_counsellor_cannot_position_or_move_another_caseload(
    client, session, login, counsellor, offer
):
    other = factories.user(session, Role.COUNSELLOR)
    theirs = person_acc(session, other, "Autre", "K2204")
    login(counsellor)
    assert position(client, offer, theirs).status_code == 404
    assert session.scalar(select(func.count()).select_from(Positioning)) == 0
    positioning = Positioning(accompaniment=theirs, opportunity=offer, proposed_on=TODAY)
    session.add(positioning)
    session.flush()
    url = f"/console/placement/positionnement/{positioning.id}/candidature"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.MANAGER, 200), (Role.COUNSELLOR, 200), (Role.FUNDER, 403), (Role.BACKOFFICE, 403)],
)
def test_roles_of_the_opportunity_page(client, session, login, offer, ref, role, status):
    login(factories.user(session, role))
    assert client.get(f"/console/offres/{offer.id}/").status_code == status


def test_anonymous_is_sent_to_login(client, session, offer):
    response = client.get(f"/console/offres/{offer.id}/")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_steps_then_retained_and_leaving(client, session, login, counsellor, offer):
    acc = person_acc(session, counsellor, "Durand", "K2204")
    login(counsellor)
    position(client, offer, acc)
    p = session.scalar(select(Positioning))
    response = post_form(
        client,
        f"/console/placement/positionnement/{p.id}/entretien",
        {"on": "16/11/2026", "notes": "Entretien le 18/11"},
    )
    assert response.status_code == 302
    hire_url = f"/console/placement/positionnement/{p.id}/retenu"
    form = client.get(hire_url).get_data(as_text=True)
    assert 'value="16/11/2026"' in form and 'value="01/12/2026"' in form  # date, start
    cdi = helpers.contract(session, "cdi")
    reason = helpers.exit_reason(session, "cdi")
    assert f'<option selected value="{cdi.id}">' in form
    assert f'<option selected value="{reason.id}">' in form

    data = {
        "on": "16/11/2026",
        "contract_type": str(cdi.id),
        "job_start_date": "01/12/2026",
        "leaves": "y",
        "exit_reason": str(reason.id),
        "exit_date": "16/11/2026",
        "follow_ups": "",
    }
    refused = post_form(client, hire_url, data)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Les suites préconisées sont obligatoires pour clore un accompagnement." in html
    assert 'value="01/12/2026"' in html
    session.expire_all()
    assert session.get(Positioning, p.id).status == "entretien"
    assert session.get(Accompaniment, acc.id).status == "actif"

    response = post_form(client, hire_url, {**data, "follow_ups": "Suivi dans l'emploi à 1 mois"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/console/offres/{offer.id}/")
    session.expire_all()
    p = session.get(Positioning, p.id)
    assert (p.status, p.contract_type_id, p.job_start_date) == ("retenu", cdi.id, date(2026, 12, 1))
    closed = session.get(Accompaniment, acc.id)
    assert (closed.status, closed.exit_reason_id, closed.follow_ups) == (
        "clos",
        reason.id,
        "Suivi dans l'emploi à 1 mois",
    )
    outcome = session.scalar(select(Outcome).where(Outcome.accompaniment_id == acc.id))
    assert (outcome.employer_id, outcome.contract_type_id, outcome.situation_4_weeks) == (
        offer.employer_id,
        cdi.id,
        "emploi",
    )
    assert session.get(Opportunity, offer.id).status == "pourvue"
    assert session.scalar(select(AuditLog.user_id).where(AuditLog.action == "hire")) == (
        counsellor.id
    )
    html = client.get(f"/console/offres/{offer.id}/").get_data(as_text=True)
    assert (
        "Embauche enregistrée ; accompagnement clos (sortie en emploi) ; l&#39;offre est pourvue."
        in html
    )
    assert "CDI à partir du 01/12/2026" in html
    assert "Entretien le 16/11/2026" in html


def test_parcours_page_offers_and_trainings(
    client, session, login, counsellor, offer, count_queries
):
    acc = person_acc(session, counsellor, "Durand", "K2204")
    for i in range(3):
        helpers.opportunity(session, title=f"Offre {i}", rome_code="H2913")
    login(counsellor)
    html = client.get(f"/console/parcours/{acc.id}/").get_data(as_text=True)
    assert "Offres possibles" in html and "Agent·e de propreté" in html
    assert html.index("Agent·e de propreté") < html.index("Offre 0")

    response = position(client, offer, acc, back="parcours")
    assert response.headers["Location"].endswith(f"/console/parcours/{acc.id}/")

    response = post_form(
        client,
        f"/console/placement/parcours/{acc.id}/formation",
        {
            "scheme": str(helpers.scheme(session, "prf").id),
            "title": "Titre professionnel agent de propreté",
            "organisation": "AFPA",
            "qualifying": "y",
            "status": "positionne",
        },
    )
    assert response.status_code == 302
    training = session.scalar(select(Training).where(Training.accompaniment_id == acc.id))
    response = post_form(
        client, f"/console/placement/formation/{training.id}/entre", {"on": "16/11/2026"}
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Accompaniment, acc.id).phase == "formation"
    html = client.get(f"/console/parcours/{acc.id}/").get_data(as_text=True)
    assert "Le parcours passe en phase « Formation »." in html
    assert f'data-training="{training.id}" data-status="entre"' in html

    with count_queries() as counter:
        client.get(f"/console/parcours/{acc.id}/")
    few = counter.count
    for i in range(20):
        other = helpers.opportunity(session, title=f"Autre {i}", rome_code="N1103")
        if i % 2:
            session.add(Positioning(accompaniment=acc, opportunity=other, proposed_on=TODAY))
        factories.contact(session, acc)
    session.add(
        Training(
            accompaniment=acc, scheme=helpers.scheme(session), title="CACES", status="information"
        )
    )
    session.flush()
    with count_queries() as counter:
        client.get(f"/console/parcours/{acc.id}/")
    assert counter.count == few, (few, counter.count)


def test_opportunity_page_statement_count(client, session, login, manager, offer, count_queries):
    login(manager)
    counts = []
    for batch in (5, 40):
        for i in range(batch):
            acc = person_acc(session, factories.user(session), f"Masse{batch}{i:02d}", "K2204")
            if i % 4 == 0:
                session.add(Positioning(accompaniment=acc, opportunity=offer, proposed_on=TODAY))
        session.flush()
        with count_queries() as counter:
            assert client.get(f"/console/offres/{offer.id}/").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] and counts[0] <= 8, counts


def test_rome_code_is_validated_and_labelled(client, session, login, manager):
    employer = helpers.employer(session)
    login(manager)
    page = client.get("/console/opportunity/new/").get_data(as_text=True)
    assert '<datalist id="rome-codes">' in page and "K2204 — Nettoyage de locaux" in page
    data = {
        "csrf_token": csrf_from(page),
        "employer": str(employer.id),
        "title": "Soudeur·se",
        "channel": "interim",
        "positions": "1",
        "status": "ouverte",
        "rome_code": "K22O4",
        "reachable_by_public_transport": "y",
    }
    response = client.post("/console/opportunity/new/", data=data)
    html = response.get_data(as_text=True)
    assert "Un code ROME s&#39;écrit avec une lettre (A à N) et quatre chiffres" in html
    assert session.scalar(select(func.count()).select_from(Opportunity)) == 0

    response = client.post("/console/opportunity/new/", data={**data, "rome_code": " h2913 "})
    assert response.status_code == 302
    created = session.scalar(select(Opportunity))
    assert (created.rome_code, created.reachable_by_public_transport) == ("H2913", True)
    listing = client.get("/console/opportunity/").get_data(as_text=True)
    assert "H2913 — Soudage manuel" in listing
    assert f'href="/console/offres/{created.id}/"' in listing

    clause = {**data, "rome_code": "", "channel": "clause", "public_contract": "Marché"}
    html = client.post("/console/opportunity/new/", data=clause).get_data(as_text=True)
    assert "Pour une clause d&#39;insertion, indiquez les heures d&#39;insertion" in html
    html = client.post(
        "/console/opportunity/new/", data={**data, "rome_code": "", "insertion_hours": "100"}
    ).get_data(as_text=True)
    assert "ne se renseignent que pour une clause" in html


def test_dashboard_counts(client, session, login, manager, counsellor):
    clause = helpers.opportunity(
        session, channel="clause", public_contract="Lycée", insertion_hours=500
    )
    helpers.opportunity(session, channel="interim")
    helpers.opportunity(session, channel="interim", status="pourvue")
    acc = person_acc(session, counsellor, "Retenu", "K2204")
    old = person_acc(session, counsellor, "Ancien")
    session.add_all(
        [
            Positioning(
                accompaniment=acc,
                opportunity=clause,
                proposed_on=date(2026, 11, 2),
                status="retenu",
                status_on=date(2026, 11, 10),
                insertion_hours=350,
            ),
            Positioning(
                accompaniment=old,
                opportunity=clause,
                proposed_on=date(2026, 9, 2),
                status="retenu",
                status_on=date(2026, 9, 20),
                insertion_hours=100,
            ),
        ]
    )
    session.flush()
    login(manager)
    html = client.get("/console/tableau-de-bord/").get_data(as_text=True)

    def count(name):
        return re.search(rf'data-count="{name}">(\d+)<', html).group(1)

    assert (count("open"), count("positionings"), count("hires"), count("hires-year")) == (
        "2",
        "1",
        "1",
        "2",
    )
    assert (count("clause-hours"), count("clause-hours-year")) == ("350", "450")
    assert '<span data-channel="interim">Intérim : 1</span>' in html


@pytest.mark.parametrize("role", [Role.FUNDER, Role.BACKOFFICE, Role.ADMIN])
def test_other_roles_cannot_use_placement_actions(client, session, login, counsellor, offer, role):
    acc = person_acc(session, counsellor, "Durand", "K2204")
    positioning = Positioning(accompaniment=acc, opportunity=offer, proposed_on=TODAY)
    session.add(positioning)
    session.flush()
    login(factories.user(session, role))
    for url in (
        f"/console/placement/positionnement/{positioning.id}/candidature",
        f"/console/placement/parcours/{acc.id}/formation",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/console/offres/{offer.id}/positionner", data={}).status_code in (
        400,
        403,
    )
    assert session.scalar(select(func.count()).select_from(Positioning)) == 1


def test_funder_reads_positionings_without_offers_or_buttons(
    client, session, login, counsellor, offer
):
    acc = person_acc(session, counsellor, "Durand", "K2204")
    session.add(Positioning(accompaniment=acc, opportunity=offer, proposed_on=TODAY))
    session.flush()
    login(factories.user(session, Role.FUNDER))
    html = client.get(f"/console/parcours/{acc.id}/").get_data(as_text=True)
    assert 'id="positionings"' in html and "Agent·e de propreté" in html
    assert "Offres possibles" not in html and "Positionner" not in html
    assert "/console/placement/" not in html


def test_stale_step_is_refused(client, session, login, counsellor, offer):
    acc = person_acc(session, counsellor, "Durand", "K2204")
    login(counsellor)
    position(client, offer, acc)
    p = session.scalar(select(Positioning))
    url = f"/console/placement/positionnement/{p.id}/candidature"
    html = client.get(url).get_data(as_text=True)
    p.notes = "Modifié ailleurs"
    session.flush()
    response = client.post(
        url,
        data={"csrf_token": csrf_from(html), "version": "1", "on": "16/11/2026", "notes": "x"},
    )
    assert response.status_code == 200
    assert "modifié par quelqu&#39;un d&#39;autre" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Positioning, p.id).status == "propose"


def test_positioning_created_in_the_list_goes_through_the_operation(
    client, session, login, manager, counsellor
):
    from schema import Event, PositioningStep

    acc = person_acc(session, counsellor, "Durand")
    event = Event(name="Place des Solutions", event_date=date(2026, 12, 3), place="Kursaal")
    session.add(event)
    session.flush()
    login(manager)
    page = client.get("/console/positioning/new/").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "accompaniment": str(acc.id), "event": str(event.id)}
    assert client.post("/console/positioning/new/", data=data).status_code == 302
    created = session.scalar(select(Positioning).where(Positioning.event_id == event.id))
    assert (created.status, created.proposed_on) == ("propose", TODAY)
    assert (
        session.scalar(
            select(PositioningStep.status).where(PositioningStep.positioning_id == created.id)
        )
        == "propose"
    )
    html = client.post("/console/positioning/new/", data=data).get_data(as_text=True)
    assert "Cette personne est déjà positionnée sur cet événement." in html


def test_closing_later_starts_from_the_last_hire(client, session, login, counsellor, offer):
    acc = person_acc(session, counsellor, "Durand", "K2204")
    login(counsellor)
    position(client, offer, acc)
    p = session.scalar(select(Positioning))
    cdi = helpers.contract(session, "cdi")
    post_form(
        client,
        f"/console/placement/positionnement/{p.id}/retenu",
        {"on": "16/11/2026", "contract_type": str(cdi.id), "job_start_date": "01/12/2026"},
    )
    session.expire_all()
    assert session.get(Accompaniment, acc.id).status == "actif"
    form = client.get(f"/console/parcours/{acc.id}/cloture").get_data(as_text=True)
    reason = helpers.exit_reason(session, "cdi")
    assert f'<option selected value="{reason.id}">' in form
    assert f'<option selected value="{cdi.id}">' in form and 'value="01/12/2026"' in form
    response = post_form(
        client,
        f"/console/parcours/{acc.id}/cloture",
        {
            "exit_date": "16/11/2026",
            "exit_reason": str(reason.id),
            "situation": "emploi",
            "contract_type": str(cdi.id),
            "job_start_date": "01/12/2026",
            "follow_ups": "Aucune",
        },
    )
    assert response.status_code == 302
    outcome = session.scalar(select(Outcome).where(Outcome.accompaniment_id == acc.id))
    assert (outcome.employer_id, outcome.contract_type_id) == (offer.employer_id, cdi.id)
