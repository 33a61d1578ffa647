// The curation page: a form htmx opens inline gets the keyboard focus (its first field).
document.body.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  if (target && (target.id.startsWith("form-") || target.id.startsWith("edit-"))) {
    const first = target.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  }
});
