"""Form conversion for the console: French date formats, enumerations as labelled selects."""

from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla.filters import FilterEqual, FilterNotEqual
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.form import DatePickerWidget, DateTimePickerWidget
from flask_admin.model.form import converts
from sqlalchemy import or_
from wtforms import fields

from schema.base import LabelledEnum

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]


class FrenchDatePicker(DatePickerWidget):
    def __call__(self, field: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("data-date-format", "DD/MM/YYYY")
        kwargs.setdefault("placeholder", "JJ/MM/AAAA")
        return super().__call__(field, **kwargs)


class FrenchDateTimePicker(DateTimePickerWidget):
    def __call__(self, field: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("data-date-format", "DD/MM/YYYY HH:mm")
        kwargs.setdefault("placeholder", "JJ/MM/AAAA HH:MM")
        return super().__call__(field, **kwargs)


class FrenchConverter(AdminModelConverter):
    @converts("Date")
    def convert_date(self, field_args: dict[str, Any], **extra: Any) -> fields.DateField:
        field_args.setdefault("widget", FrenchDatePicker())
        field_args.setdefault("format", DATE_FORMATS)
        return fields.DateField(**field_args)

    @converts("DateTime")
    def convert_datetime(self, field_args: dict[str, Any], **extra: Any) -> fields.DateTimeField:
        field_args.setdefault("widget", FrenchDateTimePicker())
        field_args.setdefault("format", DATETIME_FORMATS)
        return fields.DateTimeField(**field_args)


class NotEqualOrEmpty(FilterNotEqual):
    """ "est différent de" on a nullable column: the rows whose value is unknown (NULL) differ
    too (SQL's ``column != value`` alone would drop them silently)."""

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        column = self.get_column(alias)
        return query.filter(or_(column != value, column.is_(None)))


def enum_filters(column: Any, label: str, enum_cls: type[LabelledEnum]) -> list[Any]:
    options = enum_cls.choices()
    prop = getattr(column, "property", None)
    nullable = prop is not None and all(c.nullable for c in prop.columns)
    return [
        FilterEqual(column, label, options=options),
        (NotEqualOrEmpty if nullable else FilterNotEqual)(column, label, options=options),
    ]


class LazyOptions:
    """Filter options read from the database each time the filter is rendered, not at start-up.

    With ``max_choices``, a list longer than that is not offered at all (no options: the
    console shows a text box instead, see ``SecuredModelView._get_filter_groups``); the query
    reads at most one row more than ``max_choices``.
    """

    def __init__(
        self,
        model: type,
        label_attr: str = "label",
        order_attr: str = "position",
        max_choices: int | None = None,
    ) -> None:
        self.model, self.label_attr, self.order_attr = model, label_attr, order_attr
        self.max_choices = max_choices

    def __bool__(self) -> bool:
        return True

    def __iter__(self) -> Any:
        from sqlalchemy import select

        from admin.database import db

        label = getattr(self.model, self.label_attr)
        order = getattr(self.model, self.order_attr)
        query = select(self.model.id, label).order_by(order, label)
        if self.max_choices is not None:
            query = query.limit(self.max_choices + 1)
        rows = db.session.execute(query).all()
        if self.max_choices is not None and len(rows) > self.max_choices:
            return iter([])
        return iter([(str(row[0]), row[1]) for row in rows])


def reference_options(model: type) -> LazyOptions:
    return LazyOptions(model)


FREE_TEXT_MAX_LENGTH = 4000


def free_text_fields(lengths: dict[str, int]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``form_args`` and ``form_widget_args`` for free-text fields about a person: the CNIL
    reminder as help text and a length limit checked by the form (the same on every database)."""
    from wtforms.validators import Length, Optional

    from schema.contacts import SYNTHESIS_HELP

    args = {
        name: {"description": SYNTHESIS_HELP, "validators": [Optional(), Length(max=length)]}
        for name, length in lengths.items()
    }
    widgets = {name: {"maxlength": length, "rows": 4} for name, length in lengths.items()}
    return args, widgets
