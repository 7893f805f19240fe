// The timeline: events per period as bars, stories as a line, mean intensity as a strip
// under the axis, and alerts as red markers. A click on a period lists its events.
import { clear, fmt, intensityColour, svg } from "./dom.js";

const DAY = 86400000;

function toTime(period) {
  return Date.parse(period.length === 7 ? `${period}-01` : period);
}

function monthsBetween(a, b) {
  const x = new Date(a), y = new Date(b);
  return (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + y.getUTCMonth() - x.getUTCMonth();
}

export function drawTimeline(container, buckets, bucket, alerts, onSelect) {
  clear(container);
  const width = Math.max(container.clientWidth, 480), height = 210;
  const pad = { left: 40, right: 16, top: 18, bottom: 44 };
  if (!buckets.length) {
    container.append(svg("svg", { viewBox: `0 0 ${width} 60`, class: "timeline-svg" },
      svg("text", { x: 12, y: 34, class: "empty", text: "No dated events match the filters." })));
    return;
  }
  const t0 = toTime(buckets[0].period), t1 = toTime(buckets[buckets.length - 1].period);
  const slots = bucket === "month" ? monthsBetween(t0, t1) + 1 : Math.round((t1 - t0) / DAY) + 1;
  const plotW = width - pad.left - pad.right, plotH = height - pad.top - pad.bottom;
  const slotW = plotW / slots;
  const slotOf = (period) => (bucket === "month" ? monthsBetween(t0, toTime(period)) : Math.round((toTime(period) - t0) / DAY));
  const xOf = (period) => pad.left + slotOf(period) * slotW;
  const top = Math.max(1, ...buckets.map((b) => b.events));
  const yOf = (v) => pad.top + plotH - (v / top) * plotH;

  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "timeline-svg", role: "img", "aria-label": "Timeline" });
  const ticks = svg("g", { class: "axis" });
  for (const v of [0, Math.ceil(top / 2), top]) {
    const y = yOf(v);
    ticks.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: y, y2: y, class: "gridline" }));
    ticks.append(svg("text", { x: pad.left - 6, y: y + 4, "text-anchor": "end", text: String(v) }));
  }
  // month labels along the axis, thinned to fit
  const first = new Date(t0), months = monthsBetween(t0, t1) + 1;
  const every = Math.max(1, Math.ceil(months / Math.max(1, Math.floor(plotW / 70))));
  for (let m = 0; m < months; m += every) {
    const d = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m, 1));
    const iso = d.toISOString().slice(0, bucket === "month" ? 7 : 10);
    const x = Math.max(pad.left, xOf(iso));
    ticks.append(svg("text", { x, y: height - 8, class: "month", text: d.toLocaleString("en", { month: "short", year: "numeric", timeZone: "UTC" }) }));
  }
  root.append(ticks);

  const bars = svg("g", { class: "bars" });
  const strip = svg("g", { class: "strip" });
  const w = Math.max(2, slotW * 0.8);
  for (const b of buckets) {
    const x = xOf(b.period) + (slotW - w) / 2, y = yOf(b.events);
    const bar = svg("rect", {
      x: x.toFixed(1), y: y.toFixed(1), width: w.toFixed(1), height: (pad.top + plotH - y).toFixed(1),
      class: "bar", "data-period": b.period, tabindex: 0, onclick: () => onSelect(b.period),
      onkeydown: (e) => { if (e.key === "Enter") onSelect(b.period); },
    });
    bar.append(svg("title", { text: `${b.period}: ${b.events} events, ${b.stories} stories, mean intensity ${fmt(b.intensity_mean)}` }));
    bars.append(bar);
    strip.append(svg("rect", {
      x: x.toFixed(1), y: pad.top + plotH + 6, width: w.toFixed(1), height: 8, fill: intensityColour(b.intensity_mean),
    }));
  }
  root.append(bars, strip);

  const points = buckets.map((b) => `${(xOf(b.period) + slotW / 2).toFixed(1)},${yOf(b.stories).toFixed(1)}`);
  root.append(svg("polyline", { points: points.join(" "), class: "stories-line" }));
  for (const b of buckets) root.append(svg("circle", { cx: xOf(b.period) + slotW / 2, cy: yOf(b.stories), r: 2.5, class: "stories-dot" }));

  const marks = svg("g", { class: "alerts" });
  for (const a of alerts) {
    const x = xOf(a.period.slice(0, bucket === "month" ? 7 : 10));
    if (x < pad.left || x > width - pad.right) continue;
    const mark = svg("path", { d: `M${x - 6},${pad.top - 14}L${x + 6},${pad.top - 14}L${x},${pad.top - 4}Z`, class: "alert-mark" });
    mark.append(svg("title", { text: `Alert: ${a.explanation}` }));
    marks.append(mark);
  }
  root.append(marks);
  container.append(root);
}
