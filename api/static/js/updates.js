// What reaches the open chat besides the replies it waits for: messages from a person (the handoff
// inbox) and notices about the user's bookings and applications (an expert's decision, a new
// status). Polled while the page is in view, as often as the service says.

const FIRST_MS = 3000;
const RETRY_MS = 10000;

/**
 * Poll GET /api/chat/updates for what arrived after the last message shown; `onStaff` gets each new
 * staff message, `onNotice` each new notice. Each is shown once: the page keeps the newest id of
 * each kind it has shown (the service returns later ones) and the ids themselves (a message sent
 * again after a lost response is not shown twice).
 */
export class ChatUpdates {
  constructor(sessionId, { onStaff, onNotice }) {
    this.sessionId = sessionId;
    this.onStaff = onStaff;
    this.onNotice = onNotice;
    this.after = 0;
    this.afterNotice = 0;
    this.shown = new Set();
    this.timer = null;
    this.every = FIRST_MS;
    this.polling = false;
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden && this.timer !== null) this.now();
    });
  }

  /** A staff message already on the page (from the history). */
  seen(id) {
    this.after = Math.max(this.after, id || 0);
  }

  /** A notice already on the page (from the history). */
  seenNotice(id) {
    this.afterNotice = Math.max(this.afterNotice, id || 0);
    this.shown.add(id);
  }

  start() {
    if (this.timer === null) this.schedule(FIRST_MS);
  }

  /** Ask at once (the page came back into view, or a person now handles the chat). */
  now() {
    this.schedule(0);
  }

  schedule(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), ms);
  }

  async poll() {
    if (this.polling) return;
    if (document.hidden) {
      this.timer = -1;  // resumed by visibilitychange
      return;
    }
    this.polling = true;
    let next = RETRY_MS;
    try {
      const query = new URLSearchParams({ session_id: this.sessionId(), after: String(this.after),
                                          after_notice: String(this.afterNotice) });
      const response = await fetch(`/api/chat/updates?${query}`, { headers: { "Accept-Language": "zh-TW" } });
      if (response.ok) {
        const { messages, notices, poll_seconds: pollSeconds } = await response.json();
        for (const message of messages) {
          this.seen(message.id);
          this.onStaff(message);
        }
        for (const notice of notices || []) {
          if (this.shown.has(notice.id)) continue;
          this.seenNotice(notice.id);
          this.onNotice(notice);
        }
        next = Math.max(1, pollSeconds || 10) * 1000;
      }
    } catch (err) {
      console.warn("could not fetch new messages", err);  // offline for a moment: try again
    } finally {
      this.polling = false;
    }
    this.schedule(next);
  }
}
