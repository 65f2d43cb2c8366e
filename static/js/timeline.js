/* The interactive timeline on /timeline/ (the list below it stays the page's content).

   Every dated event (/timeline/events.json) on one time axis, drawn at the
   precision it is known: a day as a dot, a range known to the day as a solid
   bar, a month, season or year as a hatched or pale bar over its whole span.
   Events are packed into rows so they do not overlap. Zoom with the buttons,
   + and - (arrows move, 0 shows everything), or by dragging across the chart
   to choose a period and then "Zoom to this period". A chosen period links
   to the map and the claim browser for it and is kept in the address
   (?since=&until=). Choosing an event shows its claims in the side panel.

   Above the axis a density strip counts the events in view per tick
   interval (an event in the interval where it begins, or the first one if
   it began before the view), so the whole distribution shows even where the
   rows below are full; a bar chosen (click, or Enter) zooms to its interval,
   and a drag across the strip chooses a period like one across the chart. */
(function () {
  "use strict";
  var root = document.querySelector("[data-timeline]");
  if (!root || !window.claimsPanel) return;
  root.hidden = false;

  var SVG = "http://www.w3.org/2000/svg";
  var DAY = 86400000;
  var ROW = 20, AXIS = 34, MAX_ROWS = 40, CHAR = 6.6, MAX_LABEL = 30, STRIP = 40;
  var svg = document.getElementById("timeline-chart");
  var rangeText = document.getElementById("timeline-range");
  var selectionBox = document.getElementById("timeline-selection");
  var panel = window.claimsPanel(document.getElementById("claims-panel"), root.dataset);
  var events = [], full = null, view = null, chosen = null;

  function day(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function words(ms) {
    var d = new Date(ms);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function node(tag, attributes, text) {
    var element = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    if (text !== undefined) element.textContent = text;
    return element;
  }

  fetch(root.dataset.eventsUrl)
    .then(function (response) { return response.json(); })
    .then(function (data) {
      events = data.events.map(function (event) {
        event.t0 = day(event.start);
        event.t1 = day(event.end) + DAY; // the whole last day
        return event;
      });
      if (!events.length) { root.hidden = true; return; }
      var first = Math.min.apply(null, events.map(function (e) { return e.t0; }));
      var last = Math.max.apply(null, events.map(function (e) { return e.t1; }));
      var pad = Math.max((last - first) * 0.02, 15 * DAY);
      full = [first - pad, last + pad];
      view = full.slice();
      var params = new URLSearchParams(location.search);
      var since = params.get("since"), until = params.get("until");
      if (since && until && !isNaN(day(since)) && !isNaN(day(until)) && day(since) <= day(until)) {
        choose(day(since), day(until) + DAY);
        zoomTo(chosen[0], chosen[1]);
      } else {
        draw();
      }
      performance.mark("events-drawn"); // read by claims/bench/map_bench.py
    })
    .catch(function () { rangeText.textContent = "The events could not be loaded; the list below names them."; });

  function width() { return Math.max(svg.clientWidth || svg.parentNode.clientWidth, 200); }
  function x(t) { return (t - view[0]) / (view[1] - view[0]) * width(); }
  function time(px) { return view[0] + px / width() * (view[1] - view[0]); }

  // Ticks: the coarsest step giving at least three labels across the width.
  var STEPS = [
    [1, "day"], [7, "day"], [1, "month"], [3, "month"], [6, "month"],
    [1, "year"], [2, "year"], [5, "year"], [10, "year"],
  ];
  function ticks() {
    var span = view[1] - view[0];
    var maxTicks = Math.max(3, Math.floor(width() / 80));
    var step = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i++) {
      var length = STEPS[i][1] === "day" ? STEPS[i][0] * DAY : STEPS[i][1] === "month" ? STEPS[i][0] * 30.4 * DAY : STEPS[i][0] * 365.25 * DAY;
      if (span / length <= maxTicks) { step = STEPS[i]; break; }
    }
    var out = [];
    var d = new Date(view[0]);
    var cursor;
    if (step[1] === "year") {
      var year = d.getUTCFullYear() - (d.getUTCFullYear() % step[0]);
      cursor = Date.UTC(year, 0, 1);
      while (cursor < view[1]) {
        if (cursor >= view[0]) out.push([cursor, String(new Date(cursor).getUTCFullYear())]);
        year += step[0];
        cursor = Date.UTC(year, 0, 1);
      }
    } else if (step[1] === "month") {
      var month = d.getUTCMonth() - (d.getUTCMonth() % step[0]);
      var y = d.getUTCFullYear();
      cursor = Date.UTC(y, month, 1);
      while (cursor < view[1]) {
        var c = new Date(cursor);
        var label = c.getUTCMonth() === 0 ? String(c.getUTCFullYear()) : MONTHS[c.getUTCMonth()] + " " + c.getUTCFullYear();
        if (cursor >= view[0]) out.push([cursor, label]);
        month += step[0];
        cursor = Date.UTC(y, month, 1);
      }
    } else {
      cursor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      while (cursor < view[1]) {
        if (cursor >= view[0]) out.push([cursor, words(cursor)]);
        cursor += step[0] * DAY;
      }
    }
    return out;
  }

  function draw() {
    var w = width();
    drawnWidth = w;
    var visible = events.filter(function (e) { return e.t1 > view[0] && e.t0 < view[1]; });
    // Rows: each event goes in the first row where it (and its label) fits.
    var rowEnds = [], placed = [], hidden = 0;
    visible.forEach(function (event) {
      var x0 = Math.max(x(event.t0), 0), x1 = Math.min(x(event.t1), w);
      var isPoint = event.precision === "day" && event.t1 - event.t0 <= DAY;
      var barEnd = isPoint ? x0 + 6 : Math.max(x1, x0 + 4);
      var label = event.title.length > MAX_LABEL ? event.title.slice(0, MAX_LABEL - 1) + "…" : event.title;
      var labelWidth = label.length * CHAR;
      // Near the right edge the label goes left of its bar, where there is room.
      var before = barEnd + 4 + labelWidth > w && x0 - 4 - labelWidth >= 0;
      var start = before ? x0 - 4 - labelWidth : x0;
      var end = before ? barEnd : barEnd + 4 + labelWidth;
      var row = rowEnds.findIndex(function (e) { return e < start - 4; });
      if (row < 0) {
        if (rowEnds.length >= MAX_ROWS) { hidden++; return; }
        row = rowEnds.length;
        rowEnds.push(0);
      }
      rowEnds[row] = end;
      placed.push({ event: event, row: row, x0: x0, x1: barEnd, point: isPoint, label: label, before: before });
    });
    var height = STRIP + AXIS + Math.max(rowEnds.length, 1) * ROW + 8;
    svg.setAttribute("viewBox", "0 0 " + w + " " + height);
    svg.setAttribute("height", height);
    svg.replaceChildren();

    var tickList = ticks();
    var axis = node("g", { class: "timeline-axis", "aria-hidden": "true" });
    axis.appendChild(node("rect", { class: "brush-band", x: 0, y: 0, width: w, height: height }));
    tickList.forEach(function (tick) {
      var tx = x(tick[0]);
      axis.appendChild(node("line", { x1: tx, x2: tx, y1: STRIP + 18, y2: height, class: "tick" }));
      axis.appendChild(node("text", { x: tx + 3, y: STRIP + 14, class: "tick-label" }, tick[1]));
    });
    axis.appendChild(node("line", {
      x1: 0, x2: w, y1: STRIP + AXIS - 10, y2: STRIP + AXIS - 10, class: "axis-line",
    }));
    svg.appendChild(axis);
    svg.appendChild(densityStrip(visible, tickList, w));

    if (chosen) {
      var c0 = Math.max(x(chosen[0]), 0), c1 = Math.min(x(chosen[1]), w);
      if (c1 > c0) svg.appendChild(node("rect", { class: "brush", x: c0, y: 0, width: c1 - c0, height: height }));
    }

    var layer = node("g", { class: "timeline-events" });
    placed.forEach(function (p) {
      var e = p.event;
      var y = STRIP + AXIS + p.row * ROW;
      var link = node("a", { href: e.claims_url, class: "tl-event precision-" + e.precision, "data-event": e.slug });
      link.setAttribute("aria-label", e.title + ", " + e.when + ", " + e.claims + " claim" + (e.claims === 1 ? "" : "s"));
      link.appendChild(node("title", {}, e.title + " (" + e.when + ")"));
      if (p.point) {
        link.appendChild(node("circle", { cx: p.x0 + 3, cy: y + 7, r: 5, class: "tl-mark" }));
      } else {
        link.appendChild(node("rect", { x: p.x0, y: y + 1, width: p.x1 - p.x0, height: 12, rx: 3, class: "tl-mark" }));
      }
      link.appendChild(node("text", p.before
        ? { x: p.x0 - 4, y: y + 11, class: "tl-label", "text-anchor": "end" }
        : { x: p.x1 + 4, y: y + 11, class: "tl-label" }, p.label));
      link.addEventListener("click", function (event) {
        event.preventDefault();
        panel.show({ event: e.slug }, "Claims about " + e.title);
      });
      layer.appendChild(link);
    });
    svg.appendChild(layer);
    root.dataset.barsShown = String(placed.length);
    var text = "Showing " + words(view[0]) + " to " + words(view[1]) + ": " + placed.length + " event" +
      (placed.length === 1 ? "" : "s");
    if (hidden) text += "; " + hidden + " more in this span, zoom in to see them";
    rangeText.textContent = text + ".";
  }

  // The density strip: one bar per interval between ticks (and the part
  // intervals at either edge), its height the events counted there.
  function densityStrip(visible, tickList, w) {
    var edges = [view[0]];
    tickList.forEach(function (tick) { if (tick[0] > view[0] && tick[0] < view[1]) edges.push(tick[0]); });
    edges.push(view[1]);
    var counts = edges.slice(1).map(function () { return 0; });
    visible.forEach(function (event) {
      var t = Math.max(event.t0, view[0]);
      var i = counts.length - 1;
      while (i > 0 && edges[i] > t) i--;
      counts[i]++;
    });
    var most = Math.max.apply(null, counts.concat([1]));
    var strip = node("g", { class: "density-strip", role: "group", "aria-label": "Events per interval; choose one to zoom to it" });
    counts.forEach(function (n, i) {
      if (!n) return;
      var x0 = x(edges[i]), x1 = x(edges[i + 1]);
      var barHeight = Math.max(2, (STRIP - 8) * n / most);
      var label = words(edges[i]) + " to " + words(edges[i + 1]) + ": " + n + " event" +
        (n === 1 ? "" : "s") + ". Zoom to this period";
      var bar = node("g", {
        class: "density-bar", role: "button", tabindex: "0", "aria-label": label, "data-count": n,
      });
      bar.appendChild(node("title", {}, label));
      bar.appendChild(node("rect", { class: "density-hit", x: x0, y: 0, width: Math.max(x1 - x0, 1), height: STRIP - 2 }));
      bar.appendChild(node("rect", {
        class: "density-fill", x: x0 + 1, y: STRIP - 4 - barHeight, width: Math.max(x1 - x0 - 2, 1), height: barHeight,
      }));
      bar.dataset.from = String(edges[i]);
      bar.dataset.to = String(edges[i + 1]);
      strip.appendChild(bar);
    });
    strip.appendChild(node("line", { x1: 0, x2: w, y1: STRIP - 4, y2: STRIP - 4, class: "density-base", "aria-hidden": "true" }));
    return strip;
  }

  function zoomToBar(bar, keyboard) {
    zoomTo(Number(bar.dataset.from), Number(bar.dataset.to));
    if (keyboard) svg.focus();
  }
  // A mouse click on a bar is handled with the brush (mouseup, below); these
  // are for the keyboard and for assistive technology's own clicks.
  svg.addEventListener("keydown", function (event) {
    var bar = event.target.closest && event.target.closest(".density-bar");
    if (!bar || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    event.stopPropagation();
    zoomToBar(bar, true);
  });
  svg.addEventListener("click", function (event) {
    var bar = event.target.closest && event.target.closest(".density-bar");
    if (bar && event.detail === 0) zoomToBar(bar, true);
  });

  function zoomTo(t0, t1) {
    var minimum = 7 * DAY;
    if (t1 - t0 < minimum) { var mid = (t0 + t1) / 2; t0 = mid - minimum / 2; t1 = mid + minimum / 2; }
    view = [Math.max(t0, full[0] - 365 * DAY), Math.min(t1, full[1] + 365 * DAY)];
    draw();
  }
  function zoom(factor) {
    var mid = (view[0] + view[1]) / 2, half = (view[1] - view[0]) * factor / 2;
    zoomTo(mid - half, mid + half);
  }
  function pan(fraction) {
    var shift = (view[1] - view[0]) * fraction;
    zoomTo(view[0] + shift, view[1] + shift);
  }

  function choose(t0, t1) {
    chosen = [t0, t1];
    var since = iso(t0), until = iso(t1 - DAY);
    var period = "since=" + since + "&until=" + until;
    selectionBox.hidden = false;
    selectionBox.querySelector("[data-period]").textContent = words(t0) + " – " + words(t1 - DAY);
    selectionBox.querySelector("[data-link=map]").href = root.dataset.mapUrl + "?" + period;
    selectionBox.querySelector("[data-link=claims]").href = root.dataset.claimsUrl + "?" + period;
    history.replaceState(null, "", location.pathname + "?" + period);
  }

  root.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var how = button.dataset.zoom;
      if (how === "in") zoom(0.5);
      else if (how === "out") zoom(2);
      else if (how === "all") zoomTo(full[0], full[1]);
      else if (how === "chosen" && chosen) zoomTo(chosen[0] - (chosen[1] - chosen[0]) * 0.05, chosen[1] + (chosen[1] - chosen[0]) * 0.05);
      else if (how === "view") { choose(view[0], view[1]); draw(); }
    });
  });

  svg.addEventListener("keydown", function (event) {
    if (!full) return;
    var handled = true;
    if (event.key === "+" || event.key === "=") zoom(0.5);
    else if (event.key === "-" || event.key === "_") zoom(2);
    else if (event.key === "0") zoomTo(full[0], full[1]);
    else if (event.key === "ArrowLeft") pan(-0.2);
    else if (event.key === "ArrowRight") pan(0.2);
    else handled = false;
    if (handled) event.preventDefault();
  });

  // Brushing: a drag across the chart (not starting on an event) chooses a period.
  var dragFrom = null, dragRect = null, pressedBar = null;
  function localX(event) { return event.clientX - svg.getBoundingClientRect().left; }
  svg.addEventListener("mousedown", function (event) {
    if (!full || event.button !== 0 || event.target.closest(".tl-event")) return;
    event.preventDefault();
    pressedBar = event.target.closest(".density-bar");
    dragFrom = localX(event);
    dragRect = node("rect", { class: "brush", x: dragFrom, y: 0, width: 0, height: svg.getAttribute("height") });
    svg.appendChild(dragRect);
  });
  window.addEventListener("mousemove", function (event) {
    if (dragFrom === null) return;
    var at = Math.min(Math.max(localX(event), 0), width());
    dragRect.setAttribute("x", Math.min(at, dragFrom));
    dragRect.setAttribute("width", Math.abs(at - dragFrom));
  });
  window.addEventListener("mouseup", function (event) {
    if (dragFrom === null) return;
    var at = Math.min(Math.max(localX(event), 0), width());
    var from = dragFrom;
    dragFrom = null;
    if (Math.abs(at - from) < 5) {
      dragRect.remove();
      if (pressedBar) zoomToBar(pressedBar, false); // a click on a density bar
      return;
    }
    var t0 = time(Math.min(at, from)), t1 = time(Math.max(at, from));
    // Whole days: the period begins and ends at midnight.
    t0 = Math.floor(t0 / DAY) * DAY;
    t1 = Math.ceil(t1 / DAY) * DAY;
    choose(t0, t1);
    draw();
  });

  // Redrawn when the chart's width changes: a narrower window, or the claims
  // panel opening beside it.
  var drawnWidth = 0;
  new ResizeObserver(function () {
    var w = width();
    if (full && Math.abs(w - drawnWidth) > 1) draw();
  }).observe(svg.parentNode);
})();
