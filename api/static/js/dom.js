// Tiny DOM helpers. Server text only ever goes in through textContent, never innerHTML.

/**
 * Create an element: el("p", {class: "text", text: "…"}, child, …).
 * `text` sets textContent; `on*` keys add listeners; other keys become attributes
 * (false/null/undefined are skipped, true becomes an empty attribute).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** Only links a chat may open: web pages, phone numbers, e-mail. Anything else (javascript:, data:) is dropped. */
export function safeUrl(value) {
  try {
    const url = new URL(value, window.location.href);
    return ["http:", "https:", "tel:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
