"""How many consultations one company may hold at once (so more companies get an expert's time).

The limit itself is a setting (`EXPERTS_MAX_OPEN_PER_COMPANY`, default 3); this is the rule that
applies it. Pure: no database, no FastAPI.
"""

from __future__ import annotations

from api.errors import Conflict
from api.experts import messages as msg


class CompanyLimitReached(Conflict):
    code = "company_limit"

    def __init__(self, tax_id: str, open_count: int) -> None:
        super().__init__(*msg.company_limit(tax_id, open_count),
                         [{"field": "tax_id", "problem": "company_limit", "open": open_count}])


def check_company_limit(*, tax_id: str, open_count: int, limit: int) -> None:
    """A company with `open_count` upcoming bookings may book another only below `limit`."""
    if open_count >= limit:
        raise CompanyLimitReached(tax_id, open_count)
