"""The admin holds accounts and reference lists, never beneficiary data.

A counsellor exports the people list searching for one person, a manager previews an import
naming her: then the admin walks every GET page of the app it can reach (every route of the URL
map, every record of every list, every relation picker) and the journal's export, and no answer
names that person nor gives her CAF number. The journal hides people from the admin (no person
column, no detail, no filter on a person, no search in the detail) and keeps them for the manager;
the orientation import is the manager's alone; an export's audit entry names its filters and
counts its rows, never the values typed.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from sqlalchemy import inspect, select

from admin.views.base import SecuredModelView
from schema import AuditLog, ImportBatch
from schema.enums import Role
from tests import factories
from tests.imports.files import csv_bytes, simple_rows
from tests.security.records import world
from tests.security.routes import answer_text, fill, get_rules

FIRST_NAME, LAST_NAME, CAF = "Zéphyrine", "Quatrebarbes", "7654321"
# Searched in the lower-cased text of every answer: the name, its folded form, the CAF number.
NEEDLES = ("zéphyrine", "zephyrine", "quatrebarbes", CAF)
# A guessed line: someone else's name with her CAF number (the preview names who holds it).
GUESSED = ["Devine", "Alex", "F", "01/02/1980", "15/10/2025", "Professionnel", CAF]
IMPORT = "/console/import/"


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path):
    previous = app.config.get("IMPORT_FOLDER")
    app.config["IMPORT_FOLDER"] = str(tmp_path / "imports")
    yield tmp_path / "imports"
    app.config["IMPORT_FOLDER"] = previous


def names_her(response: Any) -> list[str]:
    text = answer_text(response)
    return [needle for needle in NEEDLES if needle in text]


def _upload(client, token: str, data: bytes, name: str = "liste.csv"):
    return client.post(
        IMPORT,
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _logout(client, token: str) -> None:
    assert client.post("/deconnexion", data={"csrf_token": token}).status_code == 302


@pytest.fixture
def seeded(client, session, login, ref) -> dict[str, Any]:
    """One record of every kind about her, a counsellor's export searching for her name (in
    the journal) and a manager's import: a preview naming her from her CAF number, a batch."""
    records = world(session, ref)
    person = records["person"]
    person.first_name, person.last_name, person.caf_number = FIRST_NAME, LAST_NAME, CAF
    person.commune = "Gravelines"
    session.flush()

    token = login(records["_counsellor"])
    assert client.get(f"/console/person/details/?id={person.id}").status_code == 200
    export = client.get(
        f"/console/person/export.xlsx?search={LAST_NAME}&flt0_commune_equals=Gravelines"
    )
    assert export.status_code == 200 and "quatrebarbes" in names_her(export)
    _logout(client, token)

    manager = factories.user(session, Role.MANAGER)
    token = login(manager)
    applied = _upload(client, token, csv_bytes(simple_rows(1)), "liste.csv")
    client.post(
        applied.headers["Location"].replace("/apercu/", "/appliquer/"), data={"csrf_token": token}
    )
    batch = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    guessed = _upload(client, token, csv_bytes([simple_rows(0)[0], GUESSED]), "devine.csv")
    preview_url = guessed.headers["Location"]
    # The side door, for a role that may see people: the preview names who holds the number.
    assert "quatrebarbes" in names_her(client.get(preview_url))
    _logout(client, token)

    records.update(
        _batch=batch, _preview_token=preview_url.rstrip("/").rsplit("/", 1)[-1], _manager=manager
    )
    return records


def _route_values(records: dict[str, Any]) -> dict[str, object]:
    """A value for every argument of the app's routes: the ids of her records."""
    return {
        "person_id": records["person"].id,
        "accompaniment_id": records["accompaniment"].id,
        "contact_id": records["contact"].id,
        "session_id": records["workshop_session"].id,
        "opportunity_id": records["opportunity"].id,
        "positioning_id": records["positioning"].id,
        "training_id": records["training"].id,
        "batch_id": records["_batch"].id,
        "token": records["_preview_token"],
        "export_type": "csv",
        "slug": "premier-rendez-vous",
        "status": "retenu",
    }


def _model_views(app) -> list[SecuredModelView]:
    console = app.extensions["admin"][0]
    return [view for view in console._views if isinstance(view, SecuredModelView)]


def every_admin_path(app, session, records: dict[str, Any]) -> list[str]:
    """Every GET route (ids filled with hers), every record of every list (details and edit
    forms), every relation picker asked for her name and number, the journal's export."""
    values = _route_values(records)
    paths = [fill(rule, values) for rule in get_rules(app)]
    for view in _model_views(app):
        key = inspect(view.model).primary_key[0]
        for record_id in session.scalars(select(key).order_by(key).limit(300)):
            paths += [f"{view.url}/details/?id={record_id}", f"{view.url}/edit/?id={record_id}"]
        for name in view._form_ajax_refs or {}:
            paths += [f"{view.url}/ajax/lookup/?name={name}&query={q}" for q in ("Quatre", "7654")]
    paths.append("/console/audit_log/export.xlsx")
    return list(dict.fromkeys(paths))


def test_admin_walks_every_page_and_never_sees_her(app, client, session, login, seeded):
    login(factories.user(session, Role.ADMIN))
    statuses: dict[str, int] = {}
    leaks: dict[str, list[str]] = {}
    for path in every_admin_path(app, session, seeded):
        response = client.get(path)
        statuses[path] = response.status_code
        if found := names_her(response):
            leaks[path] = found
    assert not [p for p, status in statuses.items() if status >= 500], "server errors"
    assert leaks == {}
    # The walk did reach the admin's pages, the journal holding the counsellor's export among them.
    export_entry = session.scalars(
        select(AuditLog).where(AuditLog.action == "export", AuditLog.entity == "Personnes")
    ).one()
    for path in (
        "/console/",
        "/console/user/",
        "/console/ref_rome/",
        "/console/counsellor/",
        "/console/audit_log/",
        f"/console/audit_log/details/?id={export_entry.id}",
        "/console/audit_log/export.xlsx",
    ):
        assert statuses[path] == 200, path
    assert statuses[f"/console/person/details/?id={seeded['person'].id}"] == 403
    assert statuses[f"{IMPORT}apercu/{seeded['_preview_token']}"] == 403
    assert sum(status == 200 for status in statuses.values()) > 40


def test_admin_journal_shows_no_person_nor_detail(client, session, login, seeded):
    person = seeded["person"]
    login(factories.user(session, Role.ADMIN))
    page = html.unescape(client.get("/console/audit_log/?page_size=100").get_data(as_text=True))
    assert "Export" in page and "Ouverture d'un dossier" in page  # the entries are listed
    assert "Personne n°" not in page and "Détail" not in page
    assert "commence par" not in page and '"Personne' not in page  # no filter on a person
    assert "Utilisateur·rice ou détail" not in page
    entry = session.scalars(select(AuditLog).where(AuditLog.entity == "Personnes")).one()
    details = client.get(f"/console/audit_log/details/?id={entry.id}").get_data(as_text=True)
    assert "Personne n°" not in details and "<b>Détail</b>" not in details
    assert "ligne(s)" not in details and "<b>Champs modifiés</b>" in details
    assert "Export" in details  # action, object, user, time remain

    export = client.get("/console/audit_log/export.xlsx")
    text = answer_text(export)
    assert "export" in text and "personne n°" not in text and "détail" not in text
    assert "ligne(s)" not in text and "gravelines" not in text

    def listed(query: str) -> list[str]:
        text = client.get(f"/console/audit_log/?page_size=100&{query}").get_data(as_text=True)
        return re.findall(r"details/\?id=(\d+)", text)

    # Neither the filters on a person nor the search in the detail answer for the admin: no
    # oracle on who is in the programme.
    everything = listed("")
    assert listed("flt0_personne_nom_commence_par=quatre") == everything
    assert listed("flt0_personne_nom_commence_par=nobody") == everything
    assert listed(f"flt0_personne_n_equals={person.id}") == everything
    assert listed("search=Gravelines") == listed("search=Nulle-part") == []


def test_manager_keeps_the_full_journal(client, session, login, seeded):
    person = seeded["person"]
    login(seeded["_manager"])
    page = html.unescape(client.get("/console/audit_log/").get_data(as_text=True))
    assert "Personne n°" in page and "commence par" in page
    entry = session.scalars(select(AuditLog).where(AuditLog.entity == "Personnes")).one()
    details = client.get(f"/console/audit_log/details/?id={entry.id}").get_data(as_text=True)
    assert "<b>Détail</b>" in details and "1 ligne(s)" in details
    read = session.scalars(select(AuditLog).where(AuditLog.action == "read")).first()
    details = client.get(f"/console/audit_log/details/?id={read.id}").get_data(as_text=True)
    assert re.search(rf"<b>Personne n°</b>\s*</td>\s*<td>\s*{person.id}\s*<", details)

    def listed(query: str) -> set[str]:
        text = client.get(f"/console/audit_log/?page_size=100&{query}").get_data(as_text=True)
        return set(re.findall(r"details/\?id=(\d+)", text))

    about_her = listed("flt0_personne_nom_commence_par=quatre")
    assert about_her and about_her == listed(f"flt0_personne_n_equals={person.id}")
    assert listed("flt0_personne_nom_commence_par=nobody") == set()
    assert str(entry.id) in listed("search=Personnes")  # the detail is searched
    text = answer_text(client.get("/console/audit_log/export.xlsx"))
    assert "personne n°" in text and "détail" in text


def test_export_audit_names_the_filters_and_counts_never_the_values(seeded, session):
    entry = session.scalars(
        select(AuditLog).where(AuditLog.action == "export", AuditLog.entity == "Personnes")
    ).one()
    assert entry.user_id == seeded["_counsellor"].id
    assert entry.detail == "Personnes — filtres : Commune ; recherche : oui — 1 ligne(s)"
    assert "quatre" not in entry.detail.lower() and "gravelines" not in entry.detail.lower()


def test_import_is_the_managers_alone(app, client, session, login, seeded):
    values = _route_values(seeded)
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("import_orientations.")]
    assert {r.endpoint.split(".")[1] for r in rules} >= {
        "index",
        "upload",
        "template",
        "preview",
        "preview_report",
        "cancel",
        "apply",
        "result",
        "result_report",
    }
    token = login(factories.user(session, Role.ADMIN))
    for rule in rules:
        path = fill(rule, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(path, data={"csrf_token": token})
            assert response.status_code == 403, (method, path)
            assert "Vous n'avez pas accès à cette page." in html.unescape(
                response.get_data(as_text=True)
            )
    guessed = _upload(client, token, csv_bytes([simple_rows(0)[0], GUESSED]), "devine.csv")
    assert guessed.status_code == 403 and names_her(guessed) == []
    menu = client.get("/console/", follow_redirects=True).get_data(as_text=True)
    assert "Importer des orientations" not in menu
    _logout(client, token)

    token = login(seeded["_manager"])
    assert "Importer des orientations" in client.get("/console/", follow_redirects=True).get_data(
        as_text=True
    )
    for path in (IMPORT, f"{IMPORT}modele.xlsx", f"{IMPORT}resultat/{seeded['_batch'].id}"):
        assert client.get(path).status_code == 200, path
    preview = f"{IMPORT}apercu/{seeded['_preview_token']}"
    assert client.get(preview).status_code == 200
    assert client.get(f"{preview}/rapport.xlsx").status_code == 200
    response = _upload(client, token, csv_bytes(simple_rows(1, first=5)))
    assert response.status_code == 302 and "/apercu/" in response.headers["Location"]
    response = client.post(
        response.headers["Location"].replace("/apercu/", "/appliquer/"), data={"csrf_token": token}
    )
    assert response.status_code == 302 and "/resultat/" in response.headers["Location"]
