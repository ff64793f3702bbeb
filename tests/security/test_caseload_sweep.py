"""A counsellor never reads a person another counsellor follows, on any page: every GET route
of the console, every record page and every relation picker is walked with the ids of that
person's records and a search on their name."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import inspect

from admin.views.base import SecuredModelView
from admin.views.pages import paris_now
from schema.enums import Role
from tests import factories
from tests.security.routes import answer_text, fill, get_rules, takes_ids

NAME, FIRST, CAF = "Quatrebarbes", "Zéphyrine", "7654321"
SEARCH = "q=quatre&search=quatre&flt0_0=quatre"


def _paths(app, ids: list[int]) -> list[str]:
    paths = []
    for rule in get_rules(app):
        if not rule.arguments:
            paths.append(f"{rule.rule}?{SEARCH}")
        elif takes_ids(rule):
            paths += [fill(rule, lambda _name, v=value: v) for value in ids]
    console = app.extensions["admin"][0]
    for view in console._views:
        if not isinstance(view, SecuredModelView):
            continue
        inspect(view.model)  # a mapped model: its records are reached with ?id=
        for value in ids:
            paths += [f"{view.url}/details/?id={value}", f"{view.url}/edit/?id={value}"]
        for name in view._form_ajax_refs or {}:
            paths += [f"{view.url}/ajax/lookup/?name={name}&query={q}" for q in ("Quatre", "7654")]
    return list(dict.fromkeys(paths))


def test_no_page_names_another_counsellors_person(app, client, session, login, ref):
    me = factories.user(session, Role.COUNSELLOR)
    other = factories.user(session, Role.COUNSELLOR)
    now = paris_now().replace(second=0, microsecond=0)
    ws = factories.workshop_session(session, ref["workshop"], starts_at=now - timedelta(days=1))
    mine = factories.accompaniment(session, me, factories.person(session, last_name="Aubert"))
    theirs = factories.accompaniment(
        session,
        other,
        factories.person(session, last_name=NAME, first_name=FIRST, caf_number=CAF),
    )
    records = [ws, mine, mine.person, theirs, theirs.person, theirs.orientation]
    for acc in (mine, theirs):
        records.append(factories.attendance(session, ws, acc.person, accompaniment=acc))
        records.append(factories.contact(session, acc, now, held_at=None, status="prevu"))
        records.append(factories.cer(session, acc))
    login(me)
    leaks = {}
    paths = _paths(app, sorted({record.id for record in records}))
    for path in paths:
        response = client.get(path)
        assert response.status_code != 500, path
        text = answer_text(response)
        found = [s for s in (NAME.lower(), FIRST.lower(), CAF) if s in text]
        if found:
            leaks[path] = found
    assert leaks == {}
    assert len(paths) > 200
    sheet = client.get(f"/console/emargement/seance/{ws.id}").get_data(as_text=True)
    assert "AUBERT" in sheet and "1 autre personne inscrite" in sheet
