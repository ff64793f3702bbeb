"""Console views of user accounts and counsellor profiles."""

from __future__ import annotations

from typing import Any

from flask import flash
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from wtforms import PasswordField

from admin.passwords import hash_password, password_policy_validator
from admin.views.base import SecuredModelView
from admin.views.fields import enum_filters
from schema import Accompaniment, Counsellor, User
from schema.enums import Role

SELF_DEACTIVATION = "Vous ne pouvez pas désactiver votre propre compte."
COUNSELLOR_HAS_PEOPLE = (
    "Ce profil de conseiller·ère ne peut pas être supprimé : {count} accompagnement(s) lui sont "
    "rattachés. Réaffectez-les ou désactivez le profil (décocher « Actif »)."
)


class UserView(SecuredModelView):
    area = "accounts"
    enums = {"role": Role}
    column_labels = {
        "email": "E-mail",
        "full_name": "Nom complet",
        "role": "Rôle",
        "active": "Actif",
        "last_login_at": "Dernière connexion (UTC)",
        "locked_until": "Verrouillé jusqu'à (UTC)",
        "created_at": "Créé le",
        "new_password": "Nouveau mot de passe",
    }
    column_list = ("email", "full_name", "role", "active", "last_login_at")
    column_default_sort = [("email", False)]
    column_sortable_list = ("email", "full_name", "role", "active", "last_login_at")
    column_searchable_list = ("email", "full_name")
    column_filters = [
        *enum_filters(User.role, "Rôle", Role),
        FilterEqual(User.active, "Actif", options=[("1", "Oui"), ("0", "Non")]),
    ]
    column_details_list = (
        "email",
        "full_name",
        "role",
        "active",
        "last_login_at",
        "locked_until",
        "created_at",
    )
    form_columns = ("email", "full_name", "role", "active", "new_password")
    form_extra_fields = {
        "new_password": PasswordField(
            "Nouveau mot de passe",
            validators=[password_policy_validator],
            description=(
                "Au moins 12 caractères, pas un mot de passe courant. Laisser vide pour ne pas "
                "le changer. Décocher « Actif » ferme immédiatement les sessions du compte."
            ),
        )
    }

    def on_model_change(self, form: Any, model: User, is_created: bool) -> None:
        from admin.auth import new_session_token

        password = form.new_password.data
        if is_created and not password:
            raise ValueError("password required")
        if password:
            model.password_hash = hash_password(password)
        if is_created or password or not model.active:
            model.session_token = new_session_token()
        if model.role == Role.COUNSELLOR and model.counsellor is None:
            model.counsellor = Counsellor(display_name=model.full_name)
        super().on_model_change(form, model, is_created)

    def update_model(self, form: Any, model: User) -> bool:
        if "active" in form and not form.active.data and model.id == current_user.id:
            flash(SELF_DEACTIVATION, "error")
            return False
        return super().update_model(form, model)

    def create_model(self, form: Any) -> Any:
        if not form.new_password.data:
            form.new_password.errors = ["Indiquez un mot de passe pour le nouveau compte."]
            return False
        return super().create_model(form)


class CounsellorView(SecuredModelView):
    area = "counsellors"
    column_labels = {
        "user": "Compte",
        "display_name": "Nom affiché",
        "capacity": "Capacité (file active)",
        "active": "Actif",
    }
    column_list = ("display_name", "user", "capacity", "active")
    column_default_sort = [("display_name", False)]
    column_sortable_list = ("display_name", "capacity", "active")
    column_searchable_list = ("display_name",)
    list_preload = (joinedload(Counsellor.user),)
    form_columns = ("display_name", "user", "capacity", "active")
    form_ajax_refs = {
        "user": {"fields": ("email", "full_name"), "placeholder": "Compte utilisateur"}
    }

    def delete_model(self, model: Counsellor) -> bool:
        followed = self.session.scalar(
            select(func.count()).where(Accompaniment.counsellor_id == model.id)
        )
        if followed:
            flash(COUNSELLOR_HAS_PEOPLE.format(count=followed), "error")
            return False
        return super().delete_model(model)
