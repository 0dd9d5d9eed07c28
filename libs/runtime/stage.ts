import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ArtifactStore, openArtifactStore } from "@dermanomaly/artifacts";
import {
  EVENTS,
  eventCodec,
  loadPackageDefinition,
  loadServiceDefinition,
  SERVICES,
  type ServiceImplementations,
  type ServiceName,
} from "@dermanomaly/contracts";
import { ensureEventStream, publishEvent } from "@dermanomaly/events";
import type { ServiceDefinition } from "@grpc/proto-loader";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import {
  ConfigError,
  type ConfigSchema,
  type ConfigValues,
  defineConfig,
  int,
  SERVICE_CONFIG,
  type ServiceConfig,
  str,
} from "./config.ts";
import { type JobManager, openJobManager } from "./jobs.ts";
import { createLogger } from "./log.ts";
import { connectNats } from "./nats.ts";
import { provision } from "./provision.ts";
import { type PublishFn, retryingPublish } from "./publish.ts";
import { type RunningService, startService, unimplemented } from "./server.ts";
import { serverTls, serviceClientTls } from "./tls.ts";
import type { AsyncHandlers, Logger, ServiceHandlers } from "./types.ts";

/** What a stage's handlers are built from. */
export interface StageContext<C = StageConfig, N extends ServiceName = ServiceName> {
  /** Short service name. */
  readonly name: N;
  /** The validated configuration (common variables plus the stage's own). */
  readonly config: C;
  readonly log: Logger;
  /** The NATS connection (jobs, events, object store). */
  readonly nc: NatsConnection;
  /** The stage's job manager: jobs persist in NATS KV. */
  readonly jobs: JobManager;
  /** Publishes an event to JetStream; never throws (retries, then logs and carries on: events never fail work). */
  readonly publish: PublishFn;
  /** Where outputs go and inputs come from (`DERMANOMALY_ARTIFACTS`: filesystem or NATS object store). */
  readonly artifacts: ArtifactStore;
  /** Scratch folder of this service (`DERMANOMALY_WORK_DIR`), for files being built before they are stored. */
  readonly workDir: string;
}

/** The variables every stage reads on top of {@linkcode SERVICE_CONFIG}. */
export const STAGE_CONFIG = {
  DERMANOMALY_ARTIFACTS: str({
    default: "",
    description: "Artifact store: file:///abs/root or nats-obj://bucket; empty = ./.dermanomaly/artifacts",
  }),
  DERMANOMALY_WORK_DIR: str({
    default: "",
    description: "Scratch folder; empty = a folder under the system temp dir",
  }),
  DERMANOMALY_JOB_LEASE_MS: int({
    default: 60_000,
    min: 1000,
    max: 3_600_000,
    description:
      "How long a running job's lease lives without renewal: a crashed instance's jobs are taken over this long " +
      "after; must exceed the longest time a job blocks the event loop (one training round)",
  }),
};

/** The configuration every stage has: the service variables plus {@linkcode STAGE_CONFIG}. */
export type StageConfig = ServiceConfig & ConfigValues<typeof STAGE_CONFIG>;

/** Options of {@linkcode serveStage}. */
export interface ServeStageOptions<S extends ConfigSchema> {
  /** The stage's own environment variables, validated with the common ones at start. @default none */
  config?: S;
  /** Environment to read. @default process.env */
  env?: Record<string, string | undefined>;
  /** Stop gracefully on SIGTERM/SIGINT and exit. @default true */
  handleSignals?: boolean;
  /** Warm-up before the service reports SERVING (after unfinished jobs were resumed). @default none */
  startup?: (service: RunningService) => Promise<void>;
}

/**
 * Runs one stage of the pipeline as a gRPC service: validates the environment (TLS and NATS credential files
 * included), connects to NATS, provisions the events stream, opens the job store, serves the methods `build` returns
 * (Watch/Cancel/GetJob come from the job manager; methods a stage does not provide yet answer UNIMPLEMENTED), and
 * reports SERVING when ready. Every stream, KV bucket and object store it creates keeps
 * `DERMANOMALY_NATS_REPLICAS` copies; a stage creating its own passes `ctx.config.DERMANOMALY_NATS_REPLICAS` too.
 * A configuration the service cannot start with (a bad variable, an unusable certificate, credentials NATS refuses)
 * is a ConfigError naming the settings; with `handleSignals` (the default) it is logged and the process exits 1.
 */
export async function serveStage<N extends ServiceName, S extends ConfigSchema = Record<never, never>>(
  name: N,
  build: (
    ctx: StageContext<StageConfig & ConfigValues<S>, N>,
  ) =>
    | Partial<AsyncHandlers<ServiceImplementations[N]>>
    | Promise<Partial<AsyncHandlers<ServiceImplementations[N]>>>,
  options: ServeStageOptions<S> = {},
): Promise<RunningService> {
  try {
    return await openStage(name, build, options);
  } catch (err) {
    // A process that is the service (it handles signals) says what to fix in one log line and exits, instead of
    // an unhandled rejection's stack trace.
    if (!(err instanceof ConfigError) || !(options.handleSignals ?? true)) throw err;
    createLogger(name).error(err.message, { problems: err.problems });
    process.exit(1);
  }
}

async function openStage<N extends ServiceName, S extends ConfigSchema>(
  name: N,
  build: Parameters<typeof serveStage<N, S>>[1],
  options: ServeStageOptions<S>,
): Promise<RunningService> {
  const config = defineConfig({ ...SERVICE_CONFIG, ...STAGE_CONFIG, ...options.config }).load(
    options.env ?? process.env,
  ) as StageConfig & ConfigValues<S>;
  // TLS files are checked before anything connects, so a bad path stops the stage at once, naming the setting.
  const tls = serverTls(config);
  serviceClientTls(config);
  const log = createLogger(name, { level: config.DERMANOMALY_LOG_LEVEL });
  const nc = await connectNats(config.DERMANOMALY_NATS_URL, { name: `dermanomaly-${name}`, log, config });
  const replicas = config.DERMANOMALY_NATS_REPLICAS;
  // Each step creates or opens, so it runs again when a busy cluster does not answer in time.
  const provisioned = <T>(what: string, step: () => Promise<T>) =>
    provision(() => withReplicas(replicas, step), { what, log });
  await provisioned("the events stream", () => ensureEventStream(nc, { replicas }));
  const js = jetstream(nc);
  const publish = retryingPublish(
    async (key, payload, msgId) => {
      await publishEvent(js, EVENTS[key].subject, eventCodec(key), payload, { msgId });
    },
    { log: log.child({ component: "events" }) },
  );
  const jobs = await provisioned("the job store", () =>
    openJobManager(nc, name, {
      log,
      replicas,
      leaseTtlMs: config.DERMANOMALY_JOB_LEASE_MS,
      onStateChange: ({ job, previous, state, progress }) =>
        publish(
          "jobStateChanged",
          { job, at: progress.updatedAt, previous, state, progress },
          `${job.id}:state:${progress.seq}`,
        ),
    }),
  );
  const artifacts = await provisioned("the artifact store", () =>
    openArtifactStore({
      nats: nc,
      replicas,
      ...(config.DERMANOMALY_ARTIFACTS === "" ? {} : { uri: config.DERMANOMALY_ARTIFACTS }),
    }),
  );
  const workDir = config.DERMANOMALY_WORK_DIR || join(tmpdir(), `dermanomaly-${name}`);
  mkdirSync(workDir, { recursive: true });
  const own = (await build({ name, config, log, nc, jobs, publish, artifacts, workDir })) as ServiceHandlers;
  const definition = loadServiceDefinition(name) as unknown as ServiceDefinition;
  const missing = Object.keys(definition).filter(
    (m) => !(m in own) && !["Watch", "Cancel", "GetJob"].includes(m),
  );
  const shortName = SERVICES[name].serviceName.split(".").pop() ?? name;
  const handlers: ServiceHandlers = {
    ...unimplemented(shortName, missing),
    ...(jobs.grpcHandlers() as unknown as ServiceHandlers),
    ...own,
  };
  return startService({
    name,
    packageDefinition: loadPackageDefinition(),
    service: definition,
    handlers,
    config,
    tls,
    log,
    jobs,
    startup: async (service) => {
      await options.startup?.(service);
    },
    onShutdown: [() => artifacts.close(), () => nc.drain()],
    handleSignals: options.handleSignals ?? true,
    // A stage none of whose operations is built yet runs (health, job methods) but its service is not serving.
    ...(Object.keys(own).length === 0 && {
      notServingReason: `no operation of ${shortName} is built yet`,
    }),
  });
}

/** Runs a JetStream provisioning step, naming `DERMANOMALY_NATS_REPLICAS` when the cluster cannot hold that many copies. */
async function withReplicas<T>(replicas: number, provision: () => Promise<T>): Promise<T> {
  try {
    return await provision();
  } catch (err) {
    if (
      !/insufficient resources|replicas? (> 1 )?not supported|no suitable peers/i.test(
        (err as Error)?.message ?? "",
      )
    )
      throw err;
    const wrapped = new ConfigError([
      {
        name: "DERMANOMALY_NATS_REPLICAS",
        message:
          `DERMANOMALY_NATS_REPLICAS is ${replicas} but the NATS JetStream cluster cannot keep that many copies ` +
          `(${(err as Error).message}): set it to at most the number of JetStream servers`,
      },
    ]);
    wrapped.cause = err;
    throw wrapped;
  }
}
