// The dashboard: filters, routing between views, and the overview, table, network,
// actor, disagreement and threat views. Data comes from /api/ only.
import { showDocument } from "./document.js";
import { add, badge, clear, docHref, el, eventLine, fmt, getJSON } from "./dom.js";
import { drawMap } from "./map.js";
import { drawNetwork } from "./network.js";
import { drawTimeline } from "./timeline.js";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
  "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const $ = (id) => document.getElementById(id);
let filters = {};
let tableKind = "events";
let tableNext = null;

function readFilters() {
  const form = new FormData($("filters"));
  const out = {};
  for (const [k, v] of form.entries()) if (String(v).trim()) out[k] = String(v).trim();
  if (out.country) out.country = out.country.toUpperCase();
  return out;
}

function storyFilters() {
  const { since, until, country, type } = filters;
  return { since, until, country, type };
}

function showError(message) {
  $("filter-error").textContent = message || "";
}

// -- overview ------------------------------------------------------------------------------
async function overview() {
  const span = await getJSON("/api/events/timeline", { ...filters, bucket: "day" });
  const bucket = span.length > 150 ? "month" : "day";
  const buckets = bucket === "day" ? span : await getJSON("/api/events/timeline", { ...filters, bucket });
  // weekly alerts catch sudden spikes, monthly ones a slower build-up
  const alertsOf = (period) =>
    getJSON("/api/alerts", { country: filters.country, history: true, limit: 50, period }).catch(() => []);
  const alerts = [...(await alertsOf("week")), ...(await alertsOf("month"))];
  drawTimeline($("timeline"), buckets, bucket, alerts, (period) => selectPeriod(period));
  clear($("timeline-legend")).append(
    el("span", { class: "key bars-key", text: "events" }), el("span", { class: "key line-key", text: "stories" }),
    el("span", { class: "key strip-key", text: "mean intensity" }), el("span", { class: "key alert-key", text: "alert" }),
  );
  const places = await getJSON("/api/events/places", filters);
  await drawMap($("map"), places, (place) => selectPlace(place));
  renderAlerts(alerts);
}

async function listSelection(title, params) {
  $("selection-title").textContent = title;
  const box = clear($("selection"));
  const page = await getJSON("/api/events", { ...filters, ...params, limit: 100 });
  if (!page.items.length) box.append(el("p", { class: "muted", text: "No events." }));
  for (const ev of page.items) box.append(eventCard(ev));
}

function selectPlace(place) {
  const d = 0.0005;
  const bbox = [place.lon - d, place.lat - d, place.lon + d, place.lat + d].map((x) => x.toFixed(5)).join(",");
  return listSelection(`${place.place_name || "Place"} · ${place.events} events`, { bbox });
}

function selectPeriod(period) {
  return listSelection(`Events on ${period}`, { since: period, until: period });
}

function eventCard(ev) {
  const local = ev.id.slice(ev.doc_id.length + 1);
  return el("a", { class: "event-card", href: docHref(ev.doc_id, `event:${local}`) },
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

// -- table --------------------------------------------------------------------------------------
const EVENT_COLS = [["date", "Date"], ["type", "Type"], ["source_names", "Source"], ["target_names", "Target"], ["place_name", "Place"], ["intensity", "Intensity"], ["evidence", "Evidence"]];
const STORY_COLS = [["day", "Day"], ["type", "Type"], ["source_names", "Source"], ["target_names", "Target"], ["place_name", "Place"], ["n_sources", "Outlets"], ["n_articles", "Articles"], ["headline", "First report"]];

async function table(append = false) {
  const params = tableKind === "events" ? filters : storyFilters();
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  $("csv-link").setAttribute("href", `/api/${tableKind}.csv${query.toString() ? "?" + query : ""}`);
  const t = $("list-table");
  const cols = tableKind === "events" ? EVENT_COLS : STORY_COLS;
  if (!append) {
    clear(t).append(el("thead", {}, el("tr", {}, ...cols.map(([, label]) => el("th", { text: label })), el("th", { text: "" }))), el("tbody"));
    tableNext = null;
  }
  const page = await getJSON(`/api/${tableKind}`, { ...params, limit: 50, cursor: append ? tableNext : null });
  const body = t.querySelector("tbody");
  for (const row of page.items) {
    const tr = el("tr", {}, ...cols.map(([key]) => el("td", { class: key, text: key === "intensity" ? fmt(row[key]) : row[key] ?? "" })));
    if (tableKind === "events") {
      tr.append(el("td", {}, el("a", { href: docHref(row.doc_id, `event:${row.id.slice(row.doc_id.length + 1)}`), text: "document" })));
    } else {
      tr.append(el("td", {}, el("a", { href: `#/story/${encodeURIComponent(row.id)}`, text: "sources" })));
    }
    body.append(tr);
  }
  if (!page.items.length && !append) body.append(el("tr", {}, el("td", { colspan: cols.length + 1, class: "muted", text: "Nothing matches the filters." })));
  tableNext = page.next;
  $("more").hidden = !tableNext;
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
  drawNetwork($("network"), await getJSON("/api/network", filters));
}

async function actor(id) {
  const box = clear($("actor"));
  const a = await getJSON(`/api/actors/${encodeURIComponent(id)}`);
  add(box,
    el("div", { class: "card-head" }, el("h2", { text: a.name }), badge(a.kind || "actor"), a.country ? badge(a.country, "country") : null,
      el("span", { class: "hint", text: `${a.id} · ${a.documents.length} documents · ${a.mentions} mentions` })),
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
  const page = await getJSON("/api/disagreements", { limit: 100 });
  if (!page.items.length) box.append(el("p", { class: "muted", text: "No disagreements between sources." }));
  for (const d of page.items) {
    const side = (s) => el("a", { class: "side-claim", href: docHref(s.doc_id, `claim:${s.claim}`) },
      el("div", { class: "value", text: `${s.value}${d.unit ? " " + d.unit : ""}` }),
      el("div", { class: "sub", text: [s.outlet, s.published].filter(Boolean).join(" · ") }),
      el("div", { class: "evidence", text: s.evidence || "" }));
    box.append(el("div", { class: "disagreement" },
      el("div", { class: "what" }, el("strong", { text: d.subject }), " ", badge(d.attribute), el("span", { class: "hint", text: ` differ by ${Math.round((d.relative_difference || 0) * 100)}%` })),
      el("div", { class: "sides" }, side(d.a), el("span", { class: "vs", text: "vs" }), side(d.b))));
  }
}

async function threats() {
  const box = clear($("threats"));
  const page = await getJSON("/api/threats", { since: filters.since, until: filters.until, actor: filters.actor, q: filters.q, limit: 500 });
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

async function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  const name = parts[0] || "overview";
  let view = name;
  if (name === "doc" || name === "actor" || name === "story") view = name === "doc" ? "doc" : "actor";
  else if (!VIEWS[name]) view = "overview";
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== `view-${view}`; });
  document.querySelectorAll("#tabs a").forEach((a) => a.classList.toggle("on", a.dataset.view === name));
  document.body.dataset.view = view;
  showError("");
  try {
    if (name === "doc") await showDocument($("doc"), $("doc-side"), decodeURIComponent(parts[1] || ""), parts[2]);
    else if (name === "actor") await actor(decodeURIComponent(parts.slice(1).join("/")));
    else if (name === "story") await story(decodeURIComponent(parts[1] || ""));
    else await VIEWS[view]();
  } catch (err) {
    showError(err.message);
  }
  document.body.dataset.ready = "yes";
}

async function summary() {
  const s = await getJSON("/api/summary");
  const box = clear($("counts"));
  for (const [k, label] of [["documents", "documents"], ["events", "events"], ["actors", "actors"], ["places", "places"]]) {
    box.append(el("span", { class: "count" }, el("strong", { text: s[k].toLocaleString("en") }), ` ${label}`));
  }
  if (s.first_date) box.append(el("span", { class: "count span", text: `${s.first_date} – ${s.last_date}` }));
}

function init() {
  const select = $("type-select");
  for (const t of TYPES) select.append(el("option", { value: t, text: t }));
  $("filters").addEventListener("submit", (e) => { e.preventDefault(); filters = readFilters(); route(); });
  $("filters").addEventListener("reset", () => { filters = {}; setTimeout(route, 0); });
  $("table-kind").addEventListener("click", (e) => {
    const kind = e.target.dataset && e.target.dataset.kind;
    if (!kind) return;
    tableKind = kind;
    document.querySelectorAll("#table-kind button").forEach((b) => b.classList.toggle("on", b.dataset.kind === kind));
    table(false).catch((err) => showError(err.message));
  });
  $("more").addEventListener("click", () => table(true).catch((err) => showError(err.message)));
  window.addEventListener("hashchange", () => { document.body.dataset.ready = "no"; route(); });
  summary().catch((err) => showError(err.message));
  route();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
