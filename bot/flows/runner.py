"""Runs a declared flow one message at a time; everything it knows is in `DialogueState.flow`."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable

from bot.config import EngineConfig
from bot.flows.ports import CommitError, FlowRegistry, Submission
from bot.flows.spec import Flow, Invalid, Step
from bot.messages import t
from bot.state import DialogueState, FlowState
from bot.types import FLOW, Action, FormStep, IncomingMessage, Language, Reply

log = logging.getLogger(__name__)

CANCEL = frozenset({"取消", "算了", "不要了", "結束", "cancel", "quit", "stop"})
RESTART = frozenset({"重來", "重新開始", "重新填寫", "restart", "start over"})
BACK = frozenset({"上一步", "返回", "回上一步", "back", "previous"})
RESUME = frozenset({"繼續", "continue", "resume"})
CONFIRM = frozenset({"確認送出", "確認", "送出", "沒問題", "正確", "submit", "confirm", "ok", "yes"})
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


class FlowRunner:
    def __init__(self, registry: FlowRegistry, config: EngineConfig, answer: AnswerQuestion) -> None:
        self.registry = registry
        self.config = config
        self.answer = answer

    def start(self, flow: Flow, state: DialogueState, lang: Language, now: float) -> Reply:
        state.flow = FlowState(flow.name, updated_at=now)
        state.pending = None
        return self.prompt(flow, state.flow, lang, note=t("flow_control_hint", lang))

    def handle(self, msg: IncomingMessage, text: str, state: DialogueState, lang: Language,
               now: float) -> Reply:
        fs = state.flow
        assert fs is not None
        flow = self.registry.get(fs.name)
        if flow is None:  # a flow removed since the state was saved
            state.flow = None
            return Reply(t("flow_cancelled", lang), FLOW, lang)
        cmd = command(text)
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
            return self.prompt(flow, state.flow, lang, note=t("flow_restarted", lang))
        if cmd in BACK:
            return self._back(flow, fs, lang)
        if cmd in RESUME:
            return self.prompt(flow, fs, lang)
        if fs.confirming:
            return self._at_confirmation(msg, flow, fs, text, cmd, state, lang)
        return self._fill(flow, fs, text, cmd, state, lang)

    def edit(self, step_name: str, state: DialogueState, lang: Language) -> Reply | None:
        fs = state.flow
        flow = self.registry.get(fs.name) if fs else None
        index = flow.index_of(step_name) if flow else None
        if fs is None or flow is None or index is None:
            return None
        fs.step, fs.confirming, fs.return_to_confirm = index, False, True
        return self.prompt(flow, fs, lang)

    def _back(self, flow: Flow, fs: FlowState, lang: Language) -> Reply:
        if fs.confirming:
            fs.confirming, fs.step = False, len(flow.steps) - 1
        elif fs.step == 0:
            return self.prompt(flow, fs, lang, note=t("flow_at_start", lang))
        else:
            fs.step -= 1
        fs.return_to_confirm = False
        return self.prompt(flow, fs, lang)

    def _fill(self, flow: Flow, fs: FlowState, text: str, cmd: str, state: DialogueState,
              lang: Language) -> Reply:
        step = flow.steps[fs.step]
        result = self._parse(step, text, cmd)
        if isinstance(result, Invalid):
            if looks_like_question(text):
                return self._answer_then_prompt(flow, text, state, lang)
            return self.prompt(flow, fs, lang, error=result.text(lang))
        fs.values[step.name] = result
        if fs.return_to_confirm or fs.step + 1 >= len(flow.steps):
            fs.confirming, fs.return_to_confirm = True, False
        else:
            fs.step += 1
        return self.prompt(flow, fs, lang)

    @staticmethod
    def _parse(step: Step, text: str, cmd: str) -> str | Invalid:
        if step.optional and cmd in SKIP:
            return ""
        if step.choices:
            for choice in step.choices:
                names = (choice.value, choice.label, choice.label_en, *choice.aliases)
                if cmd in {command(n) for n in names if n}:
                    return choice.value
            return Invalid(t("flow_pick_choice", "zh"), t("flow_pick_choice", "en"))
        if step.validator is None:
            return text.strip()
        checked = step.validator(text)
        return checked if isinstance(checked, Invalid) else checked.value

    def _at_confirmation(self, msg: IncomingMessage, flow: Flow, fs: FlowState, text: str, cmd: str,
                         state: DialogueState, lang: Language) -> Reply:
        if cmd in CONFIRM:
            committer = self.registry.committers[flow.name]
            try:
                result = committer.commit(Submission(flow.name, msg.user_id, msg.channel, dict(fs.values)))
            except CommitError as exc:
                log.warning("flow %s commit refused: %s", flow.name, exc)
                return self.prompt(flow, fs, lang, error=t("flow_commit_failed", lang, message=str(exc)))
            state.flow = None
            message = result.message_en if lang == "en" and result.message_en else result.message
            return Reply(t("flow_committed", lang, reference=result.reference, message=message).strip(),
                         FLOW, lang)
        for step in flow.steps:
            if cmd in {command(step.label), command(step.label_en or step.label), command("修改" + step.label)}:
                edited = self.edit(step.name, state, lang)
                assert edited is not None
                return edited
        if looks_like_question(text):
            return self._answer_then_prompt(flow, text, state, lang)
        return self.prompt(flow, fs, lang)

    def _answer_then_prompt(self, flow: Flow, text: str, state: DialogueState, lang: Language) -> Reply:
        answer = self.answer(text, lang, state)
        assert state.flow is not None
        again = self.prompt(flow, state.flow, lang)
        return Reply(f"{answer.text}\n\n—\n{again.text}", answer.intent, lang, sources=answer.sources,
                     confidence=answer.confidence, actions=again.actions, form=again.form)

    def prompt(self, flow: Flow, fs: FlowState, lang: Language, *, error: str = "", note: str = "") -> Reply:
        """The current step's question (or the confirmation screen), with its quick replies."""
        total = len(flow.steps)
        head = [x for x in (note, error) if x]
        actions: list[Action] = []
        if fs.confirming:
            lines = [f"{s.label_text(lang)}：{s.display(fs.values.get(s.name, ''), lang)}" for s in flow.steps]
            body = "\n".join([t("flow_confirm", lang), *lines, t("flow_confirm_hint", lang)])
            actions.append(Action("message", t("act_confirm", lang), t("act_confirm", lang)))
            actions += [Action("postback", ("修改" if lang == "zh" else "Edit ") + s.label_text(lang),
                               f"flow:edit:{s.name}") for s in flow.steps]
            step_name, prompt = "confirm", t("flow_confirm", lang)
        else:
            step = flow.steps[fs.step]
            prompt = step.prompt_text(lang)
            body = f"{prompt}{t('flow_step', lang, index=fs.step + 1, total=total)}"
            actions += [Action("message", c.text(lang), c.text(lang)) for c in step.choices]
            if step.optional:
                skip = "略過" if lang == "zh" else "skip"
                actions.append(Action("message", skip, skip))
            if fs.step > 0:
                actions.append(Action("message", t("act_back", lang), t("act_back", lang)))
            step_name = step.name
        actions.append(Action("message", t("act_cancel", lang), t("act_cancel", lang)))
        form = FormStep(flow.name, step_name, min(fs.step, total - 1), total, prompt, error=error,
                        confirming=fs.confirming, values=dict(fs.values))
        return Reply("\n".join([*head, body]), FLOW, lang, actions=tuple(actions), form=form)
