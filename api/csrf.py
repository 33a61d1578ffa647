"""CSRF tokens for the signed-in web pages (staff console, experts' console).

A synchronizer token bound to the sign-in session (OWASP's "HMAC-based token"): the token is an
HMAC of the session cookie, so every worker and instance computes the same token with no shared
secret and no server-side state, and a page from another origin cannot know it (it cannot read
the HttpOnly cookie). We chose this over a double-submit-cookie middleware (asgi-csrf,
starlette-csrf): those need a signing secret shared by every instance and would also inspect
the JSON APIs, which authenticate with bearer tokens and need no CSRF protection.

Forms carry the token as the hidden field `csrf_token`; htmx requests may send it as the
`X-CSRF-Token` header instead.
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request

FIELD = "csrf_token"
HEADER = "x-csrf-token"
_PURPOSE = b"tcloud-csrf-v1"


def token_for(session_token: str) -> str:
    """The CSRF token of a sign-in session ('' for no session)."""
    if not session_token:
        return ""
    return hmac.new(session_token.encode(), _PURPOSE, hashlib.sha256).hexdigest()


async def submitted_token(request: Request) -> str:
    """The token a state-changing request carries (header first, then the form field)."""
    given = request.headers.get(HEADER, "")
    if given:
        return given
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # Starlette caches the parsed form for the route's own Form(...)
        value = form.get(FIELD, "")
        return value if isinstance(value, str) else ""
    return ""


def is_valid(session_token: str, given: str) -> bool:
    expected = token_for(session_token)
    return bool(expected) and hmac.compare_digest(expected, given)
