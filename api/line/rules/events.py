"""What to do with one LINE event: a conversation turn, a fixed reply, feedback, or nothing.

Pure translation (no I/O): the SDK's event in, a `Plan` out. Group and room chats are answered
only when the bot is addressed (an @mention of the bot, or text starting with its name) and are
keyed by the group, never by an assumed user id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from linebot.v3.webhooks import (
    Event,
    FollowEvent,
    GroupSource,
    JoinEvent,
    MessageEvent,
    PostbackEvent,
    RoomSource,
    TextMessageContent,
    UnfollowEvent,
    UserSource,
)

from api.line import messages as texts
from bot.channels.line import SAY, Postback, decode_postback
from bot.intents.social import menu_actions
from bot.types import GREETING, IncomingMessage, Reply

UNREADABLE = "unreadable"
"""The type of the event a signed body that could not be read is recorded as (then dead-lettered)."""

NAMES = ("@雲市集助理", "雲市集助理", "@雲市集", "雲市集小幫手")
"""A group message starting with one of these is addressed to the bot, as is an @mention of it."""


@dataclass(frozen=True)
class Target:
    """Where answers go: the reply token, the push destination, the chat that can show loading."""

    reply_token: str | None
    to: str | None
    user_id: str | None
    """Set for one-to-one chats only."""


@dataclass(frozen=True)
class Plan:
    kind: Literal["turn", "fixed", "feedback", "skip"]
    target: Target
    message: IncomingMessage | None = None
    fixed: Reply | None = None
    feedback: Postback | None = None
    outcome: str = ""
    """For `skip`: why nothing is sent (standby, ignored, not_addressed, unfollowed)."""
    following: bool | None = None
    """A follow (True) or unfollow (False) to remember for the user."""


def unreadable_event(body: bytes, problem: str) -> dict[str, Any]:
    """A signed webhook body we cannot read, as one event for staff: keyed by the body's hash (a
    redelivery is recorded once), with what was wrong and the body's beginning."""
    excerpt = body[:500].decode("utf-8", errors="replace").replace("\x00", "")
    return {"type": UNREADABLE, "webhookEventId": f"unreadable-{hashlib.sha256(body).hexdigest()[:48]}",
            "problem": problem[:300], "excerpt": excerpt}


def target_of(event: Any) -> Target:
    source = getattr(event, "source", None)
    token = getattr(event, "reply_token", None)
    if isinstance(source, GroupSource):
        return Target(token, source.group_id, None)
    if isinstance(source, RoomSource):
        return Target(token, source.room_id, None)
    user = source.user_id if isinstance(source, UserSource) else None
    return Target(token, user, user)


def _cut_utf16(text: str, index: int, length: int) -> str:
    """Remove LINE's mention span (positions in UTF-16 units) from `text`."""
    raw = text.encode("utf-16-le")
    return (raw[: 2 * index] + raw[2 * (index + length):]).decode("utf-16-le", errors="ignore")


def addressed_text(content: TextMessageContent) -> str | None:
    """The text meant for the bot in a group (mention or name removed); None when not addressed."""
    text = content.text or ""
    mentionees = content.mention.mentionees if content.mention else []
    for mentionee in sorted(mentionees, key=lambda m: -int(m.index or 0)):
        if getattr(mentionee, "is_self", False):
            return _cut_utf16(text, int(mentionee.index), int(mentionee.length)).strip()
    stripped = text.lstrip()
    for name in NAMES:
        if stripped.startswith(name):
            return stripped[len(name):].lstrip(" ,，:：").strip()
    return None


def _chat_id(target: Target) -> str:
    return target.to or "unknown"


def _fixed(target: Target, text: str, *, greeting: bool = False) -> Plan:
    actions = menu_actions("zh") if greeting else ()
    return Plan("fixed", target, fixed=Reply(text, GREETING if greeting else "notice", actions=actions))


def welcome_back(plan: Plan) -> Plan:
    """A follow from someone we already know (they unfollowed, or chatted before): no first-time
    welcome and privacy notice again."""
    return Plan("fixed", plan.target, fixed=Reply(texts.FOLLOW_AGAIN, GREETING, actions=menu_actions("zh")),
                following=True)


def plan_event(event: Event, *, known: bool = False) -> Plan:
    """`known`: the event's user has followed or chatted with us before."""
    target = target_of(event)
    following = True if isinstance(event, FollowEvent) else False if isinstance(event, UnfollowEvent) else None
    if str(getattr(getattr(event, "mode", None), "value", getattr(event, "mode", ""))) == "standby":
        # Another channel (e.g. a human agent) has the chat: say nothing, but remember an unfollow.
        return Plan("skip", target, outcome="standby", following=following)
    if isinstance(event, FollowEvent):
        if known or bool(getattr(event.follow, "is_unblocked", False)):
            return welcome_back(Plan("fixed", target))
        return Plan("fixed", target, fixed=Reply(texts.FOLLOW, GREETING, actions=menu_actions("zh")), following=True)
    if isinstance(event, UnfollowEvent):
        return Plan("skip", target, outcome="unfollowed", following=False)
    if isinstance(event, JoinEvent):
        return _fixed(target, texts.JOIN)
    group = target.user_id is None
    if isinstance(event, MessageEvent):
        content = event.message
        if isinstance(content, TextMessageContent):
            text = addressed_text(content) if group else (content.text or "").strip()
            if text is None:
                return Plan("skip", target, outcome="not_addressed")
            if not text:
                return _fixed(target, texts.JOIN if group else texts.non_text("empty"), greeting=not group)
            return Plan("turn", target, IncomingMessage(user_id=_chat_id(target), channel="line", text=text))
        if group:
            return Plan("skip", target, outcome="not_addressed")
        return _fixed(target, texts.non_text(str(getattr(content, "type", ""))))
    if isinstance(event, PostbackEvent):
        postback = decode_postback(event.postback.data or "")
        if postback.kind == "feedback":
            return Plan("feedback", target, feedback=postback)
        if postback.kind == "stale":
            return _fixed(target, texts.STALE_BUTTON[0])
        params = event.postback.params or {}
        picked = params.get("datetime") or params.get("date") or params.get("time") or ""
        if postback.value.startswith(SAY):  # a group's message button: the text it would have typed
            said = postback.value.removeprefix(SAY).strip()
            return Plan("turn", target, IncomingMessage(user_id=_chat_id(target), channel="line", text=said))
        return Plan("turn", target, IncomingMessage(user_id=_chat_id(target), channel="line", text=picked,
                                                    postback=postback.value))
    return Plan("skip", target, outcome="ignored")
