"""Exports at département scale: time and peak memory, each measured in its own process.

    python benchmarks/exports.py                       # 100 000 people, SQLite file (built once)
    python benchmarks/exports.py --url sqlite:///…     # an existing database (read-only is fine)
    DATABASE_URL=postgresql+psycopg://…/bench python benchmarks/exports.py

Prints, in one run: the monthly report, and its floor (its own rows, from the same queries,
appended to bare openpyxl write-only sheets); the "Exporter" of the people list (100 000 rows)
through the console view's own query; the floor (the same rows with a Core select and bare openpyxl
write-only appends); and Flask-Admin's built-in export (tablib when installed; its CSV path
otherwise, which also loads every row in memory). Peak memory is the process's maximum resident
set (``ru_maxrss``), with the same process's baseline once imports and set-up are done.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.3
TARGET_MB = 150
ROWS = 100_000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _app(url: str) -> Any:
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    from admin.app import create_app

    return create_app({"DATABASE_URL": url, "TESTING": True, "SERVER_NAME": "localhost"})


def _as_manager(app: Any) -> Any:
    """A request context with a (transient) manager signed in: the view's scoping and roles."""
    from flask_login import login_user

    from schema import User
    from schema.enums import Role

    context = app.test_request_context("/console/person/export.xlsx")
    context.push()
    login_user(User(id=0, email="bench@example.org", role=Role.MANAGER.value, active=True))
    return context


def _person_view(app: Any) -> Any:
    return next(v for v in app.extensions["admin"][0]._views if v.endpoint == "person")


def measure_monthly(url: str) -> Callable[[str], int]:
    from sqlalchemy.orm import Session

    from admin.database import make_engine
    from benchmarks.dataset import TODAY
    from exports.monthly_report import detail_rows, monthly_report
    from exports.writer import write_workbook
    from schema.rules.calendar import add_months

    session = Session(make_engine(url))
    month = add_months(TODAY.replace(day=1), -1)  # the last complete month of the dataset

    def run(out: str) -> int:
        report = monthly_report(session, month, TODAY)
        write_workbook(report.sheets, out)
        return detail_rows(report)

    return run


PLAIN = (str, int, float, datetime, date, type(None))


def measure_monthly_floor(url: str) -> Callable[[str], int]:
    """The monthly report's own rows (same queries), appended to bare openpyxl write-only
    sheets: what the report would cost with no writer at all (no types, formats, charts)."""
    from openpyxl import Workbook
    from sqlalchemy.orm import Session

    from admin.database import make_engine
    from benchmarks.dataset import TODAY
    from exports.monthly_report import monthly_report
    from schema.rules.calendar import add_months

    session = Session(make_engine(url))
    month = add_months(TODAY.replace(day=1), -1)

    def run(out: str) -> int:
        report = monthly_report(session, month, TODAY)
        workbook = Workbook(write_only=True)
        rows = 0
        for sheet in report.sheets:
            ws = workbook.create_sheet(sheet.title)
            for row in sheet.rows:  # values openpyxl cannot take (the report's own types): text
                ws.append(tuple(v if isinstance(v, PLAIN) else str(v) for v in row))
                rows += 1
        workbook.save(out)
        return rows

    return run


def measure_list_export(url: str) -> Callable[[str], int]:
    """The console's "Exporter": the view's get_list query, typed columns, the one writer."""
    from exports.list_export import export_columns, export_rows
    from exports.writer import Sheet, write_workbook

    app = _app(url)
    _as_manager(app)
    view = _person_view(app)

    def run(out: str) -> int:
        _count, query = view.get_list(0, None, None, None, None, execute=False, page_size=0)
        columns = export_columns(view)
        rows = export_rows(query.limit(ROWS), columns)
        sheet = Sheet("Personnes", [c.column for c in columns], rows)
        write_workbook([sheet], out)
        return sheet.written

    return run


def measure_floor(url: str) -> Callable[[str], int]:
    """Bare openpyxl write-only: the same columns from a Core select, plain appends."""
    from openpyxl import Workbook
    from sqlalchemy import select

    from admin.database import make_engine
    from schema import Person

    engine = make_engine(url)
    _app(url)  # same imports as the other measures: a comparable baseline
    return lambda out: _floor(engine, out, Workbook, select, Person)


def _floor(engine: Any, out: str, Workbook: Any, select: Any, Person: Any) -> int:
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Personnes")
    query = (
        select(
            Person.last_name,
            Person.first_name,
            Person.birth_date,
            Person.caf_number,
            Person.commune,
            Person.phone,
            Person.labour_status,
        )
        .order_by(Person.last_name, Person.first_name, Person.id.desc())
        .limit(ROWS)
    )
    rows = 0
    with engine.connect() as conn:
        for row in conn.execute(query.execution_options(yield_per=1000, stream_results=True)):
            ws.append(tuple(row))
            rows += 1
    workbook.save(out)
    return rows


def measure_builtin(url: str) -> Callable[[str], int]:
    app = _app(url)
    _as_manager(app)
    view = _person_view(app)
    view.export_max_rows = ROWS
    return lambda out: _builtin(view, out)


def _builtin(view: Any, out: str) -> int:
    """Flask-Admin's own export: every row loaded, every cell formatted as text."""
    import csv

    try:
        import tablib
    except ImportError:
        tablib = None
    _count, data = view._export_data()
    columns = view._export_columns
    values = ([view.get_export_value(row, c[0]) for c in columns] for row in data)
    if tablib is not None:
        dataset = tablib.Dataset(headers=[c[1] for c in columns])
        for row in values:
            dataset.append(row)
        Path(out).write_bytes(dataset.export("xlsx"))
    else:
        with open(out, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c[1] for c in columns])
            writer.writerows(values)
    return len(data)


MEASURES = {
    "monthly": ("Rapport mensuel (un mois, tout le programme)", measure_monthly),
    "monthly_floor": (
        "Plancher du rapport : ses lignes, openpyxl write-only nu",
        measure_monthly_floor,
    ),
    "list": ("Export de la liste Personnes (100 000 lignes)", measure_list_export),
    "floor": ("Plancher : openpyxl write-only nu, mêmes lignes", measure_floor),
    "builtin": ("Export intégré de Flask-Admin", measure_builtin),
}


def run_one(name: str, url: str) -> None:
    run = MEASURES[name][1](url)  # imports, app, session: not measured
    baseline = _rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.xlsx")
        started = time.perf_counter()
        rows = run(out)
        seconds = time.perf_counter() - started
        size = Path(out).stat().st_size
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": _rss_mb(),
                "baseline_mb": baseline,
                "rows": rows,
                "bytes": size,
            }
        )
    )


def _spawn(name: str, url: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--measure", name, "--url", url],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr else "?"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", choices=sorted(MEASURES), default=None)
    args = parser.parse_args()
    if args.measure:
        run_one(args.measure, args.url)
        return
    url = args.url
    if url is None or "mode=ro" not in url:
        from benchmarks.dataset import ensure_dataset

        url = ensure_dataset(args.people, url)
    try:
        import tablib  # noqa: F401

        builtin = "tablib (xlsx)"
    except ImportError:
        builtin = "CSV : tablib n'est pas installé (flask-admin[export]), export .xlsx indisponible"
    print(f"Base : {url}")
    results = {}
    for name in args.only or MEASURES:
        label = MEASURES[name][0] + (f" — {builtin}" if name == "builtin" else "")
        results[name] = r = _spawn(name, url)
        if "error" in r:
            print(f"{label:<95} ÉCHEC : {r['error']}")
            continue
        print(
            f"{label:<95} {r['seconds']:7.1f} s  {r['rows']:>9,} lignes  pic {r['peak_mb']:6.0f} Mo"
            f" (+{r['peak_mb'] - r['baseline_mb']:.0f} Mo pendant l'export)"
            f"  {r['bytes'] / 1e6:6.1f} Mo écrits"
        )
    for label, name, floor_name in (
        ("Export de liste", "list", "floor"),
        ("Rapport mensuel", "monthly", "monthly_floor"),
    ):
        done, floor = results.get(name, {}), results.get(floor_name, {})
        if "seconds" in done and "seconds" in floor:
            ratio = done["seconds"] / floor["seconds"]
            verdict = "atteint" if ratio <= TARGET_RATIO else "non atteint"
            print(f"{label} / plancher : {ratio:.2f}× (objectif ≤ {TARGET_RATIO}× : {verdict})")
    growth = {
        n: r["peak_mb"] - r["baseline_mb"]
        for n, r in results.items()
        if "peak_mb" in r and n in ("monthly", "list")
    }
    if growth:
        worst = max(growth.values())
        verdict = "atteint" if worst < TARGET_MB else "non atteint"
        print(
            f"Mémoire prise par l'export (pic − démarrage), au plus : {worst:.0f} Mo "
            f"(objectif < {TARGET_MB} Mo : {verdict})"
        )


if __name__ == "__main__":
    main()
