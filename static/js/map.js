/* The interactive map on /map/ (progressive enhancement of the page's list and drawing).

   Leaflet over an offline base map: the vendored Natural Earth outlines
   (world-atlas, decoded by topojson-client), country names as labels. The
   places are loaded as GeoJSON (/map/places.geojson with the page's filters)
   and clustered at low zoom: in the browser (markercluster) for a corpus of
   a few thousand places, on the server past settings.MAP_CLUSTER_THRESHOLD
   (the answer says `clustered`; the map then asks again for its view, with
   `zoom` and `bbox`, whenever it stops moving). Changing a filter redraws the map and rewrites
   the address (history.replaceState), so a view can be shared. A place's
   popup lists its events and its claims by status; "Show claims" opens the
   side panel (claims-panel.js) with the claims that name the place, event or
   actor chosen. No request leaves this site. */
(function () {
  "use strict";
  var root = document.querySelector("[data-map-explorer]");
  if (!root || !window.L || !window.topojson || !window.claimsPanel) return;
  root.hidden = false;

  var form = document.getElementById("map-filters");
  var status = document.getElementById("map-message");
  var PRECISION = {
    exact: "exact", near: "near (approximate)", centroid: "centre of a region", unknown: "of unknown precision",
  };
  var SHOWN_EVENTS = 8; // events listed in a popup; the place page lists them all
  var panel = window.claimsPanel(document.getElementById("claims-panel"), root.dataset);

  var map = L.map("map-canvas", {
    center: [35, 38],
    zoom: 5,
    minZoom: 2,
    maxZoom: 13,
    zoomSnap: 0.5,
    worldCopyJump: false,
    maxBounds: [[-85, -200], [85, 200]],
  });
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Outlines and names: Natural Earth");
  var labels = L.layerGroup().addTo(map);

  function setZoomClass() {
    var zoom = map.getZoom();
    var container = map.getContainer();
    container.classList.toggle("zoom-far", zoom < 4);
    container.classList.toggle("zoom-middle", zoom >= 4 && zoom < 5.5);
    container.classList.toggle("zoom-regional", zoom < 7);
  }
  map.on("zoomend", setZoomClass);
  setZoomClass();


  // The base map: outlines on a canvas (thousands of rings), names as labels.
  fetch(root.dataset.atlasUrl)
    .then(function (response) { return response.json(); })
    .then(function (topology) {
      var countries = topojson.feature(topology, topology.objects.countries);
      L.geoJSON(countries, {
        renderer: L.canvas({ padding: 0.3 }),
        interactive: false,
        style: { color: "#8a8170", weight: 0.8, fillColor: "#f4efe4", fillOpacity: 1 },
      }).addTo(map).bringToBack();
      countries.features.forEach(function (feature) {
        var spot = labelSpot(feature.geometry);
        if (!spot || !feature.properties || !feature.properties.name) return;
        var rank = spot.area > 60 ? "rank-large" : spot.area > 6 ? "rank-middle" : "rank-small";
        var icon = L.divIcon({ className: "country-label " + rank, html: "", iconSize: null });
        var marker = L.marker([spot.lat, spot.lon], { icon: icon, interactive: false, keyboard: false });
        marker.on("add", function () {
          marker.getElement().textContent = feature.properties.name;
          marker.getElement().setAttribute("aria-hidden", "true");
        });
        labels.addLayer(marker);
      });
      performance.mark("basemap-drawn");
    })
    .catch(function () { say("The country outlines could not be loaded."); });

  // A label goes at the centre of the country's largest ring (by the area of
  // its bounding box, in square degrees): Norway's name on Norway, not Svalbard.
  function labelSpot(geometry) {
    if (!geometry) return null;
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var best = null;
    polygons.forEach(function (polygon) {
      var ring = polygon[0];
      var west = 180, east = -180, south = 90, north = -90;
      ring.forEach(function (p) {
        west = Math.min(west, p[0]); east = Math.max(east, p[0]);
        south = Math.min(south, p[1]); north = Math.max(north, p[1]);
      });
      var area = (east - west) * (north - south);
      if (!best || area > best.area) {
        best = { area: area, lon: (west + east) / 2, lat: (south + north) / 2 };
      }
    });
    return best;
  }

  var clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 44,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: function (cluster) {
      var n = cluster.getChildCount();
      var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
      return L.divIcon({
        html: '<span aria-hidden="true">' + n + '</span><span class="visually-hidden">' + n +
          " places here; zoom in</span>",
        className: "place-cluster place-cluster-" + size,
        iconSize: L.point(36, 36),
      });
    },
  }).addTo(map);

  // Past the server's threshold: clusters and places for the view, redrawn
  // from a fresh answer whenever the map stops moving.
  var serverLayer = L.layerGroup().addTo(map);
  var serverMode = false;
  var pending = null; // the request in flight (AbortController)
  var timer = null;
  var MOVE_WAIT = 250; // ms after the last move before asking

  var data = null;
  var firstLoad = true;
  var marked = false;

  function say(text) { status.textContent = text; }

  function filterQuery() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value) params.append(name, value);
    });
    return params;
  }

  // The map's view for the server: a whole zoom level and a box rounded
  // outwards to hundredths of a degree, so that small moves ask the same
  // address (and hit the server's page cache).
  function addView(params) {
    var bounds = map.getBounds();
    var clamp = function (value, limit) { return Math.max(-limit, Math.min(limit, value)); };
    var west = clamp(Math.floor(bounds.getWest() * 100) / 100, 360);
    var south = clamp(Math.floor(bounds.getSouth() * 100) / 100, 90);
    var east = clamp(Math.ceil(bounds.getEast() * 100) / 100, 360);
    var north = clamp(Math.ceil(bounds.getNorth() * 100) / 100, 90);
    if (east <= west || north <= south) return;
    params.set("zoom", String(Math.floor(map.getZoom())));
    params.set("bbox", [west, south, east, north].join(","));
  }

  function load(params) {
    var withView = serverMode;
    if (withView) addView(params);
    var query = params.toString();
    if (pending) pending.abort();
    var request = new AbortController();
    pending = request;
    say("Loading places…");
    return fetch(root.dataset.placesBase + (query ? "?" + query : ""), { signal: request.signal })
      .then(function (response) {
        if (!response.ok && response.status !== 400) throw new Error(response.statusText);
        return response.json();
      })
      .then(function (collection) {
        if (pending === request) pending = null;
        if (!collection.features) { say(collection.errors.join(" ")); return; }
        data = collection;
        draw(collection, withView);
      })
      .catch(function (error) {
        if (error.name === "AbortError") return; // a newer request replaced it
        say("The places could not be loaded; the list below still names them.");
      });
  }

  // The places first: the outlines take a quarter of a second to decode and
  // draw, and the markers need not wait for them. The page preloads both,
  // unless the server clusters the places (the page then gives the box
  // around them): the map frames it and asks for that view.
  if (root.dataset.clusteredBox) {
    serverMode = true;
    fitBox(root.dataset.clusteredBox.split(",").map(Number));
    firstLoad = false;
  }
  load(filterQuery());

  // After a move, ask for the new view (once the map has been still for
  // MOVE_WAIT); a request still in flight is abandoned.
  function askForView() {
    clearTimeout(timer);
    timer = setTimeout(function () { load(filterQuery()); }, MOVE_WAIT);
  }
  map.on("moveend", function () { if (serverMode) askForView(); });

  function draw(collection, withView) {
    clusters.clearLayers();
    serverLayer.clearLayers();
    serverMode = Boolean(collection.clustered);
    var n;
    if (serverMode) {
      collection.features.forEach(function (feature) {
        serverLayer.addLayer(feature.properties.cluster ? serverCluster(feature) : placeMarker(feature));
      });
      n = collection.total;
    } else {
      var markers = collection.features.map(placeMarker);
      clusters.addLayers(markers);
      n = markers.length;
    }
    var text = n + " place" + (n === 1 ? "" : "s") + " on the map";
    if (serverMode) text += ", grouped by area (choose a group or zoom in to see its places)";
    if (collection.without_coordinates) {
      text += "; " + collection.without_coordinates + " without coordinates, listed below";
    }
    if (collection.errors.length) text += ". " + collection.errors.join(" ");
    say(text + ".");
    root.dataset.placesShown = String(n);
    root.dataset.clustered = serverMode ? "server" : "browser";
    if (serverMode && !withView) {
      // The first answer is for the whole world: frame the places, then ask
      // for that view at once (not after MOVE_WAIT, as after a move).
      if (firstLoad && n) fitBox(collection.bounds);
      clearTimeout(timer);
      load(filterQuery());
    } else if (n && firstLoad) {
      fitPlaces(collection.features);
    }
    if (!marked && (!serverMode || withView)) {
      performance.mark("places-drawn"); // read by claims/bench/map_bench.py
      marked = true;
    }
    firstLoad = false;
  }

  function fitBox(box) {
    var bounds = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
    map.fitBounds(bounds.pad(0.05), { maxZoom: 9, animate: false });
  }

  // A cluster sent by the server: how many places, and their claims; chosen
  // (click, or Enter with the focus on it) it zooms to the box around them,
  // at least one step closer.
  function serverCluster(feature) {
    var props = feature.properties;
    var n = props.places;
    var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    var name = n + " places here, " + props.claims + " claim" + (props.claims === 1 ? "" : "s") +
      "; zoom in";
    var marker = L.marker([feature.geometry.coordinates[1], feature.geometry.coordinates[0]], {
      icon: L.divIcon({
        html: '<span aria-hidden="true">' + n + '</span><span class="visually-hidden">' + name + "</span>",
        className: "place-cluster place-cluster-" + size + " server-cluster",
        iconSize: L.point(36, 36),
      }),
      title: name,
    });
    marker.on("add", function () {
      var element = marker.getElement();
      if (element) {
        element.setAttribute("aria-label", name);
        element.dataset.places = String(n);
      }
    });
    marker.on("click", function () {
      var box = props.bounds;
      var bounds = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
      var zoom = Math.min(map.getBoundsZoom(bounds.pad(0.2)), map.getMaxZoom());
      if (zoom <= map.getZoom()) zoom = Math.min(map.getZoom() + 2, map.getMaxZoom());
      map.setView(bounds.getCenter(), zoom);
    });
    return marker;
  }

  // Frame the places known at street level, so one country centroid far
  // away does not shrink the rest into a blob (as the drawing without
  // JavaScript does).
  function fitPlaces(features) {
    var near = features.filter(function (f) {
      return f.properties.precision !== "centroid" && f.properties.kind !== "country" &&
        f.properties.kind !== "area";
    });
    var chosen = near.length ? near : features;
    var bounds = L.latLngBounds(chosen.map(function (f) {
      return [f.geometry.coordinates[1], f.geometry.coordinates[0]];
    }));
    map.fitBounds(bounds.pad(0.15), { maxZoom: 9, animate: false });
  }

  function describe(props) {
    var parts = [];
    var events = props.events.length;
    if (events) parts.push(events + " event" + (events === 1 ? "" : "s"));
    parts.push(props.claims + " claim" + (props.claims === 1 ? "" : "s"));
    return props.name + ": " + parts.join(", ") + "; location " + PRECISION[props.precision];
  }

  function placeMarker(feature) {
    var props = feature.properties;
    var kind = "place-marker precision-" + props.precision + (props.events.length ? " has-events" : "");
    var icon = L.divIcon({ className: kind, iconSize: [18, 18], html: "" });
    var marker = L.marker([feature.geometry.coordinates[1], feature.geometry.coordinates[0]], {
      icon: icon,
      title: describe(props),
      riseOnHover: true,
    });
    marker.on("add", function () {
      var element = marker.getElement();
      if (element) {
        element.setAttribute("aria-label", describe(props));
        element.dataset.place = props.slug;
      }
    });
    marker.bindTooltip(props.name, {
      permanent: true, direction: "right", offset: [8, 0], className: "place-name", interactive: false,
    });
    marker.bindPopup(function () { return popup(props); }, { maxWidth: 300, minWidth: 200 });
    return marker;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function withFilters(base, extra) {
    var params = filterQuery();
    Object.keys(extra).forEach(function (name) { params.set(name, extra[name]); });
    return base + "?" + params.toString();
  }

  function popup(props) {
    var box = element("div", { class: "place-popup" });
    var heading = element("h3");
    heading.appendChild(element("a", { href: props.url }, props.name));
    box.appendChild(heading);
    box.appendChild(element("p", { class: "meta" }, "Location " + PRECISION[props.precision] + "."));

    var claims = element("p", {}, props.claims + " claim" + (props.claims === 1 ? "" : "s") +
      (props.claims ? ":" : "."));
    box.appendChild(claims);
    if (props.claims) {
      var counts = element("ul", { class: "popup-counts" });
      Object.keys(data.statuses).forEach(function (value) {
        var n = props.counts[value];
        if (!n) return;
        var item = element("li");
        var link = element("a", { href: withFilters(root.dataset.claimsUrl, { place: props.slug, status: value }) });
        link.appendChild(element("span", { class: "status st-" + value }, data.statuses[value]));
        link.appendChild(document.createTextNode(" " + n));
        item.appendChild(link);
        counts.appendChild(item);
      });
      box.appendChild(counts);
      var show = element("button", { type: "button", class: "show-claims" }, "Show these claims");
      show.addEventListener("click", function () {
        panel.show({ place: props.slug }, "Claims about " + props.name);
      });
      box.appendChild(show);
    }

    if (props.events.length) {
      box.appendChild(element("p", {}, "Events held here:"));
      var list = element("ul", { class: "popup-events" });
      props.events.slice(0, SHOWN_EVENTS).forEach(function (id) {
        var event = data.events[id];
        var item = element("li");
        item.appendChild(element("a", { href: event.url }, event.title));
        item.appendChild(document.createTextNode(", " + event.when + " "));
        var button = element("button", { type: "button", class: "link-button" }, "claims");
        button.setAttribute("aria-label", "Show the claims about " + event.title);
        button.addEventListener("click", function () {
          panel.show({ event: event.slug }, "Claims about " + event.title);
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      box.appendChild(list);
      if (props.events.length > SHOWN_EVENTS) {
        var more = element("p");
        more.appendChild(element("a", { href: props.url },
          "All " + props.events.length + " events on the place's page"));
        box.appendChild(more);
      }
    }
    return box;
  }

  // Escape closes a popup wherever the focus is inside the map (Leaflet only
  // listens while the map itself has the focus), and returns the focus to
  // the marker that opened it.
  var opener = null;
  map.on("popupopen", function (event) { opener = event.popup._source; });
  map.getContainer().addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !opener) return;
    var back = opener.getElement && opener.getElement();
    map.closePopup();
    opener = null;
    if (back) back.focus();
  });

  // Filters: a change redraws the map and rewrites the address; "Show"
  // still submits the form, which also updates the list below the map.
  form.addEventListener("change", function () {
    var params = filterQuery();
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    load(params);
    chosenEntity(params);
  });

  function chosenEntity(params) {
    var actor = form.elements.actor;
    var event = form.elements.event;
    if (params.get("actor")) {
      panel.show({ actor: params.get("actor") }, "Claims naming " + actor.options[actor.selectedIndex].text);
    } else if (params.get("event")) {
      panel.show({ event: params.get("event") }, "Claims about " + event.options[event.selectedIndex].text);
    }
  }

  chosenEntity(filterQuery());
})();
