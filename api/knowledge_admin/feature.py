"""Knowledge management as one `Feature`: the staff API and pages over the document registry and the index."""

from __future__ import annotations

from api.contract import Feature
from api.knowledge_admin import messages, tables  # noqa: F401  (registers the tables)
from api.knowledge_admin.http.pages import router as pages
from api.knowledge_admin.http.staff_api import router

FEATURE = Feature(name="knowledge_admin", routers=(router, pages), field_labels=messages.FIELD_LABELS)
