import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import type { SheetMetrics } from "@dermanomaly/evaluation";
import { chromium } from "playwright-core";
import { fixtureLatents, fixtureSet, fixtureSheet } from "./_testing.ts";
import { buildReport } from "./build_report.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TAGS = ["izif_a0.5", "pairwise_a1", "distance_manhattan_a1"];

test("report.html in headless Chromium: images load, no console errors, metrics as metrics.json, hover shows the image", async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(
      `Chromium is not installed at ${CHROMIUM} (apt-get install chromium): the browser test cannot run`,
    );
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), "report-browser-"));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const built = join(dir, "built");
    await buildReport({
      out: built,
      sheets: await Promise.all(TAGS.map(fixtureSheet)),
      baseline: await fixtureSheet("hue-spread"),
      // A set named by its stored URI (one long unbreakable word) and calibrated sheets, as a pipeline's run has:
      // the layout check below needs the long texts a real run shows.
      reconstructionSets: [
        {
          ...(await fixtureSet()),
          name: `file:///var/lib/dermanomaly/artifacts/pipelines/pipeline-${"0123456789abcdef".repeat(2)}/reconstructions/test/reconstruction_set.safetensors`,
          reconstructionCaption: "G(w), w = E(x) after 30 refinement steps",
        },
      ],
      thresholdRule: "calibrated",
      calibrations: Object.fromEntries(
        [...TAGS, "hue-spread"].map((tag) => [
          tag,
          { threshold: 0.5, normalisation: { min: 0.001234, max: 1.234 } },
        ]),
      ),
      latents: await fixtureLatents(),
      resamples: 200,
    });
    // The folder keeps working once copied elsewhere, and the original is gone.
    const out = join(dir, "copied");
    await cp(built, out, { recursive: true });
    await rm(built, { recursive: true });

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.route("**/*", async (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      problems.push(`network: ${url}`);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(out, "report.html")).href, { waitUntil: "load" });

    // Every <img> (plots and the panel's thumbnails) loads; lazy ones are scrolled into view first.
    for (const img of await page.locator("img").all()) await img.scrollIntoViewIfNeeded();
    // (Page-side code as text: this package is type-checked without the DOM library.)
    await page.waitForFunction("[...document.images].every((i) => i.complete)");
    const broken = await page.evaluate(
      "[...document.images].filter((i) => i.naturalWidth === 0).map((i) => i.getAttribute('src'))",
    );
    assert.deepEqual(broken, []);
    assert.ok((await page.locator("img").count()) >= 4 * 6 + 3);

    // The metrics table shows metrics.json's numbers.
    for (const tag of [...TAGS, "hue-spread"]) {
      const m = JSON.parse(await readFile(join(out, tag, "metrics.json"), "utf8")) as SheetMetrics;
      const row = page.locator(`#metrics tr[data-tag="${tag}"]`);
      const value = async (metric: string) =>
        Number(await row.locator(`td[data-metric="${metric}"]`).getAttribute("data-value"));
      const [[tn, fp], [fn, tp]] = m.confusion_matrix;
      const naevus = m.report["naevus"] as { precision: number; recall: number; f1: number };
      const melanoma = m.report["melanoma"] as { precision: number; recall: number; f1: number };
      const expected: Record<string, number> = {
        n: m.n,
        auc: m.auc,
        auc_ci95_lo: m.auc_ci95[0],
        auc_ci95_hi: m.auc_ci95[1],
        average_precision: m.average_precision,
        threshold: m.threshold.value,
        tn,
        fp,
        fn,
        tp,
        accuracy: m.report["accuracy"] as number,
        precision_0: naevus.precision,
        recall_0: naevus.recall,
        f1_0: naevus.f1,
        precision_1: melanoma.precision,
        recall_1: melanoma.recall,
        f1_1: melanoma.f1,
      };
      for (const [metric, want] of Object.entries(expected))
        assert.equal(await value(metric), want, `${tag} ${metric}`);
      assert.equal(await row.locator('td[data-metric="auc"]').innerText(), m.auc.toFixed(3));
      assert.equal(await row.locator('td[data-metric="threshold_method"]').innerText(), m.threshold.method);
    }
    const baseline = JSON.parse(
      await readFile(join(out, "hue-spread", "metrics.json"), "utf8"),
    ) as SheetMetrics;
    const baselineCell = page.locator('#metrics tr[data-tag="izif_a0.5"] td[data-metric="baseline_auc"]');
    assert.equal(Number(await baselineCell.getAttribute("data-value")), baseline.auc);

    // Hovering a t-SNE point shows that image's reconstruction (and it loads); so does hovering a table row.
    const set = await fixtureSet();
    for (const name of ["synth_MEL_04.jpg", "synth_NEV_07.jpg"]) {
      await page.hover(`#tsne circle[data-name="${name}"]`);
      await assert.doesNotReject(page.locator("#panel-body h3", { hasText: name }).waitFor());
      const src = await page.locator("#panel-reconstruction").getAttribute("src");
      const image = set.images.find((i) => i.imageName === name);
      assert.equal(src, `thumbs/0/${image?.className}/${name.replace(".jpg", "")}_reconstruction.jpg`);
      // The new src loads after the hover: wait for it (a missing file never loads, and the wait fails).
      await page.locator("#panel-reconstruction").evaluate(
        (i) =>
          new Promise<void>((ok, fail) => {
            const img = i as unknown as {
              complete: boolean;
              naturalWidth: number;
              addEventListener(e: string, f: () => void): void;
            };
            if (img.complete) return img.naturalWidth > 0 ? ok() : fail(new Error("image did not load"));
            img.addEventListener("load", () => ok());
            img.addEventListener("error", () => fail(new Error("image did not load")));
          }),
      );
      assert.equal(await page.locator("#panel-body table tr").count(), 1 + 4);
      // The reconstruction is captioned as its set says it was made.
      assert.deepEqual(await page.locator("#panel-body figcaption").allInnerTexts(), [
        "image x",
        "G(w), w = E(x) after 30 refinement steps",
        "residual",
      ]);
    }
    await page.locator('#scores tbody tr[data-image="2"]').hover();
    assert.equal(await page.locator("#panel-body h3").innerText(), set.images[2]?.imageName);

    // On a laptop's 1200 px the page does not scroll sideways and the image panel's table fits its panel (the wide
    // metrics table scrolls inside its own box, its score column pinned).
    await page.setViewportSize({ width: 1200, height: 900 });
    const overflow = await page.evaluate(
      "({ page: document.documentElement.scrollWidth - document.documentElement.clientWidth, " +
        "panel: document.querySelector('#panel').scrollWidth - document.querySelector('#panel').clientWidth })",
    );
    assert.deepEqual(overflow, { page: 0, panel: 0 });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
});
