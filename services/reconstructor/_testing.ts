// For the tests only: tiny checkpoints made with the libraries, image folders, replicas on one nats-server.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient, type ServiceClients } from "@dermanomaly/contracts";
import { encodeJpeg, encodePng, type RgbImage } from "@dermanomaly/imaging";
import { type RunningService, serveStage } from "@dermanomaly/runtime";
import {
  RECONSTRUCTOR_CONFIG,
  type ReconstructorStage,
  reconstructorStage,
  type WorkerContext,
} from "./mod.ts";

/** A deterministic stream of values in [0, 1). */
export function uniform(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** A smooth random image (so that JPEG keeps it recognisable) of `size` x `size`. */
export function testImage(size: number, seed: number): RgbImage {
  const next = uniform(seed);
  const [a, b, c] = [next() * 6, next() * 6, next() * 6];
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let ch = 0; ch < 3; ch++) {
        const v = Math.sin((x * (a + ch)) / size + (y * (b - ch)) / size + c * ch);
        data[(y * size + x) * 3 + ch] = Math.round(127.5 + 120 * v);
      }
    }
  }
  return { data, width: size, height: size };
}

/** Sizes of the tiny networks. */
export interface TinyNetworks {
  resolution?: number;
  zDim?: number;
  /** The encoder's latent size when it should not fit. @default zDim */
  encoderZDim?: number;
  seed?: number;
}

/**
 * Writes a GAN network checkpoint (G, G_ema, D with random weights: narrow widths) and an encoder weights file with
 * the lineage the encoder trainer records; returns their paths.
 */
export async function writeTinyCheckpoints(
  dir: string,
  options: TinyNetworks = {},
): Promise<{ gan: string; encoder: string }> {
  const { Discriminator, Generator } = await import("@dermanomaly/gan");
  const { writeNetworkCheckpoint } = await import("@dermanomaly/gan/nvidia");
  const { Encoder, writeEncoderFile } = await import("@dermanomaly/encoder");
  const resolution = options.resolution ?? 32;
  const zDim = options.zDim ?? 8;
  const seed = options.seed ?? 1;
  await mkdir(dir, { recursive: true });
  const gan = join(dir, `gan-${resolution}-${zDim}-${seed}.safetensors`);
  const g = new Generator({ resolution, zDim, wDim: 8, channelBase: 64, channelMax: 8 }, { seed });
  const ema = new Generator(
    { resolution, zDim, wDim: 8, channelBase: 64, channelMax: 8 },
    { seed: seed + 1 },
  );
  const d = new Discriminator({ resolution, channelBase: 64, channelMax: 8 }, { seed: seed + 2 });
  const next = uniform(seed + 3);
  // NVIDIA initialises biases and noise strengths to constants: random ones make every path matter.
  const perturb = <T extends { stateDict(): Map<string, { data: Float32Array }> }>(net: T) => {
    const sd = net.stateDict();
    for (const [name, t] of sd) {
      if (name.endsWith("bias") || name.endsWith("noise_strength")) t.data = t.data.map(() => next() - 0.5);
    }
    return sd;
  };
  await writeNetworkCheckpoint(gan, {
    G: { config: g.getConfig(), stateDict: perturb(g) },
    G_ema: { config: ema.getConfig(), stateDict: perturb(ema) },
    D: { config: d.getConfig(), stateDict: perturb(d) },
  } as Parameters<typeof writeNetworkCheckpoint>[1]);
  g.dispose();
  ema.dispose();
  d.dispose();
  const encoderZDim = options.encoderZDim ?? zDim;
  const encoder = join(dir, `encoder-${resolution}-${encoderZDim}-${seed}.safetensors`);
  const e = new Encoder({ resolution, zDim: encoderZDim, channelBase: 4, channelMax: 8 }, { seed: seed + 4 });
  await writeEncoderFile(
    encoder,
    { config: e.config, stateDict: e.stateDict() },
    {
      lineage: { generator: "G_ema", noiseMode: "const", loss: "izif", alpha: 1, kappa: 1, inputs: { gan } },
    },
  );
  e.dispose();
  return { gan, encoder };
}

/** Source file names of {@link writeImageFolder}, by class. */
export interface ImageFolder {
  /** `NEV/<name>` and `MEL/<name>` of the images that fit the networks. */
  readonly good: readonly string[];
  /** A truncated PNG. */
  readonly corrupt: string;
  /** A PNG of half the size. */
  readonly wrongSize: string;
}

/**
 * A folder of `count` images of `resolution` in `NEV/` and `MEL/` (PNG and JPEG, so that names keep their own
 * extension in `image_name`), plus a truncated PNG and an image of the wrong size.
 */
export async function writeImageFolder(dir: string, count: number, resolution: number): Promise<ImageFolder> {
  const good: string[] = [];
  for (let i = 0; i < count; i++) {
    const cls = i % 2 === 0 ? "NEV" : "MEL";
    const jpeg = i % 5 === 4;
    const name = `${cls}/ISIC_${String(1000 + i).padStart(7, "0")}.${jpeg ? "jpg" : "png"}`;
    const image = testImage(resolution, i + 1);
    await mkdir(join(dir, cls), { recursive: true });
    await writeFile(join(dir, name), jpeg ? await encodeJpeg(image) : await encodePng(image));
    good.push(name);
  }
  const whole = await encodePng(testImage(resolution, 999));
  const corrupt = "MEL/ISIC_9999998.png";
  await writeFile(join(dir, corrupt), whole.subarray(0, Math.floor(whole.length / 2)));
  const wrongSize = "NEV/ISIC_9999999.png";
  await writeFile(join(dir, wrongSize), await encodePng(testImage(resolution / 2, 5)));
  return { good, corrupt, wrongSize };
}

/** One reconstructor replica in this process. */
export interface Replica {
  readonly service: RunningService;
  readonly client: ServiceClients["reconstructor"];
  readonly stage: ReconstructorStage;
  /** Cuts both NATS connections at once, as a killed process would: nothing is drained, acknowledged or stored. */
  kill(): Promise<void>;
  /** Stops the service (also after `kill()`). */
  stop(): Promise<void>;
}

/** Options of {@link startReplica}. */
export interface ReplicaOptions {
  /** See {@link WorkerContext.beforeItem}. */
  beforeItem?: WorkerContext["beforeItem"];
  /** More environment variables. */
  env?: Record<string, string>;
}

/**
 * Starts a replica of the reconstructor on `natsUrl`, with the artifact store shared by every replica under
 * `root/artifacts` and its own work folder, short leases and ack waits (so that a dead replica's work moves on in
 * seconds), and returns once it is SERVING.
 */
export async function startReplica(
  natsUrl: string,
  root: string,
  name: string,
  options: ReplicaOptions = {},
): Promise<Replica> {
  const stage = reconstructorStage(
    options.beforeItem === undefined ? {} : { beforeItem: options.beforeItem },
  );
  const service = await serveStage("reconstructor", stage.handlers, {
    config: RECONSTRUCTOR_CONFIG,
    startup: stage.startup,
    handleSignals: false,
    env: {
      DERMANOMALY_GRPC_HOST: "127.0.0.1",
      DERMANOMALY_GRPC_PORT: "0",
      DERMANOMALY_METRICS_PORT: "0",
      DERMANOMALY_NATS_URL: natsUrl,
      DERMANOMALY_LOG_LEVEL: "warn",
      DERMANOMALY_ARTIFACTS: `file://${join(root, "artifacts")}`,
      DERMANOMALY_WORK_DIR: join(root, `work-${name}`),
      DERMANOMALY_JOB_LEASE_MS: "2000",
      DERMANOMALY_RECONSTRUCT_ACK_WAIT_MS: "2000",
      DERMANOMALY_ORT_THREADS: "1",
      DERMANOMALY_SHUTDOWN_GRACE_MS: "2000",
      ...options.env,
    },
  });
  while (!service.serving) await new Promise((r) => setTimeout(r, 20));
  const client = createClient("reconstructor", service.address);
  let stopped: Promise<void> | undefined;
  return {
    service,
    client,
    stage,
    async kill() {
      await Promise.all([stage.workerConnection?.close(), stage.context?.nc.close()]);
    },
    stop() {
      stopped ??= (async () => {
        client.close();
        await service.stop().catch(() => {});
      })();
      return stopped;
    },
  };
}
