// The chat service: streaming chat with a plain-JSON fallback, and feedback.

import { readEvents } from "./sse.js";

const TIMEOUT_MS = 60000;
const GENERIC_ERROR = "系統暫時無法回應，請稍後再試。";

/** The service answered with an error; `message` is written for the user (zh-TW). */
export class ApiError extends Error {
  constructor(status, code, message, details = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The request never got an answer (offline, server down, timed out). */
export class NetworkError extends Error {
  constructor(message, { timedOut = false } = {}) {
    super(message);
    this.timedOut = timedOut;
  }
}

/** Streaming is not usable here (endpoint missing, proxy strips SSE, stream cut): use /api/chat. */
class StreamFailed extends Error {}

async function post(path, body, accept = "application/json") {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: accept,
        // The page is in zh-TW, so its error messages should be too, whatever the browser's language.
        "Accept-Language": "zh-TW",
      },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    return { response, done: () => clearTimeout(timer) };
  } catch (err) {
    clearTimeout(timer);
    const timedOut = Boolean(err && err.name === "AbortError");
    throw new NetworkError(String(err && err.message), { timedOut });
  }
}

/** The {"error": {...}} body of a failed response as an ApiError, or null if it has another shape. */
async function apiError(response) {
  try {
    const body = await response.json();
    if (body && body.error && typeof body.error.message === "string") {
      return new ApiError(response.status, body.error.code, body.error.message, body.error.details);
    }
  } catch {
    // not JSON: a proxy's error page, say
  }
  return null;
}

async function streamChat(body, onDelta) {
  let sent;
  try {
    sent = await post("/api/chat/stream", body, "text/event-stream");
  } catch (err) {
    // A timeout means the service is too slow, not that streaming is broken: do not wait twice.
    if (err.timedOut) throw err;
    throw new StreamFailed(err.message);
  }
  const { response, done } = sent;
  try {
    if (!response.ok) {
      const error = await apiError(response);
      if (error && ![404, 405, 501].includes(response.status)) throw error;
      throw new StreamFailed(`stream endpoint answered ${response.status}`);
    }
    if (!(response.headers.get("content-type") || "").includes("text/event-stream")) {
      throw new StreamFailed("not an event stream");
    }
    for await (const { event, data } of readEvents(response)) {
      if (event === "delta") onDelta(JSON.parse(data).text || "");
      else if (event === "reply") return JSON.parse(data);
    }
    throw new StreamFailed("stream ended without a reply");
  } catch (err) {
    if (err instanceof ApiError || err instanceof StreamFailed) throw err;
    if (err && err.name === "AbortError") throw new NetworkError("timed out", { timedOut: true });
    throw new StreamFailed(String(err && err.message));
  } finally {
    done();
  }
}

/** POST JSON and resolve with the JSON reply; rejects with ApiError or NetworkError. */
async function postJson(path, body) {
  const { response, done } = await post(path, body);
  try {
    if (!response.ok) {
      throw (await apiError(response)) || new ApiError(response.status, `http_${response.status}`, GENERIC_ERROR);
    }
    return await response.json();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new NetworkError(String(err && err.message));
  } finally {
    done();
  }
}

function plainChat(body) {
  return postJson("/api/chat", body);
}

/**
 * Send one turn and resolve with the reply JSON. Answer text is passed to `onDelta` as it streams;
 * if streaming fails the turn goes through POST /api/chat instead. Rejects with ApiError or NetworkError.
 */
export async function chat(body, { onDelta = () => {} } = {}) {
  try {
    return await streamChat(body, onDelta);
  } catch (err) {
    if (!(err instanceof StreamFailed)) throw err;
    console.warn("streaming failed, falling back to /api/chat:", err.message);
    return plainChat(body);
  }
}

/** Rate an answer (as the session that got it); a second vote on the same answer replaces the first. */
export function sendFeedback(exchangeId, sessionId, helpful, comment = "") {
  return postJson("/api/feedback", { exchange_id: exchangeId, session_id: sessionId, helpful, comment });
}
