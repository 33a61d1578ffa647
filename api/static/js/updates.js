// Messages from a person (the handoff inbox): polled while a member of staff handles the chat.

const EVERY_MS = 3000;

/**
 * Poll GET /api/chat/updates for staff messages after the last one shown; `onMessage` gets each
 * new one. Stops by itself once nobody on the staff handles the conversation any more.
 */
export class StaffUpdates {
  constructor(sessionId, onMessage) {
    this.sessionId = sessionId;
    this.onMessage = onMessage;
    this.after = 0;
    this.timer = null;
  }

  /** A message already on the page (from the history) is not shown again. */
  seen(id) {
    this.after = Math.max(this.after, id || 0);
  }

  start() {
    if (this.timer === null) this.timer = setTimeout(() => this.poll(), EVERY_MS);
  }

  async poll() {
    let keepGoing = true;
    try {
      const query = `session_id=${encodeURIComponent(this.sessionId())}&after=${this.after}`;
      const response = await fetch(`/api/chat/updates?${query}`, { headers: { "Accept-Language": "zh-TW" } });
      if (response.ok) {
        const { messages, with_staff: withStaff } = await response.json();
        for (const message of messages) {
          this.seen(message.id);
          this.onMessage(message);
        }
        keepGoing = withStaff;
      }
    } catch (err) {
      console.warn("could not fetch staff messages", err);  // offline for a moment: try again
    }
    this.timer = keepGoing ? setTimeout(() => this.poll(), EVERY_MS) : null;
  }
}
