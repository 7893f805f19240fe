// The map: country outlines from the vendored Natural Earth TopoJSON, drawn in SVG with an
// equirectangular projection scaled for the view's latitude; events as circles by place.
import { clear, fmt, intensityColour, svg } from "./dom.js";

const REGION = [44, 24, 92, 56]; // lon/lat box shown when no event is geolocated
let countries = null;

async function loadCountries() {
  if (!countries) {
    const topo = await (await fetch("/static/vendor/countries-50m.json")).json();
    countries = window.topojson.feature(topo, topo.objects.countries).features;
  }
  return countries;
}

function viewBox(places) {
  if (!places.length) return REGION;
  let [x0, y0, x1, y1] = [180, 90, -180, -90];
  for (const p of places) {
    x0 = Math.min(x0, p.lon); x1 = Math.max(x1, p.lon);
    y0 = Math.min(y0, p.lat); y1 = Math.max(y1, p.lat);
  }
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const w = Math.max(x1 - x0 + 6, 18), h = Math.max(y1 - y0 + 4, 10);
  return [cx - w / 2, Math.max(-85, cy - h / 2), cx + w / 2, Math.min(85, cy + h / 2)];
}

function projection(box, width, height) {
  const k = Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180);
  const scale = Math.min(width / ((box[2] - box[0]) * k), height / (box[3] - box[1]));
  const cx = (box[0] + box[2]) / 2, cy = (box[1] + box[3]) / 2;
  return ([lon, lat]) => [width / 2 + (lon - cx) * k * scale, height / 2 - (lat - cy) * scale];
}

function ringPath(ring, project) {
  let d = "";
  ring.forEach((point, i) => {
    const [x, y] = project(point);
    d += `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return d + "Z";
}

function polygons(feature) {
  const g = feature.geometry;
  if (!g) return [];
  return g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
}

function touches(poly, box) {
  for (const [lon, lat] of poly[0]) {
    if (lon >= box[0] - 15 && lon <= box[2] + 15 && lat >= box[1] - 15 && lat <= box[3] + 15) return true;
  }
  return false;
}

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

export async function drawMap(container, places, onSelect) {
  const features = await loadCountries();
  const width = Math.max(container.clientWidth, 480), height = Math.round(width * 0.56);
  const box = viewBox(places);
  const project = projection(box, width, height);
  clear(container);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "map-svg", role: "img", "aria-label": "Map of events" });
  root.append(svg("rect", { x: 0, y: 0, width, height, class: "sea" }));

  const grid = svg("g", { class: "graticule" });
  for (let lon = Math.ceil(box[0] / 5) * 5; lon <= box[2]; lon += 5) {
    const [x] = project([lon, 0]);
    grid.append(svg("line", { x1: x, y1: 0, x2: x, y2: height }));
  }
  for (let lat = Math.ceil(box[1] / 5) * 5; lat <= box[3]; lat += 5) {
    const [, y] = project([0, lat]);
    grid.append(svg("line", { x1: 0, y1: y, x2: width, y2: y }));
  }
  root.append(grid);

  const land = svg("g", { class: "land" });
  const labels = svg("g", { class: "country-labels" });
  for (const feature of features) {
    const polys = polygons(feature).filter((p) => touches(p, box));
    if (!polys.length) continue;
    const d = polys.map((p) => p.map((ring) => ringPath(ring, project)).join("")).join("");
    const path = svg("path", { d, class: "country" });
    path.append(svg("title", { text: feature.properties.name }));
    land.append(path);
    const largest = polys.map((p) => p[0].map(project)).sort((a, b) => Math.abs(ringArea(b)) - Math.abs(ringArea(a)))[0];
    if (Math.abs(ringArea(largest)) > 2500) {
      const [x, y] = centroid(largest);
      if (x > 20 && x < width - 20 && y > 12 && y < height - 8) {
        labels.append(svg("text", { x, y, class: "country-label", "text-anchor": "middle", text: feature.properties.name }));
      }
    }
  }
  root.append(land, labels);

  const dots = svg("g", { class: "dots" });
  const most = Math.max(1, ...places.map((p) => p.events));
  for (const p of [...places].sort((a, b) => b.events - a.events)) {
    const [x, y] = project([p.lon, p.lat]);
    const r = 5 + 13 * Math.sqrt(p.events / most);
    const dot = svg("circle", {
      cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1), class: "dot", fill: intensityColour(p.intensity_mean),
      tabindex: 0, "data-place": p.place_id || "", onclick: () => onSelect(p),
      onkeydown: (e) => { if (e.key === "Enter") onSelect(p); },
    });
    dot.append(svg("title", { text: `${p.place_name || "unnamed place"}: ${p.events} events, mean intensity ${fmt(p.intensity_mean)}` }));
    dots.append(dot);
    if (p.events / most > 0.34 || places.length < 12) {
      dots.append(svg("text", { x: x + r + 3, y: y + 4, class: "dot-label", text: p.place_name || "" }));
    }
  }
  root.append(dots);
  container.append(root);
}
