import assert from "node:assert/strict";
import { test } from "node:test";
import { freePort, startNatsServer } from "@dermanomaly/testing";
import { createLogger } from "./log.ts";
import { connectNats } from "./nats.ts";

test("connectNats() connects through a comma-separated list, skipping servers that are down", async () => {
  const nats = await startNatsServer();
  const lines: string[] = [];
  const log = createLogger("t", { write: (l) => void lines.push(l) });
  try {
    const down = `nats://127.0.0.1:${await freePort()}`;
    const nc = await connectNats(`${down}, ${nats.url}`, { name: "t", log });
    assert.equal(nc.getServer(), `127.0.0.1:${nats.port}`);
    await nc.close();
    assert.ok(lines.some((l) => JSON.parse(l).msg === "Connected to NATS"));
  } finally {
    await nats.stop();
  }
});

test("connectNats() fails when no server answers", async () => {
  await assert.rejects(
    connectNats(`nats://127.0.0.1:${await freePort()}`, { log: createLogger("t", { level: "silent" }) }),
  );
});
