// Message bubbles: the user's, the assistant's (streamed, then finished with badges, sources,
// actions and feedback), and error notices. All server text goes in through textContent.

import { el, safeUrl } from "./dom.js";
import { feedbackBar } from "./feedback.js";

/** 「110年度・工業館」 badges: each distinct year (and 館) among the sources, best source first. */
function badges(sources) {
  const seen = new Set();
  const out = [];
  for (const s of sources) {
    if (!s.year) continue;
    const label = s.hall ? `${s.year}年度・${s.hall}` : `${s.year}年度`;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push(el("span", { class: "badge", text: label }));
    if (out.length === 3) break;
  }
  return out.length ? el("div", { class: "badges", "aria-label": "適用年度" }, ...out) : null;
}

function sourceList(sources) {
  if (!sources.length) return null;
  const items = sources.map((s) =>
    el("li", { class: "source" },
      el("p", { class: "source-title" },
        s.url && s.url.startsWith("/sources/")
          ? el("a", { href: s.url, target: "_blank", rel: "noopener", class: "source-link", text: s.title })
          : s.title),
      s.source ? el("p", { class: "source-doc", text: s.source }) : null,
      s.snippet ? el("blockquote", { class: "source-snippet", text: s.snippet }) : null));
  return el("details", { class: "sources" },
    el("summary", { text: `資料來源（${sources.length}）` }),
    el("ol", {}, ...items));
}

function formProgress(form) {
  const label = form.confirming ? "請確認資料" : `第 ${form.index + 1}／${form.total} 步`;
  const value = form.confirming ? form.total : form.index + 1;
  return el("div", { class: "form-progress" },
    el("span", { class: "form-step", text: label }),
    el("progress", { max: String(form.total), value: String(value), "aria-label": label }));
}

/** A date (or date and time) picker; the picked ISO 8601 value goes back as the user's text. */
function picker(action, onAction) {
  const input = el("input", { type: action.mode === "date" ? "date" : "datetime-local", required: true,
                              min: action.min, max: action.max, value: action.initial, class: "picker-input" });
  const form = el("form", { class: "picker" },
    el("label", { class: "picker-label" }, el("span", { text: action.label }), input),
    el("button", { type: "submit", class: "action", text: "確定" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value) onAction({ ...action, value: input.value });
  });
  return form;
}

function actionButton(action, onAction) {
  if (action.type === "datetime") return picker(action, onAction);
  if (action.type === "uri") {
    const href = safeUrl(action.uri);
    if (!href) return null;
    return el("a", { class: "action link", href, target: "_blank", rel: "noopener noreferrer", text: action.label });
  }
  // Labels are cut short for LINE; a follow-up question fits whole on a web button.
  const full = action.type === "message" && action.text && action.text.length <= 40 ? action.text : action.label;
  const button = el("button", { type: "button", class: "action", text: full });
  if (action.type === "message" && action.text && action.text !== full) button.title = action.text;
  button.addEventListener("click", () => onAction(action));
  return button;
}

const EDIT_PREFIX = "flow:edit:";

/** On a form's confirmation screen, one 「修改」 menu holds the fields that can be changed. */
function editMenu(edits, onAction) {
  const buttons = edits.map((a) => actionButton(a, onAction)).filter(Boolean);
  if (!buttons.length) return null;
  return el("details", { class: "edit-menu" },
    el("summary", { class: "action", text: "修改" }),
    el("div", { class: "edit-fields", role: "group", "aria-label": "要修改的欄位" }, ...buttons));
}

function actionGroup(reply, onAction) {
  let actions = reply.actions || [];
  let menu = null;
  if (reply.form && reply.form.confirming) {
    const isEdit = (a) => a.type === "postback" && (a.data || "").startsWith(EDIT_PREFIX);
    menu = editMenu(actions.filter(isEdit), onAction);
    actions = actions.filter((a) => !isEdit(a));
  }
  const buttons = actions.map((a) => actionButton(a, onAction)).filter(Boolean);
  if (menu) buttons.splice(1, 0, menu);
  if (!buttons.length) return null;
  const label = reply.form ? "快速回覆" : "建議選項";
  return el("div", { class: reply.form ? "actions quick" : "actions", role: "group", "aria-label": label },
    ...buttons);
}

const NOTICE_AUTHORS = { booking: "專家預約通知", application: "點數申請通知" };
const TAIPEI = new Intl.DateTimeFormat("zh-TW", { timeZone: "Asia/Taipei", month: "numeric", day: "numeric",
                                                 hour: "2-digit", minute: "2-digit", hour12: false });

/** 「12/10 14:30」 in Taipei time, in a <time> element. */
function sentAt(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return null;
  return el("time", { class: "msg-time", datetime: when.toISOString(), text: TAIPEI.format(when) });
}

export class MessageList {
  constructor(list) {
    this.list = list;
  }

  atEnd() {
    const list = this.list;
    return list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  }

  scrollToEnd() {
    this.list.scrollTop = this.list.scrollHeight;
  }

  add(node) {
    this.list.append(node);
    this.scrollToEnd();
    return node;
  }

  /** The user's bubble. */
  addUser(text) {
    return this.add(el("div", { class: "msg user" },
      el("span", { class: "visually-hidden", text: "您說：" }),
      el("div", { class: "bubble" }, el("p", { class: "text", text }))));
  }

  /** A message from a member of staff (or the notice that the bot answers again). */
  addStaff(message) {
    const who = message.author === "staff" ? `服務人員${message.name ? ` ${message.name}` : ""}` : "系統通知";
    return this.add(el("div", { class: `msg staff ${message.author}`, "data-message-id": String(message.id || "") },
      el("p", { class: "msg-author", text: who }),
      el("div", { class: "bubble" }, el("p", { class: "text", text: message.text }))));
  }

  /**
   * A message about one of the user's bookings or applications (an expert's decision, a new
   * status), with its buttons unless `withActions` is false (the user has moved on since).
   */
  addNotice(notice, onAction, { withActions = true } = {}) {
    const who = NOTICE_AUTHORS[notice.topic] || "通知";
    const buttons = withActions ? (notice.actions || []).map((a) => actionButton(a, onAction)).filter(Boolean) : [];
    const author = el("p", { class: "msg-author" }, who);
    const time = notice.created_at ? sentAt(notice.created_at) : null;
    if (time) author.append(" ", time);
    return this.add(el("div", { class: "msg notice", "data-notice-id": String(notice.id || ""),
                                "data-kind": notice.kind || "" },
      author,
      el("div", { class: "bubble" },
        el("p", { class: "text", text: notice.text }),
        buttons.length ? el("div", { class: "actions", role: "group", "aria-label": `${who}的選項` }, ...buttons)
                       : null)));
  }

  /** The user's message went to the person handling the chat; the bot does not answer it. */
  markForStaff(node) {
    node.append(el("span", { class: "msg-note sent", text: "已轉給服務人員" }));
  }

  markFailed(node) {
    node.classList.add("failed");
    node.append(el("span", { class: "msg-note", text: "未送出" }));
  }

  /** Quick replies of earlier form steps no longer apply once the user moved on. */
  retireQuickReplies() {
    for (const group of this.list.querySelectorAll(".actions.quick")) {
      group.querySelectorAll("button, input").forEach((b) => (b.disabled = true));
      group.classList.add("retired");
    }
  }

  /** A bubble for the assistant's reply: a typing indicator until text arrives. */
  addPending() {
    const typing = el("span", { class: "typing", role: "img", "aria-label": "助理正在輸入…" },
      el("span", { text: "•" }), el("span", { text: "•" }), el("span", { text: "•" }));
    const text = el("p", { class: "text" });
    const bubble = el("div", { class: "bubble", "aria-busy": "true" }, typing, text);
    const node = this.add(el("div", { class: "msg bot pending" },
      el("span", { class: "visually-hidden", text: "助理：" }), bubble));
    return new PendingReply(this, node, bubble, typing, text);
  }
}

class PendingReply {
  constructor(messages, node, bubble, typing, text) {
    Object.assign(this, { messages, node, bubble, typing, text });
  }

  appendDelta(piece) {
    this.typing.remove();
    this.text.append(piece);
    this.messages.scrollToEnd();
  }

  settle() {
    this.typing.remove();
    this.node.classList.remove("pending");
    this.bubble.removeAttribute("aria-busy");
  }

  /** Show the full reply: the authoritative answer text replaces whatever streamed in. */
  finish(reply, onAction) {
    this.settle();
    const sources = reply.sources || [];
    this.text.textContent = reply.answer;
    // The step counter is shown here only (the text has none); a one-step form needs none.
    if (reply.form && (reply.form.confirming || reply.form.total > 1)) this.bubble.prepend(formProgress(reply.form));
    const badgeRow = badges(sources);
    if (badgeRow) this.bubble.prepend(badgeRow);
    for (const part of [sourceList(sources), actionGroup(reply, onAction)]) {
      if (part) this.bubble.append(part);
    }
    // 👍/👎 under answers only, not under 「已取消」 or a booking made (the server says which).
    if (reply.exchange_id && reply.rateable && !reply.form) this.bubble.append(feedbackBar(reply.exchange_id));
    this.node.dataset.intent = reply.intent || "";
    this.reveal();
  }

  /** Turn the bubble into a friendly error notice. */
  fail(message) {
    this.settle();
    this.node.classList.add("error");
    this.text.textContent = message;
    this.bubble.prepend(el("span", { class: "error-icon", "aria-hidden": "true", text: "⚠️" }));
    this.reveal();
  }

  reveal() {
    const list = this.messages.list;
    // A long answer is read from its top; a short one just scrolls the list to the end.
    if (this.node.offsetHeight > list.clientHeight) {
      list.scrollTop += this.node.getBoundingClientRect().top - list.getBoundingClientRect().top - 8;
    }
    else this.messages.scrollToEnd();
  }
}
