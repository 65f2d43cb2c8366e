// Review queue, mentions: a fast keyboard pass. j/k move, c confirms,
// r rejects, n opens "new place" for a candidate. Actions post the same forms
// the buttons do, in the background, so the list stays in place.
(function () {
  "use strict";

  const items = Array.from(document.querySelectorAll(".mention-item"));
  if (!items.length) return;
  let current = 0;

  function focus(index) {
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((item, i) => item.classList.toggle("is-current", i === current));
    items[current].focus();
  }

  function nextOpen(from) {
    for (let i = from; i < items.length; i++) {
      if (!items[i].classList.contains("is-done")) return i;
    }
    return from - 1;
  }

  async function submit(item, action) {
    const form = item.querySelector(`form[data-action="${action}"]`);
    if (!form || item.classList.contains("is-done")) return;
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const result = await response.json().catch(() => ({ ok: false, error: "The server did not answer." }));
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    if (result.ok) {
      item.classList.add("is-done");
      item.querySelectorAll("button, a.button").forEach((control) => control.setAttribute("disabled", ""));
      status.textContent = result.status === "confirmed" ? "Confirmed." : "Rejected.";
      const count = document.querySelector('[data-count="mentions"]');
      if (count) count.textContent = Math.max(0, Number(count.textContent) - 1);
      focus(nextOpen(items.indexOf(item) + 1));
    } else {
      status.className = "notice notice-error";
      status.textContent = result.error;
    }
    item.append(status);
  }

  items.forEach((item, index) => {
    item.addEventListener("click", () => focus(index));
    item.querySelectorAll("form[data-action]").forEach((form) => {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        current = index;
        submit(item, form.dataset.action);
      });
    });
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select")) return;
    const item = items[current];
    switch (event.key) {
      case "j": focus(current + 1); break;
      case "k": focus(current - 1); break;
      case "c": submit(item, "confirm"); break;
      case "r": submit(item, "reject"); break;
      case "n": {
        const link = item.querySelector('a[data-action="new"]');
        if (link) window.location.href = link.href;
        break;
      }
      default: return;
    }
    event.preventDefault();
  });

  focus(0);
})();
