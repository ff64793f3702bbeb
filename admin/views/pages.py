"""Base of the console's custom pages (dashboards, workflows that are not a CRUD list).

Same guarantees as SecuredModelView: login required, roles per area from ``AREAS`` (or an explicit
set of roles), anonymous users sent to the login page, others refused with 403.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from flask import abort, redirect, request, url_for
from flask_admin import BaseView
from flask_login import current_user

from admin.permissions import AREAS
from admin.views.base import current_role
from schema.enums import Role

PARIS = ZoneInfo("Europe/Paris")


def paris_now() -> datetime:
    """Europe/Paris wall-clock time, naive (how the schema stores appointment times)."""
    return datetime.now(PARIS).replace(tzinfo=None)


def paris_today() -> date:
    return paris_now().date()


class SecuredPage(BaseView):
    """A custom console page open to the roles of one area, or to an explicit set of roles."""

    area: ClassVar[str | None] = None
    roles: ClassVar[frozenset[Role]] = frozenset()
    # Shown in the menu (pages reached from another page set this to False).
    in_menu: ClassVar[bool] = True

    def may(self, permission: str = "read") -> bool:
        role = current_role()
        if role is None:
            return False
        if self.area is None:
            return role in self.roles
        return role in getattr(AREAS[self.area], permission)

    def has_role(self, *roles: Role) -> bool:
        return current_role() in roles

    def require(self, permission: str) -> None:
        if not self.may(permission):
            abort(403)

    def is_accessible(self) -> bool:
        return self.may("read")

    def is_visible(self) -> bool:
        return self.in_menu and self.may("read")

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)
