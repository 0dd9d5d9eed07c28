import { Code, StatusError } from "@dermanomaly/contracts";
import * as grpc from "@grpc/grpc-js";
import type { MethodDefinition, PackageDefinition, ServiceDefinition } from "@grpc/proto-loader";
import { HealthImplementation, type ServingStatus } from "grpc-health-check";
import { type InFlight, wrapHandler } from "./_handlers.ts";
import { addLazyReflection } from "./_reflection.ts";
import type { ServiceConfig } from "./config.ts";
import type { JobManager } from "./jobs.ts";
import { createLogger } from "./log.ts";
import {
  createServiceMetrics,
  type MetricsServer,
  type ServiceMetrics,
  startMetricsServer,
} from "./metrics.ts";
import { type ServerTls, serverTls } from "./tls.ts";
import type { Logger, ServiceHandlers, ShutdownHook } from "./types.ts";

/** How long a forced shutdown waits for aborted handlers to answer before cutting connections. */
const ABORT_FLUSH_MS = 200;

/** Options of {@linkcode startService}. */
export interface StartServiceOptions {
  /** Short service name, e.g. `preprocess`: used in logs, metrics and job references. */
  name: string;
  /** The loaded contracts (proto-loader), served by reflection. */
  packageDefinition: PackageDefinition;
  /** The gRPC service to serve, e.g. `packageDefinition["dermanomaly.v1.PreprocessService"]`. */
  service: ServiceDefinition;
  /** One handler per method of `service`, by the method's proto name. */
  handlers: ServiceHandlers;
  /** Host, ports, limits, grace period and TLS settings (see `SERVICE_CONFIG`). */
  config: ServiceConfig;
  /** How the server is secured. @default `serverTls(config)` (plaintext unless a certificate is configured) */
  tls?: ServerTls;
  /** Logger. @default a JSON logger at `config.DERMANOMALY_LOG_LEVEL` */
  log?: Logger;
  /** Metrics registry. @default a new one from `createServiceMetrics(name)` */
  metrics?: ServiceMetrics;
  /**
   * Job manager serving this service's jobs: its unfinished jobs are resumed (`resumeAll`) before the service
   * reports SERVING, its counts go to the metrics and it is drained at shutdown before `onShutdown` hooks run.
   * @default none
   */
  jobs?: JobManager;
  /**
   * Warm-up run after the server is bound (load models, connect stores). The service reports SERVING when it
   * resolves (after jobs were resumed); when it rejects, the error is logged and the service stops. With neither
   * `startup` nor `jobs`, call `ready()` yourself. @default none
   */
  startup?: (service: RunningService) => Promise<void>;
  /** Run at shutdown, in order, after the server stopped taking calls and jobs were drained. @default [] */
  onShutdown?: ShutdownHook[];
  /**
   * Stop gracefully on SIGTERM and SIGINT, then exit the process (once every service of the process that asked
   * for this has stopped). @default true
   */
  handleSignals?: boolean;
  /**
   * Why the service itself does not serve although its process runs (e.g. a stage none of whose operations is
   * built yet): once ready, health answers SERVING for the server (`""`) and NOT_SERVING for `serviceName`.
   * @default undefined (both follow `ready()`)
   */
  notServingReason?: string;
}

/** A started service. */
export interface RunningService {
  /** Short service name. */
  readonly name: string;
  /** Fully qualified gRPC service name, e.g. `dermanomaly.v1.PreprocessService` (also its health-check name). */
  readonly serviceName: string;
  /** Port the gRPC server is bound to (the real one when the configured port was 0). */
  readonly port: number;
  /** `host:port` clients can dial (`127.0.0.1` stands in for a wildcard host). */
  readonly address: string;
  /** Port of the metrics endpoint, undefined when it is off. */
  readonly metricsPort: number | undefined;
  /** Port of the plaintext health-only server, undefined when it is off. */
  readonly healthPort: number | undefined;
  /** How the gRPC port is secured. */
  readonly tls: ServerTls["mode"];
  readonly log: Logger;
  readonly metrics: ServiceMetrics;
  /** Whether health reports SERVING for the server (`""`). */
  readonly serving: boolean;
  /** Marks the service SERVING (for "" and `serviceName`). */
  ready(): void;
  /** Marks the service NOT_SERVING, e.g. while a model reloads. */
  notReady(): void;
  /** Adds a shutdown hook (run after the ones given at start). */
  onShutdown(hook: ShutdownHook): void;
  /**
   * Graceful stop: health NOT_SERVING, no new calls, jobs drained, in-flight calls given up to
   * `DERMANOMALY_SHUTDOWN_GRACE_MS`, then cancelled; shutdown hooks run; metrics endpoint closed. Idempotent.
   */
  stop(): Promise<void>;
  /** Settles when the service has stopped. */
  readonly stopped: Promise<void>;
}

/**
 * Starts a gRPC service: handlers wrapped with abort signals, status mapping and metrics; `grpc.health.v1`
 * (NOT_SERVING until ready); server reflection; message-size limits; a Prometheus endpoint; graceful shutdown.
 *
 * @example
 * ```ts
 * const svc = await startService({ name: "sleeper", packageDefinition, service, handlers, config });
 * svc.ready();
 * ```
 */
export async function startService(options: StartServiceOptions): Promise<RunningService> {
  const { name, config, service } = options;
  const serviceName = serviceNameOf(service);
  const shortName = serviceName.split(".").at(-1) ?? serviceName;
  const log = options.log ?? createLogger(name, { level: config.DERMANOMALY_LOG_LEVEL });
  const metrics = options.metrics ?? createServiceMetrics(name);
  checkHandlers(shortName, service, options.handlers);

  const server = new grpc.Server({
    "grpc.max_receive_message_length": config.DERMANOMALY_MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": config.DERMANOMALY_MAX_MESSAGE_BYTES,
  });
  const inFlight: InFlight = new Set();
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [method, definition] of Object.entries(service)) {
    const handler = options.handlers[method];
    if (handler === undefined) continue;
    implementation[method] = wrapHandler(handler, {
      serviceName,
      method,
      definition: definition as MethodDefinition<unknown, unknown>,
      log,
      metrics,
      inFlight,
    });
  }
  server.addService(service, implementation);

  const tls = options.tls ?? serverTls(config);
  // Kubernetes' gRPC probes cannot speak TLS: a second, plaintext server answers health alone, when configured.
  const healthServer = config.DERMANOMALY_GRPC_HEALTH_PORT === 0 ? undefined : new grpc.Server();
  const health = addHealth(healthServer === undefined ? [server] : [server, healthServer], serviceName);
  addLazyReflection(server, options.packageDefinition);

  const host = config.DERMANOMALY_GRPC_HOST;
  const port = await bind(
    server,
    host,
    config.DERMANOMALY_GRPC_PORT,
    tls.credentials,
    "DERMANOMALY_GRPC_PORT",
  );
  let healthPort: number | undefined;
  let metricsServer: MetricsServer | undefined;
  try {
    if (healthServer !== undefined) {
      healthPort = await bind(
        healthServer,
        host,
        config.DERMANOMALY_GRPC_HEALTH_PORT,
        grpc.ServerCredentials.createInsecure(),
        "DERMANOMALY_GRPC_HEALTH_PORT",
      );
    }
    if (config.DERMANOMALY_METRICS_PORT !== 0) {
      metricsServer = await startMetricsServer(metrics.registry, {
        host,
        port: config.DERMANOMALY_METRICS_PORT,
        healthy: () => serving && !stopping,
      });
    }
  } catch (err) {
    server.forceShutdown();
    healthServer?.forceShutdown();
    throw err;
  }

  const jobs = options.jobs;
  if (jobs) metrics.trackJobs(() => jobs.counts());
  const hooks: ShutdownHook[] = [...(options.onShutdown ?? [])];
  let serving = false;
  let stopping = false;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopPromise: Promise<void> | undefined;

  const setServing = (status: ServingStatus) => {
    serving = status === "SERVING";
    health.setStatus("", status);
    // A placeholder's process serves (health, job methods) while its service does not.
    health.setStatus(serviceName, options.notServingReason === undefined ? status : "NOT_SERVING");
  };

  const stop = (): Promise<void> => {
    stopPromise ??= (async () => {
      stopping = true;
      removeSignalHandlers();
      setServing("NOT_SERVING");
      health.endWatches();
      log.info("Stopping", { inFlight: inFlight.size, graceMs: config.DERMANOMALY_SHUTDOWN_GRACE_MS });
      const graceEnds = Date.now() + config.DERMANOMALY_SHUTDOWN_GRACE_MS;
      const drained = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      if (jobs)
        await logFailure(log, "Draining jobs failed", () => jobs.close({ graceMs: graceEnds - Date.now() }));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        drained.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), Math.max(0, graceEnds - Date.now()));
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        log.warn("Grace period over; cancelling calls still in flight", { inFlight: inFlight.size });
        for (const controller of inFlight) {
          controller.abort(new StatusError(Code.UNAVAILABLE, `Service "${name}" is shutting down`));
        }
        // A moment for the aborted handlers to send their UNAVAILABLE before the connections are cut.
        await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, ABORT_FLUSH_MS))]);
        server.forceShutdown();
      }
      for (const hook of hooks) await logFailure(log, "Shutdown hook failed", hook);
      healthServer?.forceShutdown();
      await metricsServer?.close();
      log.info("Stopped");
      resolveStopped();
    })();
    return stopPromise;
  };

  const removeSignalHandlers = () => untrapSignals(stop);
  if (options.handleSignals ?? true) trapSignals(stop, log);

  const running: RunningService = {
    name,
    serviceName,
    port,
    address: hostPort(isWildcard(host) ? "127.0.0.1" : host, port),
    metricsPort: metricsServer?.port,
    healthPort,
    tls: tls.mode,
    log,
    metrics,
    get serving() {
      return serving;
    },
    ready: () => {
      if (stopping) return;
      setServing("SERVING");
      if (options.notServingReason === undefined) log.info("Serving", { service: serviceName, port });
      else
        log.info("Up, but the service is NOT_SERVING", {
          service: serviceName,
          port,
          why: options.notServingReason,
        });
    },
    notReady: () => setServing("NOT_SERVING"),
    onShutdown: (hook) => void hooks.push(hook),
    stop,
    stopped,
  };

  log.info("Started", {
    port,
    tls: tls.mode,
    healthPort: healthPort ?? null,
    metricsPort: metricsServer?.port ?? null,
  });
  if (jobs || options.startup) {
    const startup = options.startup;
    void (async () => {
      if (jobs) await jobs.resumeAll();
      if (startup) await startup(running);
    })().then(
      () => running.ready(),
      (err: unknown) => {
        log.error("Startup failed", { err });
        void stop();
      },
    );
  }
  return running;
}

/** Services of this process to stop on SIGTERM or SIGINT; the process exits once all of them have stopped. */
const signalTargets = new Map<() => Promise<void>, Logger>();

function onProcessSignal(signal: NodeJS.Signals): void {
  const targets = [...signalTargets];
  for (const [, log] of targets) log.info("Signal received", { signal });
  // Each stop() untraps itself, so a second signal during the drain gets Node's default handling (exit at once).
  Promise.allSettled(targets.map(([stop]) => stop())).then((results) =>
    process.exit(results.some((r) => r.status === "rejected") ? 1 : 0),
  );
}

function trapSignals(stop: () => Promise<void>, log: Logger): void {
  if (signalTargets.size === 0) {
    process.on("SIGTERM", onProcessSignal);
    process.on("SIGINT", onProcessSignal);
  }
  signalTargets.set(stop, log);
}

function untrapSignals(stop: () => Promise<void>): void {
  if (!signalTargets.delete(stop) || signalTargets.size > 0) return;
  process.off("SIGTERM", onProcessSignal);
  process.off("SIGINT", onProcessSignal);
}

/**
 * Handlers that answer UNIMPLEMENTED with `<Service>.<Method> is not available in this version`: the one
 * allowed placeholder for methods a version does not offer yet.
 *
 * @example
 * ```ts
 * handlers: { ...jobs.grpcHandlers(), ...unimplemented("PreprocessService", ["StartAugment"]) }
 * ```
 */
export function unimplemented(serviceName: string, methods: readonly string[]): ServiceHandlers {
  const out: ServiceHandlers = {};
  for (const method of methods) {
    out[method] = () => {
      throw new StatusError(Code.UNIMPLEMENTED, `${serviceName}.${method} is not available in this version`);
    };
  }
  return out;
}

/** `dermanomaly.v1.PreprocessService` from a method path such as `/dermanomaly.v1.PreprocessService/Start`. */
function serviceNameOf(service: ServiceDefinition): string {
  const first = Object.values(service)[0];
  const match = first ? /^\/(.+)\/[^/]+$/.exec(first.path) : null;
  if (!match?.[1]) throw new TypeError("Service definition has no methods");
  return match[1];
}

function checkHandlers(shortName: string, service: ServiceDefinition, handlers: ServiceHandlers): void {
  const methods = Object.keys(service);
  const missing = methods.filter((m) => typeof handlers[m] !== "function");
  const extra = Object.keys(handlers).filter((m) => !methods.includes(m));
  const problems: string[] = [];
  if (missing.length > 0) {
    problems.push(
      `no handler for ${missing.map((m) => `"${m}"`).join(", ")} (use unimplemented() for methods not offered)`,
    );
  }
  if (extra.length > 0)
    problems.push(`handlers for unknown methods ${extra.map((m) => `"${m}"`).join(", ")}`);
  if (problems.length > 0) throw new TypeError(`${shortName}: ${problems.join("; ")}`);
}

interface Health {
  setStatus(service: string, status: ServingStatus): void;
  /** Ends open Watch streams so they do not hold up a graceful shutdown. */
  endWatches(): void;
}

/** grpc-health-check's service on each server (one status for all), with its Watch streams tracked so shutdown can end them. */
function addHealth(servers: readonly grpc.Server[], serviceName: string): Health {
  const impl = new HealthImplementation({ "": "NOT_SERVING", [serviceName]: "NOT_SERVING" });
  const watches = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  for (const server of servers) {
    impl.addToServer({
      addService(definition, handlers) {
        const watch = handlers["watch"] as grpc.handleServerStreamingCall<unknown, unknown>;
        server.addService(definition, {
          ...handlers,
          watch: (call: grpc.ServerWritableStream<unknown, unknown>) => {
            watches.add(call);
            call.on("cancelled", () => watches.delete(call));
            watch(call);
          },
        });
      },
    });
  }
  return {
    setStatus: (service, status) => impl.setStatus(service, status),
    endWatches() {
      for (const call of watches) call.end();
      watches.clear();
    },
  };
}

function bind(
  server: grpc.Server,
  host: string,
  port: number,
  credentials: grpc.ServerCredentials,
  setting: string,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.bindAsync(hostPort(host, port), credentials, (err, bound) =>
      err
        ? reject(new Error(`Cannot bind gRPC server to ${host}:${port} (${setting})`, { cause: err }))
        : resolve(bound),
    );
  });
}

function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]" || host === "";
}

function hostPort(host: string, port: number): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
}

async function logFailure(log: Logger, msg: string, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (err) {
    log.error(msg, { err });
  }
}
