"""« Mon agenda dans Outlook »: a counsellor creates or revokes the secret iCalendar URL of their
appointments; the public route serves the feed to a calendar client (no login: the token is the
credential, so it is long, random, stored as a digest and revocable).
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask import Blueprint, Flask, Response, abort, flash, redirect, url_for
from flask_admin import expose
from flask_login import current_user

from admin import audit
from admin.clock import today
from admin.database import db
from admin.forms import AdminForm
from admin.views.pages import SecuredPage
from exports.icalendar_feed import counsellor_calendar
from schema.base import utcnow
from schema.enums import Role
from schema.operations.calendar_feeds import (
    counsellor_for_token,
    create_feed,
    live_feed,
    revoke_feed,
)

CREATED = (
    "Votre lien d'abonnement est créé. Copiez-le maintenant : il ne sera plus affiché. "
    "L'ancien lien, s'il y en avait un, ne fonctionne plus."
)
REVOKED = "Le lien d'abonnement est révoqué : votre logiciel d'agenda ne reçoit plus rien."
NOTHING_TO_REVOKE = "Vous n'avez pas de lien d'abonnement en service."
NO_PROFILE = "Votre compte n'est pas rattaché à un profil de conseiller·ère."

public = Blueprint("calendar_public", __name__)


class CalendarFeedPage(SecuredPage):
    """Reached from the navigation bar (counsellors only)."""

    roles: ClassVar[frozenset[Role]] = frozenset({Role.COUNSELLOR})
    in_menu: ClassVar[bool] = False

    def _counsellor_id(self) -> int:
        counsellor = current_user.counsellor
        if counsellor is None:
            abort(403)
        return counsellor.id

    @expose("/")
    def index(self) -> Any:
        counsellor = current_user.counsellor
        feed = live_feed(db.session, counsellor.id) if counsellor else None
        return self.render(
            "agenda/calendar_feed.html",
            form=AdminForm(),
            feed=feed,
            url=None,
            no_profile=NO_PROFILE if counsellor is None else None,
        )

    @expose("/creer", methods=("POST",))
    def create(self) -> Any:
        form = AdminForm()
        if not form.validate_on_submit():
            abort(400)
        counsellor_id = self._counsellor_id()
        feed, token = create_feed(db.session, counsellor_id, now=utcnow())
        audit.record("calendar_feed_create", entity="CalendarFeed", entity_id=feed.id)
        db.session.commit()
        flash(CREATED, "success")
        return self.render(
            "agenda/calendar_feed.html",
            form=AdminForm(),
            feed=feed,
            url=url_for("calendar_public.feed", token=token, _external=True),
            no_profile=None,
        )

    @expose("/revoquer", methods=("POST",))
    def revoke(self) -> Any:
        form = AdminForm()
        if not form.validate_on_submit():
            abort(400)
        counsellor_id = self._counsellor_id()
        if revoke_feed(db.session, counsellor_id, now=utcnow()):
            audit.record("calendar_feed_revoke", entity="Counsellor", entity_id=counsellor_id)
            db.session.commit()
            flash(REVOKED, "success")
        else:
            flash(NOTHING_TO_REVOKE, "warning")
        return redirect(url_for(".index"))


@public.route("/agenda/<token>.ics")
def feed(token: str) -> Response:
    counsellor = counsellor_for_token(db.session, token)
    if counsellor is None:
        abort(404)
    body = counsellor_calendar(db.session, counsellor, today=today(), now_utc=utcnow())
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def init_calendar_feed(app: Flask) -> None:
    app.register_blueprint(public)
    audit.ACTION_LABELS.setdefault("calendar_feed_create", "Création d'un lien d'agenda")
    audit.ACTION_LABELS.setdefault("calendar_feed_revoke", "Révocation d'un lien d'agenda")
