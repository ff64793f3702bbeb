"""« Changer mon mot de passe »: every logged-in user changes their own password."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from admin import audit
from admin.auth import new_session_token, register_failure, start_session
from admin.database import db
from admin.forms import AdminForm
from admin.passwords import MAX_LENGTH, hash_password, password_policy_validator, verify_password
from schema import User
from schema.base import utcnow

WRONG_CURRENT = "Le mot de passe actuel est incorrect."
CHANGED = (
    "Votre mot de passe a été changé. Vos autres sessions ouvertes (autres navigateurs ou "
    "postes) ont été fermées."
)


class PasswordChangeForm(AdminForm):
    current_password = PasswordField(
        "Mot de passe actuel", validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
    new_password = PasswordField(
        "Nouveau mot de passe",
        validators=[InputRequired(), password_policy_validator],
        description="Au moins 12 caractères ; une phrase de plusieurs mots est idéale.",
    )
    confirm = PasswordField(
        "Confirmation du nouveau mot de passe",
        validators=[
            DataRequired(),
            EqualTo("new_password", message="Les deux mots de passe ne correspondent pas."),
        ],
    )


class PasswordView(BaseView):
    """Reached from the navigation bar; not a menu entry."""

    def is_accessible(self) -> bool:
        return current_user.is_authenticated

    def is_visible(self) -> bool:
        return False

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/", methods=("GET", "POST"))
    def index(self) -> Any:
        form = PasswordChangeForm()
        if form.validate_on_submit():
            user = db.session.get(User, current_user.id)
            if not verify_password(user.password_hash, form.current_password.data):
                register_failure(user, utcnow())
                audit.record("password_change_failed", entity="User", entity_id=user.id)
                db.session.commit()
                form.current_password.errors = [WRONG_CURRENT]
            else:
                user.password_hash = hash_password(form.new_password.data)
                user.session_token = new_session_token()
                audit.record("password_change", entity="User", entity_id=user.id)
                db.session.commit()
                start_session(user)  # this session goes on with the new token
                flash(CHANGED, "success")
                return redirect(url_for("admin.index"))
        return self.render("admin/privacy/password.html", form=form)
