// The map: Leaflet (vendored) over the Natural Earth country outlines (vendored TopoJSON),
// with no tile server, so it works offline. Events are gathered by place; places close
// together are clustered until zoomed in, so border incidents a few kilometres apart come
// apart as the analyst zooms. Events with no located place are drawn at their country, with
// a dashed ring and a note saying so.
import { fmt, intensityColour } from "./dom.js";

const REGION = [[24, 44], [56, 92]]; // south-west, north-east corners shown when nothing is located
let outlines = null;
let state = null; // { map, clusters, onMove }

async function loadOutlines() {
  if (!outlines) {
    const topo = await (await fetch("/static/vendor/countries-50m.json")).json();
    outlines = window.topojson.feature(topo, topo.objects.countries);
  }
  return outlines;
}

// Country names at the centre of each country's largest ring (the outlines are vendored data,
// not article text), for the countries around the region.
const LABELLED = [[15, 25], [62, 110]];

function ringArea(points) {
  let a = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) a += points[j][0] * points[i][1] - points[i][0] * points[j][1];
  return a / 2;
}

function centroid(points) {
  let x = 0, y = 0, a = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const f = points[j][0] * points[i][1] - points[i][0] * points[j][1];
    x += (points[j][0] + points[i][0]) * f; y += (points[j][1] + points[i][1]) * f; a += f;
  }
  return a ? [x / (3 * a), y / (3 * a)] : points[0];
}

function countryLabels(geo) {
  const L = window.L;
  const layer = L.layerGroup();
  for (const feature of geo.features) {
    const g = feature.geometry;
    if (!g) continue;
    const rings = (g.type === "Polygon" ? [g.coordinates] : g.coordinates).map((p) => p[0]);
    const largest = rings.sort((a, b) => Math.abs(ringArea(b)) - Math.abs(ringArea(a)))[0];
    if (!largest || Math.abs(ringArea(largest)) < 2) continue; // too small to name at this scale
    const [lon, lat] = centroid(largest);
    if (lat < LABELLED[0][0] || lat > LABELLED[1][0] || lon < LABELLED[0][1] || lon > LABELLED[1][1]) continue;
    layer.addLayer(L.tooltip({ permanent: true, direction: "center", className: "country-label", interactive: false })
      .setLatLng([lat, lon]).setContent(feature.properties.name));
  }
  return layer;
}

function radius(events, most) {
  return 6 + 12 * Math.sqrt(events / most);
}

function marker(p, most, onSelect) {
  const L = window.L;
  const approximate = p.precision === "country";
  const m = L.circleMarker([p.lat, p.lon], {
    radius: radius(p.events, most), color: approximate ? "#475569" : "#ffffff", weight: approximate ? 2 : 1.5,
    dashArray: approximate ? "4 3" : null, fillColor: intensityColour(p.intensity_mean), fillOpacity: 0.9,
    className: approximate ? "dot dot-country" : "dot",
  });
  m.events = p.events;
  const where = approximate ? `${p.place_name || p.country} (no place given: drawn at the country)` : p.place_name || "unnamed place";
  // a place's name as a label beside its ring, shown once the map is zoomed in (see app.css)
  m.bindTooltip(document.createTextNode(p.place_name || p.country || ""), { permanent: true, direction: "right", offset: [8, 0], className: "place-label" });
  m.on("click", () => onSelect(p));
  m.on("add", () => {
    const node = m.getElement();
    if (!node) return;
    if (!node.querySelector("title")) {
      const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = `${where}: ${p.events} events, mean intensity ${fmt(p.intensity_mean)}`;
      node.append(title);
    }
    node.setAttribute("data-place", p.place_id || "");
    node.setAttribute("data-precision", p.precision || "place");
    node.setAttribute("tabindex", "0");
    node.addEventListener("keydown", (e) => { if (e.key === "Enter") onSelect(p); });
  });
  return m;
}

function clusterIcon(cluster) {
  const L = window.L;
  const events = cluster.getAllChildMarkers().reduce((n, m) => n + (m.events || 0), 0);
  const size = events < 10 ? 30 : events < 50 ? 38 : 46;
  return L.divIcon({
    html: `<div><span>${Number(events)}</span></div>`, // a number only: nothing from an article
    className: "marker-cluster marker-cluster-small cluster",
    iconSize: L.point(size, size),
  });
}

// Draw (or redraw) the map in `container`. `view` is {lat, lon, zoom} from the URL, or null to
// fit the events; `onMove(view)` reports where the analyst panned or zoomed to.
export async function drawMap(container, places, onSelect, view, onMove) {
  const L = window.L;
  const geo = await loadOutlines();
  if (!state || state.container !== container) {
    const map = L.map(container, { zoomSnap: 0.5, minZoom: 2, maxZoom: 12, worldCopyJump: true, attributionControl: false });
    map.fitBounds(REGION, { animate: false }); // vector layers need a view to be drawn in
    L.geoJSON(geo, { style: { color: "#94a3b8", weight: 0.8, fillColor: "#f8fafc", fillOpacity: 1 }, interactive: false }).addTo(map);
    countryLabels(geo).addTo(map);
    container.classList.add("leaflet-ready");
    state = { container, map, clusters: null, onMove: null };
    const scale = () => container.classList.toggle("zoomed-in", map.getZoom() >= 6);
    map.on("zoomend", scale);
    scale();
    map.on("moveend", () => {
      if (state.onMove && !state.silent) {
        const c = map.getCenter();
        state.onMove({ lat: c.lat, lon: c.lng, zoom: map.getZoom() });
      }
    });
    window.tocsinMap = map; // for people poking around in the console, and for tests
  }
  state.onMove = onMove;
  const { map } = state;
  if (state.clusters) map.removeLayer(state.clusters);
  const clusters = L.markerClusterGroup({
    maxClusterRadius: 28, showCoverageOnHover: false, spiderfyOnMaxZoom: true, iconCreateFunction: clusterIcon,
  });
  const most = Math.max(1, ...places.map((p) => p.events));
  for (const p of places) clusters.addLayer(marker(p, most, onSelect));
  state.silent = true;
  if (view) map.setView([view.lat, view.lon], view.zoom, { animate: false });
  else if (places.length) map.fitBounds(L.latLngBounds(places.map((p) => [p.lat, p.lon])).pad(0.3), { animate: false, maxZoom: 6 });
  else map.fitBounds(REGION, { animate: false });
  state.silent = false;
  // added once the view is set: a cluster group on the map when the zoom changes splits its
  // clusters in an animation, and a dot clicked meanwhile is not where it is drawn
  clusters.addTo(map);
  state.clusters = clusters;
  map.invalidateSize();
  container.classList.toggle("zoomed-in", map.getZoom() >= 6);
}

export function forgetMap() {
  if (state) state.map.remove();
  state = null;
}
