import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isStatusError } from "@dermanomaly/contracts";
import type { ReconstructionSet } from "@dermanomaly/reconstruction";
import { fixture, fixtureSet, type SetFixture, testGenerationFeatures } from "./_testing.ts";
import { type ReferenceLatents, scoreReconstructionSet } from "./score_set.ts";
import { resolveScoreSpec, type ScoreSpec, specFromMeta } from "./score_spec.ts";

const f = fixture<SetFixture>("set.json");
const reference: ReferenceLatents = {
  data: Float32Array.from(f.reference.flat()),
  rows: f.reference.length,
  cols: f.z_dim,
  source: "fixtures/set.json",
};

async function withSet(fn: (set: ReconstructionSet) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "score-set-"));
  try {
    await fn(await fixtureSet(join(dir, "set"), f));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function assertScores(got: ArrayLike<number>, want: readonly number[], tol: number, tag: string): void {
  assert.equal(got.length, want.length, tag);
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as number;
    assert.ok(
      Math.abs((got[i] as number) - w) <= tol * Math.max(1, Math.abs(w)),
      `${tag}[${i}]: ${got[i]} vs ${w}`,
    );
  }
}

test("scoreReconstructionSet() gives izif, pairwise and distance scores equal to numpy, PyTorch and scikit-learn", async () => {
  await withSet(async (set) => {
    const specs: ScoreSpec[] = [];
    for (const alpha of [0, 0.5, 1]) {
      specs.push({ method: "izif", alpha }, { method: "pairwise", alpha });
      for (const metric of ["manhattan", "cosine", "euclidean", "braycurtis", "correlation"]) {
        specs.push({ method: "distance", metric, alpha });
      }
    }
    specs.push({ method: "distance", metric: "minkowski", p: 3, alpha: 0.5, kappa: 2 });
    for (const centreSigma of [0.25, 1.5]) {
      specs.push({ method: "izif", alpha: 1, centreSigma }, { method: "pairwise", alpha: 0.5, centreSigma });
    }
    const { sheets, leftOut } = await scoreReconstructionSet(set, specs);
    assert.deepEqual(leftOut, []);
    for (const sheet of sheets) {
      const want = f.expected[sheet.tag];
      assert.ok(want !== undefined, `no reference for ${sheet.tag}`);
      assertScores(sheet.scores, want, 1e-9, sheet.tag);
      assert.deepEqual(
        [...sheet.labels],
        f.classes.map((c) => (c === "MEL" ? 1 : 0)),
      );
      assert.deepEqual(sheet.imageNames, f.names);
    }
    assert.equal(sheets[0]?.meta["method"], "izif");
    assert.equal(sheets[0]?.meta["alpha"], "0");
    assert.match(sheets[0]?.meta["lineage"] ?? "", /fixtures\/set\.json/);
  });
});

test("scoreReconstructionSet() gives als and afs equal to scikit-learn's neighbours, with reference latents and the original's own-class search", async () => {
  await withSet(async (set) => {
    const features = testGenerationFeatures(f);
    const k = f.neighbours;
    const { sheets } = await scoreReconstructionSet(
      set,
      [
        { method: "als", neighbours: k },
        { method: "afs", neighbours: k },
        { method: "als", neighbours: k, originalOwnClassSearch: true },
        { method: "afs", neighbours: k, originalOwnClassSearch: true },
      ],
      { reference, generationFeatures: features, batchSize: 4 },
    );
    assert.deepEqual(
      sheets.map((s) => s.tag),
      [`als_n${k}`, `afs_n${k}`, `als_n${k}_ownclass`, `afs_n${k}_ownclass`],
    );
    for (const sheet of sheets) {
      // afs through float32 generation features; the rest in float64 from float32 inputs.
      assertScores(
        sheet.scores,
        f.expected[sheet.tag] as number[],
        sheet.tag === `afs_n${k}` ? 1e-6 : 1e-9,
        sheet.tag,
      );
    }
    // Each needed reference latent generated once, in batches of at most 4.
    assert.ok(features.calls.every((n) => n <= 4));
    assert.ok(features.calls.reduce((a, b) => a + b, 0) <= f.reference.length);
    assert.equal(sheets[2]?.meta["neighbour_search"], "own class (the original's; uses the labels)");
    assert.equal(sheets[1]?.meta["reference"], "fixtures/set.json");
  });
});

test("scoreReconstructionSet() labels by the class map and leaves out other classes", async () => {
  await withSet(async (set) => {
    const { sheets, leftOut } = await scoreReconstructionSet(set, [{ method: "izif" }], {
      classMap: { MEL: 1 },
    });
    assert.equal(sheets[0]?.scores.length, 3);
    assert.deepEqual([...(sheets[0]?.labels ?? [])], [1, 1, 1]);
    assert.equal(leftOut.length, 4);
    assert.deepEqual(leftOut[0], { imageName: f.names[0], className: "NEV" });
    await assert.rejects(
      scoreReconstructionSet(set, [{ method: "izif" }], { classMap: { BKL: 0 } }),
      (e) =>
        isStatusError(e) &&
        e.code === 3 &&
        /has no image of the classes BKL \(its classes: NEV, MEL\)/.test(e.message),
    );
  });
});

test("scoreReconstructionSet() scores hue-spread on the input PNGs and reports throttled progress", async () => {
  await withSet(async (set) => {
    const seen: number[] = [];
    const { sheets } = await scoreReconstructionSet(set, [{ method: "hue-spread" }], {
      onProgress: (p) => seen.push(p.done),
      progressIntervalMs: 0,
    });
    assert.equal(sheets[0]?.tag, "hue-spread");
    assert.ok(sheets[0]?.scores.every((s) => s >= 0 && Number.isFinite(s)));
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 7]);
  });
});

test("scoreReconstructionSet() refuses what a score needs but lacks, and stops on abort", async () => {
  await withSet(async (set) => {
    await assert.rejects(scoreReconstructionSet(set, [{ method: "als" }]), /needs reference latents/);
    await assert.rejects(
      scoreReconstructionSet(set, [{ method: "afs" }], { reference }),
      /needs the features of generations/,
    );
    await assert.rejects(
      scoreReconstructionSet(set, [{ method: "als" }], {
        reference: { data: new Float32Array(6), rows: 2, cols: 3 },
      }),
      (e) => isStatusError(e) && /do not fit the set's latents of size '4'/.test(e.message),
    );
    await assert.rejects(
      scoreReconstructionSet(set, [{ method: "izif" }, { method: "izif", alpha: 1 }]),
      /asked for twice/,
    );
    const controller = new AbortController();
    controller.abort(new Error("stopped"));
    await assert.rejects(
      scoreReconstructionSet(set, [{ method: "izif" }], { signal: controller.signal }),
      /stopped/,
    );
  });
});

test("resolveScoreSpec() fills defaults, builds the tags and refuses options of other methods", () => {
  assert.equal(resolveScoreSpec({ method: "izif", alpha: 0.5 }).tag, "izif_a0.5");
  assert.equal(resolveScoreSpec({ method: "distance", metric: "cityblock" }).tag, "distance_manhattan_a1");
  assert.equal(resolveScoreSpec({ method: "pairwise", alpha: 0, kappa: 2 }).tag, "pairwise_a0_kappa2");
  assert.equal(resolveScoreSpec({ method: "afs" }).tag, "afs_n5");
  assert.equal(resolveScoreSpec({ method: "hue-spread" }).tag, "hue-spread");
  assert.equal(resolveScoreSpec({ method: "izif", centreSigma: 0.25 }).tag, "izif_a1_c0.25");
  assert.throws(
    () => resolveScoreSpec({ method: "distance", metric: "l1", centreSigma: 0.25 }),
    /Option 'centreSigma' does not apply to the 'distance' score \(only to izif, pairwise\)/,
  );
  assert.throws(
    () => resolveScoreSpec({ method: "izif", centreSigma: 0 }),
    /Centre sigma must be a finite number > 0/,
  );
  assert.throws(
    () => resolveScoreSpec({ method: "izif", metric: "cosine" }),
    /Option 'metric' does not apply to the 'izif' score/,
  );
  assert.throws(() => resolveScoreSpec({ method: "distance" }), /needs a metric/);
  assert.throws(() => resolveScoreSpec({ method: "izif", alpha: 0, kappa: 0 }), /must not both be 0/);
  assert.throws(() => resolveScoreSpec({ method: "izif", alpha: Number.NaN }), /Weight alpha/);
  assert.throws(
    () => resolveScoreSpec({ method: "als", neighbours: 0 }),
    /Neighbours must be a positive integer/,
  );
  assert.throws(() => resolveScoreSpec({ method: "iziff" as never }), /Unknown score method 'iziff'/);
});

test("specFromMeta() reads back the spec of every sheet scoreReconstructionSet() writes, with its source and extra meta", async () => {
  await withSet(async (set) => {
    const specs: ScoreSpec[] = [
      { method: "izif", alpha: 0.5 },
      { method: "pairwise", alpha: 0, kappa: 2 },
      { method: "pairwise", alpha: 1, centreSigma: 0.3 },
      { method: "distance", metric: "l1", alpha: 1 },
      { method: "distance", metric: "minkowski", p: 3 },
      { method: "als", neighbours: 2 },
      { method: "afs", neighbours: 3, originalOwnClassSearch: true },
      { method: "hue-spread" },
    ];
    const { sheets } = await scoreReconstructionSet(set, specs, {
      reference,
      setSource: "nats-obj://artifacts/reconstructions/j1/",
      meta: { produced_by: "scorer/j9", method: "not this one" },
    });
    for (const [k, sheet] of sheets.entries()) {
      assert.deepEqual(specFromMeta(sheet.meta), resolveScoreSpec(specs[k] as ScoreSpec), sheet.tag);
      assert.equal(sheet.meta["reconstruction_set"], "nats-obj://artifacts/reconstructions/j1/");
      assert.equal(sheet.meta["produced_by"], "scorer/j9");
    }
  });
  assert.throws(() => specFromMeta({}), /names no score method/);
  assert.throws(() => specFromMeta({ method: "izif", alpha: "x" }), /alpha 'x', not a number/);
});
