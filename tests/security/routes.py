"""Walking the application's routes: every GET rule, its path filled with chosen values, and
what a user could read in each answer."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask
from pypdf import PdfReader
from werkzeug.routing import Rule

# Static files and the logout (POST only anyway) are never walked.
SKIPPED_ENDPOINTS = frozenset({"static", "admin.static", "auth.logout"})
_ARGUMENT = re.compile(r"<(?:(?P<converter>[a-zA-Z_]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def get_rules(app: Flask) -> list[Rule]:
    """Every rule answering GET, static files and logout aside, in path order."""
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ())
        and rule.endpoint not in SKIPPED_ENDPOINTS
        and not rule.endpoint.endswith(".static")
    ]
    return sorted(rules, key=lambda rule: rule.rule)


def takes_ids(rule: Rule) -> bool:
    """Whether every argument of the rule is an ``<int:…>`` id (the app's IdConverter)."""
    return bool(rule.arguments) and all(
        type(rule._converters[argument]).__name__ == "IdConverter" for argument in rule.arguments
    )


def fill(rule: Rule, value: Callable[[str], object] | Mapping[str, object]) -> str:
    """The rule's path with each argument replaced by ``value(name)`` (or ``value[name]``)."""
    get = value.__getitem__ if isinstance(value, Mapping) else value
    return _ARGUMENT.sub(lambda match: str(get(match.group("name"))), rule.rule)


def answer_text(response: Any) -> str:
    """Everything a user could read in an answer, lower-cased: headers that carry text, the
    page, the JSON, the cells of a workbook (every XML part) or the text of a PDF."""
    data = response.data
    parts = [response.headers.get(h, "") for h in ("Location", "Content-Disposition")]
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts += [
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith((".xml", ".rels"))
            ]
    elif data[:4] == b"%PDF":
        parts += [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    elif response.is_json:
        parts.append(json.dumps(response.get_json(), ensure_ascii=False))
    else:
        parts.append(data.decode("utf-8", "replace"))
    return html.unescape(" ".join(parts)).lower()
