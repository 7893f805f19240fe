// The actor network: a small force-directed layout (Fruchterman–Reingold), computed once
// and drawn in SVG. Edges are who-acted-on-whom, coloured by mean intensity.
import { actorHref, clear, el, intensityColour, svg } from "./dom.js";

const PALETTE = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#dc2626", "#4d7c0f", "#9333ea", "#0f766e"];

function hash(text) {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

// Scale the settled layout into the drawing, leaving room for labels.
function fit(pos, width, height) {
  const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (width - 40 - Math.min(240, width * 0.42)) / Math.max(x1 - x0, 1), sy = (height - 60) / Math.max(y1 - y0, 1);
  return pos.map((p) => ({ x: 40 + (p.x - x0) * sx, y: 30 + (p.y - y0) * sy }));
}

function layout(nodes, edges, width, height, rounds = 300) {
  const n = nodes.length, k = Math.sqrt((width * height) / Math.max(n, 1)) * 0.55;
  const pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(n, 1);
    return { x: width / 2 + (width / 3) * Math.cos(a), y: height / 2 + (height / 3) * Math.sin(a) };
  });
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined);
  let temperature = width / 8;
  for (let round = 0; round < rounds; round++) {
    const move = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const d = Math.max(Math.hypot(dx, dy), 0.01), f = (k * k) / d;
        move[i].x += (dx / d) * f; move[i].y += (dy / d) * f;
        move[j].x -= (dx / d) * f; move[j].y -= (dy / d) * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
      const d = Math.max(Math.hypot(dx, dy), 0.01), f = (d * d) / k;
      move[a].x -= (dx / d) * f; move[a].y -= (dy / d) * f;
      move[b].x += (dx / d) * f; move[b].y += (dy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      // a weak pull to the centre keeps separate components on screen
      move[i].x += (width / 2 - pos[i].x) * 0.6;
      move[i].y += (height / 2 - pos[i].y) * 0.6;
      const d = Math.max(Math.hypot(move[i].x, move[i].y), 0.01), step = Math.min(d, temperature);
      pos[i].x += (move[i].x / d) * step;
      pos[i].y += (move[i].y / d) * step;
    }
    temperature *= 0.985;
  }
  return fit(pos, width, height);
}

// A network counts stories (the filtered network) or events (an actor's own).
const weight = (x) => x.stories ?? x.events ?? 0;
const unitOf = (x) => (x && x.stories !== undefined ? "stories" : "events");

export function drawNetwork(container, graph, focus = null) {
  clear(container);
  const width = Math.max(container.clientWidth, 480), height = Math.round(Math.min(620, width * 0.6));
  const { nodes, edges } = graph;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "network-svg", role: "img", "aria-label": "Actor network" });
  if (!nodes.length) {
    root.append(svg("text", { x: 12, y: 30, class: "empty", text: "No stories with both a source and a target match the filters." }));
    container.append(root);
    return;
  }
  const pos = layout(nodes, edges, width, height);
  const at = new Map(nodes.map((node, i) => [node.id, pos[i]]));
  const countries = [...new Set(nodes.map((x) => x.country || ""))];
  const colour = (c) => (c ? PALETTE[hash(c) % PALETTE.length] : "#64748b"); // the same colour in every view
  const unit = unitOf(edges[0] || nodes[0]);
  const heaviest = Math.max(1, ...edges.map(weight));
  const lines = svg("g", { class: "edges" });
  for (const e of edges) {
    const a = at.get(e.source), b = at.get(e.target);
    if (!a || !b) continue;
    const line = svg("line", {
      x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1), class: "edge",
      stroke: intensityColour(e.intensity_mean), "stroke-width": (1.5 + 4 * (weight(e) / heaviest)).toFixed(1),
    });
    line.append(svg("title", { text: `${e.source} → ${e.target}: ${weight(e)} ${unit}, mean intensity ${e.intensity_mean}` }));
    lines.append(line);
  }
  root.append(lines);
  const most = Math.max(1, ...nodes.map(weight));
  const group = svg("g", { class: "nodes" });
  nodes.forEach((node, i) => {
    const r = 5 + 11 * Math.sqrt(weight(node) / most);
    const link = svg("a", { href: actorHref(node.id), class: node.id === focus ? "node focus" : "node" });
    link.append(
      svg("circle", { cx: pos[i].x.toFixed(1), cy: pos[i].y.toFixed(1), r: r.toFixed(1), fill: colour(node.country) }),
      svg("text", { x: (pos[i].x + r + 3).toFixed(1), y: (pos[i].y + 4).toFixed(1), text: node.name }),
      svg("title", { text: `${node.name} (${node.id})${node.country ? ", " + node.country : ""}: ${weight(node)} ${unit}` }),
    );
    group.append(link);
  });
  root.append(group);
  const legend = el("div", { class: "legend network-legend" });
  for (const c of countries) legend.append(el("span", { class: "key country-key", "data-colour": colour(c), text: c || "no country" }));
  container.append(root, legend);
  // the swatch colours are set through the CSSOM, which the page's style policy allows
  legend.querySelectorAll(".country-key").forEach((k) => k.style.setProperty("--swatch", k.dataset.colour));
}
