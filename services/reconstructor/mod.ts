/**
 * The reconstructor stage: images through the encoder, the generator and the discriminator on ONNX Runtime, into
 * reconstruction sets (`StartReconstruction`, a job shared by every replica through a JetStream work queue) and
 * online (`Reconstruct`, a stream of images in and results out). Models are exported from the GAN and encoder
 * checkpoints once and cached in the artifact store; each replica keeps a bounded cache of open sessions. Models
 * that ask for latent refinement (`models.refine`) have each batch's reconstructions refined on TF.js from the GAN
 * checkpoint (`refiner.ts`), which a replica loads only then.
 *
 * @example
 * ```ts
 * import { serveStage } from "@dermanomaly/runtime";
 * import { RECONSTRUCTOR_CONFIG, reconstructorStage } from "@dermanomaly/service-reconstructor";
 *
 * const stage = reconstructorStage();
 * await serveStage("reconstructor", stage.handlers, { config: RECONSTRUCTOR_CONFIG, startup: stage.startup });
 * ```
 *
 * @module
 */
import { join } from "node:path";
import type { ServiceImplementations } from "@dermanomaly/contracts";
import type { ConsumerHandle } from "@dermanomaly/events";
import {
  type AsyncHandlers,
  type ConfigValues,
  connectNats,
  int,
  oneOf,
  provision,
  type RunningService,
  type StageContext,
} from "@dermanomaly/runtime";
import type { NatsConnection } from "@nats-io/transport-node";
import { ModelCache } from "./model_cache.ts";
import { ModelStore } from "./model_store.ts";
import { reconstructStream } from "./online.ts";
import { DEFAULT_BATCH_SIZE } from "./options.ts";
import { PartRecords } from "./parts.ts";
import { reconstructionJob } from "./reconstruct_job.ts";
import { Refiners } from "./refiner.ts";
import { openReconstructionQueue, startWorker, type WorkerContext } from "./work_items.ts";

export * from "./model_cache.ts";
export * from "./model_store.ts";
export * from "./online.ts";
export * from "./options.ts";
export * from "./parts.ts";
export * from "./reconstruct_job.ts";
export * from "./refiner.ts";
export * from "./work_items.ts";

/** The reconstructor's own environment variables. */
export const RECONSTRUCTOR_CONFIG = {
  DERMANOMALY_RECONSTRUCT_ACK_WAIT_MS: int({
    default: 120_000,
    min: 1000,
    description:
      "How long a replica may hold a work item without a sign of progress (each inference batch is one) before " +
      "the item goes to another replica; longer than one batch takes",
  }),
  DERMANOMALY_RECONSTRUCT_MAX_DELIVER: int({
    default: 5,
    min: 1,
    description: "Deliveries of a work item (failures and dead replicas) before it fails its job",
  }),
  DERMANOMALY_RECONSTRUCT_CONCURRENCY: int({
    default: 1,
    min: 1,
    max: 64,
    description: "Work items one replica reconstructs at the same time",
  }),
  DERMANOMALY_RECONSTRUCT_MODEL_SETS: int({
    default: 2,
    min: 1,
    max: 64,
    description:
      "Model sets (E, G, D sessions) a replica keeps open; the least recently used idle set is closed beyond it " +
      "(a paper-size set holds about 1.3 GiB)",
  }),
  DERMANOMALY_RECONSTRUCT_BATCH: int({
    default: DEFAULT_BATCH_SIZE,
    min: 1,
    max: 256,
    description: "Most images of a Reconstruct stream run as one batch",
  }),
  DERMANOMALY_ORT_THREADS: int({
    default: 0,
    min: 0,
    max: 1024,
    description: "ONNX Runtime threads per session; 0 = one per core",
  }),
  DERMANOMALY_ORT_PROVIDER: oneOf(["cpu", "cuda"], {
    default: "cpu",
    description:
      "ONNX Runtime execution provider: cuda needs onnxruntime-node's CUDA provider (CUDA 12, cuDNN 9); a replica " +
      "whose CUDA does not start fails its models with FAILED_PRECONDITION instead of running on the CPU",
  }),
};

type Config = StageContext["config"] & ConfigValues<typeof RECONSTRUCTOR_CONFIG>;

/** Options of {@link reconstructorStage}. */
export interface ReconstructorStageOptions {
  /** See {@link WorkerContext.beforeItem}. @default undefined */
  beforeItem?: WorkerContext["beforeItem"];
}

/** A reconstructor being served: its handlers, its start-up (the work-queue consumer) and what it holds. */
export interface ReconstructorStage {
  /** The service's methods: `StartReconstruction`, `Reconstruct` (Watch, Cancel and GetJob come from the kit). */
  handlers(
    ctx: StageContext<Config, "reconstructor">,
  ): Promise<Partial<AsyncHandlers<ServiceImplementations["reconstructor"]>>>;
  /** Starts taking work items once jobs are resumed; the service reports SERVING after it. */
  startup(service: RunningService): Promise<void>;
  /** The worker's own NATS connection (items, item records), once started. */
  readonly workerConnection: NatsConnection | undefined;
  /** The stage context the handlers were built with. */
  readonly context: StageContext<Config, "reconstructor"> | undefined;
}

/**
 * The reconstructor stage for `serveStage`: builds the model store, the session cache, the work queue and the job,
 * and, at start-up, a consumer of the work queue on a connection of its own (so that at shutdown an item in
 * progress is handed back at once, after the stage's own connection has drained).
 */
export function reconstructorStage(options: ReconstructorStageOptions = {}): ReconstructorStage {
  let context: StageContext<Config, "reconstructor"> | undefined;
  let cache: ModelCache | undefined;
  let refiners: Refiners | undefined;
  let parts: PartRecords | undefined;
  let workerConnection: NatsConnection | undefined;
  const stage: ReconstructorStage = {
    get workerConnection() {
      return workerConnection;
    },
    get context() {
      return context;
    },
    async handlers(ctx) {
      context = ctx;
      const { config } = ctx;
      const replicas = config.DERMANOMALY_NATS_REPLICAS;
      // Its buckets and stream are created or opened: again when a busy cluster does not answer in time.
      const models = await provision(
        () =>
          ModelStore.open({
            store: ctx.artifacts,
            nc: ctx.nc,
            workDir: ctx.workDir,
            log: ctx.log,
            replicas,
          }),
        { what: "the export locks", log: ctx.log },
      );
      cache = new ModelCache({
        store: ctx.artifacts,
        dir: join(ctx.workDir, "models"),
        maxSets: config.DERMANOMALY_RECONSTRUCT_MODEL_SETS,
        threads: config.DERMANOMALY_ORT_THREADS,
        provider: config.DERMANOMALY_ORT_PROVIDER,
        log: ctx.log.child({ component: "models" }),
      });
      refiners = new Refiners({
        nc: ctx.nc,
        dir: join(ctx.workDir, "refine"),
        log: ctx.log.child({ component: "refine" }),
      });
      parts = await provision(() => PartRecords.open(ctx.nc, { replicas }), {
        what: "the part records",
        log: ctx.log,
      });
      const queue = await provision(() => openReconstructionQueue(ctx.nc, queueOptions(config)), {
        what: "the work queue",
        log: ctx.log,
      });
      const job = reconstructionJob({ ctx, models, queue, parts });
      const online = { models, cache, refiners, batchSize: config.DERMANOMALY_RECONSTRUCT_BATCH };
      return {
        StartReconstruction: (request) => job.start(request),
        Reconstruct: (requests, call) => reconstructStream(online, requests, call),
      };
    },
    async startup(service) {
      const ctx = context;
      if (ctx === undefined || cache === undefined || refiners === undefined || parts === undefined)
        throw new Error("reconstructorStage().startup runs after its handlers were built");
      const { config } = ctx;
      const nc = await connectNats(config.DERMANOMALY_NATS_URL, {
        name: "dermanomaly-reconstructor-worker",
        log: ctx.log,
      });
      workerConnection = nc;
      const queue = await provision(() => openReconstructionQueue(nc, queueOptions(config)), {
        what: "the work queue",
        log: ctx.log,
      });
      const workerParts = await provision(
        () => PartRecords.open(nc, { replicas: config.DERMANOMALY_NATS_REPLICAS }),
        { what: "the part records", log: ctx.log },
      );
      const worker: ConsumerHandle = await startWorker(
        queue,
        {
          store: ctx.artifacts,
          cache,
          refiners,
          parts: workerParts,
          jobs: ctx.jobs,
          workDir: ctx.workDir,
          log: ctx.log.child({ component: "worker" }),
          replica: ctx.jobs.instance,
          ackWaitMs: config.DERMANOMALY_RECONSTRUCT_ACK_WAIT_MS,
          ...(options.beforeItem !== undefined && { beforeItem: options.beforeItem }),
        },
        { concurrency: config.DERMANOMALY_RECONSTRUCT_CONCURRENCY },
      );
      const models = cache;
      const refining = refiners;
      service.onShutdown(async () => {
        // Stopping aborts the item in progress: the queue hands it to another replica at once.
        await worker.stop();
        await nc.drain().catch(() => {});
        await models.close();
        await refining.close();
      });
    },
  };
  return stage;
}

function queueOptions(config: Config) {
  return {
    ackWaitMs: config.DERMANOMALY_RECONSTRUCT_ACK_WAIT_MS,
    maxDeliver: config.DERMANOMALY_RECONSTRUCT_MAX_DELIVER,
    replicas: config.DERMANOMALY_NATS_REPLICAS,
  };
}
