"""Header synonyms and cell parsing: dates, identifiers that lost their zeros, paths, words."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from imports.columns import COLUMNS, field_for, find_header, header_key, map_headers
from imports.validation import (
    Invalid,
    PathCatalogue,
    parse_caf_number,
    parse_date,
    parse_phone,
    parse_postal_code,
    validate_rows,
)
from tests.imports.files import TODAY, serial


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("N° allocataire", "caf_number"),
        ("Numéro CAF", "caf_number"),
        ("num_caf", "caf_number"),
        ("  NUMERO   caf ", "caf_number"),
        ("N°ALLOCATAIRE", "caf_number"),
        ("Né(e) le", "birth_date"),
        ("DATE DE NAISSANCE", "birth_date"),
        ("Date de décision", "decision_date"),
        ("D0", "decision_date"),
        ("Type de parcours", "path"),
        ("Civilité", "sex"),
        ("Nom d'usage", "last_name"),
        ("prenom", "first_name"),
        ("Courriel", "email"),
        ("CP", "postal_code"),
        ("Identifiant PS", "ps_id"),
        ("Observations", None),
    ],
)
def test_headers_are_matched_tolerantly(header, field):
    assert field_for(header) == field


def test_header_keys_are_unique_across_columns():
    keys = [k for c in COLUMNS for k in c.keys]
    assert len(keys) == len(set(keys))
    assert header_key("N° allocataire") == "nallocataire"


def test_missing_and_duplicated_columns_are_explained():
    mapping = map_headers(["Nom", "Nom d'usage", "Prénom", "Date de naissance"])
    assert mapping.problems == [
        "Colonne(s) obligatoire(s) absente(s) : « Date d'orientation », « Parcours ».",
        "Plusieurs colonnes désignent « Nom » : « Nom », « Nom d'usage ». Gardez-en une seule.",
    ]


def test_header_is_found_under_title_lines():
    rows = [["Export Parcours Solidarités"], ["du 01/11/2026"], ["Nom", "Prénom", "Sexe", "x"]]
    mapping = find_header(rows)
    assert mapping is not None and mapping.header_index == 2
    assert find_header([["a", "b"], ["c"]]) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 11, 2, 0, 0), date(2026, 11, 2)),
        (date(2026, 11, 2), date(2026, 11, 2)),
        ("02/11/2026", date(2026, 11, 2)),
        ("2/11/2026", date(2026, 11, 2)),
        ("02.11.2026", date(2026, 11, 2)),
        ("02-11-2026", date(2026, 11, 2)),
        ("2026-11-02", date(2026, 11, 2)),
        ("2026-11-02 00:00:00", date(2026, 11, 2)),
        ("2026-11-02T10:30", date(2026, 11, 2)),
        (serial(date(2026, 11, 2)), date(2026, 11, 2)),
        (float(serial(date(2026, 11, 2))), date(2026, 11, 2)),
        (str(serial(date(1985, 3, 14))), date(1985, 3, 14)),
        (61, date(1900, 3, 1)),  # past Excel's fictitious 29/02/1900
    ],
)
def test_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2026", "date impossible « 31/02/2026 »"),
        ("2026-13-01", "date impossible « 2026-13-01 »"),
        ("02/11/26", "année sur 4 chiffres attendue « 02/11/26 » (JJ/MM/AAAA)"),
        ("demain", "date illisible « demain » (JJ/MM/AAAA attendu)"),
        (9_999_999, "date illisible « 9999999 »"),
        (True, "date illisible"),
    ],
)
def test_bad_dates(value, message):
    with pytest.raises(Invalid) as error:
        parse_date(value)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (123456, "0123456"),
        (123456.0, "0123456"),
        ("123456", "0123456"),
        ("012 3456", "0123456"),
        ("1234567", "1234567"),
        ("123456.0", "0123456"),
    ],
)
def test_caf_numbers_get_their_zeros_back(value, expected):
    assert parse_caf_number(value) == expected


@pytest.mark.parametrize("value", ["12345678", "12AB567", 0, 1234.5])
def test_bad_caf_numbers(value):
    with pytest.raises(Invalid, match="7 chiffres attendus"):
        parse_caf_number(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(59140, "59140"), (2100, "02100"), ("2100", "02100"), ("59 140", "59140")],
)
def test_postal_codes(value, expected):
    assert parse_postal_code(value) == expected


@pytest.mark.parametrize("value", ["591", "591400", "5914X"])
def test_bad_postal_codes(value):
    with pytest.raises(Invalid) as error:
        parse_postal_code(value)
    assert str(error.value) == f"valeur « {value} » invalide, 5 chiffres attendus"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (612345678, "0612345678"),
        ("06 12 34 56 78", "0612345678"),
        ("+33 6 12 34 56 78", "0612345678"),
        ("0033612345678", "0612345678"),
        ("03.28.00.00.00", "0328000000"),
    ],
)
def test_phones(value, expected):
    assert parse_phone(value) == expected


def _validate(rows):
    paths = PathCatalogue(
        {
            "professionnel": (1, "Parcours professionnel"),
            "socioprofessionnel": (2, "Parcours socio-professionnel"),
            "social": (3, "Parcours social"),
        }
    )
    mapping = find_header(rows)
    return validate_rows(rows, mapping, paths, TODAY)


HEAD = ["Nom", "Prénom", "Sexe", "Date de naissance", "Date d'orientation", "Parcours"]


@pytest.mark.parametrize(
    ("path", "path_id"),
    [
        ("Professionnel", 1),
        ("PRO", 1),
        ("Orientation professionnelle", 1),
        ("socio-pro", 2),
        ("Socio professionnelle", 2),
        ("Parcours social", 3),
        ("sociale", 3),
        ("socio_professionnel", 2),
    ],
)
def test_paths_are_matched_on_folded_code_or_label(path, path_id):
    results = _validate([HEAD, ["A", "B", "F", "01/01/1980", "01/10/2026", path]])
    assert results[0].row is not None and results[0].row.path_id == path_id


def test_coherence_checks():
    results = _validate(
        [
            HEAD,
            ["A", "B", "F", "01/01/1980", "01/12/2026", "pro"],
            ["C", "D", "F", "01/01/2020", "01/10/2026", "pro"],
            ["E", "F", "Z", "01/01/1980", "01/10/2026", "pro"],
        ]
    )
    assert [r.errors for r in results] == [
        ["Date d'orientation : le 01/12/2026 est dans le futur."],
        [
            "Date de naissance : le 01/01/2020 donne 6 ans à la date d'orientation, ce qui est "
            "invraisemblable."
        ],
        ["Sexe : valeur inconnue « Z » (F, H ou X)."],
    ]
