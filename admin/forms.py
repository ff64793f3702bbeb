"""The base form of the console: Flask-WTF CSRF, French messages, NUL bytes refused."""

from __future__ import annotations

from flask_wtf import FlaskForm

NUL_MESSAGE = "Ce champ contient un caractère invalide."


class AdminForm(FlaskForm):
    """Every console form: CSRF token checked, French WTForms messages, no NUL character."""

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and "\x00" in field.data:
                field.errors = [*field.errors, NUL_MESSAGE]
                ok = False
        return ok
