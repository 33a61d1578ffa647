// 👍/👎 under an answer; 👎 opens an optional comment box. Votes go to POST /api/feedback.

import { ApiError, sendFeedback } from "./api.js";
import { el } from "./dom.js";
import { sessionId } from "./session.js";

const THANKS = "感謝回饋";

function errorText(err) {
  return err instanceof ApiError ? err.message : "連線失敗，請稍後再試";
}

/** The feedback bar for the answer with this exchange id (given to the current session). */
export function feedbackBar(exchangeId) {
  const session = sessionId(); // a vote after 「重新開始」 still comes from the session that got the answer
  const bar = el("div", { class: "feedback", role: "group", "aria-label": "這個回答有幫助嗎？" });
  const status = el("p", { class: "feedback-status", role: "status" });
  const up = el("button", { type: "button", class: "fb", "aria-label": "有幫助", title: "有幫助", text: "👍" });
  const down = el("button", { type: "button", class: "fb", "aria-label": "沒有幫助", title: "沒有幫助", text: "👎" });
  const question = el("span", { class: "feedback-q", "aria-hidden": "true", text: "有幫助嗎？" });
  const buttons = el("div", { class: "feedback-buttons" }, question, up, down);

  const thank = () => {
    bar.replaceChildren(el("p", { class: "feedback-done", role: "status", text: THANKS }));
  };

  async function vote(helpful, comment, controls) {
    controls.forEach((c) => (c.disabled = true));
    status.textContent = "";
    try {
      await sendFeedback(exchangeId, session, helpful, comment);
      return true;
    } catch (err) {
      status.textContent = errorText(err);
      controls.forEach((c) => (c.disabled = false));
      return false;
    }
  }

  up.addEventListener("click", async () => {
    if (await vote(true, "", [up, down])) thank();
  });

  down.addEventListener("click", async () => {
    // The 👎 counts at once; the comment, if any, replaces that vote with one that carries it.
    if (!(await vote(false, "", [up, down]))) return;
    bar.replaceChildren(commentBox(exchangeId, status, vote, thank));
    const box = bar.querySelector("textarea");
    box.focus({ preventScroll: true });
    bar.scrollIntoView({ block: "nearest" });
  });

  bar.append(buttons, status);
  return bar;
}

let boxes = 0;

function commentBox(exchangeId, status, vote, thank) {
  const id = `fb-comment-${exchangeId}-${++boxes}`;
  const comment = el("textarea", { id, class: "fb-comment", rows: "2", maxlength: "2000",
                                   placeholder: "例如：答案不完整、年度不對…" });
  const submit = el("button", { type: "submit", class: "fb-submit", text: "送出意見" });
  const skip = el("button", { type: "button", class: "fb-skip", text: "略過" });
  const form = el("form", { class: "feedback-comment" },
    el("label", { for: id, text: "哪裡可以改進？（選填）" }), comment,
    el("div", { class: "feedback-row" }, skip, submit), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = comment.value.trim();
    if (!text || (await vote(false, text, [comment, submit, skip]))) thank();
  });
  skip.addEventListener("click", thank);
  return form;
}
