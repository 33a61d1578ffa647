"""Company identity as one `Feature`: its staff page (the confirmations and the companies'
contacts on file). The confirmation itself is used by the experts and applications features
(`api.identity.services.confirmation`)."""

from __future__ import annotations

from api.contract import Feature
from api.identity import tables  # noqa: F401  (registers the tables)
from api.identity.http import pages

FEATURE = Feature(name="identity", routers=(pages.router,))
