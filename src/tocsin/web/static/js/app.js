// The dashboard: filters and view in the URL, facets, the overview (timeline, map, alerts),
// the tables (events, stories, documents), the network, actors, disagreements and threats.
// Data comes from /api/ only; every list can be downloaded as CSV or JSON.
import { showDocument } from "./document.js";
import { add, badge, clear, docHref, el, eventLine, fmt, getJSON } from "./dom.js";
import { drawMap, forgetMap } from "./map.js";
import { drawNetwork } from "./network.js";
import { FILTERS, buildHash, filtersOf, parseHash, problems } from "./state.js";
import { drawTimeline } from "./timeline.js";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
  "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const LISTS = ["overview", "table", "network", "disagreements", "threats"]; // views that the filters and facets apply to
const $ = (id) => document.getElementById(id);
let current = { view: "overview", parts: [], params: {} };
let filters = {};
let tableRows = [];
let tableNext = null;

function navigate(view, params) {
  const hash = buildHash(view, params);
  if (hash === location.hash) route();
  else location.hash = hash;
}

function withFilters(extra = {}) {
  return { ...filters, ...extra };
}

function showError(message) {
  $("filter-error").textContent = message || "";
}

function downloads(table, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""));
  const qs = query.toString() ? `?${query}` : "";
  return el("span", { class: "downloads" }, "Download ",
    el("a", { class: "button quiet small", href: `/api/${table}.csv${qs}`, download: `${table}.csv`, "data-format": "csv", text: "CSV" }),
    el("a", { class: "button quiet small", href: `/api/${table}.json${qs}`, download: `${table}.json`, "data-format": "json", text: "JSON" }));
}

// -- the filter form, its suggestions and the facets ---------------------------------------------
function fillForm() {
  const form = $("filters");
  for (const name of FILTERS) if (form.elements[name]) form.elements[name].value = filters[name] || "";
}

function readForm() {
  const out = {};
  for (const [k, v] of new FormData($("filters")).entries()) if (String(v).trim()) out[k] = String(v).trim();
  return out;
}

const suggestTimers = {};
function suggest(field) {
  clearTimeout(suggestTimers[field]);
  suggestTimers[field] = setTimeout(async () => {
    const q = $("filters").elements[field].value;
    const items = await getJSON("/api/suggest", { field, q, limit: 12 }).catch(() => []);
    const list = clear($(`${field}-list`));
    for (const s of items) list.append(el("option", { value: s.value, label: s.label && s.label !== s.value ? `${s.label}${s.count ? ` · ${s.count}` : ""}` : `${s.count ?? ""}` }));
  }, 150);
}

async function renderFacets() {
  const box = clear($("facets"));
  box.append(el("h2", { text: "Refine" }));
  const found = await getJSON("/api/facets", withFilters({ size: 8 }));
  const names = { country: "Country", actor: "Actor", type: "Event type", outlet: "Outlet", month: "Month" };
  for (const [facet, title] of Object.entries(names)) {
    const items = found[facet] || [];
    const section = el("section", { class: "facet", "data-facet": facet }, el("h3", { text: title }));
    const active = facet === "month" ? filters.since && filters.since === filters.until ? filters.since : null : filters[facet];
    if (active) {
      const without = { ...current.params };
      if (facet === "month") { delete without.since; delete without.until; } else delete without[facet];
      section.append(el("a", { class: "facet-active", href: buildHash(current.view, without), title: "Remove this filter", text: `${active} ×` }));
    }
    if (!items.length) section.append(el("p", { class: "muted small", text: "—" }));
    const list = el("ul");
    for (const item of items) {
      const params = { ...current.params };
      if (facet === "month") { params.since = item.value; params.until = item.value; } else params[facet] = item.value;
      delete params.cursor;
      list.append(el("li", {}, el("a", { href: buildHash(current.view, params), class: "facet-value", "data-value": item.value, text: item.label || item.value }),
        el("span", { class: "facet-count", text: String(item.count) })));
    }
    section.append(list);
    box.append(section);
  }
}

async function summary() {
  const s = await getJSON("/api/summary", filters);
  const box = clear($("counts"));
  const filtered = Object.keys(filters).length > 0;
  for (const [k, label] of [["documents", "documents"], ["stories", "stories"], ["events", "events"], ["actors", "actors"]]) {
    box.append(el("span", { class: "count", "data-count": k }, el("strong", { text: s[k].toLocaleString("en") }), ` ${label}`));
  }
  if (s.first_date) box.append(el("span", { class: "count span", text: `${s.first_date} – ${s.last_date}` }));
  if (filtered) box.append(el("span", { class: "count filtered", text: "filtered" }));
}

// -- overview ------------------------------------------------------------------------------
async function overview() {
  const span = await getJSON("/api/events/timeline", { ...filters, bucket: "day" });
  const bucket = span.length > 150 ? "month" : "day";
  const buckets = bucket === "day" ? span : await getJSON("/api/events/timeline", { ...filters, bucket });
  // weekly alerts catch sudden spikes, monthly ones a slower build-up
  const alertsOf = (period) =>
    getJSON("/api/alerts", { country: filters.country, since: filters.since, until: filters.until, history: true, limit: 50, period }).catch(() => []);
  const alerts = [...(await alertsOf("week")), ...(await alertsOf("month"))];
  drawTimeline($("timeline"), buckets, bucket, alerts, (period) => selectPeriod(period));
  clear($("timeline-legend")).append(
    el("span", { class: "key bars-key", text: "events" }), el("span", { class: "key line-key", text: "stories" }),
    el("span", { class: "key strip-key", text: "mean intensity" }), el("span", { class: "key alert-key", text: "alert" }),
  );
  const places = await getJSON("/api/events/places", filters);
  const view = mapView(current.params.map);
  await drawMap($("map"), places, (place) => selectPlace(place), view, (moved) => {
    const params = { ...current.params, map: `${moved.lat.toFixed(3)},${moved.lon.toFixed(3)},${moved.zoom}` };
    history.replaceState(null, "", buildHash("overview", params)); // the map's view, without a new history entry
    current.params = params;
  });
  const approximate = places.filter((p) => p.precision === "country").reduce((n, p) => n + p.events, 0);
  $("map-note").textContent = approximate ? `${approximate} events with no located place are drawn at their country (dashed rings).` : "";
  clear($("map-downloads")).append(downloads("events", filters));
  renderAlerts(alerts);
  clear($("alert-downloads")).append(downloads("alerts", { country: filters.country, since: filters.since, until: filters.until, history: true }));
}

function mapView(value) {
  const parts = (value || "").split(",").map(Number);
  return parts.length === 3 && parts.every(Number.isFinite) ? { lat: parts[0], lon: parts[1], zoom: parts[2] } : null;
}

async function listSelection(title, params) {
  $("selection-title").textContent = title;
  const box = clear($("selection"));
  let page;
  try {
    page = await getJSON("/api/events", { ...filters, ...params, limit: 100 });
  } catch (err) {
    showError(err.message); // a click that fails says so instead of leaving the list empty
    return;
  }
  if (!page.items.length) box.append(el("p", { class: "muted", text: "No events." }));
  for (const ev of page.items) box.append(eventCard(ev));
}

function selectPlace(place) {
  if (place.precision === "country") {
    // only those without coordinates belong to this ring
    return listSelection(`${place.place_name} · ${place.events} events with no located place`, { country: place.country, located: false });
  }
  const d = 0.0005;
  const bbox = [place.lon - d, place.lat - d, place.lon + d, place.lat + d].map((x) => x.toFixed(5)).join(",");
  return listSelection(`${place.place_name || "Place"} · ${place.events} events`, { bbox });
}

function selectPeriod(period) {
  return listSelection(`Events on ${period}`, { since: period, until: period });
}

function eventCard(ev) {
  const local = ev.id.slice(ev.doc_id.length + 1);
  return el("a", { class: "event-card", href: docHref(ev.doc_id, `event:${local}`), "data-located": ev.lat !== null && ev.lat !== undefined ? "yes" : "no" },
    el("div", { class: "event-head" }, badge(ev.type, `type ${ev.type}`), el("span", { class: "date", text: ev.date || "undated" }),
      ev.place_name ? el("span", { class: "place", text: ev.place_name }) : null),
    el("div", { class: "who", text: eventLine(ev) }),
    el("div", { class: "evidence", text: ev.evidence || "" }),
  );
}

function renderAlerts(alerts) {
  const box = clear($("alerts"));
  if (!alerts.length) {
    box.append(el("p", { class: "muted", text: "No alerts: no series departs from its recent past." }));
    return;
  }
  const list = el("ul", { class: "alert-list" });
  for (const a of alerts.slice(0, 12)) {
    list.append(el("li", {}, badge(a.label, "alert"), " ", el("strong", { text: a.series }), " ", el("span", { text: a.explanation }),
      ...a.stories.slice(0, 3).map((s) => (s.doc_id ? el("a", { href: docHref(s.doc_id), class: "cite", text: s.outlet || "source" }) : el("span", { class: "cite", text: s.headline || "" })))));
  }
  box.append(list);
}

// -- tables: events, stories, documents ------------------------------------------------------------
const COLUMNS = {
  events: [["date", "Date"], ["type", "Type"], ["source_names", "Source"], ["target_names", "Target"], ["place_name", "Place"], ["intensity", "Intensity"], ["evidence", "Evidence"]],
  stories: [["day", "Day"], ["type", "Type"], ["source_names", "Source"], ["target_names", "Target"], ["place_name", "Place"], ["n_sources", "Outlets"], ["n_articles", "Articles"], ["headline", "First report"]],
  documents: [["published", "Published"], ["outlet", "Outlet"], ["title", "Title"], ["events", "Events"], ["actors", "Actors"]],
};

function tableKind() {
  return COLUMNS[current.params.kind] ? current.params.kind : "events";
}

async function table(append = false) {
  const kind = tableKind();
  document.querySelectorAll("#table-kind a").forEach((a) => a.classList.toggle("on", a.dataset.kind === kind));
  for (const a of document.querySelectorAll("#table-kind a")) a.setAttribute("href", buildHash("table", { ...current.params, kind: a.dataset.kind, sort: null, dir: null }));
  clear($("table-downloads")).append(downloads(kind, filters));
  const page = await getJSON(`/api/${kind}`, { ...filters, limit: 50, cursor: append ? tableNext : null });
  tableRows = append ? [...tableRows, ...page.items] : page.items;
  tableNext = page.next;
  renderTable(kind);
  $("more").hidden = !tableNext;
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined || a === "") return 1; // blanks last either way
  if (b === null || b === undefined || b === "") return -1;
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
}

function renderTable(kind) {
  const cols = COLUMNS[kind];
  const { sort, dir } = current.params;
  const rows = [...tableRows];
  if (sort && cols.some(([key]) => key === sort)) {
    rows.sort((a, b) => { const c = compare(a[sort], b[sort]); return dir === "desc" && a[sort] != null && b[sort] != null ? -c : c; });
  }
  const t = clear($("list-table"));
  const head = el("tr");
  for (const [key, label] of cols) {
    const next = sort === key && dir !== "desc" ? "desc" : "asc";
    const mark = sort === key ? (dir === "desc" ? " ▼" : " ▲") : "";
    head.append(el("th", { "aria-sort": sort === key ? (dir === "desc" ? "descending" : "ascending") : "none" },
      el("a", { href: buildHash("table", { ...current.params, sort: key, dir: next }), class: "sort", "data-sort": key, text: label + mark })));
  }
  head.append(el("th", { text: "" }));
  const body = el("tbody");
  t.append(el("thead", {}, head), body);
  for (const row of rows) {
    const tr = el("tr", {}, ...cols.map(([key]) => el("td", { class: key, text: key === "intensity" ? fmt(row[key]) : row[key] ?? "" })));
    if (kind === "events") tr.append(el("td", {}, el("a", { href: docHref(row.doc_id, `event:${row.id.slice(row.doc_id.length + 1)}`), text: "document" })));
    else if (kind === "stories") tr.append(el("td", {}, el("a", { href: `#/story/${encodeURIComponent(row.id)}`, text: "sources" })));
    else tr.append(el("td", {}, el("a", { href: docHref(row.id), text: "read" })));
    body.append(tr);
  }
  if (!rows.length) body.append(el("tr", {}, el("td", { colspan: cols.length + 1, class: "muted", text: "Nothing matches the filters." })));
  $("table-count").textContent = `${rows.length}${tableNext ? "+" : ""} ${kind}${sort ? " · sorted by " + sort + " (the rows loaded)" : ""}`;
}

async function story(id) {
  const box = clear($("actor"));
  const s = await getJSON(`/api/stories/${encodeURIComponent(id)}`);
  box.append(el("div", { class: "card-head" }, el("h2", { text: `${s.type}: ${s.source_names || "—"}${s.target_names ? " → " + s.target_names : ""}` }),
    el("span", { class: "hint", text: `${s.day} · ${s.n_articles} articles · ${s.n_sources} outlets` })));
  for (const c of s.citations) {
    box.append(el("a", { class: "event-card", href: docHref(c.doc_id, `event:${c.event_id.slice(c.doc_id.length + 1)}`) },
      el("div", { class: "event-head" }, el("strong", { text: c.outlet || "source" }), el("span", { class: "date", text: c.published || "" }),
        c.duplicate_of ? badge("near-duplicate", "dup") : null),
      el("div", { class: "evidence", text: c.evidence || "" })));
  }
}

// -- network and actors ----------------------------------------------------------------------
async function network() {
  clear($("network-downloads")).append(downloads("network", filters));
  drawNetwork($("network"), await getJSON("/api/network", filters));
}

async function actor(id) {
  const box = clear($("actor"));
  const a = await getJSON(`/api/actors/${encodeURIComponent(id)}`);
  add(box,
    el("div", { class: "card-head" }, el("h2", { text: a.name }), badge(a.kind || "actor"), a.country ? badge(a.country, "country") : null,
      el("span", { class: "hint", text: `${a.id} · ${a.documents.length} documents · ${a.mentions} mentions` }),
      el("a", { class: "button quiet small", href: buildHash("table", { actor: a.id }), text: "Its events" })),
    a.role ? el("p", { class: "sub", text: a.role }) : null,
  );
  const graph = el("div", { class: "network small" });
  const list = el("div", { class: "selection" });
  box.append(el("div", { class: "row" }, el("div", { class: "grow" }, el("h3", { text: "Network" }), graph), el("div", { class: "side" }, el("h3", { text: "Latest events" }), list)));
  drawNetwork(graph, a.network, a.id);
  for (const ev of a.events) list.append(eventCard(ev));
  if (!a.events.length) list.append(el("p", { class: "muted", text: "No coded events name this actor." }));
}

// -- disagreements and threats ------------------------------------------------------------------
async function disagreements() {
  const box = clear($("disagreements"));
  const params = { since: filters.since, until: filters.until, country: filters.country, actor: filters.actor, outlet: filters.outlet };
  clear($("disagreement-downloads")).append(downloads("disagreements", params));
  const page = await getJSON("/api/disagreements", { ...params, limit: 100 });
  if (!page.items.length) box.append(el("p", { class: "muted", text: "No disagreements between sources match." }));
  for (const d of page.items) {
    const side = (s) => el("a", { class: "side-claim", href: docHref(s.doc_id, `claim:${s.claim}`) },
      el("div", { class: "value", text: `${s.value}${d.unit ? " " + d.unit : ""}` }),
      el("div", { class: "sub", text: [s.outlet, s.published].filter(Boolean).join(" · ") }),
      el("div", { class: "evidence", text: s.evidence || "" }));
    box.append(el("div", { class: "disagreement" },
      el("div", { class: "what" }, el("strong", { text: d.subject }), " ", badge(d.attribute), el("span", { class: "hint", text: ` differ by ${Math.round((d.relative_difference || 0) * 100)}%${d.pairs > 1 ? ` (the widest of ${d.pairs} pairs of figures)` : ""}` })),
      el("div", { class: "sides" }, side(d.a), el("span", { class: "vs", text: "vs" }), side(d.b))));
  }
}

async function threats() {
  const box = clear($("threats"));
  const params = { since: filters.since, until: filters.until, actor: filters.actor, q: filters.q };
  clear($("threat-downloads")).append(downloads("threats", params));
  const page = await getJSON("/api/threats", { ...params, limit: 500 });
  if (!page.items.length) { box.append(el("p", { class: "muted", text: "No threat assessments match." })); return; }
  const byHolder = new Map();
  for (const t of page.items) {
    const holder = t.holder_names || "unattributed";
    const source = t.source_names || "no named source";
    if (!byHolder.has(holder)) byHolder.set(holder, new Map());
    const bySource = byHolder.get(holder);
    if (!bySource.has(source)) bySource.set(source, []);
    bySource.get(source).push(t);
  }
  const holders = [...byHolder.entries()].sort((a, b) => [...b[1].values()].flat().length - [...a[1].values()].flat().length);
  for (const [holder, bySource] of holders) {
    const group = el("div", { class: "threat-holder" }, el("h3", { text: holder }));
    for (const [source, items] of bySource) {
      group.append(el("div", { class: "threat-source" }, el("div", { class: "source-name", text: `threat from: ${source}` }),
        ...items.map((t) => el("a", { class: "threat", href: docHref(t.doc_id, `threat:${t.idx}`) },
          ...t.kinds.map((k) => badge(k, "kind")), t.level ? badge(t.level, `level ${t.level}`) : null,
          el("span", { class: "date", text: t.date || "" }), el("div", { class: "evidence", text: t.evidence || "" })))));
    }
    box.append(group);
  }
}

// -- routing ----------------------------------------------------------------------------------------
const VIEWS = { overview, table: () => table(false), network, disagreements, threats };

function clearResults() {
  for (const id of ["timeline", "selection", "alerts", "list-table", "network", "disagreements", "threats", "facets"]) clear($(id));
  $("more").hidden = true;
}

async function route() {
  document.body.dataset.ready = "no";
  current = parseHash();
  const name = current.view;
  let view = name;
  if (name === "doc" || name === "actor" || name === "story") view = name === "doc" ? "doc" : "actor";
  else if (!VIEWS[name]) view = "overview";
  filters = filtersOf(current.params);
  fillForm();
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== `view-${view}`; });
  document.querySelectorAll("#tabs a").forEach((a) => {
    a.classList.toggle("on", a.dataset.view === view);
    a.setAttribute("href", buildHash(a.dataset.view, filters)); // the filters travel with the tabs
  });
  document.body.dataset.view = view;
  const listing = LISTS.includes(view);
  $("facets").hidden = !listing;
  $("filters").hidden = !listing;
  showError("");
  const wrong = listing ? problems(filters) : [];
  if (wrong.length) {
    clearResults(); // stale results never sit under a message saying the filters are wrong
    showError(wrong.join(" "));
    document.body.dataset.ready = "yes";
    return;
  }
  try {
    if (view !== "overview") forgetMap();
    await summary();
    if (listing) await Promise.all([renderFacets(), VIEWS[view]()]);
    else if (name === "doc") await showDocument($("doc"), $("doc-side"), current.parts[1] || "", current.parts[2]);
    else if (name === "actor") await actor(current.parts.slice(1).join("/"));
    else if (name === "story") await story(current.parts[1] || "");
  } catch (err) {
    clearResults();
    showError(err.message);
  }
  document.body.dataset.ready = "yes";
}

function init() {
  const select = $("type-select");
  for (const t of TYPES) select.append(el("option", { value: t, text: t }));
  $("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    const keep = current.view === "table" ? { kind: current.params.kind, sort: current.params.sort, dir: current.params.dir } : {};
    navigate(LISTS.includes(current.view) ? current.view : "overview", { ...readForm(), ...keep });
  });
  $("filters").addEventListener("reset", (e) => { e.preventDefault(); navigate(current.view, current.view === "table" ? { kind: current.params.kind } : {}); });
  for (const field of ["country", "actor", "outlet"]) {
    $("filters").elements[field].addEventListener("input", () => suggest(field));
    $("filters").elements[field].addEventListener("focus", () => suggest(field));
  }
  $("more").addEventListener("click", () => table(true).catch((err) => showError(err.message)));
  window.addEventListener("hashchange", () => route());
  route();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
