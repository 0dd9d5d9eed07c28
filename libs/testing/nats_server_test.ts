import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { test } from "node:test";
import { freePorts, startNatsServer } from "./mod.ts";

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

test("startNatsServer() serves on a free loopback port and removes its store on stop", async () => {
  const nats = await startNatsServer();
  assert.match(nats.url, /^nats:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(await canConnect(nats.port), true);
  assert.equal(existsSync(nats.storeDir), true);
  await nats.stop();
  assert.equal(await canConnect(nats.port), false);
  assert.equal(existsSync(nats.storeDir), false);
});

test("startNatsServer() reports a missing executable with an install hint", async () => {
  await assert.rejects(
    startNatsServer({ command: "/nonexistent/nats-server" }),
    /apt-get install -y nats-server/,
  );
});

test("freePorts() gives as many distinct loopback ports as asked, each one a server can listen on", async () => {
  const ports = await freePorts(16);
  assert.equal(new Set(ports).size, 16);
  const { createServer } = await import("node:net");
  const servers = await Promise.all(
    ports.map(
      (port) =>
        new Promise<import("node:net").Server>((resolve, reject) => {
          const srv = createServer().once("error", reject);
          srv.listen(port, "127.0.0.1", () => resolve(srv));
        }),
    ),
  );
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});
