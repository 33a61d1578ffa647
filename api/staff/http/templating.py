"""Rendering staff pages: one Jinja environment over the staff templates (and any feature's own
templates folder), with the navigation bar, the signed-in user and the CSRF token in every page.

A feature's template extends "staff/base.html" and puts a form's token in with `{{ csrf_field() }}`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape

from api.csrf import FIELD
from api.staff.http.auth import StaffUser
from api.staff.nav import visible
from api.staff.rules.roles import ROLE_LABELS
from knowledge.programme import TAIPEI

TEMPLATES_DIR = Path(__file__).parents[1] / "templates"


def _taipei(value: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC time as Taipei wall-clock time ('' for none)."""
    if value is None:
        return ""
    from datetime import UTC

    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return str(value.astimezone(TAIPEI).strftime(fmt))


class StaffTemplates:
    def __init__(self, *extra_dirs: Path) -> None:
        self.templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
        loaders = [FileSystemLoader(str(d)) for d in extra_dirs] + [FileSystemLoader(str(TEMPLATES_DIR))]
        self.templates.env.loader = ChoiceLoader(loaders)
        self.templates.env.filters["taipei"] = _taipei
        self.templates.env.globals["ROLE_LABELS"] = ROLE_LABELS

    def render(self, request: Request, name: str, user: StaffUser | None, *, status_code: int = 200,
               **context: Any) -> HTMLResponse:
        token = user.csrf_token if user else ""

        def csrf_field() -> Markup:
            return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(token)}">')

        nav = visible(user.role) if user else []
        return self.templates.TemplateResponse(
            request, name, {"user": user, "nav": nav, "csrf_token": token, "csrf_field": csrf_field,
                            "path": request.url.path, **context}, status_code=status_code)


templates = StaffTemplates()
