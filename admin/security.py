"""HTTP hardening: security headers on every response, a CSP nonce per request, proxy trust.

The Content-Security-Policy allows scripts only from this site or carrying the request's nonce
(Flask-Admin stamps its ``<script>`` tags with it through ``csp_nonce_generator``). Flask-Admin's
markup also has two inline event handlers (the filter menu's ``return false;`` and the delete
button's confirmation): they are allowed by their exact SHA-256 hash (``'unsafe-hashes'``), and
nothing else inline can run. Its ``javascript:void(0)`` links are rewritten to ``#`` by
``static/csp_handlers.js`` so a click never navigates to a blocked URL; the same file gives
x-editable (inline list edits) a JSON.parse-based option parser instead of its ``new Function``
(there is no ``'unsafe-eval'``). tests/browser/test_csp.py loads the console's pages in
Chromium and asserts that no violation is reported. Styles keep
``'unsafe-inline'``: Bootstrap widgets (select2, date pickers) write ``style`` attributes, and
inline styles cannot run code.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from functools import lru_cache

from flask import Flask, Response, g, request
from werkzeug.middleware.proxy_fix import ProxyFix


def csp_nonce() -> str:
    """One random nonce per request, shared by every script tag of the page and the header."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


@lru_cache(maxsize=4)
def inline_handler_hashes(delete_confirmation: str) -> str:
    """CSP sources for the inline handlers Flask-Admin's templates write."""
    handlers = ("return false;", f"return faHelpers.safeConfirm('{delete_confirmation}');")
    digests = (
        base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode() for handler in handlers
    )
    return " ".join(f"'sha256-{digest}'" for digest in digests)


def _delete_confirmation() -> str:
    from flask_admin.babel import gettext

    return str(gettext("Are you sure you want to delete this record?"))


def content_security_policy(nonce: str) -> str:
    handlers = inline_handler_hashes(_delete_confirmation())
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}' 'unsafe-hashes' {handlers}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if response.mimetype == "text/html" or "attachment" in response.headers.get(
        "Content-Disposition", ""
    ):
        # Pages and downloads hold personal data: never kept by shared caches or the browser.
        response.headers["Cache-Control"] = "no-store"
    return response


def init_security(app: Flask) -> None:
    app.after_request(security_headers)
    hops = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if hops:
        # Behind a reverse proxy: the client's address (audit trail) and the HTTPS scheme.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
