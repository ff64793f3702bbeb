"""The "Exporter" button of every console list: the rows of the current search, filters and
sort (and the user's scope) streamed as .xlsx, recorded in the audit trail. It replaces
Flask-Admin's built-in export, which loads every row in memory and writes every cell as text."""

from __future__ import annotations

from typing import Any

from flask import redirect, request
from flask_admin import expose

from admin import audit
from admin.database import db
from exports.list_export import export_columns, export_rows
from exports.response import xlsx_download
from exports.writer import Sheet


class ListExport:
    """Mixed into SecuredModelView (which gives ``get_list``, ``sensitive_columns``…)."""

    @expose("/export/<export_type>/")
    def export(self, export_type: str) -> Any:
        """Flask-Admin's own export (in memory, text cells) is replaced by the .xlsx export."""
        return redirect(self.get_url(".export_xlsx", **request.args.to_dict()))

    @expose("/export.xlsx")
    def export_xlsx(self) -> Any:
        """The rows of the current search, filters and sort (and scope), streamed as .xlsx."""
        args = self._get_list_extra_args()
        sort = self._get_column_by_idx(args.sort)
        _count, query = self.get_list(
            0,
            sort[0] if sort else None,
            args.sort_desc,
            args.search,
            args.filters,
            execute=False,
            page_size=0,
        )
        columns = export_columns(self, self._hidden_columns())
        title = str(self.name)
        sheet = Sheet(title[:31], [c.column for c in columns], export_rows(query, columns))

        def record(sheets: list[Sheet]) -> None:
            audit.record_export(
                title, self.filter_names(args), sheets[0].written, searched=bool(args.search)
            )
            db.session.commit()

        return xlsx_download([sheet], self.export_filename or f"{self.endpoint}.xlsx", record)

    def filter_names(self, args: Any) -> list[str]:
        """The names of the current filters (« Statut », « Commune »), for the audit trail:
        never their values nor the search typed, which may be a person's name (admin/audit.py)."""
        return [str(name) for _index, name, _value in args.filters or ()]
