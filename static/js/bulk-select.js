// Claim browser, editors: a "tick all on this page" switch and a count of
// ticked claims. Without it, each claim is ticked by hand.
(function () {
  "use strict";
  const form = document.getElementById("bulk-assess");
  if (!form) return;
  const boxes = () => Array.from(document.querySelectorAll('input.bulk-select[form="bulk-assess"]'));
  const button = form.querySelector("button[type=submit]");
  const all = document.createElement("button");
  all.type = "button";
  all.className = "secondary";
  all.textContent = "Tick all on this page";
  all.addEventListener("click", () => {
    const tick = boxes().some((box) => !box.checked);
    boxes().forEach((box) => (box.checked = tick));
    update();
  });
  button.before(all, " ");

  function update() {
    const n = boxes().filter((box) => box.checked).length;
    button.textContent = n ? `Assess ${n} ticked claim${n === 1 ? "" : "s"}` : "Assess ticked claims";
    all.textContent = boxes().every((box) => box.checked) ? "Untick all" : "Tick all on this page";
  }
  document.addEventListener("change", (event) => {
    if (event.target.matches("input.bulk-select")) update();
  });
  update();
})();
