import type { SheetMetrics, TsneSummary } from "@dermanomaly/evaluation";
import { CLASS_COLOURS } from "@dermanomaly/evaluation";
import { SCRIPT, STYLE } from "./_assets.ts";
import type { ImageThumbnails } from "./thumbnails.ts";

/** One sheet as the report shows it. */
export interface ReportSheetModel {
  readonly tag: string;
  /** The sheet's method, e.g. `izif` (from its meta), or "". */
  readonly method: string;
  readonly metrics: SheetMetrics;
  /** Files by kind, relative to the report (`violin`, `roc`, `roc_csv`, ...). */
  readonly files: Readonly<Record<string, string>>;
  /** Whether this is the naive colour baseline. */
  readonly baseline: boolean;
  /** Normalisation bounds of a calibration, to show normalised scores. */
  readonly normalisation?: { readonly min: number; readonly max: number };
}

/** One image as the report shows it. */
export interface ReportImageModel {
  readonly name: string;
  readonly className: string;
  readonly label: number;
  readonly thumbs?: ImageThumbnails;
  /** What the panel calls its reconstruction (its set's caption). @default "G(E(x))" */
  readonly reconstructionCaption?: string;
  /** Score in each sheet (null where the sheet has no row for it). */
  readonly scores: readonly (number | null)[];
  /** t-SNE coordinates, when embedded. */
  readonly tsne?: readonly [number, number];
}

/** Everything report.html shows. */
export interface ReportModel {
  readonly title: string;
  readonly created: string;
  readonly thresholdRule: string;
  readonly names: readonly [string, string];
  readonly sheets: readonly ReportSheetModel[];
  readonly images: readonly ReportImageModel[];
  readonly tsne?: TsneSummary;
  /** Lines under the title (sets, sources). */
  readonly notes: readonly string[];
  /** Bootstrap resamples behind the AUC intervals. */
  readonly resamples: number;
}

const esc = (text: string | number) =>
  String(text)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
const f3 = (v: number) => v.toFixed(3);
const num = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString());
// A cell whose `data-value` keeps every digit of what it shows rounded.
const cell = (metric: string, value: number, shown = f3(value), extra = "") =>
  `<td data-metric="${metric}" data-value="${value}"${extra}>${esc(shown)}</td>`;

/**
 * The whole report page: metrics table with the baseline's AUC beside each method's, t-SNE as inline SVG, every
 * plot, and the image table; hovering or clicking a point or row shows that image, its reconstruction and residual,
 * its scores and decisions. Self-contained: styles, script and data inline; images by relative paths.
 */
export function renderReportHtml(model: ReportModel): string {
  const baseline = model.sheets.find((s) => s.baseline);
  const [neg, pos] = model.names;
  const metricsRows = model.sheets
    .map((s) => {
      const m = s.metrics;
      const [[tn, fp], [fn, tp]] = m.confusion_matrix;
      const r = m.report as Record<
        string,
        { precision: number; recall: number; f1: number; support: number } | number
      >;
      const figures = (name: string) => r[name] as { precision: number; recall: number; f1: number };
      let base = `<td data-metric="baseline_auc" class="baseline">${s.baseline ? "(this)" : "-"}</td>`;
      if (baseline !== undefined && !s.baseline) {
        const b = baseline.metrics.auc;
        const gain = m.auc - b;
        base = `<td data-metric="baseline_auc" data-value="${b}" class="baseline">${f3(b)} <span class="gain">(${gain >= 0 ? "+" : ""}${f3(gain)})</span></td>`;
      }
      return `<tr data-tag="${esc(s.tag)}">
<td class="text">${esc(s.tag)}${s.baseline ? " <em>(baseline)</em>" : ""}</td>
${cell("n", m.n, String(m.n))}
${cell("auc", m.auc)}
${cell("auc_ci95_lo", m.auc_ci95[0])}${cell("auc_ci95_hi", m.auc_ci95[1])}
${base}
${cell("average_precision", m.average_precision)}
<td class="text" data-metric="threshold_method">${esc(m.threshold.method)}</td>
${cell("threshold", m.threshold.value, num(m.threshold.value))}
${cell("tn", tn, String(tn))}${cell("fp", fp, String(fp))}${cell("fn", fn, String(fn))}${cell("tp", tp, String(tp))}
${cell("accuracy", r["accuracy"] as number)}
${cell("precision_0", figures(neg).precision)}${cell("recall_0", figures(neg).recall)}${cell("f1_0", figures(neg).f1)}
${cell("precision_1", figures(pos).precision)}${cell("recall_1", figures(pos).recall)}${cell("f1_1", figures(pos).f1)}
</tr>`;
    })
    .join("\n");

  const plotKinds: [string, string][] = [
    ["violin", "Scores by class"],
    ["histogram", "Score histogram and threshold"],
    ["roc", "ROC curve"],
    ["pr", "Precision-recall curve"],
    ["confusion", "Confusion matrix"],
    ["report", "Classification report"],
  ];
  const sheetSections = model.sheets
    .map((s) => {
      const figures = plotKinds
        .filter(([kind]) => s.files[kind] !== undefined)
        .map(
          ([kind, caption]) =>
            `<figure><a href="${esc(s.files[kind] as string)}"><img src="${esc(s.files[kind] as string)}" alt="${esc(`${caption}: ${s.tag}`)}" loading="lazy"></a><figcaption>${esc(caption)} (<a href="${esc((s.files[`${kind}_svg`] ?? s.files[kind]) as string)}">SVG</a>)</figcaption></figure>`,
        )
        .join("\n");
      const csv = ["roc_csv", "pr_csv"]
        .filter((k) => s.files[k] !== undefined)
        .map(
          (k) =>
            `<a href="${esc(s.files[k] as string)}">${esc((s.files[k] as string).split("/").pop() as string)}</a>`,
        )
        .join(" · ");
      return `<h3 id="sheet-${esc(s.tag)}">${esc(s.tag)}${s.method === "" ? "" : ` <span class="note">${esc(s.method)}</span>`}</h3>
<p class="note">AUC ${f3(s.metrics.auc)} (95% CI ${f3(s.metrics.auc_ci95[0])}-${f3(s.metrics.auc_ci95[1])}), threshold ${esc(s.metrics.threshold.method)} ${esc(num(s.metrics.threshold.value))}; numbers: ${csv} · <a href="${esc(s.tag)}/metrics.json">metrics.json</a></p>
<div class="plots">${figures}</div>`;
    })
    .join("\n");

  const tsneSection = renderTsne(model);
  const imageHead = model.sheets.map((s) => `<th>${esc(s.tag)}</th>`).join("");
  const imageRows = model.images
    .map((image, i) => {
      const cells = model.sheets
        .map((s, k) => {
          const v = image.scores[k];
          if (v === null || v === undefined) return "<td>-</td>";
          const anomalous = v > s.metrics.threshold.value;
          return `<td data-value="${v}" class="${anomalous ? "anomalous" : "normal"}" title="${anomalous ? esc(pos) : esc(neg)}">${esc(num(v))}</td>`;
        })
        .join("");
      return `<tr data-image="${i}" tabindex="0"><td class="text">${esc(image.name)}</td><td class="text">${esc(image.className)}</td><td data-value="${image.label}">${image.label}</td>${cells}</tr>`;
    })
    .join("\n");

  const data = {
    names: model.names,
    first: 0,
    sheets: model.sheets.map((s) => ({
      tag: s.tag,
      baseline: s.baseline,
      threshold: s.metrics.threshold.value,
      ...(s.normalisation === undefined ? {} : { normalisation: s.normalisation }),
    })),
    images: model.images.map((image) => ({
      name: image.name,
      className: image.className,
      label: image.label,
      scores: image.scores,
      ...(image.thumbs === undefined ? {} : { thumbs: image.thumbs }),
      ...(image.reconstructionCaption === undefined
        ? {}
        : { reconstructionCaption: image.reconstructionCaption }),
    })),
  };
  // "<" escaped so that no image name can close the script element.
  const json = JSON.stringify(data).replaceAll("<", "\\u003c");

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(model.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(model.title)}</h1>
<p>${esc(model.created)} · threshold rule <strong>${esc(model.thresholdRule)}</strong> · an image is called ${esc(pos)} when its score is above the threshold</p>
${model.notes.map((n) => `<p>${esc(n)}</p>`).join("\n")}
</header>
<div class="layout">
<main>
<section>
<h2>Metrics</h2>
<div class="scroll"><table id="metrics">
<thead><tr><th class="text">score</th><th>n</th><th>AUC</th><th>CI 95% low</th><th>CI 95% high</th><th>baseline AUC (gain)</th><th>average precision</th><th class="text">threshold rule</th><th>threshold</th><th>TN</th><th>FP</th><th>FN</th><th>TP</th><th>accuracy</th><th>${esc(neg)} precision</th><th>${esc(neg)} recall</th><th>${esc(neg)} F1</th><th>${esc(pos)} precision</th><th>${esc(pos)} recall</th><th>${esc(pos)} F1</th></tr></thead>
<tbody>
${metricsRows}
</tbody></table></div>
<p class="note">${baseline === undefined ? "No baseline sheet was given." : `Baseline: <strong>${esc(baseline.tag)}</strong>, the spread of hue inside the lesion, a colour check without any model; the gain is each method's AUC minus the baseline's.`} The 95% interval is a stratified percentile bootstrap of the AUC (${model.resamples} resamples).</p>
</section>
${tsneSection}
<section>
<h2>Score sheets</h2>
${sheetSections}
</section>
<section>
<h2>Images</h2>
<p class="note">Hover or click a row to see the image, its reconstruction and its residual map. Click a column header to sort.</p>
<div class="scroll"><table id="scores">
<thead><tr><th class="text">image</th><th class="text">class</th><th>label</th>${imageHead}</tr></thead>
<tbody>
${imageRows}
</tbody></table></div>
</section>
</main>
<aside><section id="panel"><h2>Image</h2><div id="panel-body"><p class="note">Hover a t-SNE point or a row of the image table.</p></div></section></aside>
</div>
<script type="application/json" id="report-data">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// The t-SNE scatter as inline SVG: one circle per embedded image, coloured by class, hoverable.
function renderTsne(model: ReportModel): string {
  const points = model.images.flatMap((image, i) =>
    image.tsne === undefined ? [] : [{ i, image, xy: image.tsne }],
  );
  if (points.length === 0 || model.tsne === undefined) return "";
  const W = 640;
  const H = 520;
  const M = 16;
  const xs = points.map((p) => p.xy[0]);
  const ys = points.map((p) => p.xy[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => M + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * M);
  const sy = (y: number) => H - M - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * M);
  const classes = [
    ...new Set(points.map((p) => `${p.image.label < 0 ? 9 : p.image.label}\u0000${p.image.className}`)),
  ]
    .sort()
    .map((k) => k.split("\u0000")[1] as string);
  const colour = (c: string) =>
    CLASS_COLOURS[Math.min(classes.indexOf(c), CLASS_COLOURS.length - 1)] as string;
  const circles = points
    .map(
      (p) =>
        `<circle data-image="${p.i}" data-name="${esc(p.image.name)}" cx="${sx(p.xy[0]).toFixed(1)}" cy="${sy(p.xy[1]).toFixed(1)}" r="4.5" fill="${colour(p.image.className)}" fill-opacity="0.8"><title>${esc(`${p.image.name} (${p.image.className})`)}</title></circle>`,
    )
    .join("\n");
  const legend = classes
    .map((c) => `<span><span class="dot" style="background:${colour(c)}"></span>${esc(c)}</span>`)
    .join("");
  const t = model.tsne;
  return `<section>
<h2>Latent space (t-SNE)</h2>
<p class="note">${t.n} encoder latents, perplexity ${num(t.perplexity)}, seed ${t.seed}, trustworthiness ${f3(t.trustworthiness)} (k = 5). Hover a point to see its image. Coordinates: <a href="${esc(t.files["csv"] ?? "")}">tsne.csv</a> · <a href="${esc(t.files["png"] ?? "")}">PNG</a></p>
<p class="legend">${legend}</p>
<svg id="tsne" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="t-SNE of the latents">
<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>
${circles}
</svg>
</section>`;
}
