"""Digital-point applications as one `Feature`: routers, the chat flow, the records port."""

from __future__ import annotations

from api.applications import messages, tables  # noqa: F401  (registers the tables)
from api.applications.adapters import waitlist
from api.applications.adapters.change import ApplicationChangeCommitter, ApplicationPostbacks
from api.applications.adapters.desk import (
    CONFIRM_FLOW,
    ApplicationCommitter,
    ApplicationRecords,
    ConfirmApplicationCommitter,
    DbApplicationDesk,
)
from api.applications.http import public_api, staff_api, staff_pages
from api.contract import Feature, FeatureContext
from bot.flows.code import build_code_flow
from bot.flows.ports import FlowRegistry, RecordsPort
from bot.points.application_flow import build_apply_points_flow
from bot.points.change_flow import CHANGE_FLOW
from bot.points.change_flow import PREFIX as CHANGE_PREFIX


def register_flows(flows: FlowRegistry, ctx: FeatureContext) -> None:
    flows.register(build_apply_points_flow(ctx.rules, DbApplicationDesk(ctx.db, ctx.rules, ctx.settings),
                                           email_on=ctx.settings.email_enabled),
                   ApplicationCommitter(ctx.db, ctx.rules, ctx.settings))
    flows.register(build_code_flow(CONFIRM_FLOW, "確認申請", "Confirm the application"),
                   ConfirmApplicationCommitter(ctx.db, ctx.rules, ctx.settings, ctx.lockout))
    flows.register_postback(waitlist.PREFIX, waitlist.WaitlistPostbacks(ctx.db))
    flows.register(CHANGE_FLOW, ApplicationChangeCommitter(ctx.db, ctx.rules, ctx.settings))
    flows.register_postback(CHANGE_PREFIX, ApplicationPostbacks())


def records(ctx: FeatureContext) -> RecordsPort:
    return ApplicationRecords(ctx.db)


FEATURE = Feature(name="applications", routers=(public_api.router, staff_api.router, staff_pages.router),
                  register_flows=register_flows, records=records, field_labels=messages.FIELD_LABELS)
