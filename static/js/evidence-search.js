// Assess forms: find a sentence of another source to cite as evidence. As the
// editor types, the sentences found are listed as radio buttons, the same
// ones the "Find sentences" button lists without this script (that button
// sends the form back with what was typed; here it searches in place).
// Enter in the search box searches and never sends the form; ↓ moves to the
// sentences found, where ↑ / ↓ choose among them as in any radio group.
(function () {
  "use strict";

  function debounce(fn, ms) {
    let timer;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  function radio(value, checked) {
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "evidence-sentence";
    input.value = value;
    input.checked = checked;
    return input;
  }

  // One list item as the server renders it (_sentence_choices.html); text
  // goes in as text, never as markup.
  function choice(result, checked) {
    const item = document.createElement("li");
    const label = document.createElement("label");
    const text = document.createElement("span");
    text.className = "sentence-choice-text";
    text.textContent = "“" + result.text + "”";
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent =
      result.source +
      (result.date ? ", " + result.date : "") +
      ", sentence " +
      result.index +
      (result.published ? "" : " (not published)");
    label.append(radio(String(result.id), checked), " ", text, " ", meta);
    item.append(label);
    return item;
  }

  function setup(search) {
    const input = search.querySelector("input[type=search]");
    const button = search.querySelector("button[name=evidence-search]");
    const results = search.querySelector(".sentence-results");
    const status = search.querySelector(".sentence-status");
    const url = search.dataset.searchUrl;
    if (!input || !button || !results || !url) return;

    // Said once by a screen reader, rather than the whole list on each change.
    function say(text) {
      if (status) status.textContent = text;
    }
    let asked = "";

    // The sentence chosen so far stays listed (and chosen) whatever is found next.
    function chosen() {
      const checked = results.querySelector("input[name=evidence-sentence]:checked");
      if (!checked || !checked.value) return null;
      const label = checked.closest("label");
      return { id: checked.value, item: label ? label.parentElement : null };
    }

    function show(query, found) {
      const kept = chosen();
      const message = (text, role) => {
        const p = document.createElement("p");
        p.className = role === "alert" ? "errorlist" : "meta";
        p.setAttribute("role", role);
        p.textContent = text;
        return p;
      };
      const others = found.filter((result) => !kept || String(result.id) !== kept.id);
      say(
        found.length === 1
          ? "1 sentence found."
          : (found.length || "No") + " sentences found."
      );
      if (!others.length && !kept) {
        results.replaceChildren(
          message("No sentence of another source matches “" + query + "”.", "status")
        );
        return;
      }
      const fieldset = document.createElement("fieldset");
      fieldset.className = "sentence-choices";
      const legend = document.createElement("legend");
      legend.textContent = "Choose the sentence to cite";
      const list = document.createElement("ul");
      const none = document.createElement("li");
      const noneLabel = document.createElement("label");
      noneLabel.append(radio("", !kept), " None of these");
      none.append(noneLabel);
      list.append(none);
      if (kept && kept.item) list.append(kept.item);
      others.forEach((result) => list.append(choice(result, false)));
      fieldset.append(legend, list);
      results.replaceChildren(fieldset);
      if (!others.length) {
        results.append(message("No other sentence matches “" + query + "”.", "status"));
      }
    }

    async function run() {
      const query = input.value.trim();
      if (!query || query === asked) return;
      asked = query;
      let response;
      try {
        response = await fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
        });
      } catch (error) {
        asked = "";
        return; // offline: the button still sends the form to search
      }
      if (query !== input.value.trim()) return; // typed on meanwhile
      const answer = await response.json();
      if (!response.ok) {
        const p = document.createElement("p");
        p.className = "errorlist";
        p.setAttribute("role", "alert");
        p.textContent = answer.error || "The search failed; try again.";
        results.replaceChildren(p);
        say("");
        return;
      }
      show(query, answer.results);
    }

    const later = debounce(run, 250);
    input.addEventListener("input", () => {
      if (input.value.trim().length >= 3) later();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter here searches; it never saves the assessment
        asked = "";
        run();
      } else if (event.key === "ArrowDown") {
        const first =
          results.querySelector("input[name=evidence-sentence]:checked") ||
          results.querySelector("input[name=evidence-sentence]");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    button.addEventListener("click", (event) => {
      event.preventDefault();
      asked = "";
      run();
    });
  }

  document.querySelectorAll(".sentence-search[data-search-url]").forEach(setup);
})();
