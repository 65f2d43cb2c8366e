// Reader: turn a text selection inside one sentence into the new-claim form's
// sentence number and offsets. The form works without this script: type a
// sentence number and narrow the quote on the next page.
(function () {
  "use strict";

  const form = document.getElementById("new-claim-form");
  const startsNode = document.getElementById("sentence-starts");
  if (!form || !startsNode) return;
  const starts = JSON.parse(startsNode.textContent);
  const preview = form.querySelector(".selection-preview");
  const quoteField = document.createElement("input");
  quoteField.type = "hidden";
  quoteField.name = "quote";
  form.append(quoteField);

  const floating = document.createElement("button");
  floating.type = "button";
  floating.className = "button button-primary floating-new-claim";
  floating.textContent = "New claim from selection";
  floating.hidden = true;
  floating.style.position = "absolute";
  floating.addEventListener("mousedown", (event) => event.preventDefault());
  floating.addEventListener("click", () => form.submit());
  document.body.append(floating);

  function sentenceOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const sentence = element && element.closest('[id^="s-"]');
    if (!sentence) return null;
    const index = sentence.id.slice(2);
    return index in starts ? { element: sentence, index: index } : null;
  }

  function offsetIn(element, container, offset) {
    const range = document.createRange();
    range.selectNodeContents(element);
    range.setEnd(container, offset);
    return range.toString().length;
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
    const first = sentenceOf(range.startContainer);
    if (!first) return clear();
    const last = sentenceOf(range.endContainer);
    const length = first.element.textContent.length;
    const startInSentence = offsetIn(first.element, range.startContainer, range.startOffset);
    // A selection running into the next sentence is cut at the end of the first.
    const endInSentence =
      last && last.element === first.element
        ? offsetIn(first.element, range.endContainer, range.endOffset)
        : length;
    const quote = first.element.textContent.slice(startInSentence, endInSentence);
    if (!quote.trim()) return clear();
    const base = starts[first.index];
    form.elements.sentence.value = first.index;
    form.elements.start.value = base + startInSentence;
    form.elements.end.value = base + endInSentence;
    quoteField.value = quote;
    preview.textContent = "“" + quote.trim() + "” (sentence " + first.index + ")";
    const box = range.getBoundingClientRect();
    floating.style.left = window.scrollX + box.left + "px";
    floating.style.top = window.scrollY + box.bottom + 6 + "px";
    floating.hidden = false;
  });
})();
