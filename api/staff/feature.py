"""The staff console as one `Feature`: sign-in, roles, CSRF, navigation, accounts and the audit trail.

Other features add their staff pages with `api.staff.http.auth.require(...)`, render them with
`api.staff.http.templating`, and list them in `api.staff.nav`."""

from __future__ import annotations

from api.contract import Feature
from api.staff import messages, tables  # noqa: F401  (registers the table)
from api.staff.http import pages
from api.staff.http.errors import HANDLERS

FEATURE = Feature(name="staff", routers=(pages.router,), exception_handlers=HANDLERS,
                  field_labels=messages.FIELD_LABELS)
