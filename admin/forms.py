"""The base form of the console: Flask-WTF CSRF, French messages, NUL bytes refused."""

from __future__ import annotations

from flask_wtf import FlaskForm

NUL_MESSAGE = "Ce champ contient un caractère invalide."


class AdminForm(FlaskForm):
    """Every console form: CSRF token checked, French WTForms messages, no NUL character."""

    def __init__(self, *args, obj=None, **kwargs) -> None:
        # Flask-Admin's Unique validator recognises the record being edited through ``_obj``
        # (without it, saving any record that has a unique value fails with "Existe déjà").
        self._obj = obj
        super().__init__(*args, obj=obj, **kwargs)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and "\x00" in field.data:
                field.errors = [*field.errors, NUL_MESSAGE]
                ok = False
        return ok
