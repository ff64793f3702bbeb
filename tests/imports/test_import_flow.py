"""A messy list from the Département: exact preview, exact writes, idempotence, all-or-nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from imports.applying import ImportSource, apply_plan
from imports.planning import RowAction
from imports.preview import prepare
from schema import Accompaniment, ImportBatch, Orientation, OrientationPath, Person
from tests import factories
from tests.imports.files import (
    EXPECTED_ACTIONS,
    EXPECTED_ERRORS,
    TODAY,
    csv_bytes,
    messy_rows,
    simple_rows,
    xlsx_bytes,
)


def _path(session, code: str) -> OrientationPath:
    return session.scalars(select(OrientationPath).where(OrientationPath.code == code)).one()


@pytest.fixture
def existing(session, ref):
    """People the database already holds before the import."""
    pro = _path(session, "professionnel")
    martin = factories.person(
        session,
        last_name="Martin",
        first_name="Sophie",
        birth_date=date(1990, 1, 15),
        caf_number="0456789",
        phone="0600000000",
        postal_code="59240",
    )
    petit = factories.person(
        session,
        last_name="Petit",
        first_name="Paul",
        sex="H",
        birth_date=date(1975, 6, 1),
        caf_number="0567890",
    )
    factories.orientation(session, petit, date(2026, 10, 15), path=pro)
    durand = factories.person(
        session, last_name="Durand", first_name="Léa", birth_date=date(1988, 9, 9), caf_number=None
    )
    factories.accompaniment(session, factories.user(session), durand, d0=date(2026, 9, 1))
    return {"martin": martin, "petit": petit, "durand": durand}


def _counts(session) -> tuple[int, int, int]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Person, Orientation, Accompaniment)
    )


def _source(file_name: str = "orientations-novembre.xlsx") -> ImportSource:
    return ImportSource(file_name, "0" * 64, None, "test")


MESSY_FILES = {
    "xlsx": lambda: (xlsx_bytes(messy_rows()), "orientations.xlsx"),
    "csv-windows-1252": lambda: (
        csv_bytes(messy_rows(as_text=True), encoding="cp1252"),
        "orientations.csv",
    ),
    "csv-utf8-bom-comma": lambda: (
        csv_bytes(messy_rows(as_text=True), delimiter=",", bom=True),
        "ORIENTATIONS.CSV",
    ),
}


@pytest.mark.parametrize("kind", sorted(MESSY_FILES))
def test_messy_file_preview(session, existing, kind):
    data, name = MESSY_FILES[kind]()
    before = _counts(session)
    preview = prepare(session, data, name, TODAY)

    assert {p.line: p.action.value for p in preview.planned} == EXPECTED_ACTIONS
    errors = {p.line: p.reason for p in preview.planned if p.action == RowAction.ERROR}
    assert errors == EXPECTED_ERRORS
    assert preview.counts == {
        RowAction.CREATE: 3,
        RowAction.UPDATE: 2,
        RowAction.SKIP: 1,
        RowAction.ERROR: 5,
    }
    assert preview.mapping.header_index == 2  # under a title line and an empty line
    assert preview.mapping.ignored == ["Observations"]
    by_line = {p.line: p for p in preview.planned}
    dupont, benali, lefebvre = by_line[4].row, by_line[5].row, by_line[6].row
    assert (dupont.caf_number, dupont.postal_code, dupont.phone) == (
        "0123456",
        "59140",
        "0612345678",
    )
    assert (dupont.sex, dupont.caf_role, dupont.birth_date, dupont.decision_date) == (
        "F",
        "demandeur",
        date(1985, 3, 14),
        date(2026, 11, 2),
    )
    assert (benali.sex, benali.caf_role, benali.birth_date, benali.decision_date) == (
        "H",
        "conjoint",
        date(1979, 7, 22),
        date(2026, 11, 3),
    )
    assert benali.path_label == "Parcours socio-professionnel"
    assert (lefebvre.caf_number, lefebvre.postal_code) == ("2345678", "02100")
    assert (lefebvre.birth_date, lefebvre.decision_date) == (date(1979, 5, 25), date(2026, 11, 4))
    assert by_line[10].person_id == existing["martin"].id
    assert by_line[10].changes == {"phone": "0699887766"}
    assert by_line[10].new_accompaniment is True
    assert by_line[11].reason == (
        "Orientation du 15/10/2026 (Parcours professionnel) déjà enregistrée pour PETIT Paul."
    )
    assert by_line[13].person_id == existing["durand"].id
    assert by_line[13].changes == {"caf_number": "0678901"}
    assert by_line[13].new_accompaniment is False
    assert "Accompagnement en cours conservé." in by_line[13].reason
    assert _counts(session) == before  # a preview writes nothing


def test_apply_creates_exactly_the_valid_rows(session, existing):
    preview = prepare(session, xlsx_bytes(messy_rows()), "orientations.xlsx", TODAY)
    people, orientations, accompaniments = _counts(session)
    batch = apply_plan(session, preview.planned, _source())

    assert (batch.created_count, batch.updated_count, batch.skipped_count, batch.error_count) == (
        3,
        2,
        1,
        5,
    )
    assert batch.rows_total == 11
    assert _counts(session) == (people + 3, orientations + 5, accompaniments + 4)

    new = session.scalars(
        select(Person).where(Person.last_name.in_(["Dupont", "Benali", "Lefebvre"]))
    ).all()
    assert sorted((p.last_name, p.caf_number, p.postal_code, p.phone) for p in new) == [
        ("Benali", "7654321", "59430", "0611223344"),
        ("Dupont", "0123456", "59140", "0612345678"),
        ("Lefebvre", "2345678", "02100", None),
    ]
    imported = session.scalars(
        select(Orientation)
        .where(Orientation.import_batch_id == batch.id)
        .order_by(Orientation.import_line)
    ).all()
    assert [(o.import_line, o.decision_date) for o in imported] == [
        (4, date(2026, 11, 2)),
        (5, date(2026, 11, 3)),
        (6, date(2026, 11, 4)),
        (10, date(2026, 11, 6)),
        (13, date(2026, 11, 7)),
    ]
    to_assign = session.scalars(
        select(Accompaniment).where(Accompaniment.orientation_id.in_([o.id for o in imported]))
    ).all()
    # Durand keeps her open accompaniment: four new ones, "à contacter", no counsellor yet,
    # each on the orientation whose date is the D0 of the file.
    assert len(to_assign) == 4
    assert {(a.status, a.counsellor_id, a.entry_date) for a in to_assign} == {
        ("a_contacter", None, None)
    }
    assert {a.orientation.decision_date for a in to_assign} == {
        date(2026, 11, 2),
        date(2026, 11, 3),
        date(2026, 11, 4),
        date(2026, 11, 6),
    }
    session.refresh(existing["martin"])
    assert existing["martin"].phone == "0699887766"
    session.refresh(existing["durand"])
    assert existing["durand"].caf_number == "0678901"


def test_importing_twice_changes_nothing(session, existing):
    data = xlsx_bytes(messy_rows())
    apply_plan(session, prepare(session, data, "a.xlsx", TODAY).planned, _source())
    counts = _counts(session)
    versions = dict(session.execute(select(Person.id, Person.version)).all())

    again = prepare(session, data, "a.xlsx", TODAY)
    assert again.counts == {
        RowAction.CREATE: 0,
        RowAction.UPDATE: 0,
        RowAction.SKIP: 6,
        RowAction.ERROR: 5,
    }
    batch = apply_plan(session, again.planned, _source())
    assert (batch.created_count, batch.updated_count, batch.skipped_count) == (0, 0, 6)
    assert _counts(session) == counts
    assert dict(session.execute(select(Person.id, Person.version)).all()) == versions


def test_previous_import_of_the_same_file_is_reported(session, ref):
    data = xlsx_bytes(messy_rows())
    first = prepare(session, data, "a.xlsx", TODAY)
    assert first.previous == []
    batch = apply_plan(session, first.planned, ImportSource("a.xlsx", first.sha256, None, "x"))
    assert prepare(session, data, "b.xlsx", TODAY).previous == [batch]


def test_a_failure_while_applying_writes_nothing(session, existing):
    preview = prepare(session, xlsx_bytes(messy_rows()), "orientations.xlsx", TODAY)
    batches = session.scalar(select(func.count()).select_from(ImportBatch))
    # Another user opened an accompaniment for Martin meanwhile: the new one collides with it.
    factories.accompaniment(session, None, existing["martin"], entry=None)
    before = _counts(session)
    with pytest.raises(IntegrityError), session.begin_nested():
        apply_plan(session, preview.planned, _source())
    assert _counts(session) == before
    assert session.scalar(select(func.count()).select_from(ImportBatch)) == batches


def test_identity_conflicts_are_errors(session, ref):
    factories.person(
        session,
        last_name="Dupont",
        first_name="Élodie",
        birth_date=date(1985, 3, 15),
        caf_number="0123456",
    )
    preview = prepare(session, xlsx_bytes(messy_rows()), "orientations.xlsx", TODAY)
    line4 = next(p for p in preview.planned if p.line == 4)
    assert line4.action == RowAction.ERROR
    assert line4.reason == (
        "Le n° CAF 0123456 (demandeur) est celui de DUPONT Élodie, né·e le 15/03/1985 : "
        "la date de naissance du fichier diffère."
    )


def _statements(session, count_queries, rows: int, first: int) -> tuple[int, int, int]:
    data = xlsx_bytes(simple_rows(rows, first=first))
    with count_queries() as counter:
        preview = prepare(session, data, "f.xlsx", TODAY)
    planning = counter.count
    with count_queries() as counter:
        apply_plan(session, preview.planned, _source())
    # The stored rule states of the new accompaniments: a DELETE and an INSERT … ON CONFLICT;
    # then the stored counts of their counsellors: a DELETE and an INSERT (and a lock on
    # PostgreSQL, among the others).
    stored = [s for s in counter.statements if "rule_states" in s or "counsellor_counts" in s]
    assert [("counsellor_counts" in s) for s in stored] == [False, False, True, True], stored
    others = [s for s in counter.statements if s not in stored]
    inserts = [s for s in others if s.lstrip().upper().startswith("INSERT")]
    assert preview.counts[RowAction.CREATE] == rows
    return planning, len(others) - len(inserts), len(inserts)


def test_statement_counts_do_not_grow_with_the_file(session, ref, count_queries):
    small = _statements(session, count_queries, 3, first=0)
    large = _statements(session, count_queries, 60, first=100)
    # Preview and apply read a fixed number of times whatever the number of lines.
    assert small[:2] == large[:2]
    assert small[0] <= 5 and small[1] <= 2, small
    if session.bind.dialect.name == "postgresql":
        # Inserts are batched per table (SQLite gives up batching to keep RETURNING order).
        assert small[2] == large[2] == 4
