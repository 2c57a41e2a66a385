// The analyst's workbench: map, timeline, event list, event panel, actor network, review.
// Plain JavaScript and SVG; everything it reads comes from this server's /api/ routes and
// /static/ files. The view (filters, dates, event, tab) lives in the URL's hash, so a link
// to it shows the same view.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const FILTERS = ["type", "actor", "region", "min_confidence"];
const KX = Math.cos(48.5 * Math.PI / 180); // equirectangular, true to scale at Ukraine's latitude
const DETAIL = [20, 43, 42, 53.5];
const PALETTE = ["#d62728", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
  "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d",
  "#31a354", "#756bb1", "#636363"];
const RELATION_COLOURS = { attacks: "#d62728", supplies: "#2ca02c", sanctions: "#9467bd", meets: "#1f77b4",
  condemns: "#ff7f0e", agrees: "#17becf" };

const meta = { facets: { type: [], region: [], actor: [] }, relations: [], review: false };
const typeColour = {};
let basemap = null;
let lastEvents = null;
let placeFilter = null; // ids of the point clicked on the map, or null

function el(tag, attrs, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function state() {
  return Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
}

function setState(changes) {
  const s = state();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") delete s[k]; else s[k] = v;
  }
  const hash = new URLSearchParams(s).toString();
  if (hash !== location.hash.slice(1)) location.hash = hash; else render();
}

function query(s, keys) {
  const p = new URLSearchParams();
  for (const k of keys) if (s[k]) p.set(k, s[k]);
  return p.toString();
}

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function colour(type) {
  if (!(type in typeColour)) typeColour[type] = PALETTE[Object.keys(typeColour).length % PALETTE.length];
  return typeColour[type];
}

// --- filters -------------------------------------------------------------------------------

function fillFilters() {
  const form = document.getElementById("filters");
  const select = form.elements.type;
  for (const t of meta.facets.type || []) { colour(t.value); select.append(el("option", { value: t.value }, `${t.value} (${t.events})`)); }
  for (const [list, facet] of [["actors", "actor"], ["regions", "region"]]) {
    const dl = document.getElementById(list);
    for (const v of meta.facets[facet] || []) dl.append(el("option", { value: v.value }));
  }
  const rel = document.getElementById("relation");
  for (const r of meta.relations) rel.append(el("option", { value: r }, r));
  rel.addEventListener("change", () => setState({ relation: rel.value }));
  form.addEventListener("change", (e) => {
    if (!e.target.name) return;
    placeFilter = null;
    setState({ [e.target.name]: e.target.value.trim(), event: null });
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  document.getElementById("clear").addEventListener("click", () => {
    placeFilter = null;
    const s = state();
    location.hash = new URLSearchParams(s.view ? { view: s.view } : {}).toString();
  });
  for (const a of document.querySelectorAll("a.tab")) {
    a.addEventListener("click", (e) => { e.preventDefault(); setState({ view: a.dataset.view === "map" ? null : a.dataset.view }); });
  }
  if (meta.review) document.getElementById("mode").textContent = `reviewing as ${meta.analyst}`;
}

function showFilters(s) {
  const form = document.getElementById("filters");
  for (const k of FILTERS) if (document.activeElement !== form.elements[k]) form.elements[k].value = s[k] || "";
  const dates = document.getElementById("dates");
  dates.replaceChildren();
  if (s.from || s.to) {
    dates.append(`days ${s.from || "…"} to ${s.to || "…"} `,
      el("button", { type: "button", onclick: () => setState({ from: null, to: null }) }, "all days"));
  }
  document.getElementById("relation").value = s.relation || "";
  for (const a of document.querySelectorAll("a.tab")) a.classList.toggle("active", (s.view || "map") === a.dataset.view);
}

// --- map -----------------------------------------------------------------------------------

function project([lon, lat]) { return [lon * KX, -lat]; }

function pathData(geometry) {
  const rings = { Polygon: [geometry.coordinates], MultiPolygon: geometry.coordinates,
    LineString: [[geometry.coordinates]], MultiLineString: [geometry.coordinates] }[geometry.type] || [];
  const closed = geometry.type.endsWith("Polygon");
  let d = "";
  for (const poly of rings) for (const ring of poly) {
    ring.forEach((c, i) => { const [x, y] = project(c); d += `${i ? "L" : "M"}${x.toFixed(3)} ${y.toFixed(3)}`; });
    if (closed) d += "Z";
  }
  return d;
}

function drawBasemap(svg) {
  if (svg.querySelector("g.basemap")) return; // drawn once: a new map changes its view box and points
  const g = el("svg:g", { class: "basemap" });
  const order = ["country", "land", "admin1", "border", "coast"];
  const features = (basemap ? basemap.features : []).slice()
    .sort((a, b) => order.indexOf(a.properties.layer) - order.indexOf(b.properties.layer));
  for (const f of features) {
    g.append(el("svg:path", { d: pathData(f.geometry), class: f.properties.layer },
      f.properties.name ? el("svg:title", {}, f.properties.name) : null));
  }
  svg.append(g);
}

function fitView(points) {
  let [w, s, e, n] = DETAIL;
  if (points.length) {
    w = Math.min(...points.map((p) => p.lon)) - 1.5; e = Math.max(...points.map((p) => p.lon)) + 1.5;
    s = Math.min(...points.map((p) => p.lat)) - 1.5; n = Math.max(...points.map((p) => p.lat)) + 1.5;
    const cx = (w + e) / 2, cy = (s + n) / 2;
    const span = Math.max(e - w, (n - s) / KX * 1.2, 8);
    w = cx - span / 2; e = cx + span / 2; s = Math.min(s, cy - span * 0.35); n = Math.max(n, cy + span * 0.35);
  }
  const [x0, y0] = project([w, n]), [x1, y1] = project([e, s]);
  return [x0, y0, x1 - x0, y1 - y0];
}

function drawMap(data) {
  const svg = document.getElementById("map");
  for (const old of svg.querySelectorAll("g.points")) old.remove();
  const box = fitView(data.points);
  svg.setAttribute("viewBox", box.map((v) => v.toFixed(3)).join(" "));
  drawBasemap(svg);
  const unit = box[2] / 160;
  const layer = el("svg:g", { class: "points" });
  const sorted = data.points.slice().sort((a, b) => (b.killed + b.injured + b.events) - (a.killed + a.injured + a.events));
  for (const p of sorted) {
    const main = Object.entries(p.types).sort((a, b) => b[1] - a[1])[0][0];
    const [x, y] = project([p.lon, p.lat]);
    const r = unit * (1.2 + 0.7 * Math.sqrt(p.killed + p.injured) + 0.4 * Math.sqrt(p.events - 1));
    const types = Object.entries(p.types).map(([t, n]) => `${t} ${n}`).join(", ");
    layer.append(el("svg:circle", {
      class: "point", cx: x.toFixed(3), cy: y.toFixed(3), r: r.toFixed(3), fill: colour(main),
      "data-key": p.key, "data-label": p.label, "data-events": p.events, "data-type": main,
      onclick: () => pickPoint(p),
    }, el("svg:title", {}, `${p.label}: ${p.events} event(s) (${types}); killed ${p.killed}, injured ${p.injured}`)));
  }
  svg.append(layer);
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  const shown = new Set(data.points.flatMap((p) => Object.keys(p.types)));
  for (const t of Object.keys(typeColour)) if (shown.has(t)) legend.append(el("div", {}, el("i", { style: `background:${typeColour[t]}` }), t));
  legend.append(el("div", { class: "note" }, "size: killed + injured"));
  const note = `${data.total} event(s), ${data.located} on the map at ${data.points.length} point(s)` +
    (data.cell ? `, grouped in ${data.cell}° cells` : "") + " · base map: Natural Earth";
  document.getElementById("map-note").textContent = note;
}

function pickPoint(p) {
  if (p.events === 1) { placeFilter = null; setState({ event: p.ids[0] }); return; }
  placeFilter = { label: p.label, ids: new Set(p.ids) };
  drawList(lastEvents);
}

// --- timeline --------------------------------------------------------------------------------

function dayNumber(day) { return Math.round(Date.parse(day + "T00:00:00Z") / 86400000); }
function dayText(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

function drawTimeline(data, s) {
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  const W = 800, H = 120, top = 4, bottom = 16;
  if (!data.bars.length) { svg.append(el("svg:text", { x: 10, y: 60, class: "axis" }, "no dated events")); return; }
  const first = dayNumber(data.first), last = dayNumber(data.last) + 1;
  const days = last - first, step = W / days;
  const stacks = {};
  for (const b of data.bars) (stacks[b.day] = stacks[b.day] || []).push(b);
  const most = Math.max(...Object.values(stacks).map((bs) => bs.reduce((t, b) => t + b.events, 0)));
  const scale = (H - top - bottom) / most;
  // one path per type, a rectangle per day in it: thousands of days draw as a few elements
  const shapes = {}, totals = {};
  const width = Math.max(step - 1, 1).toFixed(2);
  for (const [day, bars] of Object.entries(stacks)) {
    let y = H - bottom;
    const x = ((dayNumber(day) - first) * step).toFixed(2);
    for (const b of bars) {
      const h = b.events * scale;
      y -= h;
      shapes[b.type] = (shapes[b.type] || "") + `M${x} ${y.toFixed(2)}h${width}v${h.toFixed(2)}h-${width}Z`;
      totals[b.type] = (totals[b.type] || 0) + b.events;
    }
  }
  for (const [type, d] of Object.entries(shapes)) {
    svg.append(el("svg:path", { class: "bar", d, fill: colour(type), "data-type": type },
      el("svg:title", {}, `${type}: ${totals[type]} event(s) in these days`)));
  }
  svg.dataset.bars = String(data.bars.length);
  const hover = el("svg:text", { x: W / 2, y: H - 3, class: "axis", "text-anchor": "middle" });
  svg.onmousemove = (evt) => {
    const r = svg.getBoundingClientRect();
    const day = dayText(first + Math.floor((evt.clientX - r.left) / r.width * W / step));
    hover.textContent = stacks[day] ? `${day}: ` + stacks[day].map((b) => `${b.events} ${b.type}`).join(", ") : day;
  };
  svg.onmouseleave = () => { hover.textContent = ""; };
  svg.append(hover);
  svg.append(el("svg:text", { x: 2, y: H - 3, class: "axis" }, data.first));
  svg.append(el("svg:text", { x: W - 2, y: H - 3, class: "axis", "text-anchor": "end" }, data.last));
  const brush = el("svg:rect", { class: "brush", y: 0, height: H - bottom, x: 0, width: 0 });
  if (s.from || s.to) {
    const a = s.from ? dayNumber(s.from) - first : 0, b = s.to ? dayNumber(s.to) - first + 1 : days;
    brush.setAttribute("x", (Math.max(a, 0) * step).toFixed(2));
    brush.setAttribute("width", (Math.max(Math.min(b, days) - Math.max(a, 0), 0) * step).toFixed(2));
  }
  svg.append(brush);
  const toX = (evt) => {
    const r = svg.getBoundingClientRect();
    return Math.min(Math.max((evt.clientX - r.left) / r.width * W, 0), W);
  };
  svg.onpointerdown = (evt) => {
    evt.preventDefault();
    const start = toX(evt);
    svg.setPointerCapture(evt.pointerId);
    svg.onpointermove = (m) => {
      const x = toX(m);
      brush.setAttribute("x", Math.min(start, x).toFixed(2));
      brush.setAttribute("width", Math.abs(x - start).toFixed(2));
    };
    svg.onpointerup = (u) => {
      svg.onpointermove = null; svg.onpointerup = null;
      const end = toX(u);
      placeFilter = null;
      if (Math.abs(end - start) < 3) { setState({ from: null, to: null }); return; }
      const a = first + Math.floor(Math.min(start, end) / step), b = first + Math.ceil(Math.max(start, end) / step) - 1;
      setState({ from: dayText(a), to: dayText(Math.max(a, b)), event: null });
    };
  };
}

// --- event list ----------------------------------------------------------------------------

function drawList(data) {
  if (!data) return;
  const s = state();
  const rows = placeFilter ? data.events.filter((e) => placeFilter.ids.has(e.event)) : data.events;
  const head = document.getElementById("list-head");
  head.replaceChildren(`${rows.length} event(s)` + (data.total > data.events.length && !placeFilter ? ` (newest ${data.events.length} of ${data.total})` : ""));
  if (placeFilter) head.append(` at ${placeFilter.label} `, el("button", { type: "button", onclick: () => { placeFilter = null; drawList(lastEvents); } }, "all places"));
  const body = document.querySelector("#list tbody");
  body.replaceChildren(...rows.map((e) => el("tr", {
    class: "event-row" + (s.event === e.event ? " selected" : ""), "data-id": e.event, onclick: () => setState({ event: e.event }),
  }, el("td", {}, e.date || ""), el("td", {}, el("span", { style: `color:${colour(e.typeName)}` }, "● "), e.typeName),
  el("td", {}, e.label || e.event), el("td", {}, e.killed ?? ""), el("td", {}, e.injured ?? ""), el("td", {}, e.confidence ?? ""))));
}

// --- event panel -----------------------------------------------------------------------------

function highlighted(text, spans) {
  const out = [];
  let at = 0;
  for (const [start, end] of spans || []) {
    out.push(text.slice(at, start), el("mark", { class: "evidence" }, text.slice(start, end)));
    at = end;
  }
  out.push(text.slice(at));
  return out;
}

function fact(name, value, reviewed) {
  const shown = reviewed !== undefined && reviewed !== null && String(reviewed) !== String(value ?? "")
    ? [el("span", { class: "reviewed", "data-field": name }, String(reviewed)), ` (extracted: ${value ?? "—"})`]
    : [value ?? "—"];
  return el("tr", {}, el("td", {}, name), el("td", {}, ...shown));
}

async function drawEvent(iri) {
  const panel = document.getElementById("event");
  if (!iri) { panel.hidden = true; return; }
  panel.hidden = false;
  let e;
  try { e = await getJSON(`/api/event?id=${encodeURIComponent(iri)}`); } catch (err) {
    panel.replaceChildren(el("p", { class: "status error" }, err.message)); return;
  }
  const rv = e.reviewed || {};
  const figure = (n, atLeast) => (n === undefined || n === null ? null : `${atLeast ? "at least " : ""}${n}`);
  const facts = el("table", { class: "facts" },
    fact("type", e.typeName, rv.type),
    fact("date", e.date ? `${e.date}${e.precision ? ` (${e.precision})` : ""}` : null, rv.date),
    fact("places", e.places.map((p) => p.itemLabel + (p.regionLabel ? ` (${p.regionLabel})` : "")).join("; ") || null),
    fact("actors", e.actors.map((a) => a.itemLabel + (a.role ? ` — ${a.role}` : "")).join("; ") || null),
    fact("weapons", e.equipment.map((q) => q.itemLabel + (q.quantity ? ` ×${q.quantity}` : "") + (q.destroyed ? ` (${q.destroyed} destroyed)` : "")).join("; ") || null),
    fact("killed", figure(e.killed, e.killedAtLeast), rv.killed),
    fact("injured", figure(e.injured, e.injuredAtLeast), rv.injured),
    fact("civilians", e.civilian === undefined ? null : (e.civilian ? "yes" : "no")),
    fact("confidence", e.confidence),
    fact("claimed by", e.claimant),
    fact("ACLED", e.taxonomy.filter((t) => t.scheme === "ACLED").map((t) => `${t.label} (${t.match})`).join("; ") || null),
    fact("PLOVER", e.taxonomy.filter((t) => t.scheme === "PLOVER").map((t) => `${t.label} (${t.match})`).join("; ") || null),
    fact("review", rv.verdict ? `${rv.verdict} by ${rv.analyst} at ${rv.time}` : null),
  );
  const reports = e.reports.map((r) => el("div", { class: "report", "data-report": r.report },
    el("div", {}, el("b", {}, r.heading || "update"), r.time ? ` · ${r.time}` : "",
      ` · ${r.pageTitle || r.pageLabel || ""}${r.published ? ` (${r.published})` : ""}`),
    el("p", { class: "text" }, ...highlighted(r.text || "", r.highlight)),
    r.evidence && !(r.highlight || []).length ? el("p", {}, "evidence: ", el("mark", { class: "evidence" }, r.evidence)) : null));
  panel.replaceChildren(el("h2", {}, e.label || e.event), el("div", { class: "note" }, e.event), facts,
    el("h3", {}, `reports (${e.reports.length})`), ...reports, meta.review ? reviewForm(e) : null);
}

function reviewForm(e) {
  const status = el("span", { class: "status", id: "review-status" });
  const input = (name, attrs) => el("input", { name, ...attrs });
  const types = el("select", { name: "type" }, el("option", { value: "" }, "(unchanged)"),
    ...Object.keys(typeColour).sort().map((t) => el("option", { value: t }, t)));
  const form = el("form", { class: "review-form", id: "review-form" },
    el("b", {}, "review "), el("button", { type: "button", "data-verdict": "accepted" }, "accept"), " ",
    el("button", { type: "button", "data-verdict": "rejected" }, "reject"),
    el("div", {}, "correct: killed ", input("killed", { type: "number", min: 0 }), " injured ", input("injured", { type: "number", min: 0 }),
      " type ", types, " date ", input("date", { type: "date" }), " ",
      el("button", { type: "button", "data-verdict": "corrected" }, "save correction")),
    status);
  form.addEventListener("click", async (evt) => {
    const verdict = evt.target.dataset && evt.target.dataset.verdict;
    if (!verdict) return;
    const values = {};
    if (verdict === "corrected") for (const k of ["killed", "injured", "type", "date"]) if (form.elements[k].value) values[k] = form.elements[k].value;
    status.className = "status"; status.textContent = "saving…";
    const token = document.querySelector('meta[name="kg-token"]').content;
    const r = await fetch("/api/review", { method: "POST", headers: { "Content-Type": "application/json", "X-KG-Token": token },
      body: JSON.stringify({ event: e.event, verdict, values }) });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) { status.className = "status error"; status.textContent = body.error || r.statusText; return; }
    await drawEvent(e.event);
    const again = document.getElementById("review-status");
    if (again) again.textContent = `saved (${body.verdict})`;
  });
  return form;
}

// --- network ---------------------------------------------------------------------------------

async function drawNetwork(s) {
  const svg = document.getElementById("network");
  svg.replaceChildren(el("svg:text", { x: 20, y: 40 }, "loading…"));
  let data;
  try { data = await getJSON(`/api/network?${query(s, ["relation", "region", "from", "to"])}`); } catch (err) {
    svg.replaceChildren(el("svg:text", { x: 20, y: 40 }, err.message)); return;
  }
  svg.replaceChildren();
  const W = 800, H = 560, pad = 60;
  const pos = Object.fromEntries(data.nodes.map((n) => [n.id, [pad + (n.x + 1) / 2 * (W - 2 * pad), pad + (n.y + 1) / 2 * (H - 2 * pad)]]));
  const defs = el("svg:defs", {});
  for (const [rel, c] of Object.entries(RELATION_COLOURS)) {
    defs.append(el("svg:marker", { id: `arrow-${rel}`, viewBox: "0 0 10 10", refX: 16, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" },
      el("svg:path", { d: "M0 0L10 5L0 10z", fill: c })));
  }
  svg.append(defs);
  const pairs = {};
  for (const e of data.edges) {
    const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
    const key = [e.source, e.target].sort().join(" ");
    const bend = 18 * ((pairs[key] = (pairs[key] || 0) + 1) - 1) + (e.source < e.target ? 0 : 12);
    const mx = (x1 + x2) / 2 - (y2 - y1) / Math.hypot(x2 - x1, y2 - y1 || 1) * bend;
    const my = (y1 + y2) / 2 + (x2 - x1) / Math.hypot(x2 - x1, y2 - y1 || 1) * bend;
    svg.append(el("svg:path", { class: "edge", d: `M${x1} ${y1}Q${mx} ${my} ${x2} ${y2}`, stroke: RELATION_COLOURS[e.relation] || "#999",
      "stroke-width": (1 + 1.5 * Math.log2(1 + e.weight)).toFixed(2), "marker-end": e.mutual ? null : `url(#arrow-${e.relation})`,
      "data-relation": e.relation, "data-weight": e.weight },
    el("svg:title", {}, `${e.relation}: ${e.weight} event(s)`)));
  }
  for (const n of data.nodes) {
    const [x, y] = pos[n.id];
    svg.append(el("svg:g", { class: "node", "data-id": n.id, onclick: () => { setState({ actor: n.label, view: null }); } },
      el("svg:circle", { cx: x, cy: y, r: 4 + Math.sqrt(n.weight) * 1.5 }),
      el("svg:text", { x: x + 7, y: y + 4 }, n.label), el("svg:title", {}, `${n.label} (${n.kind || "actor"}): click to filter events`)));
  }
  const legend = el("svg:g", {});
  Object.entries(RELATION_COLOURS).forEach(([rel, c], i) => legend.append(el("svg:text", { x: W - 90, y: 20 + i * 14, fill: c, "font-size": 12 }, rel)));
  svg.append(legend);
  if (!data.edges.length) svg.append(el("svg:text", { x: 20, y: 40 }, "no relations under these filters"));
}

// --- main ------------------------------------------------------------------------------------

let generation = 0;

let started = null; // the filters' choices and the base map, asked for beside the first view's data

async function render() {
  const s = state();
  const mine = ++generation;
  try {
    const data = Promise.all([
      getJSON(`/api/timeline?${query(s, FILTERS)}`),
      getJSON(`/api/events?${query(s, [...FILTERS, "from", "to"])}`),
    ]);
    data.catch(() => null); // its failure is shown below, once the filters are drawn
    await started;
    showFilters(s);
    const network = s.view === "network";
    document.getElementById("map-view").hidden = network;
    document.getElementById("network-view").hidden = !network;
    const [timeline, events] = await data;
    if (mine !== generation) return;
    lastEvents = events;
    drawTimeline(timeline, s);
    drawMap(events);
    drawList(events);
  } catch (err) {
    document.getElementById("list-head").replaceChildren(el("span", { class: "status error" }, err.message));
  }
  if (s.view === "network") drawNetwork(s);
  await drawEvent(s.event);
  document.body.dataset.ready = String(mine);
}

async function start() {
  started = Promise.all([getJSON("/api/meta"), getJSON("/static/basemap.geojson").catch(() => null)])
    .then(([m, b]) => { Object.assign(meta, m); basemap = b; fillFilters(); });
  window.addEventListener("hashchange", render);
  await render();
}

start();
