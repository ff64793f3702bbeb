"""Base of the console's custom pages (dashboards, workflows): login, roles, French errors."""

from __future__ import annotations

from typing import Any, ClassVar

from flask import abort, redirect, request, url_for
from flask_admin import BaseView
from flask_login import current_user

from schema.enums import Role


class SecuredPage(BaseView):
    """A custom page open to some roles only; anonymous users are sent to the login page."""

    roles: ClassVar[frozenset[Role]] = frozenset()

    def has_role(self, *roles: Role) -> bool:
        return current_user.is_authenticated and Role(current_user.role) in roles

    def is_accessible(self) -> bool:
        return current_user.is_authenticated and Role(current_user.role) in self.roles

    def is_visible(self) -> bool:
        return self.is_accessible()

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)
