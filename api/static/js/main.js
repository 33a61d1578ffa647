// The chat page: composer, sending turns, and wiring replies' buttons back into the conversation.

import { ApiError, chat } from "./api.js";
import { MessageList } from "./render.js";
import { newSession, sessionId } from "./session.js";
import { ChatUpdates } from "./updates.js";

const MAX_CHARS = 1000;
const OFFLINE = "連線失敗，請稍後再試";
const PLACEHOLDER = "輸入您的問題…";

const form = document.getElementById("composer");
const input = document.getElementById("input");
const send = document.getElementById("send");
const count = document.getElementById("count");
const counter = document.getElementById("counter");
const status = document.getElementById("status");
const messages = new MessageList(document.getElementById("messages"));

let busy = false;
const updates = new ChatUpdates(sessionId, {
  onStaff: (message) => {
    messages.addStaff(message);
    announce(message.author === "staff" ? "服務人員回覆了" : "對話已交回機器人");
  },
  onNotice: (notice) => {
    messages.addNotice(notice, onAction);
    announce(notice.topic === "application" ? "收到點數申請的新通知" : "收到專家預約的新通知");
  },
});
const HELD = "handoff_held";

function autosize() {
  // The input grows with its text and the list shrinks: keep the list's newest message in view.
  const pinned = messages.atEnd();
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  if (pinned) messages.scrollToEnd();
}

function refresh() {
  const length = input.value.length;
  count.textContent = String(length);
  counter.classList.toggle("near", length >= MAX_CHARS * 0.9);
  counter.classList.toggle("full", length >= MAX_CHARS);
  send.disabled = busy || !input.value.trim();
  form.setAttribute("aria-busy", String(busy));
  autosize();
}

function announce(text) {
  status.textContent = text;
}

/** The input's placeholder asks what the form's step asks. */
function placeholderFor(form) {
  return form && !form.confirming ? form.prompt : PLACEHOLDER;
}

/**
 * One turn: show what the user sent, stream the reply into a new bubble, and on failure show
 * why (the service's own message, or a connection notice) and give typed text back to the input.
 */
async function converse(payload, shown, { typed = false } = {}) {
  if (busy) return;
  busy = true;
  refresh();
  messages.retireQuickReplies();
  const mine = messages.addUser(shown);
  const pending = messages.addPending();
  try {
    const reply = await chat({ session_id: sessionId(), locale: "zh-TW", message: "", ...payload },
                             { onDelta: (piece) => pending.appendDelta(piece) });
    if (reply.intent === HELD && !reply.answer) {
      pending.node.remove();  // a person answers this one
      messages.markForStaff(mine);
    } else {
      pending.finish(reply, onAction);
    }
    if (reply.handoff || reply.intent === HELD) updates.now();  // a person may answer soon
    input.placeholder = placeholderFor(reply.form);
  } catch (err) {
    if (!(err instanceof ApiError)) console.error(err);
    pending.fail(err instanceof ApiError ? err.message : OFFLINE);
    messages.markFailed(mine);
    if (typed && !input.value) input.value = payload.message;
  } finally {
    busy = false;
    refresh();
  }
}

function onAction(action) {
  if (busy) {
    announce("請稍候，正在回覆上一則訊息");
    return;
  }
  if (action.type === "message") converse({ message: action.text || action.label }, action.text || action.label);
  else if (action.type === "postback") converse({ message: action.label, postback: action.data }, action.label);
  else if (action.type === "datetime") converse({ message: action.value, postback: action.data },
                                                action.value.replace("T", " "));
}

function submitTyped() {
  const text = input.value;
  if (busy || !text.trim()) return;
  input.value = "";
  converse({ message: text }, text, { typed: true });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  submitTyped();
});

input.addEventListener("keydown", (event) => {
  // Enter sends, Shift+Enter starts a new line; Enter that confirms an IME candidate (注音, 倉頡) does neither.
  if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
  event.preventDefault();
  submitTyped();
});

input.addEventListener("input", () => {
  refresh();
  if (input.value.length >= MAX_CHARS) announce(`已達 ${MAX_CHARS} 字上限`);
});

// The welcome bubble's starter buttons are plain messages.
for (const button of document.querySelectorAll(".welcome [data-send]")) {
  button.addEventListener("click", () => onAction({ type: "message", label: button.textContent,
                                                    text: button.dataset.send }));
}

/**
 * A reloaded page shows the conversation so far: the last reply with its buttons (a form at the
 * step it was), staff messages, and the notices that arrived, with their buttons when the user has
 * not written since.
 */
async function restoreHistory() {
  try {
    const response = await fetch(`/api/chat/history?session_id=${encodeURIComponent(sessionId())}`,
                                 { headers: { "Accept-Language": "zh-TW" } });
    if (!response.ok) return;
    const { turns } = await response.json();
    const lastTurn = turns.map((turn) => turn.kind).lastIndexOf("turn");
    for (const [n, turn] of turns.entries()) {
      if (turn.kind === "staff" || turn.kind === "system") {
        updates.seen(turn.message_id);
        messages.addStaff({ id: turn.message_id, author: turn.kind, name: turn.staff_name, text: turn.answer });
        continue;
      }
      if (turn.kind === "notice") {
        updates.seenNotice(turn.message_id);
        messages.addNotice({ ...turn, id: turn.message_id, kind: turn.intent, text: turn.answer }, onAction,
                           { withActions: n > lastTurn });
        continue;
      }
      messages.retireQuickReplies();
      messages.addUser(turn.question);
      if (!turn.answer) continue;  // held for the person handling the chat
      const last = n === lastTurn;
      const shown = { ...turn, actions: last ? turn.actions : [], form: last ? turn.form : null };
      messages.addPending().finish(shown, onAction);
      if (last) input.placeholder = placeholderFor(turn.form);
    }
  } catch (err) {
    console.warn("could not restore the conversation", err);
  }
}

document.getElementById("restart").addEventListener("click", () => {
  newSession();
  window.location.reload();
});

refresh();
restoreHistory().finally(() => {
  document.documentElement.dataset.ready = "true";
  updates.start();
});
