"""Expert consultations as one `Feature`: routers, the booking flows, \"我的預約\", the background job."""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.experts import actions
from api.experts.chat_commit import BookingCommitter, RescheduleCommitter
from api.experts.chat_flow import ExpertCatalogDb
from api.experts.chat_records import BookingPostbacks, BookingRecords
from bot.flows.book_expert import build_book_expert_flow, build_reschedule_flow
from bot.flows.ports import FlowRegistry, RecordsPort

if TYPE_CHECKING:
    from api.features import Feature, FeatureContext


def register_flows(flows: FlowRegistry, ctx: FeatureContext) -> None:
    catalog = ExpertCatalogDb(ctx.db)
    flows.register(build_book_expert_flow(catalog),
                   BookingCommitter(ctx.db, lambda: ctx.settings.experts_max_open_per_company))
    flows.register(build_reschedule_flow(catalog), RescheduleCommitter(ctx.db))
    flows.register_postback(actions.PREFIX, BookingPostbacks(ctx.db))


def records(ctx: FeatureContext) -> RecordsPort:
    return BookingRecords(ctx.db, lambda: ctx.settings.public_base_url)


def experts_feature() -> Feature:
    # Imported here: api.features imports this module while it is being loaded.
    from api.experts import jobs, pages, routes_console, routes_staff
    from api.features import Feature

    return Feature(name="experts",
                   routers=(routes_staff.router, routes_staff.admin, routes_console.router, routes_console.public,
                            pages.router),
                   register_flows=register_flows, records=records, background=jobs.run_forever)
