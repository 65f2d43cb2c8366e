// Reader: each passage's claims beside the text (below it on narrow screens),
// keyboard moves between sentences and claims, and, for editors, a new claim
// from a selection. The page works without this script: every paragraph
// lists its claims below it, and editors can start a claim by sentence number.
(function () {
  "use strict";

  const layout = document.querySelector("[data-reader]");
  if (!layout) return;
  const body = layout.querySelector(".reader-body");
  const panel = document.getElementById("claim-panel");
  const panelClaims = panel.querySelector(".panel-claims");
  const panelHeading = panelClaims.querySelector("h3");
  const panelList = panelClaims.querySelector(".claim-notes");
  const panelLink = panelClaims.querySelector(".panel-sentence-link a");
  const wide = window.matchMedia("(min-width: 64rem)");
  const sentences = Array.from(body.querySelectorAll(".sentence[id^='s-']"));
  const form = document.getElementById("new-claim-form");
  const MAX_SENTENCES = 5; // as services.MAX_SENTENCES_PER_CLAIM
  layout.classList.add("js-reader");

  function claimIds(element) {
    return (element.dataset.claims || "").split(" ").filter(Boolean);
  }

  function sentenceNumber(sentence) {
    return sentence.id.slice(2);
  }

  // Claims: listed in the panel (wide screens) or in the paragraph's own list.

  let current = sentences[0] || null; // the sentence the keyboard is on
  let currentClaim = null;
  let offerClaim = null; // editors: open the new-claim form for a span of the text

  function markActive(ids) {
    body.querySelectorAll("mark.hl.is-active").forEach((mark) => mark.classList.remove("is-active"));
    body.querySelectorAll(".claim-note.is-here").forEach((item) => item.classList.remove("is-here"));
    if (!ids.length) return;
    body.querySelectorAll("mark.hl").forEach((mark) => {
      if (claimIds(mark).some((id) => ids.includes(id))) mark.classList.add("is-active");
    });
  }

  function showClaims(sentence, first) {
    const all = claimIds(sentence);
    const order = first.concat(all.filter((id) => !first.includes(id)));
    const number = sentenceNumber(sentence);
    markActive(first.length ? first : all);
    const details = sentence.closest(".para") && sentence.closest(".para").querySelector(".para-claims");
    if (details) {
      details.querySelectorAll(".claim-note").forEach((item) => {
        item.classList.toggle("is-here", order.includes(item.dataset.claim));
      });
    }
    if (!wide.matches) {
      if (details && order.length) {
        details.open = true;
        const here = details.querySelector(".claim-note.is-here");
        if (here) here.scrollIntoView({ block: "nearest" });
      }
      return;
    }
    const items = [];
    for (const id of order) {
      const original = body.querySelector('.claim-note[data-claim="' + id + '"]');
      if (!original) continue;
      const item = original.cloneNode(true);
      item.classList.toggle("is-here", first.includes(id));
      items.push(item);
    }
    panelList.replaceChildren(...items);
    showSuggestions(number);
    panelHeading.textContent =
      "Sentence " + number + (items.length ? ": " + items.length + " claim" + (items.length === 1 ? "" : "s") : ": no claims yet");
    panelLink.href = "#" + sentence.id;
    panelLink.textContent = "Link to sentence " + number;
    panelClaims.hidden = false;
  }

  // One sentence at a time is the text's tab stop (a roving tabindex); the
  // others have none at all: Chromium will not start a drag selection at the
  // first letter of a focusable element, so none is focusable under a press.
  function makeCurrent(sentence) {
    if (current && current !== sentence) current.removeAttribute("tabindex");
    current = sentence;
    current.tabIndex = 0;
  }

  // Editors: the sentence's suggested claims move into the panel (moved, not
  // copied: their forms' ids stay unique) and back when another is chosen.
  const panelSuggestions = panelClaims.querySelector(".suggestion-notes");
  const moved = [];
  function showSuggestions(number) {
    while (moved.length) {
      const { item, home } = moved.pop();
      home.append(item);
    }
    if (!panelSuggestions) return;
    body.querySelectorAll('.suggestion-note[data-sentence="' + number + '"]').forEach((item) => {
      moved.unshift({ item, home: item.parentElement });
      panelSuggestions.append(item);
    });
    if (panelSuggestions) panelSuggestions.hidden = !moved.length;
  }

  function focusSentence(sentence, ids) {
    if (!sentence) return;
    makeCurrent(sentence);
    current.focus({ preventScroll: true });
    current.scrollIntoView({ block: "nearest" });
    showClaims(sentence, ids || []);
  }

  // Every claim once, in reading order: where the keyboard's ← and → go.
  function claimStops() {
    const seen = new Set();
    const stops = [];
    for (const sentence of sentences) {
      for (const id of claimIds(sentence)) {
        if (seen.has(id)) continue;
        seen.add(id);
        stops.push({ sentence, id });
      }
    }
    return stops;
  }

  function moveClaim(step) {
    const stops = claimStops();
    if (!stops.length) return;
    let at = stops.findIndex((stop) => stop.id === currentClaim && stop.sentence === current);
    if (at === -1) {
      // From a sentence: the first claim at or after it (or before it, going back).
      const here = sentences.indexOf(current);
      at = step > 0
        ? stops.findIndex((stop) => sentences.indexOf(stop.sentence) >= here) - 1
        : stops.findLastIndex((stop) => sentences.indexOf(stop.sentence) <= here) + 1;
      if (step > 0 && at < -1) at = stops.length - 1;
    }
    const next = stops[Math.min(stops.length - 1, Math.max(0, at + step))];
    currentClaim = next.id;
    focusSentence(next.sentence, [next.id]);
  }

  if (current) current.tabIndex = 0;
  body.addEventListener("pointerdown", () => {
    if (current) current.removeAttribute("tabindex");
  });
  document.addEventListener("pointerup", () => {
    if (current) current.tabIndex = 0;
  });

  body.addEventListener("keydown", (event) => {
    const sentence = event.target;
    if (!sentence.classList || !sentence.classList.contains("sentence")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const at = sentences.indexOf(sentence);
    const moves = {
      ArrowDown: () => focusSentence(sentences[Math.min(sentences.length - 1, at + 1)]),
      ArrowUp: () => focusSentence(sentences[Math.max(0, at - 1)]),
      Home: () => focusSentence(sentences[0]),
      End: () => focusSentence(sentences[sentences.length - 1]),
      ArrowRight: () => moveClaim(1),
      ArrowLeft: () => moveClaim(-1),
      Enter: () => openClaimsOf(sentence),
      " ": () => openClaimsOf(sentence),
      n: () => {
        if (!offerClaim) return;
        offerClaim({ start: Number(sentence.dataset.start), end: Number(sentence.dataset.end) });
        form.elements.statement.focus();
      },
    };
    const move = moves[event.key];
    if (!move || event.shiftKey) return;
    event.preventDefault();
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") currentClaim = null;
    move();
  });

  // Enter: into the claims listed for the sentence.
  function openClaimsOf(sentence) {
    showClaims(sentence, currentClaim ? [currentClaim] : []);
    const list = wide.matches
      ? panelList
      : sentence.closest(".para") && sentence.closest(".para").querySelector(".para-claims");
    const link = list && list.querySelector(".claim-note a");
    if (link) link.focus();
  }

  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && current) {
      event.preventDefault();
      current.focus({ preventScroll: true });
    }
  });
  body.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && event.target.closest(".para-claims") && current) {
      event.preventDefault();
      current.focus({ preventScroll: true });
    }
  });

  // A click (not the end of a drag) on the text lists the claims there.
  body.addEventListener("click", (event) => {
    const selection = document.getSelection();
    const dragged = selection && !selection.isCollapsed && body.contains(selection.anchorNode);
    const mention = event.target.closest("a.mention");
    if (mention) {
      if (dragged) event.preventDefault(); // a drag over a name selects it, as anywhere else
      return;
    }
    if (dragged) return;
    const sentence = event.target.closest(".sentence");
    if (!sentence || !body.contains(sentence)) return;
    const mark = event.target.closest("mark.hl");
    makeCurrent(sentence);
    currentClaim = null;
    showClaims(sentence, mark ? claimIds(mark) : []);
  });

  // The address names a sentence (#s-12) or a claim (?claim=7#s-12): focus it, list its claims.
  function focusTarget() {
    let id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return; // a malformed address is not ours to mend
    }
    if (!/^s-\d+$/.test(id)) return;
    const sentence = document.getElementById(id);
    if (!sentence || !body.contains(sentence)) return;
    const target = body.dataset.targetClaim;
    makeCurrent(sentence);
    sentence.focus({ preventScroll: true });
    sentence.scrollIntoView({ block: "center" });
    showClaims(sentence, target && claimIds(sentence).includes(target) ? [target] : []);
  }
  window.addEventListener("hashchange", focusTarget);
  focusTarget();

  if (form) newClaimFromSelection();

  // Editors: a selection becomes the new-claim form, once the selection is made.
  function newClaimFromSelection() {
    const section = document.getElementById("new-claim");
    const problem = section.querySelector(".new-claim-problem");
    const where = form.querySelector(".new-claim-where");
    const quoteBox = form.querySelector(".new-claim-quote");
    const more = form.querySelector(".new-claim-more");
    const moreBase = more.getAttribute("href");
    const pieces = () => body.querySelectorAll(".sentence, .gap");
    let pointerDown = false;
    let pending = null;

    // The offset in the source text of a point in the page. Every piece of
    // article text sits in a .sentence or .gap whose data-start is its offset,
    // and nothing but article text is inside them.
    function offsetAt(node, offset, isEnd) {
      const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      const host = element && body.contains(element) ? element.closest(".sentence, .gap") : null;
      if (host) {
        const range = document.createRange();
        range.selectNodeContents(host);
        range.setEnd(node, offset);
        return Number(host.dataset.start) + range.toString().length;
      }
      // Between pieces (a paragraph's edge, a claim list) or outside the text:
      // the nearest edge of article text inside the selection.
      let last = null;
      for (const piece of pieces()) {
        const range = document.createRange();
        range.selectNodeContents(piece);
        const side = range.comparePoint(node, offset); // -1 before the piece, 1 after it
        if (!isEnd && side <= 0) return Number(piece.dataset.start);
        if (isEnd && side < 0) break;
        last = piece;
      }
      return isEnd && last ? Number(last.dataset.start) + last.textContent.length : null;
    }

    // The article text between two offsets; a paragraph break becomes a line break.
    function textBetween(start, end) {
      let text = "";
      let previousEnd = null;
      for (const piece of pieces()) {
        const from = Number(piece.dataset.start);
        const words = piece.textContent;
        const to = from + words.length;
        if (to <= start || from >= end) continue;
        if (previousEnd !== null && from > previousEnd) text += "\n";
        text += words.slice(Math.max(start, from) - from, Math.min(end, to) - from);
        previousEnd = to;
      }
      return text;
    }

    function covered(start, end) {
      return sentences.filter((s) => Number(s.dataset.start) < end && Number(s.dataset.end) > start);
    }

    function readSelection() {
      const selection = document.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
      const range = selection.getRangeAt(0);
      if (!range.intersectsNode(body)) return null;
      const start = offsetAt(range.startContainer, range.startOffset, false);
      const end = offsetAt(range.endContainer, range.endOffset, true);
      if (start === null || end === null || end <= start) return null;
      return { start, end };
    }

    function say(message) {
      problem.textContent = message;
      problem.hidden = !message;
    }

    // Show the form for source text [start, end); nothing in the text moves.
    offerClaim = function ({ start, end }) {
      const quote = textBetween(start, end);
      const spanned = covered(start, end);
      if (!quote.trim() || !spanned.length) return;
      section.classList.add("is-open");
      if (spanned.length > MAX_SENTENCES) {
        form.hidden = true;
        say(
          "A claim can quote at most " + MAX_SENTENCES + " sentences; this selection covers " +
            spanned.length + ". Select a shorter passage, or make several claims."
        );
        return;
      }
      say("");
      const first = sentenceNumber(spanned[0]);
      const last = sentenceNumber(spanned[spanned.length - 1]);
      form.elements.start.value = start;
      form.elements.end.value = end;
      form.elements.quote.value = quote;
      form.elements.statement.value = quote.trim().split(/\s+/).join(" ");
      where.textContent = first === last
        ? "From sentence " + first + ":"
        : "From sentences " + first + "–" + last + " (one anchor in each):";
      quoteBox.textContent = quote.trim();
      // Offsets only: the full form reads the quote from the stored text (and
      // a long quote would not fit in an address).
      const params = new URLSearchParams({
        source: form.elements.source.value, start: String(start), end: String(end),
      });
      more.href = moreBase + "?" + params.toString();
      form.hidden = false;
    };

    function check() {
      pending = null;
      const selected = readSelection();
      if (selected) offerClaim(selected);
    }

    document.addEventListener("pointerdown", (event) => {
      if (!panel.contains(event.target)) pointerDown = true;
    });
    document.addEventListener("pointerup", () => {
      if (!pointerDown) return;
      pointerDown = false;
      setTimeout(check, 0); // the selection is final once the button is up
    });
    document.addEventListener("pointercancel", () => {
      pointerDown = false;
    });
    // Keyboard and touch handles change the selection without a pointer up.
    document.addEventListener("selectionchange", () => {
      if (pointerDown) return;
      clearTimeout(pending);
      pending = setTimeout(check, 400);
    });
    section.querySelector("[data-new-claim-cancel]").addEventListener("click", () => {
      form.hidden = true;
      say("");
      section.classList.remove("is-open");
      document.getSelection().removeAllRanges();
      if (current) current.focus({ preventScroll: true });
    });
  }
})();
