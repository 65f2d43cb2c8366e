/* The place page's locator map: the place in its region, with its name and
   its neighbours' (each a link to its page), over the vendored Natural
   Earth outlines. Data from the element's data-* attributes and the JSON
   block #place-neighbours; nothing is loaded from another host. */
(function () {
  "use strict";
  var box = document.querySelector("[data-locator-map]");
  if (!box || !window.L || !window.topojson) return;
  box.hidden = false;
  var data = box.dataset;
  var neighbours = JSON.parse(document.getElementById("place-neighbours").textContent);
  var lat = Number(data.latitude), lon = Number(data.longitude);
  var map = L.map(box, { zoomSnap: 0.5, minZoom: 3, maxZoom: 13, scrollWheelZoom: false });
  // The place's surroundings, about 200 km across: its region, not the world.
  map.fitBounds([[lat - 1, lon - 1.2], [lat + 1, lon + 1.2]]);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Outlines: Natural Earth");

  fetch(data.atlasUrl)
    .then(function (response) { return response.json(); })
    .then(function (topology) {
      L.geoJSON(topojson.feature(topology, topology.objects.countries), {
        renderer: L.canvas({ padding: 0.3 }),
        interactive: false,
        style: { color: "#8a8170", weight: 0.8, fillColor: "#f4efe4", fillOpacity: 1 },
      }).addTo(map).bringToBack();
    });

  function marker(latitude, longitude, className, name, url) {
    var m = L.marker([latitude, longitude], {
      icon: L.divIcon({ className: className, iconSize: null, html: "" }),
      title: name,
      keyboard: Boolean(url),
      interactive: Boolean(url),
    });
    m.bindTooltip(name, {
      permanent: true, direction: "right", offset: [8, 0],
      className: "place-name" + (url ? "" : " this-place"),
    });
    if (url) {
      m.on("click", function () { location.href = url; });
      m.on("add", function () { m.getElement().setAttribute("aria-label", name + " (go to its page)"); });
    }
    return m.addTo(map);
  }
  neighbours.forEach(function (other) {
    marker(other.latitude, other.longitude, "place-marker neighbour precision-" + other.geo_precision,
      other.name, other.url);
  });
  marker(lat, lon,
    "place-marker this-place has-events precision-" + data.precision, data.name, null);
  performance.mark("locator-drawn"); // read by claims/bench/map_bench.py
})();
