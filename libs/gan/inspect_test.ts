import assert from "node:assert/strict";
import { before, test } from "node:test";
import { tf } from "./_tf.ts";
import { discriminatorConfig, generatorConfig } from "./config.ts";
import { Discriminator } from "./discriminator.ts";
import { inspect } from "./inspect.ts";

before(async () => {
  await tf.setBackend("cpu");
});

test("inspect(config) reports NVIDIA's totals at 256 without building the networks", () => {
  const g = inspect(generatorConfig());
  assert.equal(g.network, "generator");
  assert.deepEqual(g.totals, { parameters: 23_191_522, buffers: 175_568, tensors: 132 });
  assert.deepEqual(g.rows[0], {
    name: "synthesis.b4.const",
    shape: [512, 4, 4],
    count: 8192,
    trainable: true,
  });
  const d = inspect(discriminatorConfig());
  assert.equal(d.network, "discriminator");
  assert.equal(d.totals.parameters, 24_001_089);
  assert.equal(d.totals.tensors, 64);
});

test("inspect(stateDict) agrees with inspect(config) and tells buffers from parameters by name", () => {
  const config = discriminatorConfig({ resolution: 16, channelBase: 64, channelMax: 8 });
  const d = new Discriminator(config);
  assert.deepEqual(inspect(d.stateDict()), inspect(config));
  d.dispose();
  assert.equal(inspect(new Map()).network, "unknown");
});
