"""The contact feature: the contact flow's commits go to the contact_request table."""

from __future__ import annotations

from api.contact.services import ContactRequests
from api.contract import Feature, FeatureContext
from bot.contact.flow import CONTACT_FLOW
from bot.flows.ports import FlowRegistry


def register_flows(flows: FlowRegistry, ctx: FeatureContext) -> None:
    flows.register(CONTACT_FLOW, ContactRequests(ctx.db))


FEATURE = Feature(name="contact", register_flows=register_flows)
