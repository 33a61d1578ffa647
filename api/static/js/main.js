// The chat page: composer, sending turns, and wiring replies' buttons back into the conversation.

import { ApiError, chat } from "./api.js";
import { MessageList } from "./render.js";
import { newSession, sessionId } from "./session.js";
import { StaffUpdates } from "./updates.js";

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
const staffUpdates = new StaffUpdates(sessionId, (message) => {
  messages.addStaff(message);
  announce(message.author === "staff" ? "服務人員回覆了" : "對話已交回機器人");
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
    if (reply.handoff || reply.intent === HELD) staffUpdates.start();
    input.placeholder = reply.form && !reply.form.confirming ? reply.form.prompt : PLACEHOLDER;
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

/** A reloaded page shows the conversation so far, the last reply's buttons included. */
async function restoreHistory() {
  try {
    const response = await fetch(`/api/chat/history?session_id=${encodeURIComponent(sessionId())}`,
                                 { headers: { "Accept-Language": "zh-TW" } });
    if (!response.ok) return;
    const { turns, with_staff: withStaff } = await response.json();
    for (const [n, turn] of turns.entries()) {
      if (turn.kind === "staff" || turn.kind === "system") {
        staffUpdates.seen(turn.message_id);
        messages.addStaff({ id: turn.message_id, author: turn.kind, name: turn.staff_name, text: turn.answer });
        continue;
      }
      messages.retireQuickReplies();
      messages.addUser(turn.question);
      if (!turn.answer) continue;  // held for the person handling the chat
      const shown = { ...turn, exchange_id: turn.exchange_id, actions: n === turns.length - 1 ? turn.actions : [] };
      messages.addPending().finish(shown, onAction);
    }
    if (withStaff) staffUpdates.start();
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
});
