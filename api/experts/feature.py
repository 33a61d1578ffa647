"""Expert consultations as one `Feature`: routers, the booking flows, \"我的預約\", the background job."""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.experts import buttons
from api.experts.adapters.catalog import ExpertCatalogDb
from api.experts.adapters.committers import BookingCommitter, RescheduleCommitter
from api.experts.adapters.records import BookingPostbacks, BookingRecords
from bot.flows.book_expert import build_book_expert_flow, build_reschedule_flow
from bot.flows.ports import FlowRegistry, RecordsPort

if TYPE_CHECKING:
    from api.features import Feature, FeatureContext


def register_flows(flows: FlowRegistry, ctx: FeatureContext) -> None:
    catalog = ExpertCatalogDb(ctx.db)
    flows.register(build_book_expert_flow(catalog),
                   BookingCommitter(ctx.db, lambda: ctx.settings.experts_max_open_per_company))
    flows.register(build_reschedule_flow(catalog), RescheduleCommitter(ctx.db))
    flows.register_postback(buttons.PREFIX, BookingPostbacks(ctx.db))


def records(ctx: FeatureContext) -> RecordsPort:
    return BookingRecords(ctx.db, lambda: ctx.settings.public_base_url)


def experts_feature() -> Feature:
    # Imported here: api.features imports this module while it is being loaded.
    from api.experts import jobs
    from api.experts.http import console_api as routes_console
    from api.experts.http import console_pages as pages
    from api.experts.http import staff_api as routes_staff
    from api.features import Feature

    return Feature(name="experts",
                   routers=(routes_staff.router, routes_staff.admin, routes_console.router, routes_console.public,
                            pages.router),
                   register_flows=register_flows, records=records, background=jobs.run_forever)
