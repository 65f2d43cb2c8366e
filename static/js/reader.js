// Reader enhancements; the page works without them.
// :target already highlights the sentence named in the address. This also
// moves keyboard focus there, so "Read in context" lands screen-reader and
// keyboard users on the same sentence sighted users see highlighted.
(function () {
  "use strict";
  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^s-\d+$/.test(id)) return;
    var sentence = document.getElementById(id);
    if (!sentence) return;
    sentence.setAttribute("tabindex", "-1");
    sentence.focus({ preventScroll: true });
    sentence.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", focusTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusTarget);
  } else {
    focusTarget();
  }
})();
