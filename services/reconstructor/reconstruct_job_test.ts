import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  Code,
  EVENTS,
  eventCodec,
  type JobRef__Output,
  type Progress__Output,
  type ReconstructionWorkItem__Output,
  type ServiceClients,
  type StartReconstructionRequest,
} from "@dermanomaly/contracts";
import type { EventContext } from "@dermanomaly/events";
import {
  openReconstructionModels,
  type ReconstructionSet,
  readReconstructionSet,
  reconstructSource,
  setRow,
} from "@dermanomaly/reconstruction";
import { type NatsServer, startNatsServer } from "@dermanomaly/testing";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  type ImageFolder,
  type Replica,
  startReplica,
  writeImageFolder,
  writeTinyCheckpoints,
} from "./_testing.ts";
import { PARTS_BUCKET } from "./parts.ts";

const R = 32;
let nats: NatsServer;
let nc: NatsConnection;
let root: string;
let photos: string;
let folder: ImageFolder;
let checkpoints: { gan: string; encoder: string };
let a: Replica;
let b: Replica;

/** Every delivery of a work item a replica took: which job, which item, which delivery. */
const taken: { replica: string; job: string; index: number; delivery: number }[] = [];
// What the test in progress does when a replica takes an item (set before its job starts).
let hold: ((replica: string, item: ReconstructionWorkItem__Output) => Promise<void>) | undefined;
// Releases the items still held when the tests end.
const releases: (() => void)[] = [];

function observer(replica: string) {
  return async (item: ReconstructionWorkItem__Output, context: EventContext) => {
    taken.push({ replica, job: item.job?.id ?? "", index: item.index, delivery: context.deliveryCount });
    await hold?.(replica, item);
  };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), "reconstructor-test-"));
  photos = join(root, "photos");
  folder = await writeImageFolder(photos, 20, R);
  checkpoints = await writeTinyCheckpoints(join(root, "checkpoints"), { resolution: R });
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url });
  // Replica a is killed in the last test: its logs would be of a dead process.
  a = await startReplica(nats.url, root, "a", {
    beforeItem: observer("a"),
    env: { DERMANOMALY_LOG_LEVEL: "silent" },
  });
  b = await startReplica(nats.url, root, "b", { beforeItem: observer("b") });
});

after(async () => {
  for (const release of releases) release();
  await Promise.all([a?.stop(), b?.stop()]);
  await nc?.close();
  await nats?.stop();
  rmSync(root, { recursive: true, force: true });
});

function start(
  client: ServiceClients["reconstructor"],
  req: StartReconstructionRequest,
): Promise<JobRef__Output> {
  return new Promise((ok, fail) =>
    client.StartReconstruction(req, (e, r) => (e ? fail(e) : ok(r as JobRef__Output))),
  );
}

function watch(client: ServiceClients["reconstructor"], job: JobRef__Output): Promise<Progress__Output[]> {
  return new Promise((ok, fail) => {
    const seen: Progress__Output[] = [];
    const s = client.Watch(job);
    s.on("data", (p: Progress__Output) => seen.push(p));
    s.on("error", fail);
    s.on("end", () => ok(seen));
  });
}

const request = (over: Partial<StartReconstructionRequest>): StartReconstructionRequest => ({
  source: { path: photos },
  models: { gan: { path: checkpoints.gan }, encoder: { path: checkpoints.encoder } },
  itemSize: 3,
  batchSize: 2,
  ...over,
});

/** Resolves once `n` calls were made: a barrier between replicas, with no clock involved. */
function barrier(n: number): { arrive(): Promise<void> } {
  let count = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    arrive() {
      if (++count >= n) open();
      return opened;
    },
  };
}

function assertWholeSet(set: ReconstructionSet): void {
  // Every image once, under its own name, in its class, and nothing else.
  const names = set.images.map((i) => `${i.className}/${i.imageName}`);
  assert.deepEqual([...names].sort(), [...folder.good].sort());
  assert.equal(new Set(names).size, names.length);
  for (const image of set.images) assert.equal(image.label, image.className === "NEV" ? 0 : 1);
  // Source order, as the items were cut from it: the merge keeps item order whoever finished first.
  assert.deepEqual(names, [...folder.good].sort());
  assert.equal(set.info.resolution, R);
  assert.equal(set.info.noiseMode, "const");
  assert.equal(set.info.generator, "G_ema");
  const skipped = Object.fromEntries(set.skipped.map((s) => [s.source, s.reason]));
  assert.deepEqual(Object.keys(skipped).sort(), [folder.corrupt, folder.wrongSize].sort());
  assert.match(skipped[folder.corrupt]!, /^CORRUPT: /);
  assert.match(
    skipped[folder.wrongSize]!,
    /^WRONG_SIZE: 16x16, .*prepare it with the preprocess stage first/,
  );
}

test("two replicas share a folder's work items: every image done exactly once, names kept, the set complete", async () => {
  const both = barrier(2);
  // Each replica holds its first item until the other has taken one, so both take a share.
  const firstOf = new Set<string>();
  hold = async (replica) => {
    if (firstOf.has(replica)) return;
    firstOf.add(replica);
    await both.arrive();
  };
  const job = await start(
    a.client,
    request({ dest: { path: join(root, "out-shared") }, requestId: "shared" }),
  );
  const jobId = job.id;
  const seen = await watch(a.client, job);
  const last = seen.at(-1)!;
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  assert.equal(last.metrics["written"], 20);
  assert.equal(last.metrics["skipped"], 2);
  assert.equal(last.metrics["skipped_corrupt"], 1);
  assert.equal(last.metrics["skipped_wrong_size"], 1);
  assert.equal(last.metrics["items"], 8);
  assert.equal(last.done, 22);
  assert.equal(last.total, 22);
  // 22 inputs in items of 3: 8 items, each taken once in all, some by each replica.
  const mine = taken.filter((t) => t.job === jobId);
  assert.deepEqual(
    mine.map((t) => t.index).sort((x, y) => x - y),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  assert.ok(mine.some((t) => t.replica === "a") && mine.some((t) => t.replica === "b"), JSON.stringify(mine));
  const set = await readReconstructionSet(join(root, "out-shared"));
  assertWholeSet(set);
  assert.deepEqual(
    last.outputs.map((o) => basename(fileURLToPath(o.uri))),
    [
      "reconstruction_set.safetensors",
      "reconstruction_set.csv",
      "latent_vectors.csv",
      "skipped.csv",
      "set_manifest.json",
    ],
  );
  // The stored set is the local copy.
  const stored = await readReconstructionSet(join(root, "artifacts", "reconstructions", jobId));
  assert.deepEqual(stored.z, set.z);

  // The same as one process reconstructing the whole folder with the same (cached) models.
  const event = await completedEvent(jobId);
  assert.equal(event.count, 20);
  assert.equal(event.skippedByReason["CORRUPT"], 1);
  assert.equal(event.destPath, join(root, "out-shared"));
  const m = event.models!;
  const path = (role: "encoder" | "generator" | "discriminator") => fileURLToPath(m[role]!.model!.uri);
  const models = await openReconstructionModels(
    { encoder: path("encoder"), generator: path("generator"), discriminator: path("discriminator") },
    { threads: 1 },
  );
  try {
    const one = join(root, "one-process");
    await reconstructSource(models, { source: photos, dest: one }, { batchSize: 2 });
    const reference = await readReconstructionSet(one);
    assert.deepEqual(set.images, reference.images);
    // Batches differ (items of 3 in batches of 2): per-image values agree to float32 rounding.
    for (const key of ["z", "featuresReal", "featuresRec", "pixelMse", "pixelPairwise"] as const) {
      assert.ok(
        set[key].every((v, i) => Math.abs(v - reference[key][i]!) < 1e-5),
        key,
      );
    }
    assert.deepEqual(set.info.lineage.onnx, reference.info.lineage.onnx);
  } finally {
    await models.close();
  }
  // The lineage names the checkpoints by digest.
  assert.equal(set.info.lineage.gan?.sha256.length, 64);
  assert.equal(set.info.lineage.encoder?.uri, `file://${checkpoints.encoder}`);
  // The job's work files are gone.
  const left = await b.stage.context!.artifacts.list(`work/reconstructor/${jobId}/`);
  assert.deepEqual(left, []);
  // The same request id answers with the same job.
  const again = await start(
    b.client,
    request({ dest: { path: join(root, "out-shared") }, requestId: "shared" }),
  );
  assert.equal(again.id, jobId);
});

async function completedEvent(jobId: string) {
  const consumer = await jetstream(nc).consumers.get("DERMANOMALY_EVENTS", {
    filter_subjects: EVENTS.reconstructionCompleted.subject,
  });
  const found = [];
  for (
    let m = await consumer.next({ expires: 1000 });
    m !== null;
    m = await consumer.next({ expires: 1000 })
  ) {
    const e = eventCodec("reconstructionCompleted").decode(m.data);
    if (e.job?.id === jobId) found.push(e);
  }
  assert.equal(found.length, 1);
  return found[0]!;
}

test("a prepared data set in the store, with checkpoints in the store: names from its manifest, models reused", async () => {
  const { prepareDataset } = await import("@dermanomaly/dataset");
  const zip = join(root, "test-32.zip");
  await prepareDataset({ source: photos, dest: zip, width: R, height: R, classMap: { NEV: 0, MEL: 1 } });
  const store = a.stage.context!.artifacts;
  await store.putFile("inputs/test-32.zip", zip);
  await store.putFile("inputs/gan.safetensors", checkpoints.gan);
  await store.putFile("inputs/encoder.safetensors", checkpoints.encoder);
  hold = undefined;
  const job = await start(
    b.client,
    request({
      source: { key: "inputs/test-32.zip" },
      models: { gan: { key: "inputs/gan.safetensors" }, encoder: { key: "inputs/encoder.safetensors" } },
      dest: { key: "runs/from-store/" },
    }),
  );
  const last = (await watch(b.client, job)).at(-1)!;
  assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
  const set = await readReconstructionSet(join(root, "artifacts", "runs", "from-store"));
  // The data set holds the images that preparation could use; the set names them as their source photos.
  assert.deepEqual(set.images.map((i) => `${i.className}/${i.imageName}`).sort(), [...folder.good].sort());
  // The same checkpoints (by digest) as the first job: the cached export, not a new one.
  const event = await completedEvent(job.id);
  const first = readdirSync(join(root, "artifacts", "models", "onnx"));
  assert.deepEqual(first, [event.models!.key]);
  assert.equal(event.setPrefix, "runs/from-store/");
});

test("bad requests are refused on the call with a status a user can act on", async () => {
  const refusal = (req: StartReconstructionRequest) =>
    start(a.client, req).then(
      () => ({ code: Code.OK, details: "" }),
      (e: { code: number; details: string }) => ({ code: e.code, details: e.details }),
    );
  const misfit = await writeTinyCheckpoints(join(root, "misfit"), { resolution: R, encoderZDim: 6, seed: 3 });
  const r1 = await refusal(
    request({ models: { gan: { path: checkpoints.gan }, encoder: { path: misfit.encoder } } }),
  );
  assert.equal(r1.code, Code.FAILED_PRECONDITION, r1.details);
  assert.match(
    r1.details,
    /Encoder ".*" \(latent size 6, images 32x32\) does not match generator G_ema of ".*" \(latent size 8, images 32x32\)/,
  );
  const r2 = await refusal(
    request({ models: { gan: { path: join(root, "none.pkl") }, encoder: { path: checkpoints.encoder } } }),
  );
  assert.equal(r2.code, Code.NOT_FOUND);
  assert.match(r2.details, /models\.gan path ".*none\.pkl" does not exist/);
  const r3 = await refusal(
    request({ models: { gan: { key: "nowhere/gan.pkl" }, encoder: { path: checkpoints.encoder } } }),
  );
  assert.equal(r3.code, Code.NOT_FOUND);
  const r4 = await refusal(request({ source: { path: join(root, "no-photos") } }));
  assert.equal(r4.code, Code.NOT_FOUND);
  const r5 = await refusal(
    request({
      models: {
        gan: { path: checkpoints.gan },
        encoder: { path: checkpoints.encoder },
        noiseMode: "NOISE_MODE_NONE",
      },
    }),
  );
  assert.equal(r5.code, Code.INVALID_ARGUMENT);
  assert.match(r5.details, /NOISE_MODE_NONE/);
  const busy = join(root, "busy");
  mkdirSync(busy);
  writeFileSync(join(busy, "x.txt"), "x");
  const r6 = await refusal(request({ dest: { path: busy } }));
  assert.equal(r6.code, Code.FAILED_PRECONDITION);
  assert.match(r6.details, /not an empty folder/);
  const r7 = await refusal({ source: { path: photos } });
  assert.equal(r7.code, Code.INVALID_ARGUMENT);
  assert.match(r7.details, /models is required/);
  const r8 = await refusal(request({ batchSize: 1000 }));
  assert.equal(r8.code, Code.INVALID_ARGUMENT);
  assert.match(r8.details, /batch_size must be at most 256/);
  const refined = (refine: { steps: number; lr?: number }, noiseMode?: "NOISE_MODE_RANDOM") =>
    refusal(
      request({
        models: {
          gan: { path: checkpoints.gan },
          encoder: { path: checkpoints.encoder },
          refine,
          ...(noiseMode && { noiseMode }),
        },
      }),
    );
  const r9 = await refined({ steps: 5 }, "NOISE_MODE_RANDOM");
  assert.equal(r9.code, Code.INVALID_ARGUMENT);
  assert.match(r9.details, /models\.refine needs the generator's const noise/);
  const r10 = await refined({ steps: 5000 });
  assert.equal(r10.code, Code.INVALID_ARGUMENT);
  assert.match(r10.details, /models\.refine\.steps must be at most 1000, got "5000"/);
  const r11 = await refined({ steps: 5, lr: -1 });
  assert.equal(r11.code, Code.INVALID_ARGUMENT);
  assert.match(r11.details, /models\.refine\.lr must be a positive number/);
});

test("models.refine: each reconstruction is G(w) of the refined w, as refineLatents makes it with D's features; z stays E(x)", async () => {
  const dest = (name: string) => join(root, name);
  const run = async (name: string, refine?: { steps: number; lr: number; kappa: number }) => {
    const models = { gan: { path: checkpoints.gan }, encoder: { path: checkpoints.encoder } };
    const job = await start(
      b.client,
      request({ dest: { path: dest(name) }, models: { ...models, ...(refine && { refine }) } }),
    );
    const last = (await watch(b.client, job)).at(-1)!;
    assert.equal(last.state, "JOB_STATE_SUCCEEDED", last.error);
    return await readReconstructionSet(dest(name));
  };
  const plain = await run("out-plain");
  const refined = await run("out-refined", { steps: 8, lr: 0.05, kappa: 0.5 });
  assert.equal(refined.images.length, 20);
  // The set says how its reconstructions were made (lr is a float32 on the wire).
  assert.equal(plain.info.lineage.refine, undefined);
  const { steps, lr, kappa } = refined.info.lineage.refine!;
  assert.deepEqual([steps, kappa, Math.fround(lr)], [8, 0.5, Math.fround(0.05)]);
  // The reference: the same refinement in this process, on TF.js's cpu backend, from the checkpoint's G_ema.
  const { tf } = await import("@dermanomaly/tf");
  const { Discriminator, Generator, refineLatents } = await import("@dermanomaly/gan");
  const { loadNetworkFile } = await import("@dermanomaly/gan/nvidia");
  await tf.setBackend("cpu");
  const nets = await loadNetworkFile(checkpoints.gan, { networks: ["G_ema", "D"] });
  const G = new Generator(nets.G_ema!.config);
  G.loadStateDict(nets.G_ema!.stateDict);
  const D = new Discriminator(nets.D!.config);
  D.loadStateDict(nets.D!.stateDict);
  const n = refined.images.length;
  const z = Float32Array.from(
    { length: n * refined.info.zDim },
    (_, k) => setRow(refined, "z", Math.floor(k / refined.info.zDim))[k % refined.info.zDim]!,
  );
  const x = await inputPixels(dest("out-refined"), refined);
  const want = refineLatents(G, tf.tensor4d(x, [n, R, R, 3]), tf.tensor2d(z, [n, refined.info.zDim]), {
    steps: 8,
    lr: 0.05,
    kappa: 0.5,
    features: (img) => D.forward(img).features,
  });
  for (let i = 0; i < n; i++) {
    assert.deepEqual(setRow(refined, "z", i), setRow(plain, "z", i), "z is the encoder's");
    // izif's loss as the set records its terms: pixel MSE + kappa · feature MSE.
    const loss = (set: ReconstructionSet) => set.pixelMse[i]! + 0.5 * set.featuresMse[i]!;
    const [before, after] = [loss(plain), loss(refined)];
    assert.ok(
      Math.abs(after - want.lossAfter[i]!) < 2e-3 * want.lossBefore[i]!,
      `image ${i}: ${after} against ${want.lossAfter[i]}`,
    );
    assert.ok(Math.abs(before - want.lossBefore[i]!) < 2e-3 * want.lossBefore[i]!, `image ${i} before`);
    assert.ok(after < before, `image ${i}: refined ${after}, plain ${before}`);
  }
  tf.dispose([want.images, want.w]);
  G.dispose();
  D.dispose();
});

test("a cancelled job leaves no work files and no set; replicas drop its items", async () => {
  let held!: () => void;
  const holding = new Promise<void>((resolve) => {
    held = resolve;
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  releases.push(release);
  hold = async () => {
    held();
    await released;
  };
  const dest = join(root, "out-cancelled");
  const job = await start(b.client, request({ dest: { path: dest } }));
  await holding;
  const cancelled = await new Promise<{ state: string }>((ok, fail) =>
    b.client.Cancel(job, (e, r) => (e ? fail(e) : ok(r as { state: string }))),
  );
  assert.equal(cancelled.state, "JOB_STATE_CANCELLED");
  assert.equal((await watch(b.client, job)).at(-1)?.state, "JOB_STATE_CANCELLED");
  release();
  // Every item of the job leaves the queue (reconstructed and thrown away, or dropped unseen).
  const jsm = await jetstream(nc).jetstreamManager();
  for (;;) {
    const info = await jsm.consumers.info("DERMANOMALY_WORK_RECONSTRUCT", "DERMANOMALY_WORK_RECONSTRUCT");
    if (info.num_pending === 0 && info.num_ack_pending === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const store = b.stage.context!.artifacts;
  assert.deepEqual(await store.list(`work/reconstructor/${job.id}/`), []);
  assert.equal(existsSync(dest), false);
  const records = await (await new Kvm(nc).open(PARTS_BUCKET)).keys(`${job.id}.*`);
  const left: string[] = [];
  for await (const k of records) left.push(k);
  assert.deepEqual(left, []);
});

test(
  "a replica killed while it holds an item: the item goes to the other, which also takes the job over",
  {
    timeout: 120_000,
  },
  async () => {
    let heldIndex = -1;
    let aHeld!: () => void;
    const aHolds = new Promise<void>((resolve) => {
      aHeld = resolve;
    });
    let aFirst = true;
    hold = async (replica, item) => {
      if (replica === "a" && aFirst) {
        aFirst = false;
        heldIndex = item.index;
        aHeld();
        // Held until the tests end: the replica is dead by then.
        await new Promise<void>((resolve) => releases.push(resolve));
        throw new Error("killed");
      }
      // b waits until a holds an item, so that a surely has one when it is killed.
      if (replica === "b") await aHolds;
    };
    const job = await start(a.client, request({ dest: { path: join(root, "out-killed") } }));
    const jobId = job.id;
    await aHolds;
    await a.kill();
    // b takes the job over when a's lease expires, and a's item when its ack wait runs out.
    let last: Progress__Output | undefined;
    for (;;) {
      try {
        last = (await watch(b.client, job)).at(-1);
        if (last?.state !== "JOB_STATE_RUNNING") break;
      } catch {
        // The watch ends when the job moves between replicas: watch again.
      }
    }
    assert.equal(last?.state, "JOB_STATE_SUCCEEDED", last?.error);
    assert.equal(last?.metrics["written"], 20);
    const mine = taken.filter((t) => t.job === jobId);
    const held = mine.filter((t) => t.index === heldIndex);
    assert.deepEqual(
      held.map((t) => t.replica),
      ["a", "b"],
    );
    assert.ok(held[1]!.delivery >= 2);
    // Every other item went to b once (its first delivery) and nothing went twice to b.
    const byB = mine.filter((t) => t.replica === "b").map((t) => t.index);
    assert.equal(new Set(byB).size, byB.length);
    assert.deepEqual(
      [...byB].sort((x, y) => x - y),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
    assertWholeSet(await readReconstructionSet(join(root, "out-killed")));
  },
);

// The set's input images as NHWC floats in [-1, 1] (the networks' input), in set order.
async function inputPixels(dir: string, set: ReconstructionSet): Promise<Float32Array> {
  const { decodeImage } = await import("@dermanomaly/imaging");
  const out = new Float32Array(set.images.length * R * R * 3);
  for (const [i, image] of set.images.entries()) {
    const { data } = await decodeImage(join(dir, image.input));
    for (let k = 0; k < R * R * 3; k++) out[i * R * R * 3 + k] = data[k]! / 127.5 - 1;
  }
  return out;
}
