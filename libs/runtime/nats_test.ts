import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { freePort, type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { nkeys } from "@nats-io/transport-node";
import { makeTestPki } from "./_testing.ts";
import { ConfigError } from "./config.ts";
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

/** A nats-server started with `conf` (a nats.conf fragment) on a free loopback port. */
async function natsWith(conf: string): Promise<NatsServer & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "dermanomaly-nats-conf-"));
  writeFileSync(join(dir, "nats.conf"), conf);
  const server = await startNatsServer({ args: ["-c", join(dir, "nats.conf")] });
  return {
    ...server,
    dir,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const silent = () => createLogger("t", { level: "silent" });

/** The ConfigError `promise` rejects with: the setting its first problem names, and its message. */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.problems.length, 1);
    return err.problems[0]!;
  }
  assert.fail("expected the connection to be refused");
}

test("connectNats() signs in with user and password, and a wrong password stops it naming the settings", async () => {
  const nats = await natsWith(`authorization { users: [ { user: svc, password: s3cret } ] }`);
  try {
    const nc = await connectNats(nats.url, {
      log: silent(),
      config: { DERMANOMALY_NATS_USER: "svc", DERMANOMALY_NATS_PASSWORD: "s3cret" },
    });
    await nc.close();

    const wrong = await refusal(
      connectNats(nats.url, {
        log: silent(),
        config: { DERMANOMALY_NATS_USER: "svc", DERMANOMALY_NATS_PASSWORD: "guess" },
      }),
    );
    assert.equal(wrong.name, "DERMANOMALY_NATS_USER");
    assert.match(
      wrong.message,
      /refused the credentials of DERMANOMALY_NATS_USER and DERMANOMALY_NATS_PASSWORD/,
    );
    assert.match(wrong.message, /authorization violation/i);

    const none = await refusal(connectNats(nats.url, { log: silent() }));
    assert.match(
      none.message,
      /requires credentials .*set DERMANOMALY_NATS_USER and DERMANOMALY_NATS_PASSWORD/,
    );
  } finally {
    await nats.stop();
  }
});

test("connectNats() signs in with a token or an NKey seed file; an unusable seed file is named", async () => {
  const user = nkeys.createUser();
  const seedFile = join(tmpdir(), `dermanomaly-seed-${process.pid}.nk`);
  writeFileSync(seedFile, `${new TextDecoder().decode(user.getSeed())}\n`);
  const nats = await natsWith(`authorization { users: [ { nkey: ${user.getPublicKey()} } ] }`);
  const tokenNats = await natsWith(`authorization { token: "t0ken" }`);
  try {
    await (
      await connectNats(nats.url, { log: silent(), config: { DERMANOMALY_NATS_NKEY_FILE: seedFile } })
    ).close();
    await (
      await connectNats(tokenNats.url, { log: silent(), config: { DERMANOMALY_NATS_TOKEN: "t0ken" } })
    ).close();
    const badToken = await refusal(
      connectNats(tokenNats.url, { log: silent(), config: { DERMANOMALY_NATS_TOKEN: "nope" } }),
    );
    assert.equal(badToken.name, "DERMANOMALY_NATS_TOKEN");

    writeFileSync(seedFile, "not a seed\n");
    const badSeed = await refusal(
      connectNats(nats.url, { log: silent(), config: { DERMANOMALY_NATS_NKEY_FILE: seedFile } }),
    );
    assert.equal(badSeed.name, "DERMANOMALY_NATS_NKEY_FILE");
    assert.match(badSeed.message, /holds no NKey seed/);

    const missing = await refusal(
      connectNats(nats.url, {
        log: silent(),
        config: { DERMANOMALY_NATS_CREDS_FILE: `${seedFile}.missing` },
      }),
    );
    assert.equal(missing.name, "DERMANOMALY_NATS_CREDS_FILE");
    assert.match(missing.message, /does not exist/);
  } finally {
    rmSync(seedFile, { force: true });
    await nats.stop();
    await tokenNats.stop();
  }
});

test("connectNats() refuses two kinds of credentials at once, and half a user/password pair", async () => {
  await assert.rejects(
    connectNats("nats://127.0.0.1:1", {
      log: silent(),
      config: { DERMANOMALY_NATS_USER: "a", DERMANOMALY_NATS_PASSWORD: "b", DERMANOMALY_NATS_TOKEN: "t" },
    }),
    (err: ConfigError) =>
      /more than one way/.test(err.message) && err.problems[0]?.name === "DERMANOMALY_NATS_TOKEN",
  );
  await assert.rejects(
    connectNats("nats://127.0.0.1:1", { log: silent(), config: { DERMANOMALY_NATS_USER: "a" } }),
    (err: ConfigError) => err.problems[0]?.name === "DERMANOMALY_NATS_PASSWORD",
  );
});

test("connectNats() speaks TLS with the configured CA and client certificate; without the CA it names the setting", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dermanomaly-nats-tls-"));
  const pki = makeTestPki(dir);
  const nats = await natsWith(
    `tls { cert_file: "${pki.serverCert}", key_file: "${pki.serverKey}", ca_file: "${pki.ca}", verify: true }`,
  );
  try {
    const url = `tls://localhost:${nats.port}`;
    const nc = await connectNats(url, {
      log: silent(),
      config: {
        DERMANOMALY_NATS_TLS_CA: pki.ca,
        DERMANOMALY_NATS_TLS_CERT: pki.clientCert,
        DERMANOMALY_NATS_TLS_KEY: pki.clientKey,
      },
    });
    await nc.close();

    const untrusted = await refusal(connectNats(url, { log: silent() }));
    assert.equal(untrusted.name, "DERMANOMALY_NATS_TLS_CA");
    assert.match(untrusted.message, /TLS handshake with NATS at "tls:\/\/localhost:\d+" failed/);

    // The server verifies clients: without a certificate, or with one from another CA, the connection is refused.
    const noCert = await refusal(
      connectNats(url, { log: silent(), timeoutMs: 1500, config: { DERMANOMALY_NATS_TLS_CA: pki.ca } }),
    );
    assert.equal(noCert.name, "DERMANOMALY_NATS_TLS_CERT");
    assert.match(
      noCert.message,
      /requires a client certificate .*set DERMANOMALY_NATS_TLS_CERT and DERMANOMALY_NATS_TLS_KEY/,
    );
    const stranger = await refusal(
      connectNats(url, {
        log: silent(),
        timeoutMs: 1500,
        config: {
          DERMANOMALY_NATS_TLS_CA: pki.ca,
          DERMANOMALY_NATS_TLS_CERT: pki.strangerCert,
          DERMANOMALY_NATS_TLS_KEY: pki.strangerKey,
        },
      }),
    );
    assert.match(stranger.message, /refused the client certificate of DERMANOMALY_NATS_TLS_CERT/);
  } finally {
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
