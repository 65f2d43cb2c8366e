// Claim browser, progressive enhancement: on a narrow screen the facet
// panels start folded so the results are near the top. Without JavaScript
// they simply stay open.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 50rem)").matches) return;
  document.querySelectorAll(".browser-filters details.facet-panel").forEach(function (panel) {
    panel.open = false;
  });
})();
