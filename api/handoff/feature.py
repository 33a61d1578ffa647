"""The handoff inbox as one `Feature`: the engine's handoff desk (a person takes over a chat) and the
staff pages at /staff/inbox (the web chat reads staff messages through `api.chat_feed`)."""

from __future__ import annotations

from api.contract import Feature, FeatureContext
from api.handoff import messages, tables  # noqa: F401  (registers the tables)
from api.handoff.adapters.desk import DbHandoffDesk
from api.handoff.http import pages
from bot.handoff import HandoffDesk


def handoffs(ctx: FeatureContext) -> HandoffDesk:
    return DbHandoffDesk(ctx.db, ctx.settings.user_hash_salt.get_secret_value())


FEATURE = Feature(name="handoff", routers=(pages.router,), handoffs=handoffs,
                  field_labels=messages.FIELD_LABELS)
