"""``ensemble import orientations FILE [--apply]`` and ``ensemble import columns``."""

from __future__ import annotations

from sqlalchemy import func, select

from schema import AuditLog, ImportBatch, Person
from tests.imports.files import billion_laughs_xlsx, csv_bytes, simple_rows, wide_csv


def _rows() -> list[list]:
    rows = simple_rows(2)
    rows.append(["Nom9", "Alex", "F", "01/02/1980", "15/10/2025", "Aucun", "9000009"])
    return rows


def _people(session) -> int:
    return session.scalar(select(func.count()).select_from(Person))


def test_dry_run_prints_the_preview_and_writes_nothing(app, session, ref, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_bytes(_rows(), encoding="cp1252"))
    result = app.test_cli_runner().invoke(args=["import", "orientations", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "Ligne",
        "Action",
        "Personne",
        "N°",
        "CAF",
        "Orientation",
        "Parcours",
        "Détail",
    ]
    assert lines[1].startswith("2       Création")
    assert "NOM0 Alex (01/02/1980)" in lines[1]
    assert lines[3].startswith("4       Erreur")
    assert lines[3].endswith("Parcours : parcours inconnu « Aucun ».")
    assert "Total : Création 2, Mise à jour 0, Déjà importée 0, Erreur 1." in result.output
    assert "Aperçu seulement : rien n'a été enregistré" in result.output
    assert _people(session) == 0


def test_apply_writes_audits_and_is_idempotent(app, session, ref, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_bytes(_rows()))
    report = tmp_path / "erreurs.xlsx"
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["import", "orientations", str(path), "--apply", "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "0 mise(s) à jour, 0 déjà importée(s), 1 en erreur." in result.output
    assert report.is_file()
    assert _people(session) == 2
    batch = session.scalars(select(ImportBatch)).one()
    assert (batch.user_id, batch.created_count, batch.error_count) == (None, 2, 1)
    assert batch.user_label.startswith("ligne de commande (")
    audit = session.scalars(select(AuditLog).where(AuditLog.action == "import")).one()
    assert audit.entity_id == batch.id

    again = runner.invoke(args=["import", "orientations", str(path), "--apply"])
    assert again.exit_code == 0, again.output
    assert "Total : Création 0, Mise à jour 0, Déjà importée 2, Erreur 1." in again.output
    assert "Ce fichier a déjà été importé le" in again.output
    assert _people(session) == 2


def test_refused_files_exit_non_zero_with_a_french_message(app, session, ref, tmp_path):
    runner = app.test_cli_runner()
    for name, data, message in (
        ("bombe.xlsx", billion_laughs_xlsx(), "déclarations XML interdites"),
        ("large.csv", wide_csv(), "trop de colonnes"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        result = runner.invoke(args=["import", "orientations", str(path), "--apply"])
        assert result.exit_code == 1
        assert "Fichier refusé :" in result.output and message in result.output
    missing = runner.invoke(args=["import", "orientations", str(tmp_path / "absent.csv")])
    assert missing.exit_code == 1
    assert "Fichier illisible" in missing.output
    assert _people(session) == 0


def test_columns_command_lists_synonyms(app):
    result = app.test_cli_runner().invoke(args=["import", "columns"])
    assert result.exit_code == 0
    assert "N° allocataire CAF (facultative)" in result.output
    assert "num_caf" in result.output
    assert "Date d'orientation (obligatoire)" in result.output
