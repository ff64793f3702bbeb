"""Normalisation of names for accent- and case-insensitive prefix search."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case, strip accents, collapse spaces: "Élodie  DUPONT" -> "elodie dupont"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def person_search_key(last_name: str | None, first_name: str | None) -> str:
    return fold(f"{last_name or ''} {first_name or ''}")
