"""Expert consultations as one `Feature`: routers, the booking flows, 「我的預約」, the background job."""

from __future__ import annotations

from api.contract import Feature, FeatureContext
from api.experts import buttons, jobs
from api.experts import messages as msg
from api.experts.adapters.catalog import ExpertCatalogDb
from api.experts.adapters.committers import (
    CONFIRM_FLOW,
    BookingCommitter,
    ConfirmBookingCommitter,
    RescheduleCommitter,
)
from api.experts.adapters.records import BookingPostbacks, BookingRecords
from api.experts.http import console_api, console_pages, proposal_pages, staff_api, staff_pages
from api.identity.services import confirmation as identity
from bot.consultations.flows import build_book_expert_flow, build_reschedule_flow
from bot.flows.code import build_code_flow
from bot.flows.ports import FlowRegistry, RecordsPort


def register_flows(flows: FlowRegistry, ctx: FeatureContext) -> None:
    catalog = ExpertCatalogDb(ctx.db)
    max_open = lambda: ctx.settings.experts_max_open_per_company  # noqa: E731
    email_on = lambda: ctx.settings.email_enabled  # noqa: E731
    flows.register(build_book_expert_flow(catalog),
                   BookingCommitter(ctx.db, max_open, email_on, policy=lambda: identity.policy_of(ctx.settings)))
    flows.register(build_code_flow(CONFIRM_FLOW, "確認預約", "Confirm the booking"),
                   ConfirmBookingCommitter(ctx.db, max_open, ctx.lockout, identity.code_key(ctx.settings), email_on))
    flows.register(build_reschedule_flow(catalog), RescheduleCommitter(ctx.db, lambda: ctx.settings.email_enabled))
    flows.register_postback(buttons.PREFIX, BookingPostbacks(ctx.db))


def records(ctx: FeatureContext) -> RecordsPort:
    return BookingRecords(ctx.db, lambda: ctx.settings.public_base_url)


FEATURE = Feature(name="experts",
                  routers=(staff_api.router, staff_api.admin, console_api.router, console_api.public,
                           console_pages.router, proposal_pages.router, staff_pages.router),
                  register_flows=register_flows, records=records, background=jobs.run_forever,
                  field_labels=msg.FIELD_LABELS)
