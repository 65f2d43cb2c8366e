// Entity pickers: fill each <datalist> from the autocomplete endpoint as the
// editor types, and turn a picked name into a ticked checkbox. Without this
// script the text box and the server-rendered datalist still work.
(function () {
  "use strict";

  function debounce(fn, ms) {
    let timer;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  function setupPicker(picker) {
    const input = picker.querySelector("input[type=text]");
    const list = picker.querySelector("datalist");
    const chosen = picker.querySelector(".picker-chosen");
    const url = picker.dataset.autocomplete;
    const multiple = picker.dataset.multiple === "true";
    let lastResults = [];

    const refresh = debounce(async function () {
      const query = input.value.trim();
      try {
        const response = await fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return;
        lastResults = (await response.json()).results;
      } catch (error) {
        return; // offline: keep the server-rendered options
      }
      list.replaceChildren(
        ...lastResults.map((result) => {
          const option = document.createElement("option");
          option.value = result.value;
          option.label = result.label;
          return option;
        })
      );
    }, 150);

    // The picked entity: from the last answer of the server (with its slug),
    // or one of the options rendered with the page (by name, which the
    // server resolves the same way).
    function matching(value) {
      const result = lastResults.find((found) => found.value === value);
      if (result) return result;
      const option = Array.from(list.options).find((found) => found.value === value);
      return option ? { value: value, slug: value } : null;
    }

    function choose() {
      const match = matching(input.value);
      if (!match || !multiple) return;
      const existing = chosen.querySelector(`input[value="${CSS.escape(match.slug)}"]`);
      if (existing) {
        existing.checked = true;
      } else {
        const item = document.createElement("li");
        const label = document.createElement("label");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.name = input.name;
        box.value = match.slug;
        box.checked = true;
        label.append(box, " " + match.value);
        item.append(label);
        chosen.append(item);
      }
      input.value = "";
    }

    input.addEventListener("input", () => {
      if (lastResults.some((result) => result.value === input.value)) choose();
      else refresh();
    });
    input.addEventListener("keydown", (event) => {
      // In a picker, Enter picks the name typed; it never sends the whole form.
      if (event.key === "Enter") {
        event.preventDefault();
        choose();
      }
    });
  }

  document.querySelectorAll(".entity-picker").forEach(setupPicker);
})();

// Assessment forms: the evidence stance follows the status chosen
// (supports for supported, contradicts for refuted...) until the editor picks
// a stance by hand. Without this script the stance starts unchosen and the
// server asks for one when evidence is given.
(function () {
  "use strict";
  document.querySelectorAll("select[data-stance-for]").forEach((stance) => {
    const status = stance.form && stance.form.elements.namedItem("status");
    if (!status) return;
    const stanceFor = JSON.parse(stance.dataset.stanceFor);
    let picked = stance.value !== "";
    stance.addEventListener("change", () => (picked = stance.value !== ""));
    function follow() {
      if (!picked) stance.value = stanceFor[status.value] || "";
    }
    status.addEventListener("change", follow);
    follow();
  });
})();
