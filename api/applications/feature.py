"""The applications feature as `api.features` wires it: routers, the chat flow, the records port."""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.applications.adapters.desk import ApplicationCommitter, ApplicationRecords, DbApplicationDesk
from api.applications.http import public_api as router  # noqa: F401  (models: registers the tables)
from api.applications.http import staff_api as admin
from bot.flows.apply_points import build_apply_points_flow
from bot.flows.ports import FlowRegistry, RecordsPort
from bot.points.loader import default_rules

if TYPE_CHECKING:
    from api.features import FeatureContext

ROUTERS = (router.router, admin.router)


def register_flows(flows: FlowRegistry, ctx: FeatureContext) -> None:
    """The apply_points flow; reading the rules here stops start-up when the rules file is broken."""
    rules = default_rules()
    flows.register(build_apply_points_flow(rules, DbApplicationDesk(ctx.db, rules, ctx.settings)),
                   ApplicationCommitter(ctx.db, rules, ctx.settings))


def records(ctx: FeatureContext) -> RecordsPort:
    return ApplicationRecords(ctx.db)
