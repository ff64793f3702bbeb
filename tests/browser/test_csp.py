"""The Content-Security-Policy blocks nothing the console needs: no violation, no script error,
on list, create and edit pages (pickers, relation search, inline edit, filters, delete)."""

from __future__ import annotations

import pytest

from schema.enums import Role
from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile);
});
"""


@pytest.fixture
def watched(page):
    messages: list[str] = []
    page.add_init_script(WATCH)
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and not r.url.endswith("/favicon.ico")
            and messages.append(f"http {r.status}: {r.url}")
        ),
    )
    return page, messages


def _check(page, messages, url):
    violations = page.evaluate("window.__violations")
    problems = [
        m
        for m in messages
        if m.startswith(("error", "pageerror", "http"))
        and not m.startswith("error: Failed to load resource")  # reported by "http" below
    ]
    assert violations == [], (url, violations)
    assert problems == [], (url, problems)


def _setup(session):
    factories.reference(session)
    counsellor = factories.user(session, Role.COUNSELLOR, email="claire@csp.fr")
    factories.user(session, Role.MANAGER, email="romain@csp.fr")
    factories.user(session, Role.ADMIN, email="alice@csp.fr")
    acc = factories.accompaniment(session, counsellor, factories.person(session, last_name="Leroy"))
    contact = factories.contact(session, acc)
    return {"person": acc.person_id, "contact": contact.id, "accompaniment": acc.id}


def test_manager_pages_without_csp_violation(live_server, watched):
    page, messages = watched
    ids = live_server.run(_setup)
    page.goto(f"{live_server.url}/connexion")
    _check(page, messages, "/connexion")
    log_in(page, live_server.url, "romain@csp.fr", factories.PASSWORD)
    for url in (
        "/console/",
        "/console/person/",
        "/console/person/new/",
        f"/console/person/edit/?id={ids['person']}",
        f"/console/person/details/?id={ids['person']}",
        "/console/contact/",
        "/console/contact/new/",
        f"/console/contact/edit/?id={ids['contact']}",
        f"/console/accompaniment/edit/?id={ids['accompaniment']}",
        "/console/audit_log/",
        "/console/mot-de-passe/",
    ):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        _check(page, messages, url)

    # Widgets that run scripts: the relation search, the date picker, a filter, delete.
    page.goto(f"{live_server.url}/console/contact/new/")
    page.click("#s2id_accompaniment a, .select2-container >> nth=0")
    page.keyboard.type("ler")
    page.click(".select2-result-label >> text=LEROY")
    page.click("#planned_at")
    page.wait_for_selector(".daterangepicker", state="visible")
    _check(page, messages, "contact widgets")

    page.goto(f"{live_server.url}/console/person/")
    page.click("text=Ajouter un filtre")
    page.click("a.filter >> nth=0")
    page.wait_for_selector(".filter-op")
    _check(page, messages, "filters")
    assert page.url.endswith("/console/person/")  # the rewired "javascript:" link did not navigate

    page.goto(f"{live_server.url}/console/contact/")
    dialogs = []
    page.once("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
    page.click('button[onclick*="safeConfirm"]')
    page.wait_for_timeout(300)
    assert dialogs and "supprimer" in dialogs[0]  # the inline confirmation handler ran
    assert "LEROY" in page.inner_text("body")  # and cancelling it kept the contact
    _check(page, messages, "delete confirm")


def test_admin_inline_edit_without_csp_violation(live_server, watched):
    page, messages = watched
    live_server.run(lambda s: None)
    log_in(page, live_server.url, "alice@csp.fr", factories.PASSWORD)
    page.goto(f"{live_server.url}/console/ref_barrier/")
    page.wait_for_load_state("networkidle")
    page.click("a.editable >> nth=0")
    page.wait_for_selector(".editable-input input")
    page.fill(".editable-input input", "Numérique (outils, démarches en ligne)")
    page.click(".editable-submit")
    page.wait_for_selector("text=Numérique (outils, démarches en ligne)")
    _check(page, messages, "inline edit")
    page.goto(f"{live_server.url}/console/user/new/")
    _check(page, messages, "/console/user/new/")
