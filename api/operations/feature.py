"""The staff console's operations pages as one `Feature`: experts and their hours, expert console
accounts, the LINE queue and its dead letters, the outbox figures (over those features' services)."""

from __future__ import annotations

from api.contract import Feature
from api.operations.http import pages

FEATURE = Feature(name="operations", routers=(pages.router,))
