import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CLIENT_TLS_ENV, clientTls, explainTlsInterceptor } from "@dermanomaly/contracts";
import { freePort } from "@dermanomaly/testing";
import * as grpc from "@grpc/grpc-js";
import {
  healthCheck,
  makeTestPki,
  packageDefinition,
  sleeperService,
  type TestPki,
  testConfig,
} from "./_testing.ts";
import { ConfigError, type ServiceConfig } from "./config.ts";
import { type RunningService, startService, unimplemented } from "./server.ts";
import { serverTls, serviceClientTls } from "./tls.ts";

let dir: string;
let pki: TestPki;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "dermanomaly-tls-"));
  pki = makeTestPki(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The problems of the ConfigError `fn` throws: the setting each names and its message. */
function problemsOf(fn: () => unknown): { name: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.problems.map((p) => ({ name: p.name, message: p.message }));
  }
  assert.fail("expected a ConfigError");
}

function tlsConfig(overrides: Partial<ServiceConfig>): ServiceConfig {
  return testConfig(overrides);
}

test("serverTls() serves plaintext with no certificate, TLS with one, mutual TLS with a client CA", () => {
  assert.equal(serverTls(tlsConfig({})).mode, "plaintext");
  const tls = { DERMANOMALY_GRPC_TLS_CERT: pki.serverCert, DERMANOMALY_GRPC_TLS_KEY: pki.serverKey };
  assert.equal(serverTls(tlsConfig(tls)).mode, "tls");
  assert.equal(serverTls(tlsConfig({ ...tls, DERMANOMALY_GRPC_TLS_CLIENT_CA: pki.ca })).mode, "mutual-tls");
});

test("serverTls() names the setting of a missing file, a folder, a file with no key and a key of another certificate", () => {
  const missing = join(dir, "nope.crt");
  const [p1] = problemsOf(() =>
    serverTls(tlsConfig({ DERMANOMALY_GRPC_TLS_CERT: missing, DERMANOMALY_GRPC_TLS_KEY: pki.serverKey })),
  );
  assert.equal(p1?.name, "DERMANOMALY_GRPC_TLS_CERT");
  assert.match(p1?.message ?? "", /DERMANOMALY_GRPC_TLS_CERT ".*nope\.crt" does not exist/);

  const folder = join(dir, "a-folder");
  mkdirSync(folder, { recursive: true });
  const [p2] = problemsOf(() =>
    serverTls(tlsConfig({ DERMANOMALY_GRPC_TLS_CERT: pki.serverCert, DERMANOMALY_GRPC_TLS_KEY: folder })),
  );
  assert.equal(p2?.name, "DERMANOMALY_GRPC_TLS_KEY");
  assert.match(p2?.message ?? "", /is a folder/);

  const garbage = join(dir, "garbage.key");
  writeFileSync(garbage, "not a key\n");
  const [p3] = problemsOf(() =>
    serverTls(tlsConfig({ DERMANOMALY_GRPC_TLS_CERT: pki.serverCert, DERMANOMALY_GRPC_TLS_KEY: garbage })),
  );
  assert.equal(p3?.name, "DERMANOMALY_GRPC_TLS_KEY");
  assert.match(p3?.message ?? "", /holds no PEM private key/);

  const [p4] = problemsOf(() =>
    serverTls(
      tlsConfig({ DERMANOMALY_GRPC_TLS_CERT: pki.serverCert, DERMANOMALY_GRPC_TLS_KEY: pki.clientKey }),
    ),
  );
  assert.equal(p4?.name, "DERMANOMALY_GRPC_TLS_KEY");
  assert.match(p4?.message ?? "", /is not the private key of the certificate in DERMANOMALY_GRPC_TLS_CERT/);

  const [p5] = problemsOf(() =>
    serverTls(
      tlsConfig({ DERMANOMALY_GRPC_TLS_CERT: pki.serverKey, DERMANOMALY_GRPC_TLS_KEY: pki.serverKey }),
    ),
  );
  assert.equal(p5?.name, "DERMANOMALY_GRPC_TLS_CERT");
  assert.match(p5?.message ?? "", /holds no PEM certificate/);
});

test("serverTls() refuses half a key pair, and a client CA without the server's own certificate", () => {
  assert.equal(
    problemsOf(() => serverTls(tlsConfig({ DERMANOMALY_GRPC_TLS_CERT: pki.serverCert })))[0]?.name,
    "DERMANOMALY_GRPC_TLS_KEY",
  );
  assert.equal(
    problemsOf(() => serverTls(tlsConfig({ DERMANOMALY_GRPC_TLS_CLIENT_CA: pki.ca })))[0]?.name,
    "DERMANOMALY_GRPC_TLS_CERT",
  );
});

test("serviceClientTls() checks the client settings a stage calls others with, naming the bad one", () => {
  assert.equal(serviceClientTls(tlsConfig({})).secure, false);
  const mutual = serviceClientTls(
    tlsConfig({
      [CLIENT_TLS_ENV.ca]: pki.ca,
      [CLIENT_TLS_ENV.cert]: pki.clientCert,
      [CLIENT_TLS_ENV.key]: pki.clientKey,
    }),
  );
  assert.deepEqual([mutual.secure, mutual.mutual], [true, true]);
  const [p] = problemsOf(() =>
    serviceClientTls(tlsConfig({ [CLIENT_TLS_ENV.ca]: join(dir, "missing-ca.crt") })),
  );
  assert.equal(p?.name, CLIENT_TLS_ENV.ca);
  const [q] = problemsOf(() => serviceClientTls(tlsConfig({ [CLIENT_TLS_ENV.cert]: pki.clientCert })));
  assert.equal(q?.name, CLIENT_TLS_ENV.cert);
});

const Sleeper = grpc.makeGenericClientConstructor(sleeperService, "SleeperService");

/** Calls Sleep(0) with the client TLS settings `env`, through the interceptor every project client has. */
function sleepOnce(address: string, env: Record<string, string>): Promise<grpc.ServiceError | null> {
  const tls = clientTls({ env });
  const client = new Sleeper(address, tls.credentials, {
    ...tls.channelOptions,
    interceptors: [explainTlsInterceptor(tls)],
  }) as unknown as grpc.Client & {
    Sleep(r: unknown, o: grpc.CallOptions, cb: (err: grpc.ServiceError | null) => void): void;
  };
  return new Promise((resolve) =>
    client.Sleep({ ms: 0 }, { deadline: Date.now() + 5000 }, (err) => {
      client.close();
      resolve(err);
    }),
  );
}

async function startSleeper(overrides: Partial<ServiceConfig>): Promise<RunningService> {
  const svc = await startService({
    name: "sleeper",
    packageDefinition,
    service: sleeperService,
    handlers: {
      Sleep: () => ({ sleptMs: 0 }),
      ...unimplemented("SleeperService", [
        "StartSleep",
        "Fail",
        "Ticks",
        "Later",
        "Echo",
        "Watch",
        "Cancel",
        "GetJob",
      ]),
    },
    config: testConfig({ DERMANOMALY_GRPC_HEALTH_PORT: 0, ...overrides }),
    handleSignals: false,
  });
  svc.ready();
  return svc;
}

test("a mutual-TLS service answers a client with a certificate and refuses one without, or one from another CA", async () => {
  const svc = await startSleeper({
    DERMANOMALY_GRPC_TLS_CERT: pki.serverCert,
    DERMANOMALY_GRPC_TLS_KEY: pki.serverKey,
    DERMANOMALY_GRPC_TLS_CLIENT_CA: pki.ca,
  });
  try {
    assert.equal(svc.tls, "mutual-tls");
    const address = `localhost:${svc.port}`;
    const ca = { [CLIENT_TLS_ENV.ca]: pki.ca };
    assert.equal(
      await sleepOnce(address, {
        ...ca,
        [CLIENT_TLS_ENV.cert]: pki.clientCert,
        [CLIENT_TLS_ENV.key]: pki.clientKey,
      }),
      null,
    );

    const noCert = await sleepOnce(address, ca);
    assert.equal(noCert?.code, grpc.status.UNAVAILABLE);
    assert.match(
      noCert?.details ?? "",
      /^TLS: the server requires a client certificate \(mutual TLS\): set DERMANOMALY_GRPC_TLS_CLIENT_CERT/,
    );

    const stranger = await sleepOnce(address, {
      ...ca,
      [CLIENT_TLS_ENV.cert]: pki.strangerCert,
      [CLIENT_TLS_ENV.key]: pki.strangerKey,
    });
    assert.equal(stranger?.code, grpc.status.UNAVAILABLE);
    assert.match(
      stranger?.details ?? "",
      /^TLS: .*refuses the client certificate \(DERMANOMALY_GRPC_TLS_CLIENT_CERT must/,
    );

    const plaintext = await sleepOnce(address, {});
    assert.equal(plaintext?.code, grpc.status.UNAVAILABLE);
  } finally {
    await svc.stop();
  }
});

test("a TLS client names the fix when the server's certificate is from another CA, or for another host", async () => {
  const svc = await startSleeper({
    DERMANOMALY_GRPC_TLS_CERT: pki.serverCert,
    DERMANOMALY_GRPC_TLS_KEY: pki.serverKey,
  });
  try {
    const wrongCa = await sleepOnce(`localhost:${svc.port}`, { [CLIENT_TLS_ENV.ca]: pki.otherCa });
    assert.equal(wrongCa?.code, grpc.status.UNAVAILABLE);
    assert.match(
      wrongCa?.details ?? "",
      /^TLS: the server's certificate is not signed by the CA in DERMANOMALY_GRPC_TLS_CA/,
    );

    // The certificate names localhost and 127.0.0.1; a server name override lets any dialled address through.
    const named = await sleepOnce(`127.0.0.1:${svc.port}`, {
      [CLIENT_TLS_ENV.ca]: pki.ca,
      [CLIENT_TLS_ENV.serverName]: "localhost",
    });
    assert.equal(named, null);
    const otherName = await sleepOnce(`127.0.0.1:${svc.port}`, {
      [CLIENT_TLS_ENV.ca]: pki.ca,
      [CLIENT_TLS_ENV.serverName]: "scorer.dermanomaly.svc",
    });
    assert.match(
      otherName?.details ?? "",
      /^TLS: the server's certificate does not carry the host name dialled/,
    );
  } finally {
    await svc.stop();
  }
});

test("a TLS client calling a plaintext server is told the server does not speak TLS", async () => {
  const svc = await startSleeper({});
  try {
    const err = await sleepOnce(`localhost:${svc.port}`, { [CLIENT_TLS_ENV.ca]: pki.ca });
    assert.equal(err?.code, grpc.status.UNAVAILABLE);
    assert.match(err?.details ?? "", /^TLS: the server does not speak TLS: unset DERMANOMALY_GRPC_TLS_CA/);
  } finally {
    await svc.stop();
  }
});

test("the plaintext health port answers health alone while the service's own port requires mutual TLS", async () => {
  const healthPort = await freePort();
  const tls = await startSleeper({
    DERMANOMALY_GRPC_TLS_CERT: pki.serverCert,
    DERMANOMALY_GRPC_TLS_KEY: pki.serverKey,
    DERMANOMALY_GRPC_TLS_CLIENT_CA: pki.ca,
    DERMANOMALY_GRPC_HEALTH_PORT: healthPort,
  });
  try {
    assert.equal(tls.healthPort, healthPort);
    const plain = `127.0.0.1:${healthPort}`;
    assert.equal(await healthCheck(plain, ""), "SERVING");
    assert.equal(await healthCheck(plain, "dermanomaly.test.SleeperService"), "SERVING");
    // The health port serves nothing else.
    const err = await sleepOnce(plain, {});
    assert.equal(err?.code, grpc.status.UNIMPLEMENTED);
    tls.notReady();
    assert.equal(await healthCheck(plain, "dermanomaly.test.SleeperService"), "NOT_SERVING");
  } finally {
    await tls.stop();
  }
});
