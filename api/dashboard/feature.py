"""The dashboard as one `Feature`: /staff (charts over a period and channel), its figures as JSON,
and the CSV exports. It adds no table: it reads the exchanges, feedback, bookings and applications."""

from __future__ import annotations

from api.contract import Feature
from api.dashboard import messages
from api.dashboard.http import pages

FEATURE = Feature(name="dashboard", routers=(pages.router,), field_labels=messages.FIELD_LABELS)
