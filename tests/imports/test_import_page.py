"""The page "Importer des orientations": roles, upload -> preview -> apply -> result, refusals."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from schema import Accompaniment, AuditLog, ImportBatch, Orientation, Person
from schema.enums import Role
from tests import factories
from tests.imports.files import (
    billion_laughs_xlsx,
    binary_blob,
    csv_bytes,
    macro_xlsx,
    simple_rows,
    wide_csv,
    xlsx_bytes,
    zip_bomb_xlsx,
)

URL = "/console/import/"


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path):
    previous = app.config.get("IMPORT_FOLDER")
    app.config["IMPORT_FOLDER"] = str(tmp_path / "imports")
    yield tmp_path / "imports"
    app.config["IMPORT_FOLDER"] = previous


def _rows(decision: str = "15/10/2025") -> list[list]:
    rows = simple_rows(3, decision=decision)
    rows.append(["Nom9", "Alex", "F", "31/02/1980", decision, "Professionnel", "9000009"])
    return rows


def _upload(client, token: str, data: bytes, name: str):
    return client.post(
        URL,
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MANAGER, 200),
        (Role.ADMIN, 403),  # accounts and reference lists only: the preview names people
        (Role.COUNSELLOR, 403),
        (Role.BACKOFFICE, 403),
        (Role.FUNDER, 403),
    ],
)
def test_only_the_manager_may_import(client, session, ref, login, role, status):
    token = login(factories.user(session, role))
    assert client.get(URL).status_code == status
    assert client.get(URL + "modele.xlsx").status_code == status
    response = _upload(client, token, csv_bytes(_rows()), "liste.csv")
    assert response.status_code == (302 if status == 200 else 403)
    assert client.post(URL + "appliquer/" + "0" * 32, data={"csrf_token": token}).status_code == (
        302 if status == 200 else 403
    )
    assert _count(session, Person) == 0
    menu = client.get("/console/", follow_redirects=True).get_data(as_text=True)
    assert ("Importer des orientations" in menu) is (status == 200)


def test_page_lists_expected_columns_and_template(client, session, ref, login):
    login(factories.user(session, Role.MANAGER))
    html = client.get(URL).get_data(as_text=True)
    assert "N° allocataire, Numéro allocataire, Numéro CAF, N° CAF, num_caf" in html
    template = client.get(URL + "modele.xlsx")
    assert template.status_code == 200
    workbook = load_workbook(io.BytesIO(template.data), read_only=True)
    headers = next(workbook["Orientations"].iter_rows(values_only=True))
    assert headers[:4] == (
        "N° allocataire CAF",
        "Rôle CAF",
        "Identifiant Parcours Solidarités",
        "Sexe",
    )
    described = list(workbook["Colonnes attendues"].iter_rows(values_only=True))
    assert described[1][:2] == ("N° allocataire CAF", "Non")
    assert ("Date d'orientation", "Oui") in [r[:2] for r in described]


def test_upload_preview_apply_result(client, session, ref, login, import_folder):
    manager = factories.user(session, Role.MANAGER)
    token = login(manager)
    data = xlsx_bytes(_rows())
    response = _upload(client, token, data, "orientations oct.xlsx")
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    assert re.search(r"/console/import/apercu/[0-9a-f]{32}$", preview_url)
    assert len(list(import_folder.glob("*.upload"))) == 1

    html = client.get(preview_url).get_data(as_text=True)
    assert re.findall(r'data-line="(\d+)" data-action="(\w+)"', html) == [
        ("2", "create"),
        ("3", "create"),
        ("4", "create"),
        ("5", "error"),
    ]
    assert "Date de naissance : date impossible « 31/02/1980 »." in html
    assert "Appliquer (3 ligne(s) à enregistrer)" in html
    assert _count(session, Person) == 0  # the preview writes nothing

    report = client.get(preview_url + "/rapport.xlsx")
    assert report.status_code == 200
    assert _count(session, Person) == 0

    apply_url = preview_url.replace("/apercu/", "/appliquer/")
    response = client.post(apply_url, data={"csrf_token": token})
    assert response.status_code == 302
    batch = session.scalars(select(ImportBatch)).one()
    assert response.headers["Location"].endswith(f"/console/import/resultat/{batch.id}")
    assert (batch.user_id, batch.file_name, batch.rows_total) == (
        manager.id,
        "orientations oct.xlsx",
        4,
    )
    assert (batch.created_count, batch.updated_count, batch.skipped_count, batch.error_count) == (
        3,
        0,
        0,
        1,
    )
    assert _count(session, Person) == 3
    orientations = session.scalars(select(Orientation).order_by(Orientation.import_line)).all()
    assert [(o.import_line, o.decision_date) for o in orientations] == [
        (2, date(2025, 10, 15)),
        (3, date(2025, 10, 15)),
        (4, date(2025, 10, 15)),
    ]
    assert list(import_folder.glob("*.upload")) == []  # the upload is gone once applied

    audit = session.scalars(select(AuditLog).where(AuditLog.action == "import")).one()
    assert (audit.user_id, audit.entity_id) == (manager.id, batch.id)
    assert audit.detail == (
        "fichier « orientations oct.xlsx » : 3 création(s), 0 mise(s) à jour, "
        "0 déjà importée(s), 1 en erreur"
    )

    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<td data-count="created">3</td>' in result
    assert '<td data-count="errors">1</td>' in result
    report = client.get(f"{URL}resultat/{batch.id}/rapport.xlsx")
    assert report.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(report.data), read_only=True).active.iter_rows(values_only=True)
    )
    assert rows[0][:4] == ("Ligne du fichier", "Motif du refus", "Nom", "Prénom")
    assert rows[1] == (
        5,
        "Date de naissance : date impossible « 31/02/1980 ».",
        "Nom9",
        "Alex",
        "F",
        "31/02/1980",
        "15/10/2025",
        "Professionnel",
        "9000009",
    )
    assert len(rows) == 2

    # Applying the same token again: the file is gone, nothing more is written.
    again = client.post(apply_url, data={"csrf_token": token}, follow_redirects=True)
    assert "Ce fichier n'est plus disponible" in _text(again)
    assert _count(session, Person) == 3

    # Importing the same file again creates nothing new.
    response = _upload(client, token, data, "orientations oct.xlsx")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ce même fichier a déjà été importé" in html
    assert re.findall(r'data-action="(\w+)"', html)[-4:] == ["skip", "skip", "skip", "error"]
    client.post(
        response.headers["Location"].replace("/apercu/", "/appliquer/"), data={"csrf_token": token}
    )
    assert (
        _count(session, Person),
        _count(session, Orientation),
        _count(session, Accompaniment),
    ) == (3, 3, 3)


def test_another_manager_cannot_apply_my_upload(client, session, ref, login):
    token = login(factories.user(session, Role.MANAGER))
    preview_url = _upload(client, token, csv_bytes(_rows()), "l.csv").headers["Location"]
    client.post("/deconnexion", data={"csrf_token": token})
    token = login(factories.user(session, Role.MANAGER))
    response = client.post(
        preview_url.replace("/apercu/", "/appliquer/"),
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "Ce fichier n'est plus disponible" in _text(response)
    assert _count(session, Person) == 0


def test_cancel_deletes_the_upload(client, session, ref, login, import_folder):
    token = login(factories.user(session, Role.MANAGER))
    preview_url = _upload(client, token, csv_bytes(_rows()), "l.csv").headers["Location"]
    response = client.post(
        preview_url.replace("/apercu/", "/annuler/"),
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "Import abandonné : rien n'a été enregistré." in _text(response)
    assert list(import_folder.iterdir()) == []


def test_apply_without_csrf_is_refused(client, session, ref, login):
    token = login(factories.user(session, Role.MANAGER))
    preview_url = _upload(client, token, csv_bytes(_rows()), "l.csv").headers["Location"]
    response = client.post(preview_url.replace("/apercu/", "/appliquer/"))
    assert response.status_code == 400
    assert _count(session, Person) == 0


def test_a_database_failure_while_applying_writes_nothing(client, session, ref, login, monkeypatch):
    from admin.views import imports as view_module
    from imports.applying import apply_plan

    def failing_apply(db_session, planned, source):
        batch = apply_plan(db_session, planned, source)
        db_session.add(Person(sex="F", last_name="X", first_name="Y", birth_date=None))
        db_session.flush()  # NOT NULL violated after every valid line was written
        return batch

    monkeypatch.setattr(view_module, "apply_plan", failing_apply)
    token = login(factories.user(session, Role.MANAGER))
    preview_url = _upload(client, token, csv_bytes(_rows()), "l.csv").headers["Location"]
    response = client.post(
        preview_url.replace("/apercu/", "/appliquer/"),
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "L'import a échoué : rien n'a été enregistré." in _text(response)
    assert (
        _count(session, Person),
        _count(session, Orientation),
        _count(session, ImportBatch),
    ) == (0, 0, 0)


HOSTILE = {
    "zip bomb": (zip_bomb_xlsx, "liste.xlsx", "possible « bombe zip »"),
    "billion laughs": (billion_laughs_xlsx, "liste.xlsx", "déclarations XML interdites"),
    "xlsm": (macro_xlsx, "liste.xlsm", "macros"),
    "100 000 columns": (wide_csv, "liste.csv", "trop de colonnes"),
    "binary renamed .xlsx": (binary_blob, "liste.xlsx", "n'est pas un classeur Excel"),
    "no header": (
        lambda: csv_bytes([["a", "b"], ["c", "d"]]),
        "l.csv",
        "Ligne d'en-tête introuvable",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused_and_the_server_still_answers(client, session, ref, login, name):
    build, file_name, message = HOSTILE[name]
    token = login(factories.user(session, Role.MANAGER))
    response = _upload(client, token, build(), file_name)
    assert response.status_code == 400
    assert message in _text(response)
    assert (_count(session, Person), _count(session, ImportBatch)) == (0, 0)
    refused = session.scalars(select(AuditLog).where(AuditLog.action == "import_refused")).one()
    assert refused.detail.startswith(f"{file_name} : ")
    # The server still answers, and a good file still goes through.
    assert client.get(URL).status_code == 200
    assert _upload(client, token, csv_bytes(_rows()), "ok.csv").status_code == 302


def test_upload_without_file_keeps_the_page(client, session, ref, login):
    token = login(factories.user(session, Role.MANAGER))
    response = client.post(URL, data={"csrf_token": token}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choisissez un fichier .xlsx ou .csv." in response.get_data(as_text=True)
