"""Expert consultations as one `Feature`: routers, the booking flows, 「我的預約」, the background job."""

from __future__ import annotations

from api.contract import Feature, FeatureContext
from api.experts import buttons, jobs
from api.experts import messages as msg
from api.experts.adapters.catalog import ExpertCatalogDb
from api.experts.adapters.committers import BookingCommitter, RescheduleCommitter
from api.experts.adapters.records import BookingPostbacks, BookingRecords
from api.experts.http import console_api, console_pages, proposal_pages, staff_api, staff_pages
from bot.consultations.flows import build_book_expert_flow, build_reschedule_flow
from bot.flows.ports import FlowRegistry, RecordsPort


def register_flows(flows: FlowRegistry, ctx: FeatureContext) -> None:
    catalog = ExpertCatalogDb(ctx.db)
    flows.register(build_book_expert_flow(catalog),
                   BookingCommitter(ctx.db, lambda: ctx.settings.experts_max_open_per_company,
                                    lambda: ctx.settings.email_enabled))
    flows.register(build_reschedule_flow(catalog), RescheduleCommitter(ctx.db, lambda: ctx.settings.email_enabled))
    flows.register_postback(buttons.PREFIX, BookingPostbacks(ctx.db))


def records(ctx: FeatureContext) -> RecordsPort:
    return BookingRecords(ctx.db, lambda: ctx.settings.public_base_url)


FEATURE = Feature(name="experts",
                  routers=(staff_api.router, staff_api.admin, console_api.router, console_api.public,
                           console_pages.router, proposal_pages.router, staff_pages.router),
                  register_flows=register_flows, records=records, background=jobs.run_forever,
                  field_labels=msg.FIELD_LABELS)
