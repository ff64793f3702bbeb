"""Login, logout and the account lockout; Flask-Login wiring."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

from flask import (
    Blueprint,
    Flask,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from admin import audit
from admin.database import db
from admin.forms import AdminForm
from admin.passwords import verify_password
from schema import User
from schema.base import utcnow

MAX_FAILURES = 10
FAILURE_WINDOW_MINUTES = 15
LOCK_MINUTES = 15
LOGIN_AT_KEY = "login_at"
SESSION_EXPIRED = "Votre session a expiré : veuillez vous reconnecter."
BAD_CREDENTIALS = "Identifiant ou mot de passe incorrect, ou compte temporairement verrouillé."

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Veuillez vous connecter pour accéder à cette page."
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The session holds "id:session_token"; a rotated token invalidates old cookies."""
    user_id, _, session_token = token.partition(":")
    if not user_id.isdigit() or not session_token:
        return None
    user = db.session.scalar(
        select(User).options(joinedload(User.counsellor)).where(User.id == int(user_id))
    )
    if user is None or not user.active:
        return None
    if not secrets.compare_digest(user.session_token, session_token):
        return None
    return user


def new_session_token() -> str:
    return secrets.token_hex(16)


def is_safe_next(target: str | None) -> bool:
    """Only redirect to a path of this site (no scheme, no other host, no "//" trick)."""
    if not target or target.startswith(("//", "\\")) or "\\" in target:
        return False
    joined = urlsplit(urljoin(request.host_url, target))
    return joined.scheme in ("http", "https") and joined.netloc == urlsplit(request.host_url).netloc


class LoginForm(AdminForm):
    email = EmailField("Adresse e-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Mot de passe", validators=[DataRequired(), Length(max=200)])


def authenticate(email: str, password: str) -> User | None:
    """Check credentials with lockout; the same answer whether the account exists or not.

    The password is always verified (against a dummy hash for an unknown account), so the time
    taken does not reveal whether the account exists, is locked or is deactivated. Ten failures
    within 15 minutes lock the account for 15 minutes.
    """
    email = email.strip().lower()
    user = None
    if "\x00" not in email:
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    now = utcnow()
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None:
        audit.record("login_failed", detail=f"compte inconnu : {email[:100]}")
        return None
    if user.locked_until and user.locked_until > now:
        audit.record("login_locked", entity="User", entity_id=user.id, user=user)
        return None
    if not user.active or not password_ok:
        register_failure(user, now)
        audit.record("login_failed", entity="User", entity_id=user.id, user=user)
        return None
    user.failed_logins = 0
    user.first_failed_at = None
    user.locked_until = None
    user.last_login_at = now
    audit.record("login", entity="User", entity_id=user.id, user=user)
    return user


def register_failure(user: User, now: datetime) -> None:
    """Count a failed login in the current 15-minute window; the tenth locks the account."""
    window_start = user.first_failed_at
    if window_start is None or now - window_start > timedelta(minutes=FAILURE_WINDOW_MINUTES):
        user.first_failed_at = now
        user.failed_logins = 1
    else:
        user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= MAX_FAILURES:
        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        user.failed_logins = 0
        user.first_failed_at = None


def start_session(user: User) -> None:
    """Log the user in and note when: the session ends SESSION_HOURS later, whatever the cookie."""
    login_user(user)
    session.permanent = True
    session[LOGIN_AT_KEY] = utcnow().isoformat()


def session_expired(now: datetime, lifetime_hours: float) -> bool:
    started = session.get(LOGIN_AT_KEY)
    try:
        started_at = datetime.fromisoformat(started) if started else None
    except (TypeError, ValueError):
        started_at = None
    return started_at is None or now - started_at > timedelta(hours=lifetime_hours)


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        db.session.commit()
        if user is not None:
            start_session(user)
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else url_for("admin.index"))
        flash(BAD_CREDENTIALS, "error")
    return render_template("auth/login.html", form=form)


@bp.route("/deconnexion", methods=["POST"])
@login_required
def logout():
    user = db.session.get(User, current_user.id)
    user.session_token = new_session_token()
    audit.record("logout", entity="User", entity_id=user.id, user=user)
    db.session.commit()
    logout_user()
    flash("Vous êtes déconnecté·e.", "info")
    return redirect(url_for("auth.login"))


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    app.register_blueprint(bp)

    @app.before_request
    def _end_expired_session():
        """A logged-in session older than SESSION_HOURS ends, whatever the cookie says."""
        if "_user_id" not in session or (request.endpoint or "").endswith("static"):
            return None
        if not session_expired(utcnow(), app.config["SESSION_HOURS"]):
            return None
        logout_user()
        session.clear()
        flash(SESSION_EXPIRED, "info")
        return redirect(url_for("auth.login", next=request.full_path))

    @app.route("/")
    def home():
        return redirect(url_for("admin.index"))

    @app.errorhandler(403)
    def forbidden(_e):
        return render_template("errors/403.html"), 403

    @app.errorhandler(404)
    def not_found(_e):
        return render_template("errors/404.html"), 404

    @app.errorhandler(413)
    def too_large(_e):
        return render_template("errors/413.html"), 413
