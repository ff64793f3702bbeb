"""Orientation lists without "Sexe" (or with empty sex cells): the people are created with the
sex "à compléter", the preview says so per column, a later list that gives it completes it and
one without it never erases it."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from imports.preview import prepare
from schema import ImportBatch, Orientation, Person
from schema.enums import Role
from tests import factories
from tests.imports.files import TODAY, csv_bytes, xlsx_bytes

URL = "/console/import/"
NO_SEX = ["Nom", "Prénom", "Date de naissance", "Date d'orientation", "Parcours", "N° CAF"]
WITH_SEX = [*NO_SEX[:2], "Sexe", *NO_SEX[2:]]
SEX_NOTE = (
    "Sexe : colonne absente du fichier — à compléter : demandé au premier rendez-vous ; la fiche "
    "de la personne et l'onglet « Incomplets » du fichier FSE+ le signalent ; un import "
    "ultérieur qui le donne le complète, un import sans lui ne l'efface jamais."
)


def _no_sex_rows() -> list[list]:
    return [
        NO_SEX,
        ["Durand", "Léa", "01/02/1980", "15/10/2026", "Professionnel", "9100001"],
        ["Moreau", "Yanis", "12/12/1990", "16/10/2026", "Social", "9100002"],
    ]


def _with_sex_rows(sexes: tuple[str | None, str | None] = ("F", "H")) -> list[list]:
    return [
        WITH_SEX,
        ["Durand", "Léa", sexes[0], "01/02/1980", "15/10/2026", "Professionnel", "9100001"],
        ["Moreau", "Yanis", sexes[1], "12/12/1990", "16/10/2026", "Social", "9100002"],
    ]


def _people(session) -> list[tuple[str, str | None]]:
    return [
        (p.last_name, p.sex)
        for p in session.scalars(select(Person).order_by(Person.last_name)).all()
    ]


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _cli(app, tmp_path, rows: list[list], *args: str, name: str = "liste.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    result = app.test_cli_runner().invoke(args=["import", "orientations", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.output


# --- Preview -------------------------------------------------------------------------------


def test_preview_of_a_list_without_sex_notes_each_missing_column(session, ref):
    preview = prepare(session, csv_bytes(_no_sex_rows()), "liste.csv", TODAY)
    assert [(p.line, p.action.value) for p in preview.planned] == [(2, "create"), (3, "create")]
    assert preview.planned[0].reason == (
        "Nouvelle personne, orientation et accompagnement à affecter. "
        "Sexe à compléter (au premier rendez-vous)."
    )
    notes = {n.column.field: n for n in preview.notes}
    assert notes["sex"].text == SEX_NOTE
    assert (notes["sex"].absent, notes["sex"].empty_lines) == (True, 2)
    # the items the programme completes later come first: sex, phone, e-mail
    assert [n.column.field for n in preview.notes[:3]] == ["sex", "phone", "email"]
    assert "caf_number" not in notes  # present and filled on every line
    assert _count(session, Person) == 0  # the preview writes nothing


def test_empty_sex_cells_are_noted_per_line_count(session, ref):
    rows = _with_sex_rows(("F", None))
    preview = prepare(session, csv_bytes(rows), "liste.csv", TODAY)
    assert [p.action.value for p in preview.planned] == ["create", "create"]
    note = next(n for n in preview.notes if n.column.field == "sex")
    assert (note.absent, note.empty_lines) == (False, 1)
    assert note.text.startswith("Sexe : vide sur 1 ligne(s) — à compléter : ")


def test_an_unreadable_sex_is_still_an_error(session, ref):
    preview = prepare(session, csv_bytes(_with_sex_rows(("F", "Z"))), "liste.csv", TODAY)
    assert [p.action.value for p in preview.planned] == ["create", "error"]
    assert preview.planned[1].reason == "Sexe : valeur inconnue « Z » (F, H ou X)."


def test_required_columns_are_identity_decision_date_and_path(session, ref):
    from imports.reading import FileRefused

    rows = [["Nom", "Prénom", "Date de naissance", "Parcours"], ["A", "B", "01/02/1980", "Social"]]
    with pytest.raises(FileRefused) as refused:
        prepare(session, csv_bytes(rows), "liste.csv", TODAY)
    assert str(refused.value) == "Colonne(s) obligatoire(s) absente(s) : « Date d'orientation »."


# --- CLI -----------------------------------------------------------------------------------


def test_cli_imports_a_list_without_sex_people_created_to_complete(app, session, ref, tmp_path):
    output = _cli(app, tmp_path, _no_sex_rows())
    assert f"Note — {SEX_NOTE}" in output
    assert "Total : Création 2, Mise à jour 0, Déjà importée 0, Erreur 0." in output
    assert _count(session, Person) == 0

    output = _cli(app, tmp_path, _no_sex_rows(), "--apply")
    assert "2 création(s), 0 mise(s) à jour, 0 déjà importée(s), 0 en erreur." in output
    assert _people(session) == [("Durand", None), ("Moreau", None)]
    assert _count(session, Orientation) == 2

    # re-applying the same list: nothing new, the sex stays unknown
    output = _cli(app, tmp_path, _no_sex_rows(), "--apply")
    assert "0 création(s), 0 mise(s) à jour, 2 déjà importée(s), 0 en erreur." in output
    assert _people(session) == [("Durand", None), ("Moreau", None)]


def test_cli_reimport_with_sex_completes_it_without_a_second_orientation(
    app, session, ref, tmp_path
):
    _cli(app, tmp_path, _no_sex_rows(), "--apply")
    output = _cli(app, tmp_path, _with_sex_rows(("F", None)), "--apply", name="liste2.csv")
    assert "0 création(s), 1 mise(s) à jour, 1 déjà importée(s), 0 en erreur." in output
    assert "éléments complétés : sexe." in output
    assert _people(session) == [("Durand", "F"), ("Moreau", None)]
    assert _count(session, Orientation) == 2  # the orientation was already there
    # idempotent: the same list again changes nothing more
    output = _cli(app, tmp_path, _with_sex_rows(("F", None)), "--apply", name="liste2.csv")
    assert "0 création(s), 0 mise(s) à jour, 2 déjà importée(s), 0 en erreur." in output


def test_reimport_without_sex_never_erases_a_known_sex(app, session, ref, tmp_path):
    _cli(app, tmp_path, _with_sex_rows(), "--apply")
    assert _people(session) == [("Durand", "F"), ("Moreau", "H")]
    # a new decision for the same people, in a list without the column
    rows = [NO_SEX, ["Durand", "Léa", "01/02/1980", "20/11/2026", "Professionnel", "9100001"]]
    output = _cli(app, tmp_path, rows, "--apply", name="liste3.csv")
    assert "0 création(s), 1 mise(s) à jour, 0 déjà importée(s), 0 en erreur." in output
    assert _people(session) == [("Durand", "F"), ("Moreau", "H")]
    assert _count(session, Orientation) == 3


def test_a_known_sex_contradicted_by_the_file_is_kept(session, ref):
    factories.person(
        session,
        last_name="Durand",
        first_name="Léa",
        sex="F",
        birth_date=date(1980, 2, 1),
        caf_number="9100001",
    )
    rows = [WITH_SEX, ["Durand", "Léa", "H", "01/02/1980", "20/11/2026", "Social", "9100001"]]
    (item,) = prepare(session, csv_bytes(rows), "liste.csv", TODAY).planned
    assert item.action.value == "update" and "sex" not in item.changes
    assert (
        "Sexe du fichier (Homme) différent de celui enregistré (Femme) : l'enregistré est conservé."
        in (item.reason)
    )


def test_cli_columns_says_what_is_required_and_what_is_completed_later(app):
    result = app.test_cli_runner().invoke(args=["import", "columns"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Obligatoires : l'identité qui retrouve la personne")
    sex = lines.index(
        "Sexe (à compléter plus tard) : F, H ou X (accepte aussi Madame / Monsieur, Mme / M.)"
    )
    assert lines[sex + 1].startswith("    si absente ou vide : à compléter : demandé au premier")
    assert any(line.startswith("Date d'orientation (obligatoire) : ") for line in lines)
    assert (
        "    si absente ou vide : fichier refusé sans cette colonne, ligne refusée si sa "
        "cellule est vide" in lines
    )
    assert any(line.startswith("N° allocataire CAF (facultative) : ") for line in lines)


# --- Page ----------------------------------------------------------------------------------


@pytest.fixture
def import_folder(app, tmp_path):
    previous = app.config.get("IMPORT_FOLDER")
    app.config["IMPORT_FOLDER"] = str(tmp_path / "imports")
    yield tmp_path / "imports"
    app.config["IMPORT_FOLDER"] = previous


def test_page_imports_a_list_without_sex(client, session, ref, login, import_folder):
    token = login(factories.user(session, Role.MANAGER))
    index = html.unescape(client.get(URL).get_data(as_text=True))
    assert "Si la colonne est absente ou la cellule vide" in index
    sex_row = re.search(r'<tr data-field="sex">(.*?)</tr>', index, re.S).group(1)
    assert "Non, à compléter plus tard" in sex_row
    assert "demandé au premier rendez-vous" in sex_row
    assert "Obligatoires : l'identité qui retrouve la personne" in index

    response = client.post(
        URL,
        data={"csrf_token": token, "file": (io.BytesIO(xlsx_bytes(_no_sex_rows())), "liste.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    page = html.unescape(client.get(preview_url).get_data(as_text=True))
    assert re.findall(r'data-line="(\d+)" data-action="(\w+)"', page) == [
        ("2", "create"),
        ("3", "create"),
    ]
    assert '<li data-field="sex" data-empty="2" class="font-weight-bold">' + SEX_NOTE in page
    assert "Appliquer (2 ligne(s) à enregistrer)" in page
    assert _count(session, Person) == 0

    response = client.post(
        preview_url.replace("/apercu/", "/appliquer/"), data={"csrf_token": token}
    )
    assert response.status_code == 302
    batch = session.scalars(select(ImportBatch)).one()
    assert (batch.created_count, batch.error_count) == (2, 0)
    assert _people(session) == [("Durand", None), ("Moreau", None)]
