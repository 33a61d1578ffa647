"""Neutral reply -> LINE Messaging API message objects (plain JSON dicts; no linebot import here).

An answer with sources becomes a flex bubble (year badge, the answer, up to three sources one tap
from reading more, buttons to book an expert, apply for points and rate the answer); anything else
is text. Suggested actions become quick replies on the last message, a flow's picker a date/time
picker. LINE's limits hold for every reply: at most 5 messages, text at most 5000 UTF-16 units,
13 quick replies, 20-unit quick-reply labels, 300-character postback data, 400-character alt text.

Postback data is compact and versioned: `1|<engine postback>` (e.g. `1|intent:book_expert`) or
`1|fb|<exchange id>|y` / `n` for feedback; data from another version decodes as `stale`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from bot.messages import t
from bot.sources import source_url, year_label
from bot.types import Action, Language, Reply

MAX_MESSAGES = 5
MAX_TEXT = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_POSTBACK = 300
MAX_ALT_TEXT = 400
MAX_MESSAGE_ACTION_TEXT = 300
MAX_SOURCES = 3
FLEX_ANSWER_MAX = 2000
"""Longer answers go out as text messages, followed by a bubble with the sources and buttons."""
VERSION = "1"
BRAND = "#0f766e"

_DATETIME = {"datetime": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"), "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
             "time": re.compile(r"^\d{2}:\d{2}$")}
_BREAK = re.compile(r"(?<=[\n。！？!?])")

Json = dict[str, Any]


@dataclass(frozen=True)
class Postback:
    """Decoded postback data: for the engine (`value`), feedback on an answer, or stale."""

    kind: Literal["engine", "feedback", "stale"]
    value: str = ""
    exchange_id: int = 0
    helpful: bool = False


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _units(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _head(text: str, limit: int) -> str:
    """The longest start of `text` within `limit` UTF-16 units."""
    used = 0
    for i, ch in enumerate(text):
        used += _units(ch)
        if used > limit:
            return text[:i]
    return text


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` UTF-16 units, with an ellipsis when cut."""
    return text if utf16_len(text) <= limit else _head(text, limit - 1) + "…"


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` in pieces of at most `limit` UTF-16 units, broken after a sentence where possible."""
    pieces: list[str] = []
    current, used = "", 0
    for part in _BREAK.split(text):
        size = utf16_len(part)
        if used + size > limit and current:
            pieces.append(current)
            current, used = "", 0
        while size > limit:  # one endless sentence: cut it hard
            head = _head(part, limit)
            pieces.append(head)
            part = part[len(head):]
            size = utf16_len(part)
        current, used = current + part, used + size
    pieces.append(current)
    kept = [p.strip() for p in pieces if p.strip()]
    return kept or ["…"]


def encode_postback(value: str) -> str | None:
    """The engine postback `value` as versioned LINE postback data; None when it would not fit."""
    data = f"{VERSION}|{value}"
    return data if len(data) <= MAX_POSTBACK else None


def feedback_postback(exchange_id: int, helpful: bool) -> str:
    return f"{VERSION}|fb|{exchange_id}|{'y' if helpful else 'n'}"


def decode_postback(data: str) -> Postback:
    version, sep, rest = data.partition("|")
    if version != VERSION or not sep or not rest:
        return Postback("stale", data)
    if rest.startswith("fb|"):
        _, exchange, vote = rest.split("|", 2) if rest.count("|") >= 2 else ("", "", "")
        if exchange.isdigit() and vote in ("y", "n"):
            return Postback("feedback", exchange_id=int(exchange), helpful=vote == "y")
        return Postback("stale", data)
    return Postback("engine", rest)


SAY = "say:"
"""Postback data carrying text the user would have typed: in a group, a message button's text is
not addressed to the bot (no @mention), so it would be ignored; as a postback it is not."""


def line_action(action: Action, *, label_limit: int = MAX_LABEL, group: bool = False) -> Json | None:
    """One neutral action as a LINE action object; None when LINE cannot carry it. In a group
    (`group`), a message button becomes a postback the bot reads as that text."""
    label = clip(action.label.strip(), label_limit)
    if not label or not action.value.strip():
        return None
    if action.type == "message" and group:
        said = encode_postback(SAY + action.value)
        if said is not None:
            return {"type": "postback", "label": label, "data": said,
                    "displayText": clip(action.value, MAX_MESSAGE_ACTION_TEXT)}
    if action.type == "message":
        return {"type": "message", "label": label, "text": clip(action.value, MAX_MESSAGE_ACTION_TEXT)}
    if action.type == "uri":
        return {"type": "uri", "label": label, "uri": action.value}
    data = encode_postback(action.value)
    if action.type == "datetime":
        extra = dict(action.extra)
        mode = extra.get("mode", "datetime")
        if data is None or mode not in _DATETIME:
            return None
        picker: Json = {"type": "datetimepicker", "label": label, "data": data, "mode": mode}
        for key in ("initial", "min", "max"):
            value = extra.get(key, "")[: {"datetime": 16, "date": 10, "time": 5}[mode]]
            if _DATETIME[mode].match(value):
                picker[key] = value
        return picker
    if data is None:  # too long to carry as data: an `ask:` postback still works as typed text
        _, _, question = action.value.partition(":")
        if action.value.startswith("ask:") and question:
            return {"type": "message", "label": label, "text": clip(question, MAX_MESSAGE_ACTION_TEXT)}
        return None
    return {"type": "postback", "label": label, "data": data, "displayText": clip(action.label, 300)}


def quick_reply(actions: tuple[Action, ...], *, group: bool = False) -> Json | None:
    items: list[Json] = []
    labels: set[str] = set()
    for action in actions:
        rendered = line_action(action, group=group)
        if rendered is None or rendered["label"] in labels:
            continue
        labels.add(rendered["label"])
        items.append({"type": "action", "action": rendered})
    if len(items) > MAX_QUICK_REPLIES:  # keep the last one too: a flow's "cancel" is always last
        items = items[: MAX_QUICK_REPLIES - 1] + items[-1:]
    return {"items": items} if items else None


def _text(text: str) -> Json:
    return {"type": "text", "text": text}


def _fit(texts: list[str], flex: Json | None = None) -> list[Json]:
    """Text messages (and a bubble last) within MAX_MESSAGES; what does not fit is cut, marked with …"""
    room = MAX_MESSAGES - (flex is not None)
    if len(texts) > room:
        texts = texts[: room - 1] + [clip(texts[room - 1] + "\n…", MAX_TEXT)]
    return [_text(t) for t in texts] + ([flex] if flex is not None else [])


def _labels(lang: Language) -> dict[str, str]:
    if lang == "en":
        return {"book": "Book an expert", "apply": "Apply for points", "helpful": "Was this helpful?",
                "sources": "Sources", "more": "Answer above; its sources:"}
    return {"book": "預約專家", "apply": "申請數位點數", "helpful": "這有幫助嗎？", "sources": "資料來源",
            "more": "以上回答的資料來源："}


def _badge(text: str, color: str) -> Json:
    return {"type": "box", "layout": "vertical", "flex": 0, "backgroundColor": color, "cornerRadius": "md",
            "paddingStart": "8px", "paddingEnd": "8px", "paddingTop": "2px", "paddingBottom": "2px",
            "contents": [{"type": "text", "text": text, "size": "xs", "color": "#ffffff", "weight": "bold"}]}


def _button(label: str, value: str, style: str) -> Json | None:
    action = line_action(Action("postback", label, value), label_limit=40)
    return None if action is None else {"type": "button", "style": style, "height": "sm", "action": action}


def _bubble(reply: Reply, answer: str | None, exchange_id: int | None, base_url: str) -> Json:
    lang, words = reply.language, _labels(reply.language)
    years = sorted({s.year for s in reply.sources if s.year})
    badges = [_badge("・".join(year_label(y, lang) for y in years), BRAND)] if years else []
    halls = list(dict.fromkeys(s.hall for s in reply.sources if s.hall))
    badges += [_badge("・".join(halls), "#475569")] if halls else []
    body: list[Json] = [{"type": "box", "layout": "horizontal", "spacing": "sm", "contents": badges}] if badges else []
    body.append({"type": "text", "text": (answer or "…") if answer is not None else words["more"], "wrap": True,
                 "size": "sm"})
    body += [{"type": "separator", "margin": "md"},
             {"type": "text", "text": words["sources"], "size": "xxs", "color": "#64748b", "margin": "md"}]
    for n, source in enumerate([s for s in reply.sources if s.title.strip()][:MAX_SOURCES], start=1):
        row: Json = {"type": "text", "text": clip(f"{n}. {source.title}", 80), "size": "xs", "wrap": True,
                     "color": "#1d4ed8"}
        url = source_url(source.chunk_id, base_url) if base_url.startswith("https://") else ""
        action = line_action(Action("uri", clip(source.title, 40), url) if url else
                             Action("postback", clip(source.title, 40), f"ask:{source.title}"), label_limit=40)
        if action is not None:
            row["action"] = action
        body.append(row)
        if source.source.strip():
            body.append({"type": "text", "text": clip(source.source, 60), "size": "xxs", "color": "#94a3b8",
                         "wrap": True})
    buttons = [_button(words["book"], "intent:book_expert", "primary"),
               _button(words["apply"], "intent:apply_points", "secondary")]
    footer: list[Json] = [b for b in buttons if b is not None]
    if exchange_id is not None:
        votes = [{"type": "button", "height": "sm", "flex": 1, "action": {
            "type": "postback", "label": icon, "data": feedback_postback(exchange_id, helpful), "displayText": icon}}
            for icon, helpful in (("👍", True), ("👎", False))]
        footer.append({"type": "box", "layout": "horizontal", "contents": [
            {"type": "text", "text": words["helpful"], "size": "xs", "color": "#64748b", "gravity": "center",
             "flex": 2}, *votes]})
    return {"type": "bubble", "size": "mega",
            "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": body},
            "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": footer}}


def step_text(reply: Reply) -> str:
    """A form step's text with 「（第n/m步）」 after it (the web chat shows a progress bar instead);
    a one-step form and the confirmation screen have no counter."""
    form = reply.form
    if form is None or form.confirming or form.total <= 1:
        return reply.text
    return f"{reply.text}{t('flow_step', reply.language, index=form.index + 1, total=form.total)}"


_BUTTON_VALUES = frozenset({"intent:book_expert", "intent:apply_points"})


EDIT_PREFIX = "flow:edit:"


def _confirmation(reply: Reply) -> Json:
    """A form's confirmation screen as a bubble: every answer on its own row, each changeable one
    with its own 修改 (quick replies could carry only 13, and a 15-field form has more)."""
    form, lang = reply.form, reply.language
    assert form is not None
    edits = {a.value.removeprefix(EDIT_PREFIX) for a in reply.actions if a.value.startswith(EDIT_PREFIX)}
    rows: list[Json] = [{"type": "text", "text": t("flow_confirm", lang), "weight": "bold", "size": "sm",
                         "color": BRAND}]
    for field in form.fields:
        row: list[Json] = [
            {"type": "text", "text": clip(field.label, 40), "size": "xs", "color": "#64748b", "flex": 3,
             "wrap": True},
            {"type": "text", "text": clip(field.value or "—", 400), "size": "sm", "flex": 6, "wrap": True}]
        edit = line_action(Action("postback", t("act_edit_field", lang, field=field.label),
                                  EDIT_PREFIX + field.name)) if field.name in edits else None
        if edit is not None:
            row.append({"type": "text", "text": t("act_edit", lang), "size": "xs", "color": "#1d4ed8",
                        "flex": 2, "align": "end", "action": edit})
        rows.append({"type": "box", "layout": "horizontal", "spacing": "sm", "margin": "md", "contents": row})
    submit = line_action(Action("message", t("act_confirm", lang), t("act_confirm", lang)))
    return {"type": "bubble", "size": "mega",
            "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": rows},
            "footer": {"type": "box", "layout": "vertical", "contents": [
                {"type": "button", "style": "primary", "height": "sm", "color": BRAND, "action": submit}]}}


def render_line(reply: Reply, *, exchange_id: int | None = None, base_url: str = "",
                group: bool = False) -> list[Json]:
    """The LINE messages for one reply (1 to 5), the quick replies on the last one. `base_url`: the
    service's public https address; each cited source then opens its whole passage. `group`: for
    a group or room chat, where every button must be a postback (see `SAY`)."""
    actions = reply.actions
    if reply.sources and reply.form is None:
        fits = utf16_len(reply.text) <= FLEX_ANSWER_MAX
        flex = {"type": "flex", "altText": clip(reply.text.strip() or "…", MAX_ALT_TEXT),
                "contents": _bubble(reply, reply.text if fits else None, exchange_id, base_url)}
        messages = _fit([] if fits else split_text(reply.text), flex)
        actions = tuple(a for a in actions if a.value not in _BUTTON_VALUES)
    elif reply.form is not None and reply.form.confirming and reply.form.fields:
        # What came before the confirmation (an answer to a question asked there) stays text.
        heading = reply.text.rfind(t("flow_confirm", reply.language))
        lead = reply.text[:heading].strip().removesuffix("—").strip() if heading > 0 else ""
        flex = {"type": "flex", "altText": clip(reply.text.strip() or "…", MAX_ALT_TEXT),
                "contents": _confirmation(reply)}
        messages = _fit(split_text(lead) if lead else [], flex)
        actions = tuple(a for a in actions if not a.value.startswith(EDIT_PREFIX))
    else:
        messages = _fit(split_text(step_text(reply) or "…"))
    quick = quick_reply(actions, group=group)
    if quick is not None:
        messages[-1]["quickReply"] = quick
    return messages


def plain_text(text: str, actions: tuple[Action, ...] = ()) -> list[Json]:
    """A text-only reply (notices, pushes) within the same limits."""
    return render_line(Reply(text, "notice", actions=actions))
