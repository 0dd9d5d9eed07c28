import assert from "node:assert/strict";
import { test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import { parseDatasetJson, resolveLabels } from "./labels.ts";

test("resolveLabels() numbers first-level class folders alphabetically", () => {
  const plan = resolveLabels(["NEV/a.jpg", "MEL/deep/b.jpg", "NEV/c.jpg"]);
  assert.equal(plan.source, "class-folders");
  assert.deepEqual(plan.classes, { MEL: 0, NEV: 1 });
  assert.equal(plan.labelOf("MEL/deep/b.jpg"), 0);
  assert.equal(plan.classOf("MEL/deep/b.jpg"), "MEL");
  assert.equal(plan.labelOf("NEV/a.jpg"), 1);
});

test("resolveLabels() has no labels when an image sits at the root", () => {
  const plan = resolveLabels(["NEV/a.jpg", "b.jpg"]);
  assert.equal(plan.source, "none");
  assert.equal(plan.labelOf("NEV/a.jpg"), undefined);
  assert.equal(resolveLabels([]).source, "none");
});

test("resolveLabels() uses an explicit class map before dataset.json, and dataset.json before folders", () => {
  const images = ["NEV/a.jpg", "MEL/b.jpg", "BCC/c.jpg"];
  const datasetJson = { labels: [["NEV/a.jpg", 7]] };
  const mapped = resolveLabels(images, { classMap: { NEV: 0, MEL: 1 }, datasetJson });
  assert.deepEqual(
    images.map((p) => mapped.labelOf(p)),
    [0, 1, undefined],
  );
  const fromJson = resolveLabels(images, { datasetJson });
  assert.equal(fromJson.source, "dataset.json");
  assert.deepEqual(
    images.map((p) => fromJson.labelOf(p)),
    [7, undefined, undefined],
  );
  // `{"labels": null}` falls through to folders.
  assert.equal(resolveLabels(images, { datasetJson: { labels: null } }).source, "class-folders");
  assert.throws(() => resolveLabels(images, { classMap: { NEV: -1 } }), RangeError);
});

test("parseDatasetJson() accepts class indices and float vectors and rejects anything else", () => {
  const labels = parseDatasetJson({
    labels: [
      ["a.png", 3],
      ["b\\c.png", [0.5, -1]],
    ],
  });
  assert.deepEqual(
    [...(labels ?? [])],
    [
      ["a.png", 3],
      ["b/c.png", [0.5, -1]],
    ],
  );
  assert.equal(parseDatasetJson({ labels: null }), null);
  assert.equal(parseDatasetJson(null), null);
  for (const bad of [
    { labels: {} },
    { labels: [["a.png"]] },
    { labels: [["a.png", 1.5]] },
    { labels: [["a.png", "x"]] },
  ]) {
    assert.throws(
      () => parseDatasetJson(bad),
      (err: unknown) => isStatusError(err),
    );
  }
});
