"""Personal data (Taiwan PDPA) as one `Feature`: the chat's export and erasure (the `pdpa`
postback handler), the web download, the staff page and the retention purge."""

from __future__ import annotations

from api.contract import Feature, FeatureContext
from api.privacy import tables  # noqa: F401  (registers the table)
from api.privacy.adapters.chat import PrivacyPostbacks
from api.privacy.http import pages, routes
from api.privacy.jobs import run_retention
from bot.flows.ports import FlowRegistry
from bot.intents.privacy import POSTBACK


def register_flows(flows: FlowRegistry, ctx: FeatureContext) -> None:
    flows.register_postback(POSTBACK, PrivacyPostbacks(ctx.db, ctx.settings.user_hash_salt.get_secret_value()))


FEATURE = Feature(name="privacy", routers=(routes.router, pages.router), register_flows=register_flows,
                  background=run_retention)
