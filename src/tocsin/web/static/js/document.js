// The document view: the cleaned article with its evidence highlighted from the record's
// offsets. Entities (actors, places) are shaded; sentences behind events, quotes, claims and
// threats are underlined. Each highlight and each record card point at each other.
import { actorHref, add, badge, clear, el, getJSON, safeUrl } from "./dom.js";

const KINDS = ["event", "quote", "claim", "threat", "actor", "place"];
const LABEL = { actor: "Actors", place: "Places", event: "Events", quote: "Quotes", claim: "Claims", threat: "Threats" };

function annotations(record) {
  const out = [];
  const add = (kind, key, start, end, item) => {
    if (Number.isInteger(start) && Number.isInteger(end) && end > start && end <= record.text.length) out.push({ kind, key, start, end, item });
  };
  record.actors.forEach((a) => a.mentions.forEach(([s, e]) => add("actor", `actor:${a.id}`, s, e, a)));
  record.places.forEach((p) => p.mentions.forEach(([s, e]) => add("place", `place:${p.id}`, s, e, p)));
  record.events.forEach((ev) => add("event", `event:${ev.id}`, ev.evidence.start, ev.evidence.end, ev));
  record.quotes.forEach((q, i) => add("quote", `quote:${i}`, q.start, q.end, q));
  record.claims.forEach((c, i) => add("claim", `claim:${i}`, c.evidence.start, c.evidence.end, c));
  record.threats.forEach((t, i) => add("threat", `threat:${i}`, t.evidence.start, t.evidence.end, t));
  return out;
}

// Cut the text at every annotation boundary; each piece knows which annotations cover it.
function segments(text, annots) {
  const cuts = new Set([0, text.length]);
  for (const a of annots) { cuts.add(a.start); cuts.add(a.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    out.push({ start: s, end: e, covers: annots.filter((a) => a.start <= s && a.end >= e) });
  }
  return out;
}

function nameOf(record, id) {
  const found = record.actors.find((a) => a.id === id) || record.places.find((p) => p.id === id);
  return found ? found.name : id;
}

function card(record, kind, key, item, select) {
  const body = el("div", { class: `record ${kind}`, id: `rec-${key}`, tabindex: 0, onclick: () => select(key, "card") });
  if (kind === "actor") {
    add(body, el("a", { href: actorHref(item.id), text: item.name }), " ", badge(item.kind), item.country ? badge(item.country, "country") : null);
    if (item.role) add(body, el("div", { class: "sub", text: item.role }));
  } else if (kind === "place") {
    add(body, el("strong", { text: item.name }), " ", badge(item.feature), item.country ? badge(item.country, "country") : null);
    if (item.lat !== null && item.lat !== undefined) add(body, el("div", { class: "sub", text: `${item.lat.toFixed(2)}, ${item.lon.toFixed(2)}` }));
  } else if (kind === "event") {
    const who = item.source.map((x) => nameOf(record, x)).join(", ") || "—";
    const whom = item.target.map((x) => nameOf(record, x)).join(", ");
    add(body, badge(item.type, `type ${item.type}`), " ", el("strong", { text: who }), whom ? ` → ${whom}` : "");
    add(body, el("div", { class: "sub", text: [item.date, item.status, item.place ? nameOf(record, item.place) : null, `confidence ${item.confidence}`].filter(Boolean).join(" · ") }));
  } else if (kind === "quote") {
    add(body, el("q", { text: item.text }), el("div", { class: "sub", text: `${item.direct ? "direct" : "reported"} · ${item.speaker_name || item.speaker || "unattributed"}` }));
  } else if (kind === "claim") {
    add(body, el("strong", { text: `${item.approximate ? "≈" : ""}${item.value}${item.unit ? " " + item.unit : ""}` }), ` ${item.attribute} · ${item.subject}`);
  } else if (kind === "threat") {
    add(body, ...item.kinds.map((k) => badge(k, "kind")), item.level ? badge(item.level, `level ${item.level}`) : null);
    add(body, el("div", { class: "sub", text: `held by ${item.holder.map((x) => nameOf(record, x)).join(", ") || "—"}; from ${item.source.map((x) => nameOf(record, x)).join(", ") || "—"}` }));
  }
  return body;
}

export async function showDocument(main, side, docId, focus) {
  clear(main); clear(side);
  main.append(el("p", { class: "muted", text: "Loading…" }));
  let record;
  try {
    record = await getJSON(`/api/documents/${encodeURIComponent(docId)}`);
  } catch (err) {
    clear(main).append(el("p", { class: "error", text: err.message }));
    return;
  }
  clear(main);
  const annots = annotations(record);
  const spansByKey = new Map();
  const select = (key, from) => {
    document.querySelectorAll(".hl.selected, .record.selected").forEach((n) => n.classList.remove("selected"));
    const spans = spansByKey.get(key) || [];
    spans.forEach((s) => s.classList.add("selected"));
    const rec = document.getElementById(`rec-${key}`);
    if (rec) rec.classList.add("selected");
    const target = from === "card" ? spans[0] : rec;
    if (target) target.scrollIntoView({ block: "center", behavior: "smooth" });
  };

  const url = safeUrl(record.source.url);
  main.append(
    el("div", { class: "doc-meta" },
      record.source.outlet ? el("span", { class: "outlet", text: record.source.outlet }) : null,
      record.published ? el("span", { text: record.published }) : null,
      url ? el("a", { href: url, class: "source-link", text: new URL(url).hostname }) : null,
      el("a", { href: `/api/documents/${encodeURIComponent(record.id)}`, class: "json-link", text: "record (JSON)" }),
    ),
    el("h1", { class: "doc-title", text: record.title || "(untitled)" }),
    el("div", { class: "legend" }, ...KINDS.map((k) => el("span", { class: `key hl-${k}`, text: LABEL[k] }))),
  );
  const body = el("div", { class: "doc-text", id: "doc-text" });
  for (const seg of segments(record.text, annots)) {
    const piece = record.text.slice(seg.start, seg.end);
    if (!seg.covers.length) { add(body, document.createTextNode(piece)); continue; }
    const kinds = [...new Set(seg.covers.map((a) => a.kind))];
    const span = el("span", { class: ["hl", ...kinds.map((k) => `hl-${k}`)].join(" "), text: piece });
    // the innermost annotation is the one a click means
    const inner = [...seg.covers].sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
    span.addEventListener("click", (e) => { e.stopPropagation(); select(inner.key, "text"); });
    span.title = [...new Set(seg.covers.map((a) => `${a.kind}: ${a.item.name || a.item.type || a.item.attribute || (a.item.kinds || []).join("/") || "quote"}`))].join("\n");
    for (const a of seg.covers) {
      if (!spansByKey.has(a.key)) spansByKey.set(a.key, []);
      spansByKey.get(a.key).push(span);
    }
    add(body, span);
  }
  main.append(body);

  side.append(el("h2", { text: "In this article" }));
  const groups = { actor: record.actors, place: record.places, event: record.events, quote: record.quotes, claim: record.claims, threat: record.threats };
  for (const kind of ["event", "actor", "place", "quote", "claim", "threat"]) {
    const items = groups[kind];
    if (!items.length) continue;
    const section = el("section", { class: "records" }, el("h3", { text: `${LABEL[kind]} (${items.length})` }));
    items.forEach((item, i) => {
      const key = kind === "actor" || kind === "place" || kind === "event" ? `${kind}:${item.id}` : `${kind}:${i}`;
      section.append(card(record, kind, key, item, select));
    });
    side.append(section);
  }
  if (focus) select(decodeURIComponent(focus), "card");
}
