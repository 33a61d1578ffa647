// The chat session id: random, kept in localStorage so a reload continues the same conversation.

const KEY = "tcloud.sessionId";

function randomId() {
  // getRandomValues works on plain http too (randomUUID needs a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

let memoryId = null;

export function sessionId() {
  try {
    let id = localStorage.getItem(KEY);
    if (!id || id.length > 128) {
      id = randomId();
      localStorage.setItem(KEY, id);
    }
    return id;
  } catch {
    // Storage blocked (private mode, strict settings): keep the id for this page only.
    memoryId = memoryId || randomId();
    return memoryId;
  }
}

/** Start afresh: a new session id (the old conversation stays on the server, unseen). */
export function newSession() {
  memoryId = randomId();
  try {
    localStorage.setItem(KEY, memoryId);
  } catch {
    // storage blocked: the in-memory id serves this page
  }
  return memoryId;
}
