import assert from "node:assert/strict";
import { test } from "node:test";
import { type TrainingOptions, trainingConfig } from "./options.ts";

test("trainingConfig() fills train.py's --cfg=stylegan2 defaults", () => {
  const c = trainingConfig({ batch: 32 });
  assert.deepEqual(
    [c.cbase, c.cmax, c.mapDepth, c.mbstdGroup, c.glr, c.dlr, c.kimg, c.tick, c.snap],
    [32768, 512, 8, 4, 0.002, 0.002, 25000, 4, 50],
  );
  assert.deepEqual([c.aug, c.target, c.p, c.seed, c.mirror, c.batchGpu], ["ada", 0.6, 0.2, 0, false, 32]);
  assert.deepEqual(
    [c.generator.channelBase, c.generator.mappingLayers, c.discriminator.channelBase],
    [32768, 8, 32768],
  );
  // StyleGAN2-ADA's gamma heuristic, 0.0002 · 256² / 32.
  assert.equal(c.gamma, 0.4096);
  assert.equal(c.emaKimg, 10);
  assert.deepEqual([c.emaRampup, c.adaKimg], [0.05, 500]);
  const r = trainingConfig({ batch: 64, resumed: true });
  assert.deepEqual([r.emaRampup, r.adaKimg, r.emaKimg], [null, 100, 20]);
});

test("trainingConfig() keeps what it is given, fractions of kimg and tick included", () => {
  const c = trainingConfig({
    batch: 16,
    gamma: 0.8192,
    cbase: 16384,
    mapDepth: 2,
    glr: 0.0025,
    kimg: 0.2,
    tick: 0.1,
  });
  assert.deepEqual(
    [c.gamma, c.cbase, c.mapDepth, c.glr, c.kimg, c.tick],
    [0.8192, 16384, 2, 0.0025, 0.2, 0.1],
  );
});

test("trainingConfig() refuses negative, NaN and infinite values with a RangeError naming the option, never a default", () => {
  const bad: [Partial<TrainingOptions>, RegExp][] = [
    [{ kimg: -1 }, /^kimg must be a finite number > 0, got "-1"$/],
    [{ kimg: Number.NaN }, /^kimg must be a finite number > 0, got "NaN"$/],
    [{ kimg: Number.POSITIVE_INFINITY }, /^kimg must .*got "Infinity"$/],
    [{ tick: Number.NaN }, /^tick must .*got "NaN"$/],
    [{ tick: -0.5 }, /^tick must .*got "-0.5"$/],
    [{ glr: Number.NaN }, /^glr must/],
    [{ gamma: Number.NaN }, /^gamma must be a number >= 0, got "NaN"$/],
    [{ gamma: -1 }, /^gamma must/],
    [{ target: 1.5 }, /^target must be in \[0, 1\]/],
    [{ p: Number.NaN }, /^p must be in \[0, 1\]/],
    [{ emaKimg: Number.POSITIVE_INFINITY }, /^emaKimg must/],
    [{ seed: 2 ** 32 }, /^seed must be an integer in \[0, 2\^32\)/],
    [{ snap: 1.5 }, /^snap must be an integer >= 0/],
    [{ batch: 6 }, /^batch "6" must be a multiple of the minibatch-stddev group "4"$/],
    [{ batchGpu: 12 }, /^batch "32" must be a multiple of batchGpu "12"$/],
    [{ batchGpu: 2 }, /^batchGpu "2" must be a multiple of the minibatch-stddev group "4"$/],
    [{ cbase: 100, resolution: 256 }, /channelBase "100" leaves no channels/],
    [{ resolution: 100 }, /Resolution must be a power of two/],
    [{ aug: "sometimes" as "ada" }, /^aug must be "ada", "fixed" or "noaug"/],
    [{ cond: true }, /^cond \(class-conditional training\) is not supported$/],
    [{ freezed: 2 }, /^freezed "2" is not supported/],
    [{ metrics: ["fid50k_full"] }, /^metrics "fid50k_full" are not supported/],
    [{ desc: "a/b" }, /^desc "a\/b" may hold only/],
  ];
  for (const [over, message] of bad) {
    assert.throws(
      () => trainingConfig({ batch: 32, ...over }),
      (err: Error) => err instanceof RangeError && message.test(err.message),
      JSON.stringify(over),
    );
  }
  assert.equal(trainingConfig({ batch: 32, metrics: ["none"] }).batch, 32);
});

test("trainingConfig() checks batchGpu as train.py does", () => {
  assert.equal(trainingConfig({ batch: 32, gamma: 1 }).batchGpu, 32);
  assert.equal(trainingConfig({ batch: 32, gamma: 1, batchGpu: 8 }).batchGpu, 8);
  // Not a divisor of the batch; below the mbstd group; not whole mbstd groups; too few for the path length.
  assert.throws(() => trainingConfig({ batch: 32, gamma: 1, batchGpu: 12 }), RangeError);
  assert.throws(() => trainingConfig({ batch: 32, gamma: 1, batchGpu: 2 }), RangeError);
  assert.throws(() => trainingConfig({ batch: 36, gamma: 1, batchGpu: 6 }), RangeError);
  // A round of one image runs the path length on that image (train.py's half of it would be empty).
  assert.equal(trainingConfig({ batch: 4, gamma: 1, batchGpu: 1, mbstdGroup: 1 }).plBatchShrink, 1);
  assert.equal(trainingConfig({ batch: 4, gamma: 1, batchGpu: 2, mbstdGroup: 1 }).plBatchShrink, 2);
  assert.throws(
    () => trainingConfig({ batch: 4, gamma: 1, batchGpu: 1, mbstdGroup: 1, plBatchShrink: 2 }),
    RangeError,
  );
});
