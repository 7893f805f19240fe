// DOM helpers. Everything shown comes from articles and is untrusted: text goes in with
// textContent, attributes with setAttribute from code-chosen names, and links only when
// they are http(s). Markup is never parsed from strings.

const SVG_NS = "http://www.w3.org/2000/svg";

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.setAttribute("class", value);
    else if (name === "text") node.textContent = String(value);
    else if (name === "href") setHref(node, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, String(value));
  }
}

export function add(node, ...children) {
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// In-app routes start with "#/"; anything else must be an absolute http(s) URL.
function setHref(node, value) {
  const href = String(value);
  if (href.startsWith("#/") || href.startsWith("/api/")) node.setAttribute("href", href);
  else if (safeUrl(href)) {
    node.setAttribute("href", href);
    node.setAttribute("rel", "noopener noreferrer nofollow");
    node.setAttribute("target", "_blank");
  }
}

export function safeUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export async function getJSON(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") query.set(k, v);
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = body.message || (typeof body.detail === "string" ? body.detail : `error ${response.status}`);
    throw new Error(message);
  }
  return body;
}

export function docHref(docId, focus) {
  return `#/doc/${encodeURIComponent(docId)}` + (focus ? `/${encodeURIComponent(focus)}` : "");
}

export function actorHref(actorId) {
  return `#/actor/${encodeURIComponent(actorId)}`;
}

// Conflict (negative) in red, cooperation (positive) in blue, on the -10..+10 scale.
export function intensityColour(value) {
  if (value === null || value === undefined) return "#8a94a6";
  const t = Math.max(-1, Math.min(1, value / 10));
  if (t < 0) return mix([226, 232, 240], [200, 40, 40], -t);
  return mix([226, 232, 240], [37, 99, 235], t);
}

function mix(a, b, t) {
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * (0.35 + 0.65 * t)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export function fmt(value, digits = 1) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(digits);
}

export function eventLine(ev) {
  // One event as a compact sentence-like line.
  const who = ev.source_names || "—";
  const whom = ev.target_names ? ` → ${ev.target_names}` : "";
  return `${who} ${ev.type}${whom}`;
}

export function badge(text, cls = "") {
  return el("span", { class: `badge ${cls}`, text });
}
