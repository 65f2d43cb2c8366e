/* The side panel of the map and the timeline: the claims that name the
   place, event or actor a reader chose, each with its status, a link to its
   page and one to its sentence in the reader (/sources/<slug>/?claim=<id>#s-<index>).

   window.claimsPanel(section, dataset) -> {show(params, heading)}. The
   section holds a heading and a ".claims-panel-body"; dataset gives
   claimsApi (/api/v1/claims/), claimsUrl (/claims/) and readerUrl (the
   reader's address with SLUG in place of the source's slug). The claims are
   read from the JSON API with the claim browser's filters; the filters of
   the page's form (#map-filters or #timeline-period) are kept. */
(function () {
  "use strict";
  var PAGE_SIZE = 20;
  var STATUS = {
    unassessed: "Unassessed", supported: "Supported", partly_supported: "Partly supported",
    unverified: "Unverified", disputed: "Disputed", refuted: "Refuted", not_checkable: "Not checkable",
  };

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  window.claimsPanel = function (section, dataset) {
    var heading = section.querySelector("h2");
    var body = section.querySelector(".claims-panel-body");
    var asked = 0;

    function baseParams() {
      var params = new URLSearchParams();
      var form = document.querySelector("[data-claim-filters]");
      if (form) {
        new FormData(form).forEach(function (value, name) {
          if (value && ["status", "kind", "since", "until", "actor", "event"].indexOf(name) >= 0) {
            params.append(name, value);
          }
        });
      }
      return params;
    }

    function show(chosen, title) {
      var params = baseParams();
      Object.keys(chosen).forEach(function (name) { params.set(name, chosen[name]); });
      var mine = ++asked;
      section.hidden = false;
      heading.textContent = title;
      // On a narrow screen the panel comes below the map or chart: bring it up.
      if (section.getBoundingClientRect().top > window.innerHeight) {
        section.scrollIntoView({ block: "start" });
      }
      body.replaceChildren(element("p", { class: "meta", role: "status" }, "Loading claims…"));
      var apiParams = new URLSearchParams(params);
      apiParams.set("page_size", String(PAGE_SIZE));
      fetch(dataset.claimsApi + "?" + apiParams.toString(), { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (page) {
          if (mine !== asked) return; // a later choice won
          render(page, params);
        })
        .catch(function () {
          if (mine !== asked) return;
          body.replaceChildren(element("p", {}, "The claims could not be loaded."));
        });
    }

    function render(page, params) {
      var nodes = [];
      var count = page.count;
      nodes.push(element("p", { class: "meta", role: "status" },
        count + " published claim" + (count === 1 ? "" : "s") +
        (count > page.results.length ? ", the newest " + page.results.length + " shown" : "") + "."));
      var list = element("ol", { class: "panel-claims" });
      page.results.forEach(function (claim) {
        var item = element("li");
        item.appendChild(element("span", { class: "status st-" + claim.status }, STATUS[claim.status] || claim.status));
        item.appendChild(document.createTextNode(" "));
        var link = element("a", { href: new URL(claim.html_url, location.href).pathname }, claim.statement);
        item.appendChild(link);
        var anchor = claim.anchors[0];
        if (anchor) {
          var where = element("p", { class: "meta" });
          where.appendChild(element("a", {
            // ?claim= marks the claim's own words in the sentence.
            href: dataset.readerUrl.replace("SLUG", anchor.source) + "?claim=" + claim.id + "#s-" + anchor.sentence,
            class: "in-context",
          }, "Read it in its sentence"));
          item.appendChild(where);
        }
        list.appendChild(item);
      });
      if (page.results.length) nodes.push(list);
      var browse = element("p");
      browse.appendChild(element("a", { href: dataset.claimsUrl + "?" + params.toString() },
        "Open these claims in the claim browser"));
      nodes.push(browse);
      var close = element("button", { type: "button", class: "link-button" }, "Close the panel");
      close.addEventListener("click", function () { section.hidden = true; });
      nodes.push(close);
      body.replaceChildren.apply(body, nodes);
    }

    return { show: show };
  };
})();
