// Reader: turn a text selection inside one sentence into the new-claim form's
// sentence number, offsets and quote. The form works without this script:
// give a sentence number and narrow the quote on the next page.
//
// Offsets come from the sentence element's data-start (its offset in the
// source text) plus the length of the article text before the selection;
// claim labels and sentence permalinks inside the sentence are not article
// text and are left out. The quote travels too, so the server can find the
// span again should the markup ever disagree with the text.
(function () {
  "use strict";

  const form = document.getElementById("new-claim-form");
  if (!form) return;
  const NOT_TEXT = ".claim-label, .hl-refs, .sentence-link";
  const preview = form.querySelector(".selection-preview");
  const quoteField = document.createElement("input");
  quoteField.type = "hidden";
  quoteField.name = "quote";
  form.append(quoteField);

  const floating = document.createElement("button");
  floating.type = "button";
  floating.className = "floating-new-claim";
  floating.textContent = "New claim from selection";
  floating.hidden = true;
  floating.style.position = "absolute";
  floating.addEventListener("mousedown", (event) => event.preventDefault());
  floating.addEventListener("click", () => form.submit());
  document.body.append(floating);

  function sentenceOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest('.sentence[id^="s-"][data-start]') : null;
  }

  function articleText(range) {
    const fragment = range.cloneContents();
    fragment.querySelectorAll(NOT_TEXT).forEach((node) => node.remove());
    return fragment.textContent;
  }

  function textBefore(sentence, container, offset) {
    const range = document.createRange();
    range.selectNodeContents(sentence);
    range.setEnd(container, offset);
    return articleText(range).length;
  }

  function clear() {
    form.elements.start.value = "";
    form.elements.end.value = "";
    quoteField.value = "";
    preview.textContent = "";
    floating.hidden = true;
  }

  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return clear();
    const range = selection.getRangeAt(0);
    const sentence = sentenceOf(range.startContainer);
    if (!sentence) return clear();
    const whole = document.createRange();
    whole.selectNodeContents(sentence);
    const length = articleText(whole).length;
    const start = textBefore(sentence, range.startContainer, range.startOffset);
    // A selection running on into the next sentence is cut at the end of this one.
    const end =
      sentenceOf(range.endContainer) === sentence
        ? textBefore(sentence, range.endContainer, range.endOffset)
        : length;
    const selected = document.createRange();
    selected.setStart(range.startContainer, range.startOffset);
    if (end === length) selected.setEnd(sentence, sentence.childNodes.length);
    else selected.setEnd(range.endContainer, range.endOffset);
    const quote = articleText(selected);
    if (!quote.trim() || end <= start) return clear();
    const base = Number(sentence.dataset.start);
    form.elements.sentence.value = sentence.id.slice(2);
    form.elements.start.value = base + start;
    form.elements.end.value = base + end;
    quoteField.value = quote;
    preview.textContent = "“" + quote.trim() + "” (sentence " + sentence.id.slice(2) + ")";
    const box = range.getBoundingClientRect();
    floating.style.left = window.scrollX + box.left + "px";
    floating.style.top = window.scrollY + box.bottom + 6 + "px";
    floating.hidden = false;
  });
})();
