// TLS and credentials between processes, with the certificates deploy/tls/make-certs.sh makes: a stage serving
// mutual TLS to a client in another process, the client refused without a certificate, and stages that stop at
// start, naming the setting, when a certificate, a key or NATS credentials are wrong.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { checkServerIdentity } from "node:tls";
import { checkHealth } from "@dermanomaly/client";
import { CLIENT_TLS_ENV, Code, createClient, type Progress__Output, SERVICES } from "@dermanomaly/contracts";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { type Certificates, makeCertificates, startFailingService, startServiceProcess } from "./_service.ts";
import { DEPLOY_DIR, renderKustomization } from "./kustomize.ts";

let certs: Certificates;
let nats: NatsServer;

before(async () => {
  certs = makeCertificates();
  nats = await startNatsServer();
});
after(async () => {
  await nats?.stop();
  if (certs) rmSync(certs.dir, { recursive: true, force: true });
});

/** The settings a deployed stage gets (deploy/k8s/base/config.yaml), pointing at the test's certificates. */
function mutualTlsEnv(): Record<string, string> {
  return {
    DERMANOMALY_GRPC_TLS_CERT: certs.serviceCert,
    DERMANOMALY_GRPC_TLS_KEY: certs.serviceKey,
    DERMANOMALY_GRPC_TLS_CLIENT_CA: certs.ca,
    [CLIENT_TLS_ENV.ca]: certs.ca,
    [CLIENT_TLS_ENV.cert]: certs.serviceCert,
    [CLIENT_TLS_ENV.key]: certs.serviceKey,
  };
}

/** A failed call's status, as grpc-js reports it. */
interface CallError {
  code: number;
  details: string;
}

function getJob(
  client: ReturnType<typeof createClient<"preprocess">>,
): Promise<CallError | Progress__Output> {
  return new Promise((resolve) =>
    client.getJob(
      { id: "no-such-job", service: "preprocess" },
      { deadline: Date.now() + 10_000 },
      (err, res) => {
        client.close();
        resolve(err ?? res!);
      },
    ),
  );
}

test("a stage serves mutual TLS to a client in another process, and refuses a client without a certificate", async () => {
  const service = await startServiceProcess("preprocess", { natsUrl: nats.url, env: mutualTlsEnv() });
  try {
    assert.match(service.output(), /"tls":"mutual-tls"/);
    const cli = {
      [CLIENT_TLS_ENV.ca]: certs.ca,
      [CLIENT_TLS_ENV.cert]: certs.clientCert,
      [CLIENT_TLS_ENV.key]: certs.clientKey,
    };

    // The call reaches the service's handler over mutual TLS: the job is unknown there.
    const answer = (await getJob(createClient("preprocess", service.address, { env: cli }))) as CallError;
    assert.equal(answer.code, Code.NOT_FOUND, answer.details);
    assert.equal(
      await checkHealth(service.address, { env: cli, service: SERVICES.preprocess.serviceName }),
      "SERVING",
    );

    // Without a client certificate the handshake is refused: UNAVAILABLE, saying what to set.
    const { [CLIENT_TLS_ENV.cert]: _c, [CLIENT_TLS_ENV.key]: _k, ...noCert } = cli;
    const refused = (await getJob(createClient("preprocess", service.address, { env: noCert }))) as CallError;
    assert.equal(refused.code, Code.UNAVAILABLE);
    assert.match(
      refused.details,
      /^TLS: the server requires a client certificate \(mutual TLS\): set DERMANOMALY_GRPC_TLS_CLIENT_CERT and DERMANOMALY_GRPC_TLS_CLIENT_KEY/,
    );
    let cause = "";
    assert.equal(
      await checkHealth(service.address, {
        env: noCert,
        onUnreachable: (why) => {
          cause = why;
        },
      }),
      "UNREACHABLE",
    );
    assert.match(cause, /requires a client certificate/);

    // A plaintext client gets nothing from the TLS port, while the health-only port answers probes in plaintext.
    const plaintext = (await getJob(createClient("preprocess", service.address, { env: {} }))) as CallError;
    assert.equal(plaintext.code, Code.UNAVAILABLE);
    assert.equal(await checkHealth(service.healthAddress, { env: {} }), "SERVING");
  } finally {
    await service.stop();
  }
});

test("a stage stops at start naming the setting of a missing certificate, or a key it cannot use", async () => {
  const missing = await startFailingService("preprocess", {
    natsUrl: nats.url,
    env: { ...mutualTlsEnv(), DERMANOMALY_GRPC_TLS_CERT: join(certs.dir, "missing.crt") },
  });
  assert.notEqual(missing.code, 0);
  assert.match(missing.output, /DERMANOMALY_GRPC_TLS_CERT ".*missing\.crt" does not exist/);

  // A key the service cannot use: a folder where the file should be, then a file that holds no key.
  const folder = join(certs.dir, "key-folder");
  mkdirSync(folder, { recursive: true });
  const notAKey = join(certs.dir, "not-a.key");
  writeFileSync(notAKey, readFileSync(certs.ca));
  for (const [key, message] of [
    [folder, /DERMANOMALY_GRPC_TLS_KEY ".*key-folder" is a folder/],
    [notAKey, /DERMANOMALY_GRPC_TLS_KEY ".*not-a\.key" holds no PEM private key/],
  ] as const) {
    const exit = await startFailingService("preprocess", {
      natsUrl: nats.url,
      env: { ...mutualTlsEnv(), DERMANOMALY_GRPC_TLS_KEY: key },
    });
    assert.notEqual(exit.code, 0);
    assert.match(exit.output, message);
    assert.doesNotMatch(exit.output, /^Started$/m, "it stops before serving anything");
  }
});

test("a stage stops at start naming the NATS settings when NATS refuses its credentials", async () => {
  const dir = join(certs.dir, "nats-users");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "nats.conf"),
    'authorization { users: [ { user: dermanomaly, password: "right" } ] }\n',
  );
  const secured = await startNatsServer({ args: ["-c", join(dir, "nats.conf")] });
  try {
    const exit = await startFailingService("preprocess", {
      natsUrl: secured.url,
      env: { DERMANOMALY_NATS_USER: "dermanomaly", DERMANOMALY_NATS_PASSWORD: "wrong" },
    });
    assert.notEqual(exit.code, 0);
    assert.match(
      exit.output,
      /DERMANOMALY_NATS_USER and DERMANOMALY_NATS_PASSWORD \(Authorization Violation\): check them/i,
    );
    const service = await startServiceProcess("preprocess", {
      natsUrl: secured.url,
      env: { DERMANOMALY_NATS_USER: "dermanomaly", DERMANOMALY_NATS_PASSWORD: "right" },
    });
    await service.stop();
  } finally {
    await secured.stop();
  }
});

test("the certificates of make-certs.sh carry every host the manifests dial, and the right key usages", () => {
  const service = new X509Certificate(readFileSync(certs.serviceCert));
  const nats = new X509Certificate(readFileSync(certs.natsCert));
  const client = new X509Certificate(readFileSync(certs.clientCert));
  const ca = new X509Certificate(readFileSync(certs.ca));
  for (const cert of [service, nats, client]) assert.ok(cert.verify(ca.publicKey), "signed by the CA");
  const identity = (cert: X509Certificate, host: string) =>
    checkServerIdentity(host, { subject: {}, subjectaltname: cert.subjectAltName ?? "" } as never);

  const config = renderKustomization(join(DEPLOY_DIR, "k8s", "base")).find((r) => r.kind === "ConfigMap")!;
  const data = config["data"] as Record<string, string>;
  for (const name of Object.keys(SERVICES) as (keyof typeof SERVICES)[]) {
    const host = data[SERVICES[name].endpointEnv]?.split(":")[0];
    assert.ok(host, `the ConfigMap gives ${SERVICES[name].endpointEnv}`);
    assert.equal(identity(service, host), undefined, `the services' certificate names ${host}`);
  }
  assert.equal(identity(service, "localhost"), undefined, "and localhost, for a port-forward");
  assert.equal(identity(nats, new URL(data["DERMANOMALY_NATS_URL"]!).hostname), undefined);
  assert.equal(
    identity(nats, "nats-1.nats-headless.dermanomaly.svc.cluster.local"),
    undefined,
    "the routes' names",
  );

  // One certificate serves and calls (mutual TLS between stages); a user's only calls.
  const [SERVER_AUTH, CLIENT_AUTH] = ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"];
  assert.deepEqual([...(service.keyUsage ?? [])].sort(), [SERVER_AUTH, CLIENT_AUTH].sort());
  assert.deepEqual(nats.keyUsage?.includes(SERVER_AUTH), true);
  assert.deepEqual(client.keyUsage, [CLIENT_AUTH]);
});
