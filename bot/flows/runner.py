"""Runs a declared flow one message at a time; everything it knows is in `DialogueState.flow`."""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections.abc import Callable, Mapping

from bot.config import EngineConfig
from bot.flows.ports import CommitError, FlowRegistry, Submission
from bot.flows.spec import Flow, FlowContext, Invalid, Step
from bot.messages import t
from bot.redact import redact
from bot.state import DialogueState, FlowState
from bot.types import FLOW, Action, FormField, FormStep, IncomingMessage, Language, Reply

log = logging.getLogger(__name__)

CANCEL = frozenset({"取消", "算了", "不要了", "結束", "cancel", "quit", "stop"})
RESTART = frozenset({"重來", "重新開始", "重新填寫", "restart", "start over"})
BACK = frozenset({"上一步", "返回", "回上一步", "back", "previous"})
RESUME = frozenset({"繼續", "continue", "resume"})
CONFIRM = frozenset({"確認送出", "確認", "送出", "沒問題", "正確", "submit", "confirm", "ok", "yes"})
EDIT = frozenset({"修改", "更改", "改", "edit", "change"})
SKIP = frozenset({"略過", "跳過", "無", "沒有", "skip", "none"})
_PUNCT = re.compile(r"[\s。.!！?？~～、,，]+")
_QUESTION = re.compile(
    r"[?？]|嗎|呢|什麼|甚麼|怎麼|如何|多少|哪|幾|可不可以|能不能|是否"
    r"|^(what|how|why|when|where|who|which|can|could|is|are|do|does|may|should|will)\b", re.IGNORECASE)

AnswerQuestion = Callable[[str, Language, DialogueState], Reply]


def command(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text)).lower()


def looks_like_question(text: str) -> bool:
    return len(text.strip()) >= 4 and bool(_QUESTION.search(text))


_ENDS_AS_QUESTION = re.compile(r"([?？]|嗎|呢|多少|怎麼辦|怎麼做|如何|什麼)\s*[。.!！~～]*$")


def clearly_a_question(text: str) -> bool:
    """Stricter than `looks_like_question`, for free-text steps where any words are a valid answer."""
    return looks_like_question(text) and bool(_ENDS_AS_QUESTION.search(text.strip()))


class FlowRunner:
    def __init__(self, registry: FlowRegistry, config: EngineConfig, answer: AnswerQuestion) -> None:
        self.registry = registry
        self.config = config
        self.answer = answer

    def start(self, flow: Flow, state: DialogueState, lang: Language, now: float,
              msg: IncomingMessage | None = None, values: Mapping[str, str] | None = None,
              note: str = "") -> Reply:
        """Start `flow`; steps whose answer `values` already holds are not asked. A flow closed now
        (no application window) says why instead, and nothing of the state changes."""
        closed = flow.closed(lang) if flow.closed is not None else None
        if closed is not None:
            return Reply(closed.text, FLOW, lang, confidence=1.0, actions=closed.actions)
        given = dict(values or {})
        state.flow = FlowState(flow.name, values=given, updated_at=now,
                               auto=[s.name for s in flow.steps if s.name in given])
        state.pending = None
        todo = [i for i, s in enumerate(flow.steps) if s.name not in state.flow.values]
        state.flow.step = todo[0] if todo else 0
        state.flow.confirming = not todo
        ctx = self.context(msg, state, lang)
        hint = t("flow_control_hint", lang)
        return self.prompt(flow, state.flow, lang, note=f"{note}\n{hint}" if note else hint, ctx=ctx)

    @staticmethod
    def context(msg: IncomingMessage | None, state: DialogueState, lang: Language) -> FlowContext:
        values = state.flow.values if state.flow is not None else {}
        user_id, channel = (msg.user_id, msg.channel) if msg is not None else ("", "")
        return FlowContext(user_id, channel, values, state.last_question, lang,
                           questions=tuple(state.recent_questions), sources=tuple(state.last_sources),
                           confidence=state.last_confidence, answered=state.last_answered)

    def handle(self, msg: IncomingMessage, text: str, state: DialogueState, lang: Language,
               now: float) -> Reply:
        fs = state.flow
        assert fs is not None
        flow = self.registry.get(fs.name)
        if flow is None:  # a flow removed since the state was saved
            state.flow = None
            return Reply(t("flow_cancelled", lang), FLOW, lang)
        cmd = command(text)
        ctx = self.context(msg, state, lang)
        idle = now - fs.updated_at > self.config.flow_idle_hours * 3600
        fs.updated_at = now
        if idle and not fs.resume_offered and cmd not in RESUME | CANCEL:
            fs.resume_offered = True
            return Reply(t("flow_resume", lang, title=flow.title_text(lang)), FLOW, lang, actions=(
                Action("message", t("act_continue", lang), t("act_continue", lang)),
                Action("message", t("act_cancel", lang), t("act_cancel", lang))))
        fs.resume_offered = False
        if cmd in CANCEL:
            state.flow = None
            return Reply(t("flow_cancelled", lang), FLOW, lang)
        if cmd in RESTART:
            state.flow = FlowState(flow.name, updated_at=now)
            return self.prompt(flow, state.flow, lang, note=t("flow_restarted", lang),
                               ctx=dataclasses.replace(ctx, values=state.flow.values))
        if cmd in BACK:
            return self._back(flow, fs, lang, ctx)
        if cmd in RESUME:
            return self.prompt(flow, fs, lang, ctx=ctx)
        if fs.confirming:
            return self._at_confirmation(msg, flow, fs, text, cmd, state, lang, ctx)
        return self._fill(flow, fs, text, cmd, state, lang, ctx, msg)

    def edit(self, step_name: str, state: DialogueState, lang: Language,
             msg: IncomingMessage | None = None) -> Reply | None:
        fs = state.flow
        flow = self.registry.get(fs.name) if fs else None
        index = flow.index_of(step_name) if flow else None
        if fs is None or flow is None or index is None:
            return None
        fs.step, fs.confirming, fs.return_to_confirm = index, False, True
        _asked(fs, step_name)
        return self.prompt(flow, fs, lang, ctx=self.context(msg, state, lang))

    def _back(self, flow: Flow, fs: FlowState, lang: Language, ctx: FlowContext) -> Reply:
        """To the step asked before this one; steps filled for the user are passed over."""
        before = len(flow.steps) if fs.confirming else fs.step
        earlier = [i for i in range(before) if flow.steps[i].name not in fs.auto]
        if not earlier:
            return self.prompt(flow, fs, lang, note=t("flow_at_start", lang), ctx=ctx)
        fs.confirming, fs.step = False, earlier[-1]
        fs.return_to_confirm = False
        return self.prompt(flow, fs, lang, ctx=ctx)

    def _fill(self, flow: Flow, fs: FlowState, text: str, cmd: str, state: DialogueState,
              lang: Language, ctx: FlowContext, msg: IncomingMessage | None = None) -> Reply:
        step = flow.steps[fs.step]
        suggested = step.prefill(ctx) if step.prefill is not None else None
        if not step.all_choices(ctx) and clearly_a_question(text) and text.strip() != (suggested or "").strip():
            # A free-text step would take a question as its answer (a company called
            # 「60萬的方案我要付多少？」): answer it and ask the step again instead.
            return self._answer_then_prompt(flow, text, state, lang, ctx)
        result = self._parse(step, text, cmd, ctx)
        if isinstance(result, Invalid):
            if looks_like_question(text):
                return self._answer_then_prompt(flow, text, state, lang, ctx)
            return self.prompt(flow, fs, lang, error=result.text(lang), ctx=ctx)
        fs.values[step.name] = result
        _asked(fs, step.name)
        if flow.on_value is not None:
            merged = flow.on_value(dataclasses.replace(ctx, values=dict(fs.values)), step.name)
            for name, value in merged.items():
                if name not in fs.values:
                    fs.values[name] = value
                    fs.auto.append(name)
        if fs.return_to_confirm:
            fs.confirming, fs.return_to_confirm = True, False
        else:
            later = [i for i in range(fs.step + 1, len(flow.steps)) if flow.steps[i].name not in fs.values]
            if later:
                fs.step = later[0]
            else:
                fs.confirming = True
        if fs.confirming and not flow.confirm_screen and msg is not None:
            return self._commit(msg, flow, fs, state, lang, dataclasses.replace(ctx, values=dict(fs.values)))
        # A time typed in words (「禮拜五早上十點」) or picked is said back as understood, at once.
        echo = t("flow_picked", lang, value=step.display(result, lang)) if step.picker and result else ""
        return self.prompt(flow, fs, lang, ctx=ctx, note=echo)

    @staticmethod
    def _parse(step: Step, text: str, cmd: str, ctx: FlowContext | None = None) -> str | Invalid:
        if step.optional and cmd in SKIP:
            return ""
        choices = step.all_choices(ctx)
        if choices and not step.picker:
            for choice in choices:
                names = (choice.value, choice.label, choice.label_en, *choice.aliases)
                if cmd in {command(n) for n in names if n}:
                    return choice.value
            if step.validator is None:
                return Invalid(t("flow_pick_choice", "zh"), t("flow_pick_choice", "en"))
        if step.picker:
            for choice in choices:
                if cmd in {command(n) for n in (choice.value, choice.label, choice.label_en, *choice.aliases) if n}:
                    text = choice.value
                    break
        value = text.strip()
        if step.validator is not None:
            checked = step.validator(text)
            if isinstance(checked, Invalid):
                return checked
            value = checked.value
        if step.check is not None and ctx is not None:
            checked = step.check(value, ctx)
            if isinstance(checked, Invalid):
                return checked
            value = checked.value
        return value

    def _at_confirmation(self, msg: IncomingMessage, flow: Flow, fs: FlowState, text: str, cmd: str,
                         state: DialogueState, lang: Language, ctx: FlowContext) -> Reply:
        if cmd in CONFIRM:
            return self._commit(msg, flow, fs, state, lang, ctx)
        for step in flow.steps:
            if cmd in {command(step.label), command(step.label_en or step.label), command("修改" + step.label),
                       command("edit" + (step.label_en or step.label))}:
                edited = self.edit(step.name, state, lang, msg)
                assert edited is not None
                return edited
        if looks_like_question(text):
            return self._answer_then_prompt(flow, text, state, lang, ctx)
        if cmd in EDIT:
            return self.prompt(flow, fs, lang, note=t("flow_edit_which", lang), ctx=ctx)
        return self.prompt(flow, fs, lang, ctx=ctx)

    def _commit(self, msg: IncomingMessage, flow: Flow, fs: FlowState, state: DialogueState, lang: Language,
                ctx: FlowContext) -> Reply:
        """Hand the answers to the flow's committer: its refusal asks the step it names again."""
        committer = self.registry.committers[flow.name]
        try:
            result = committer.commit(Submission(flow.name, msg.user_id, msg.channel, dict(fs.values),
                                                 context=ctx))
        except CommitError as exc:
            log.warning("flow %s commit refused: %s", flow.name, redact(str(exc), fs.values.values()))
            message = exc.message_en if lang == "en" and exc.message_en else str(exc)
            if exc.end:
                state.flow = None
                return Reply(message, FLOW, lang)
            index = flow.index_of(exc.step) if exc.step else None
            if index is not None:
                # Ask that step again (its choices are computed afresh), then back to confirmation.
                fs.values.pop(flow.steps[index].name, None)
                _asked(fs, flow.steps[index].name)
                fs.step, fs.confirming, fs.return_to_confirm = index, False, True
                ctx = dataclasses.replace(ctx, values=dict(fs.values))
            error = t("flow_commit_failed", lang, message=message) if flow.confirm_screen else message
            return self.prompt(flow, fs, lang, error=error, ctx=ctx)
        state.flow = None
        message = result.message_en if lang == "en" and result.message_en else result.message
        then = self.registry.get(result.then_flow) if result.then_flow else None
        if then is not None:  # e.g. the code e-mailed to confirm what was just sent is asked for at once
            return self.start(then, state, lang, fs.updated_at, msg, values=result.then_values, note=message)
        text = message if result.whole else t("flow_committed", lang, reference=result.reference, message=message)
        return Reply(text.strip(), FLOW, lang, actions=result.actions)

    def _answer_then_prompt(self, flow: Flow, text: str, state: DialogueState, lang: Language,
                            ctx: FlowContext | None = None) -> Reply:
        answer = self.answer(text, lang, state)
        assert state.flow is not None
        again = self.prompt(flow, state.flow, lang, ctx=ctx)
        return Reply(f"{answer.text}\n\n—\n{again.text}", answer.intent, lang, sources=answer.sources,
                     confidence=answer.confidence, actions=again.actions, form=again.form)

    def prompt(self, flow: Flow, fs: FlowState, lang: Language, *, error: str = "", note: str = "",
               ctx: FlowContext | None = None) -> Reply:
        """The current step's question (or the confirmation screen), with its quick replies."""
        if ctx is not None:
            ctx = dataclasses.replace(ctx, values=dict(fs.values))
        shown = visible_steps(flow, fs)
        head = [x for x in (note, error) if x]
        actions: list[Action] = []
        fields: tuple[FormField, ...] = ()
        if fs.confirming:
            fields = tuple(FormField(s.name, s.label_text(lang), s.display(fs.values.get(s.name, ""), lang),
                                     editable=i in shown) for i, s in enumerate(flow.steps))
            lines = [f"{f.label}：{f.value}" for f in fields]
            body = "\n".join([t("flow_confirm", lang), *lines, t("flow_confirm_hint", lang)])
            actions.append(Action("message", t("act_confirm", lang), t("act_confirm", lang)))
            # Channels show these as one 修改 menu (web) or a 修改 link on each row (LINE).
            actions += [Action("postback", t("act_edit_field", lang, field=f.label), f"flow:edit:{f.name}")
                        for f in fields if f.editable]
            step_name, prompt = "confirm", t("flow_confirm", lang)
        else:
            step = flow.steps[fs.step]
            prompt = step.prompt_text(lang)
            intro = step.intro(ctx) if step.intro is not None and ctx is not None else ""
            body = "\n".join(x for x in (intro, prompt) if x)
            suggested = step.prefill(ctx) if step.prefill is not None and ctx is not None else None
            if suggested:
                actions.append(Action("message", suggested[: self.config.quick_reply_label_chars], suggested))
            actions += [Action("message", c.text(lang), c.text(lang)) for c in step.all_choices(ctx)]
            if step.picker:
                label = ("選擇日期時間" if step.picker == "datetime" else "選擇日期") if lang == "zh" else "Pick a time"
                bounds = step.picker_range(ctx) if step.picker_range is not None and ctx is not None else ("",) * 3
                extra = (("mode", step.picker),) + tuple((k, v) for k, v in zip(("initial", "min", "max"), bounds,
                                                                                 strict=True) if v)
                actions.append(Action("datetime", label, f"flow:pick:{step.name}", extra))
            if step.optional:
                skip = "略過" if lang == "zh" else "skip"
                actions.append(Action("message", skip, skip))
            if any(i < fs.step for i in shown):
                actions.append(Action("message", t("act_back", lang), t("act_back", lang)))
            step_name = step.name
        actions.append(Action("message", t("act_cancel", lang), t("act_cancel", lang)))
        position = sum(1 for i in shown if i < fs.step) if not fs.confirming else max(len(shown) - 1, 0)
        form = FormStep(flow.name, step_name, position, len(shown), prompt, error=error,
                        confirming=fs.confirming, values=dict(fs.values), fields=fields)
        return Reply("\n".join([*head, body]), FLOW, lang, actions=tuple(actions), form=form)


def visible_steps(flow: Flow, fs: FlowState) -> list[int]:
    """The steps the user sees (by index): not those filled for them, nor an uncounted step
    (`Step.counted`) until it is asked."""
    return [i for i, s in enumerate(flow.steps) if s.name not in fs.auto
            and (s.counted or s.name in fs.values or (i == fs.step and not fs.confirming))]


def _asked(fs: FlowState, name: str) -> None:
    """The user answers (or is asked) this step themselves from now on."""
    if name in fs.auto:
        fs.auto.remove(name)
