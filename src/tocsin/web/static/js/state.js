// The URL is the state: "#/VIEW[/ID]?since=2025-07&country=TJK&kind=stories&sort=date". A
// reloaded or shared link shows the same view with the same filters; back and forward work.

export const FILTERS = ["since", "until", "country", "type", "actor", "outlet", "q"];
const ISO_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?");
  const parts = path.split("/").map((p) => decodeURIComponent(p));
  return { view: parts[0] || "overview", parts, params: Object.fromEntries(new URLSearchParams(query)) };
}

export function buildHash(view, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") query.set(k, v);
  const qs = query.toString().replace(/%2C/g, ","); // commas stay readable in a shared link
  return `#/${view}${qs ? "?" + qs : ""}`;
}

export function filtersOf(params) {
  const out = {};
  for (const k of FILTERS) if (params[k]) out[k] = params[k];
  return out;
}

// Checks the API would make, said in words before a request is sent.
export function problems(filters) {
  const out = [];
  for (const [name, label] of [["since", "From"], ["until", "To"]]) {
    const v = filters[name];
    if (!v) continue;
    if (!ISO_DATE.test(v)) out.push(`${label}: write a date as YYYY, YYYY-MM or YYYY-MM-DD (for example 2025-07), not "${v}".`);
    else {
      const [y, m = 1, d = 1] = v.split("-").map(Number);
      const day = new Date(Date.UTC(y, m - 1, d));
      if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) out.push(`${label}: ${v} is not a day of the calendar.`);
    }
  }
  if (filters.since && filters.until && ISO_DATE.test(filters.since) && ISO_DATE.test(filters.until) && filters.since > `${filters.until}~`) {
    out.push(`From (${filters.since}) is after To (${filters.until}).`);
  }
  return out;
}
