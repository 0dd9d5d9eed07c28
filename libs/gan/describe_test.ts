import assert from "node:assert/strict";
import { test } from "node:test";
import { discriminatorConfig, generatorConfig, numWs } from "./config.ts";
import { describeDiscriminator, describeGenerator, trainableCount } from "./describe.ts";

test("describeGenerator() gives NVIDIA's 23,191,522 trainable parameters and 132 entries at 256/cbase 16384/map 2", () => {
  const specs = describeGenerator(generatorConfig({ resolution: 256, channelBase: 16384, channelMax: 512 }));
  assert.equal(trainableCount(specs), 23_191_522);
  assert.equal(specs.length, 132);
  const buffers = specs.filter((s) => !s.trainable).reduce((a, s) => a + s.count, 0);
  assert.equal(buffers, 175_568);
  assert.equal(numWs(256), 14);
  const mapping = specs.filter((s) => s.name.startsWith("mapping.") && s.trainable);
  assert.equal(trainableCount(mapping), 525_312);
});

test("describeGenerator() matches the other published counts (map-depth 8, cbase 32768)", () => {
  assert.equal(trainableCount(describeGenerator(generatorConfig({ mappingLayers: 8 }))), 24_767_458);
  assert.equal(
    trainableCount(describeGenerator(generatorConfig({ mappingLayers: 8, channelBase: 32768 }))),
    30_034_338,
  );
});

test("describeGenerator() lists names, shapes and order like NVIDIA's state_dict", () => {
  const specs = describeGenerator(generatorConfig());
  const names = specs.map((s) => s.name);
  assert.deepEqual(names.slice(0, 13), [
    "synthesis.b4.const",
    "synthesis.b4.resample_filter",
    "synthesis.b4.conv1.weight",
    "synthesis.b4.conv1.noise_strength",
    "synthesis.b4.conv1.bias",
    "synthesis.b4.conv1.resample_filter",
    "synthesis.b4.conv1.noise_const",
    "synthesis.b4.conv1.affine.weight",
    "synthesis.b4.conv1.affine.bias",
    "synthesis.b4.torgb.weight",
    "synthesis.b4.torgb.bias",
    "synthesis.b4.torgb.affine.weight",
    "synthesis.b4.torgb.affine.bias",
  ]);
  assert.deepEqual(names.slice(-5), [
    "mapping.w_avg",
    "mapping.fc0.weight",
    "mapping.fc0.bias",
    "mapping.fc1.weight",
    "mapping.fc1.bias",
  ]);
  const shape = (n: string) => specs.find((s) => s.name === n)?.shape;
  assert.deepEqual(shape("synthesis.b256.conv0.weight"), [64, 128, 3, 3]);
  assert.deepEqual(shape("synthesis.b128.conv0.affine.weight"), [256, 512]);
  assert.deepEqual(shape("synthesis.b64.torgb.weight"), [3, 256, 1, 1]);
  assert.deepEqual(shape("synthesis.b256.conv1.noise_const"), [256, 256]);
  assert.deepEqual(shape("synthesis.b4.conv1.noise_strength"), []);
});

test("describeGenerator() adds the label embedding when conditional", () => {
  const specs = describeGenerator(generatorConfig({ cDim: 10 }));
  const shape = (n: string) => specs.find((s) => s.name === n)?.shape;
  assert.deepEqual(shape("mapping.embed.weight"), [512, 10]);
  assert.deepEqual(shape("mapping.fc0.weight"), [512, 1024]);
});

test("describeDiscriminator() gives NVIDIA's 24,001,089 parameters and 64 entries at 256/cbase 16384", () => {
  const specs = describeDiscriminator(discriminatorConfig());
  assert.equal(trainableCount(specs), 24_001_089);
  assert.equal(specs.length, 64);
  assert.equal(
    trainableCount(describeDiscriminator(discriminatorConfig({ channelBase: 32768 }))),
    28_864_129,
  );
  const shape = (n: string) => specs.find((s) => s.name === n)?.shape;
  assert.deepEqual(shape("b256.fromrgb.weight"), [64, 3, 1, 1]);
  assert.deepEqual(shape("b128.conv1.weight"), [256, 128, 3, 3]);
  assert.deepEqual(shape("b8.skip.weight"), [512, 512, 1, 1]);
  assert.equal(shape("b8.skip.bias"), undefined);
  assert.deepEqual(shape("b4.conv.weight"), [512, 513, 3, 3]);
  assert.deepEqual(shape("b4.fc.weight"), [512, 8192]);
  assert.deepEqual(shape("b4.out.weight"), [1, 512]);
  assert.deepEqual(
    specs.slice(-7).map((s) => s.name),
    [
      "b4.conv.weight",
      "b4.conv.bias",
      "b4.conv.resample_filter",
      "b4.fc.weight",
      "b4.fc.bias",
      "b4.out.weight",
      "b4.out.bias",
    ],
  );
});

test("describeDiscriminator() adds an 8-layer label mapping and a cmap-sized output when conditional", () => {
  const specs = describeDiscriminator(discriminatorConfig({ cDim: 10 }));
  const shape = (n: string) => specs.find((s) => s.name === n)?.shape;
  assert.deepEqual(shape("mapping.embed.weight"), [512, 10]);
  assert.deepEqual(shape("mapping.fc7.weight"), [512, 512]);
  assert.equal(shape("mapping.w_avg"), undefined);
  assert.deepEqual(shape("b4.out.weight"), [512, 512]);
});

test("config validation rejects a resolution that is not a power of two", () => {
  assert.throws(() => generatorConfig({ resolution: 300 }), RangeError);
  assert.throws(() => discriminatorConfig({ resolution: 2048 }), RangeError);
});
