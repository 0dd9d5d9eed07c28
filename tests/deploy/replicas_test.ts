// The cluster overlays' NATS settings against a real 3-server JetStream cluster: every stage started as its own
// process with the overlay's DERMANOMALY_NATS_REPLICAS and artifact store, then every stream, KV bucket and object
// store the code created must keep that many copies, and the stream and consumer KEDA watches must exist.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { SERVICE_NAMES } from "@dermanomaly/contracts";
import { freePorts, type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { type ServiceProcess, startServiceProcess } from "./_service.ts";
import { DEPLOY_DIR, renderKustomization } from "./kustomize.ts";

let dir: string;
let servers: NatsServer[] = [];
let monitors: number[] = [];
let urls: string;

/** A stream as the servers' monitoring endpoint (/jsz, which KEDA reads too) reports it. */
interface StreamDetail {
  name: string;
  config: { num_replicas: number; retention: string };
  consumer_detail?: { name: string; config: { durable_name?: string } }[];
}

/** Every stream of the cluster, from each server's /jsz (a server lists the streams it keeps a copy of). */
async function streams(): Promise<Map<string, StreamDetail>> {
  const out = new Map<string, StreamDetail>();
  for (const port of monitors) {
    const res = await fetch(
      `http://127.0.0.1:${port}/jsz?accounts=true&streams=true&consumers=true&config=true`,
    );
    const jsz = (await res.json()) as { account_details?: { stream_detail?: StreamDetail[] }[] };
    for (const account of jsz.account_details ?? []) {
      for (const stream of account.stream_detail ?? []) out.set(stream.name, stream);
    }
  }
  return out;
}

/** Three nats-servers with JetStream, routed to each other on loopback, as the Helm chart's StatefulSet runs them. */
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "dermanomaly-cluster-"));
  const ports = await freePorts(6);
  const routes = ports.slice(0, 3);
  monitors = ports.slice(3);
  servers = await Promise.all(
    routes.map((port, i) => {
      const conf = join(dir, `nats-${i}.conf`);
      writeFileSync(
        conf,
        `server_name: nats-${i}\ncluster { name: dermanomaly, listen: 127.0.0.1:${port}, routes: [${routes
          .map((p) => `nats-route://127.0.0.1:${p}`)
          .join(", ")}] }\n`,
      );
      return startNatsServer({
        storeDir: join(dir, `store-${i}`),
        args: ["-c", conf, "-m", String(monitors[i])],
      });
    }),
  );
  urls = servers.map((s) => s.url).join(",");
  // JetStream places three copies once every server knows the meta leader of three peers (the leader itself also
  // lists its two followers as current).
  const until = Date.now() + 60_000;
  for (;;) {
    const metas = await Promise.all(
      monitors.map(async (port) => {
        const res = await fetch(`http://127.0.0.1:${port}/jsz`);
        return (
          (await res.json()) as {
            meta_cluster?: { leader?: string; cluster_size?: number; replicas?: { current: boolean }[] };
          }
        ).meta_cluster;
      }),
    );
    const ready = metas.every(
      (m) =>
        m?.leader !== undefined &&
        m.cluster_size === 3 &&
        (m.replicas === undefined || (m.replicas.length === 2 && m.replicas.every((r) => r.current))),
    );
    if (ready && metas.some((m) => m?.replicas !== undefined)) break;
    if (Date.now() > until) throw new Error(`The NATS cluster did not form: ${JSON.stringify(metas)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** The settings of the cluster overlay's ConfigMap this test applies: replicas and the artifact store. */
function clusterSettings(): Record<string, string> {
  const config = renderKustomization(join(DEPLOY_DIR, "k8s", "overlays", "cluster")).find(
    (r) => r.kind === "ConfigMap",
  )!;
  const data = config["data"] as Record<string, string>;
  return {
    DERMANOMALY_NATS_REPLICAS: data["DERMANOMALY_NATS_REPLICAS"]!,
    DERMANOMALY_ARTIFACTS: data["DERMANOMALY_ARTIFACTS"]!,
  };
}

test("every stream, KV bucket and object store the stages create keeps DERMANOMALY_NATS_REPLICAS copies, and KEDA's work queue exists", async () => {
  const settings = clusterSettings();
  const replicas = Number(settings["DERMANOMALY_NATS_REPLICAS"]);
  assert.equal(replicas, 3);

  // A deployment that ran with one copy before: its buckets are brought to three when the setting changes.
  const before = await startServiceProcess("preprocess", {
    natsUrl: urls,
    env: { ...settings, DERMANOMALY_NATS_REPLICAS: "1" },
  });
  await before.stop();
  assert.equal((await streams()).get("KV_dermanomaly_jobs_preprocess")?.config.num_replicas, 1);

  const running: ServiceProcess[] = [];
  try {
    // All at once, as a cluster starts them: seven processes creating replicated streams together on two cores
    // can outlast the client's 5 s per request, which each step of their provisioning survives by trying again.
    const started = await Promise.allSettled(
      SERVICE_NAMES.map((name) => startServiceProcess(name, { natsUrl: urls, env: settings })),
    );
    for (const s of started) if (s.status === "fulfilled") running.push(s.value);
    for (const s of started) if (s.status === "rejected") throw s.reason;
    const all = await streams();
    for (const expected of [
      "DERMANOMALY_EVENTS",
      "KV_dermanomaly_jobs_preprocess",
      "KV_dermanomaly_jobs_preprocess_leases",
      `OBJ_${new URL(settings["DERMANOMALY_ARTIFACTS"]!).host}`,
    ]) {
      assert.ok(all.has(expected), `${expected} among ${[...all.keys()].join(", ")}`);
    }
    assert.deepEqual(
      [...all.values()].filter((s) => s.config.num_replicas !== replicas).map((s) => s.name),
      [],
      "streams, KV buckets (KV_*) and object stores (OBJ_*) with another number of copies",
    );

    // The ScaledObject's stream and consumer are the ones the reconstructor created, seen where KEDA looks.
    const keda = renderKustomization(join(DEPLOY_DIR, "k8s", "overlays", "cluster")).find(
      (r) => r.kind === "ScaledObject" && r.metadata.name === "reconstructor",
    )!;
    const trigger = (keda["spec"] as { triggers: { metadata: Record<string, string> }[] }).triggers[0]!
      .metadata;
    const stream = all.get(trigger["stream"]!);
    assert.equal(stream?.config.retention, "workqueue", `the work queue ${trigger["stream"]}`);
    assert.ok(
      stream?.consumer_detail?.some(
        (c) => c.name === trigger["consumer"] && c.config.durable_name === c.name,
      ),
      `the durable consumer ${trigger["consumer"]} of ${trigger["stream"]}`,
    );
  } finally {
    await Promise.all(running.map((s) => s.stop()));
  }
});
