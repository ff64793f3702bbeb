"""Walk every page a user can GET, and read what a response shows (HTML, CSV or .xlsx)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from io import BytesIO

from flask import Flask

# Routes that end the session or serve static files: not pages to sweep.
SKIPPED = ("static", "auth.logout", "_debug_toolbar")
# Flask-Admin's pages of one record, reached with ``?id=``.
RECORD_VIEWS = (".details_view", ".edit_view")


def get_paths(app: Flask, ids: Iterable[int], query: str = "") -> Iterator[str]:
    """Every GET route once per id (each <int:> argument, or a model view's ``?id=``, set to
    it), routes without arguments once; ``query`` (a search term, filters) is appended."""
    ids = sorted(set(ids))
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint.startswith(SKIPPED):
            continue
        converters = {a: type(rule._converters[a]).__name__ for a in rule.arguments}
        if any(name != "IdConverter" for name in converters.values()):
            continue
        suffix = f"?{query}" if query else ""
        if rule.endpoint.endswith(RECORD_VIEWS):
            for value in ids:
                yield f"{rule.rule}?id={value}" + (f"&{query}" if query else "")
            continue
        if not rule.arguments:
            yield rule.rule + suffix
            continue
        for value in ids:
            path = rule.rule
            for argument in rule.arguments:
                path = path.replace(f"<int:{argument}>", str(value))
            yield path + suffix


def shown_text(content: bytes) -> str:
    """What a person reading the response sees: the body, or every part of an .xlsx file."""
    if content.startswith(b"PK"):
        with zipfile.ZipFile(BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return content.decode("utf-8", "replace")
