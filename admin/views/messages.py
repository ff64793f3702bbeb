"""Suivi → Messages: the outbox (invitations, reminders, moves, cancellations), read-only, with
two actions: « Marquer posté » for a printed letter and « Renvoyer » for a failed message.

Manager and back-office see every message, a counsellor those of their caseload (scoping).
Times are stored in UTC and shown in Europe/Paris. Both actions are POST forms with the CSRF
token and the row's version (a stale form is refused), audited.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy.orm import joinedload

from admin import audit
from admin.database import db
from admin.ids import parse_id
from admin.permissions import AREAS
from admin.timezone import utc_to_paris
from admin.views.base import STALE_MESSAGE, SecuredModelView, current_role
from admin.views.fields import enum_filters
from schema import OutboxMessage
from schema.base import utcnow
from schema.outbox import MessageChannel, MessageKind, MessageStatus
from schema.outbox_delivery import SendError, mark_posted, resend

ACTIONS = {
    "poste": ("Marquer posté", "Courrier marqué posté"),
    "renvoyer": ("Renvoyer", "Message remis à envoyer"),
}


def _paris(value: Any) -> str:
    local = utc_to_paris(value)
    return local.strftime("%d/%m/%Y %H:%M") if local else ""


def _may_act() -> bool:
    return current_role() in AREAS["messages"].edit


def _action_form(message: OutboxMessage) -> Markup:
    if message.channel == MessageChannel.COURRIER and message.status == MessageStatus.A_IMPRIMER:
        action = "poste"
    elif message.status == MessageStatus.ECHEC:
        action = "renvoyer"
    else:
        return Markup("")
    if not _may_act():
        return Markup("")
    label = ACTIONS[action][0]
    return Markup(
        '<form method="post" action="{url}" class="m-0">'
        '<input type="hidden" name="csrf_token" value="{csrf}">'
        '<input type="hidden" name="id" value="{id}">'
        '<input type="hidden" name="version" value="{version}">'
        '<input type="hidden" name="action" value="{action}">'
        '<input type="hidden" name="url" value="{back}">'
        '<button type="submit" class="btn btn-sm btn-outline-primary">{label}</button>'
        "</form>"
    ).format(
        url=url_for(".act"),
        csrf=generate_csrf(),
        id=message.id,
        version=message.version,
        action=action,
        back=request.full_path,
        label=label,
    )


def _recipient(message: OutboxMessage) -> Markup:
    return Markup("<br>").join(escape(line) for line in message.recipient.splitlines())


class MessagesView(SecuredModelView):
    area = "messages"
    can_view_details = True
    list_preload = (joinedload(OutboxMessage.person),)
    enums = {"kind": MessageKind, "channel": MessageChannel, "status": MessageStatus}
    column_labels = {
        "due_at": "Prévu le (heure de Paris)",
        "person": "Personne",
        "kind": "Message",
        "channel": "Canal",
        "recipient": "Destinataire",
        "subject": "Objet",
        "body": "Texte",
        "status": "Statut",
        "attempts": "Essais",
        "last_error": "Dernière erreur",
        "sent_at": "Envoyé ou posté le",
        "contact": "Rendez-vous",
        "action": "Action",
    }
    column_list = (
        "due_at",
        "person",
        "kind",
        "channel",
        "recipient",
        "status",
        "attempts",
        "sent_at",
        "last_error",
        "action",
    )
    column_details_list = (
        "due_at",
        "person",
        "kind",
        "channel",
        "recipient",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    )
    column_sortable_list = ("due_at", "status", "channel", "kind")
    column_default_sort = [("due_at", True)]
    column_filters = [
        *enum_filters(OutboxMessage.status, "Statut", MessageStatus),
        *enum_filters(OutboxMessage.channel, "Canal", MessageChannel),
        *enum_filters(OutboxMessage.kind, "Message", MessageKind),
    ]
    column_formatters = {
        "due_at": lambda view, context, model, name: _paris(model.due_at),
        "sent_at": lambda view, context, model, name: _paris(model.sent_at),
        "person": lambda view, context, model, name: model.person.full_name,
        "recipient": lambda view, context, model, name: _recipient(model),
        "action": lambda view, context, model, name: _action_form(model),
    }
    column_formatters_detail = {
        key: value for key, value in column_formatters.items() if key != "action"
    }
    column_export_getters = {
        "due_at": lambda model: utc_to_paris(model.due_at),
        "sent_at": lambda model: utc_to_paris(model.sent_at),
        "person": lambda model: model.person.full_name,
        "action": lambda model: "",
    }

    def _may(self, permission: str) -> bool:
        # Read-only list: messages are written by the agenda and the sender, never by hand.
        return permission in ("read", "export") and super()._may("read")

    def person_id_of(self, model: OutboxMessage) -> int:
        return model.person_id

    @expose("/action/", methods=("POST",))
    def act(self) -> Any:
        if not _may_act():
            abort(403)
        back = request.form.get("url", "")
        if not back.startswith("/") or back.startswith(("//", "/\\")):
            back = url_for(".index_view")  # only a page of this site
        key, version = parse_id(request.form.get("id")), parse_id(request.form.get("version"))
        action = request.form.get("action", "")
        if key is None or version is None or action not in ACTIONS:
            flash("Demande incomplète : rechargez la page.", "error")
            return redirect(back)
        message = self.get_one(key)  # scoped: another caseload's message is not found
        if message is None:
            abort(404)
        if message.version != version:
            flash(STALE_MESSAGE, "error")
            return redirect(back)
        try:
            if action == "poste":
                mark_posted(db.session, message, utcnow())
            else:
                resend(db.session, message, utcnow())
        except SendError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(back)
        detail = ACTIONS[action][1]
        audit.record(
            "update",
            entity="OutboxMessage",
            entity_id=message.id,
            person_id=message.person_id,
            fields=["status"],
            detail=detail,
        )
        db.session.commit()
        flash(f"{detail} ({message.person.full_name}).", "success")
        return redirect(back)
