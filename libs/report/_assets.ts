// The report's own style sheet and script, inlined into report.html (no network resources).

export const STYLE = `
:root { --normal: #3a76af; --anomalous: #d6452f; --ink: #1d232b; --muted: #5d6670; --line: #dde1e6; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: #f6f7f9; }
header { padding: 18px 28px 12px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 2px 0; color: var(--muted); }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 400px; gap: 20px; padding: 18px 28px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 18px; margin-bottom: 18px; }
h2 { font-size: 17px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 14px 0 8px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { background: #eef1f4; position: sticky; top: 0; font-weight: 600; }
td.text, th.text { text-align: left; }
.scroll { max-height: 520px; overflow: auto; border: 1px solid var(--line); }
#metrics td.baseline { color: var(--muted); }
.gain { font-size: 12px; color: var(--muted); }
.plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px; }
.plots figure { margin: 0; }
.plots img { width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
.plots figcaption { font-size: 12px; color: var(--muted); }
#tsne { width: 100%; max-width: 640px; height: auto; border: 1px solid var(--line); background: #fff; }
#tsne circle { cursor: pointer; stroke: #fff; stroke-width: 0.5; }
#tsne circle.active { stroke: #000; stroke-width: 2.5; }
.legend span { margin-right: 14px; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; }
#scores tbody tr { cursor: pointer; }
#scores tbody tr:hover, #scores tbody tr.active { background: #fff5d6; }
#scores th { cursor: pointer; user-select: none; }
.anomalous { color: var(--anomalous); font-weight: 600; }
.normal { color: var(--normal); }
aside { position: sticky; top: 12px; align-self: start; }
#panel .images { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px; }
#panel figure { margin: 0; text-align: center; font-size: 12px; color: var(--muted); }
#panel img { width: 100%; image-rendering: auto; border: 1px solid var(--line); background: #eee; min-height: 40px; }
#panel table { font-size: 12px; }
#panel table td, #panel table th { padding: 3px 3px; }
#panel table td { white-space: normal; }
header p { overflow-wrap: anywhere; }
#metrics td.text:first-child, #metrics th.text:first-child { position: sticky; left: 0; background: #fff; }
#metrics th.text:first-child { background: #eef1f4; z-index: 1; }
.note { color: var(--muted); font-size: 12px; }
@media (max-width: 1100px) { .layout { grid-template-columns: 1fr; } aside { position: static; } }
`;

export const SCRIPT = `
(() => {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const panel = document.getElementById("panel-body");
  const fmt = (v) => (v === null || v === undefined ? "-" : Number(v).toPrecision(4));
  let active = null;
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function show(index) {
    const image = data.images[index];
    if (!image) return;
    if (active !== null) for (const e of document.querySelectorAll('[data-image="' + active + '"]')) e.classList.remove("active");
    active = index;
    for (const e of document.querySelectorAll('[data-image="' + index + '"]')) e.classList.add("active");
    panel.replaceChildren();
    panel.append(el("h3", {}, image.name));
    panel.append(el("p", { class: "note" }, "Class " + image.className + " (label " + image.label + ")"));
    const figures = el("div", { class: "images" });
    const reconstruction = image.reconstructionCaption || "G(E(x))";
    for (const [kind, caption] of [["input", "image x"], ["reconstruction", reconstruction], ["residual", "residual"]]) {
      const figure = el("figure");
      if (image.thumbs) {
        const img = el("img", { id: "panel-" + kind, src: image.thumbs[kind], alt: caption + " of " + image.name });
        figure.append(img);
      } else {
        figure.append(el("div", { class: "note", id: "panel-" + kind }, "no image"));
      }
      figure.append(el("figcaption", {}, caption));
      figures.append(figure);
    }
    panel.append(figures);
    const table = el("table");
    const head = el("tr");
    for (const h of ["score", "value", "threshold", "decision"]) head.append(el("th", { class: h === "score" ? "text" : "" }, h));
    table.append(head);
    data.sheets.forEach((sheet, s) => {
      const value = image.scores[s];
      const row = el("tr");
      // Long tags (distance_manhattan_a1) may break after an underscore, never inside a word.
      const tag = el("td", { class: "text" });
      sheet.tag.split(/(?<=_)/).forEach((part, i) => tag.append(...(i > 0 ? [el("wbr")] : []), part));
      if (sheet.baseline) tag.append(el("br"), el("span", { class: "note" }, "baseline"));
      row.append(tag);
      const cell = el("td", {}, fmt(value));
      if (value !== null && sheet.normalisation) {
        // On its own line: the panel is narrow, and a wrapped number reads worse than two lines.
        const n = sheet.normalisation;
        cell.append(el("br"), el("span", { class: "note" }, fmt(n.max > n.min ? (value - n.min) / (n.max - n.min) : 0) + " normalised"));
      }
      row.append(cell);
      row.append(el("td", {}, fmt(sheet.threshold)));
      const anomalous = value !== null && value > sheet.threshold;
      row.append(el("td", { class: anomalous ? "anomalous" : "normal" }, value === null ? "-" : anomalous ? data.names[1] : data.names[0]));
      table.append(row);
    });
    panel.append(table);
  }
  for (const e of document.querySelectorAll("[data-image]")) {
    const index = Number(e.getAttribute("data-image"));
    e.addEventListener("mouseenter", () => show(index));
    e.addEventListener("click", () => show(index));
    e.addEventListener("focus", () => show(index));
  }
  // Sortable image table: click a header to sort by that column, again to reverse.
  const table = document.getElementById("scores");
  if (table) {
    const body = table.tBodies[0];
    table.querySelectorAll("th").forEach((th, column) => {
      let ascending = false;
      th.addEventListener("click", () => {
        ascending = !ascending;
        const rows = [...body.rows];
        const key = (r) => {
          const cell = r.cells[column];
          const v = cell.getAttribute("data-value");
          return v === null ? cell.textContent : Number(v);
        };
        rows.sort((a, b) => {
          const x = key(a);
          const y = key(b);
          const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return ascending ? c : -c;
        });
        body.append(...rows);
      });
    });
  }
  if (data.images.length > 0) show(data.first);
})();
`;
