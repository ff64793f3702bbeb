"""The application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from admin.auth import init_auth
from admin.config import load_config
from admin.database import db
from admin.ids import IdConverter
from admin.security import init_security

babel = Babel()
csrf = CSRFProtect()


def create_app(config_overrides: dict[str, Any] | None = None) -> Flask:
    """Build the console. Nothing connects to the database before a request or a command."""
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["int"] = IdConverter  # every <int:id> fits the database's INTEGER
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(Path(app.instance_path)))
    app.config.update(config_overrides or {})

    db.init_app(app)
    babel.init_app(app, locale_selector=lambda: "fr", timezone_selector=lambda: "Europe/Paris")
    csrf.init_app(app)
    init_auth(app)
    init_security(app)

    from admin.cli import register_commands
    from admin.console import init_console
    from admin.filters import init_template_filters

    init_console(app)
    init_template_filters(app)
    register_commands(app)
    return app
