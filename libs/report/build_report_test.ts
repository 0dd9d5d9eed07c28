import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import { fixtureLatents, fixtureSet, fixtureSheet } from "./_testing.ts";
import { buildReport, readSummary } from "./build_report.ts";

const TAGS = ["izif_a0.5", "pairwise_a1", "distance_manhattan_a1"];

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "report-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("buildReport() writes report.html, metrics, plots, t-SNE and thumbnails, everything linked inside the folder", async () => {
  await withDir(async (out) => {
    const stages = new Set<string>();
    const { summary, report } = await buildReport({
      out,
      sheets: await Promise.all(TAGS.map(fixtureSheet)),
      baseline: await fixtureSheet("hue-spread"),
      reconstructionSets: [await fixtureSet()],
      latents: await fixtureLatents(),
      resamples: 200,
      onProgress: (p) => stages.add(p.stage),
    });
    assert.deepEqual([...stages].sort(), ["plots", "report", "thumbnails"]);
    assert.equal(report, join(out, "report.html"));
    assert.deepEqual(
      summary.sheets.map((s) => s.tag),
      [...TAGS, "hue-spread"],
    );
    assert.equal(summary.baseline, "hue-spread");
    assert.equal(summary.report, "report.html");
    assert.equal(summary.tsne?.n, 24);
    assert.deepEqual(await readSummary(out), JSON.parse(JSON.stringify(summary)));
    for (const tag of [...TAGS, "hue-spread"]) assert.ok(existsSync(join(out, tag, "metrics.json")));
    // 24 images x input, reconstruction, residual.
    const thumbs = (await readdir(join(out, "thumbs"), { recursive: true })).filter((f) =>
      f.endsWith(".jpg"),
    );
    assert.equal(thumbs.length, 72);

    const html = await readFile(report, "utf8");
    const links = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) =>
      (m[1] as string).replaceAll("&amp;", "&"),
    );
    // Thumbnails are linked from the page's data, which the script turns into <img> elements.
    const data = JSON.parse(
      (
        html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)?.[1] ?? "{}"
      ).replaceAll("\\u003c", "<"),
    ) as { images: { thumbs?: Record<string, string> }[] };
    assert.equal(data.images.length, 24);
    for (const image of data.images) links.push(...Object.values(image.thumbs ?? {}));
    assert.ok(links.length > 24 * 3 + 4 * 6, `${links.length} links`);
    for (const link of links) {
      assert.doesNotMatch(link, /^(https?:)?\/\//, `external resource ${link}`);
      assert.ok(!link.startsWith("/"), `absolute path ${link}`);
      assert.ok(existsSync(join(out, decodeURI(link))), `missing ${link}`);
    }
    assert.match(html, /<circle data-image="\d+" data-name="synth_MEL_00\.jpg"/);
    assert.match(html, /<tr data-tag="izif_a0\.5">/);
    assert.match(html, /data-metric="baseline_auc" data-value="/);
  });
});

test("buildReport() refuses the calibrated rule without calibrations, and sheets whose names do not fit their rows", async () => {
  await withDir(async (out) => {
    const sheet = await fixtureSheet("izif_a0.5");
    await assert.rejects(
      buildReport({ out, sheets: [sheet], thresholdRule: "calibrated" }),
      (e) => isStatusError(e) && /Sheet 'izif_a0\.5' has no calibrated threshold/.test(e.message),
    );
    await assert.rejects(
      buildReport({ out, sheets: [{ ...sheet, imageNames: ["a.png"] }] }),
      (e) => isStatusError(e) && /has 24 scores but 1 image names/.test(e.message),
    );
    const { summary } = await buildReport({
      out,
      sheets: [sheet],
      thresholdRule: "calibrated",
      calibrations: { "izif_a0.5": { threshold: 0.02, normalisation: { min: 0.005, max: 0.03 } } },
      resamples: 50,
    });
    assert.deepEqual(summary.sheets[0]?.threshold, { method: "calibrated", value: 0.02 });
    assert.ok(existsSync(join(out, "report.html")));
  });
});

test("buildReport() embeds with the t-SNE perplexity and seed asked for, apart from the bootstrap's seed", async () => {
  await withDir(async (out) => {
    const { summary } = await buildReport({
      out,
      sheets: [await fixtureSheet("izif_a0.5")],
      latents: await fixtureLatents(),
      reconstructionSets: [await fixtureSet()],
      resamples: 50,
      seed: 3,
      tsnePerplexity: 5,
      tsneSeed: 11,
    });
    assert.equal(summary.tsne?.perplexity, 5);
    assert.equal(summary.tsne?.seed, 11);
  });
});
