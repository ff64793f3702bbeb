"""A counsellor never reads a person another counsellor follows, on any page: every GET route
of the console is walked with the ids of that person's records and a search on their name."""

from __future__ import annotations

from datetime import timedelta

from admin.views.pages import paris_now
from schema.enums import Role
from tests import factories
from tests.security.sweep import get_paths, shown_text

NAME, FIRST, CAF = "Quatrebarbes", "Zéphyrine", "7654321"


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
    ids = [record.id for record in records]
    walked = 0
    for path in get_paths(app, ids, query="q=quatre&search=quatre&flt0_0=quatre"):
        response = client.get(path)
        assert response.status_code != 500, path
        text = shown_text(response.data).casefold()
        for secret in (NAME.casefold(), CAF, FIRST.casefold()):
            assert secret not in text, (path, secret)
        walked += 1
    assert walked > 100
    sheet = client.get(f"/console/emargement/seance/{ws.id}").get_data(as_text=True)
    assert "AUBERT" in sheet and "1 autre personne inscrite" in sheet
