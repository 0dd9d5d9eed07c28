import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdirSync, openSync } from "node:fs";
import { rm } from "node:fs/promises";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import { SERVICES } from "@dermanomaly/contracts";
import { freePorts, startNatsServer } from "@dermanomaly/testing";
import { checkHealth, type HealthStatus, waitForServing } from "./health.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** The variable that moves the folder where local stacks are made (and `up` records its endpoints). */
export const RUNS_DIR_ENV = "DERMANOMALY_RUNS_DIR";

/**
 * The folder that holds local stacks' run folders (`stack-<time>`): `DERMANOMALY_RUNS_DIR` when set, else `.runs`
 * under the repository.
 */
export function runsDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env[RUNS_DIR_ENV] ?? "";
  return dir.trim() === "" ? join(REPO_ROOT, ".runs") : resolve(dir);
}

/** The bulky parts of a stack's run folder: the artifact store, the NATS store and the services' scratch. */
export const STACK_DATA_FOLDERS = ["artifacts", "nats", "work"] as const;

/**
 * Removes a stopped stack's artifact store, NATS store and scratch from its run folder, keeping `logs/`: what is
 * left is the services' logs, a few KiB. Only for a stack whose results all live elsewhere, and never while it runs:
 * the folder is what a stack started again on it (`up --run-dir`) resumes from.
 */
export async function removeStackData(runDir: string): Promise<void> {
  for (const name of STACK_DATA_FOLDERS)
    await rm(join(runDir, name), { recursive: true, force: true, maxRetries: 3 });
}

/** One service to run in the local stack. */
export interface StackServiceSpec {
  /** Short name, e.g. `preprocess`; also the folder under `services/`. */
  name: string;
  /** Environment variable through which clients find it, e.g. `DERMANOMALY_PREPROCESS_ENDPOINT`. */
  endpointEnv: string;
}

/** A service process of a running stack. */
export interface StackService extends StackServiceSpec {
  /** `127.0.0.1:<port>` (the same after a restart). */
  address: string;
  /** Prometheus metrics URL. */
  metricsUrl: string;
  /**
   * The service's own health when the stack finished starting: SERVING, or NOT_SERVING for a stage none of whose
   * operations is built yet (its process runs and answers health and the job methods).
   */
  health: HealthStatus;
}

/** A service process that exited on its own and is being started again. */
export interface StackRestart {
  /** The service. */
  name: string;
  /** Its exit code, or null when a signal ended it. */
  code: number | null;
  /** The signal that ended it, or null. */
  signal: NodeJS.Signals | null;
  /** Restarts of this service in a row, this one included (reset once a process stays up `stableMs`). */
  attempt: number;
  /** How long the stack waits before starting it, in ms. */
  delayMs: number;
}

/** A running local stack: nats-server plus one process per service. */
export interface LocalStack {
  /** NATS client URL. */
  natsUrl: string;
  /** Folder holding this stack's artifacts, logs and NATS store. */
  runDir: string;
  /** The services, in start order. */
  services: StackService[];
  /** `DERMANOMALY_*_ENDPOINT` variables pointing at this stack, for clients. */
  endpoints: Record<string, string>;
  /**
   * Resolves when a service exits and will not be started again: it kept exiting (`maxRestarts` times in a row,
   * each sooner than `stableMs` after its start). A service that exits once is restarted, not reported here.
   */
  crashed: Promise<{ name: string; code: number | null }>;
  /** The process id of a service's current process (it changes when the service is restarted). */
  pid(name: string): number | undefined;
  /** Sends a signal to a service's current process (e.g. SIGKILL to try a crash); the stack restarts it. */
  kill(name: string, signal?: NodeJS.Signals): void;
  /** Stops every service (SIGTERM, drained), then nats-server. */
  stop(): Promise<void>;
}

/** Options of {@linkcode startLocalStack}. */
export interface StartLocalStackOptions {
  /**
   * Folder for artifacts, logs and the NATS store.
   * @default `stack-<time>` in {@linkcode runsDir} (`.runs` under the repository unless `DERMANOMALY_RUNS_DIR` is set)
   */
  runDir?: string;
  /** Connect to this NATS instead of starting nats-server. */
  natsUrl?: string;
  /** Where service logs go: `inherit` prints them, `file` writes `<runDir>/logs/<name>.log`. @default "file" */
  logs?: "inherit" | "file";
  /** How long to wait for each service to report SERVING, in ms. @default 60000 */
  readyTimeoutMs?: number;
  /** Extra environment for every service. */
  env?: Record<string, string>;
  /** Wait before the first restart of a service that exited, in ms; doubled at each restart in a row. @default 500 */
  restartDelayMs?: number;
  /** Longest wait before a restart, in ms. @default 10000 */
  maxRestartDelayMs?: number;
  /** Restarts in a row after which a service that keeps exiting is given up (see `crashed`). @default 8 */
  maxRestarts?: number;
  /** A process that ran this long before exiting counts as a first exit again (its backoff starts over). @default 30000 */
  stableMs?: number;
  /**
   * Told of each restart (it is also written to the service's log).
   * @default a line on stderr: `Service "gan-trainer" exited (signal SIGKILL); starting it again in 0.5 s`
   */
  onRestart?: (restart: StackRestart) => void;
}

/** How often {@linkcode portBound} tries to connect. */
const PORT_PROBE_MS = 20;

/** Resolves once something accepts connections on `127.0.0.1:port`, or at `until` (the health check then says why). */
async function portBound(port: number, until: number): Promise<void> {
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, PORT_PROBE_MS));
  }
}

function restartLine(r: StackRestart): string {
  const why = r.signal !== null ? `signal ${r.signal}` : `code ${r.code}`;
  return `Service "${r.name}" exited (${why}); starting it again in ${r.delayMs / 1000} s (restart ${r.attempt})`;
}

interface Managed {
  spec: StackServiceSpec;
  port: number;
  metricsPort: number;
  child: ChildProcess;
  startedAt: number;
  attempt: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Starts nats-server on a free loopback port and every given service as its own process (as a cluster would run
 * them), waits until each process reports SERVING (health of the server, `""`), and returns their endpoints with
 * each service's own health. Every service is told the others' endpoints (`DERMANOMALY_<SERVICE>_ENDPOINT`), so the
 * orchestrator finds the stages. A service that exits after the stack started is started again on the same port,
 * with a backoff, and the restart is logged: the stack survives a crash, and jobs the dead process ran are taken
 * over by the new one once their lease expires. Stop it with `stop()`.
 */
export async function startLocalStack(
  specs: readonly StackServiceSpec[],
  options: StartLocalStackOptions = {},
): Promise<LocalStack> {
  const runDir = resolve(
    options.runDir ?? join(runsDir(), `stack-${new Date().toISOString().replace(/[:.]/g, "-")}`),
  );
  mkdirSync(join(runDir, "logs"), { recursive: true });
  const nats =
    options.natsUrl === undefined
      ? await startNatsServer({ storeDir: join(runDir, "nats"), keepStore: true })
      : undefined;
  const natsUrl = options.natsUrl ?? nats!.url;
  const restartDelayMs = options.restartDelayMs ?? 500;
  const maxRestartDelayMs = options.maxRestartDelayMs ?? 10_000;
  const maxRestarts = options.maxRestarts ?? 8;
  const stableMs = options.stableMs ?? 30_000;
  const onRestart = options.onRestart ?? ((r: StackRestart) => process.stderr.write(`${restartLine(r)}\n`));
  const managed: Managed[] = [];
  let onCrash: (v: { name: string; code: number | null }) => void = () => {};
  const crashed = new Promise<{ name: string; code: number | null }>((r) => {
    onCrash = r;
  });
  let started = false;
  let stopping = false;
  let failStart: (err: Error) => void = () => {};
  const startFailed = new Promise<never>((_, reject) => {
    failStart = reject;
  });
  startFailed.catch(() => {});

  // Every service learns every endpoint of the stack before any starts: the orchestrator calls the stages.
  const ports = await freePorts(2 * specs.length);
  for (const [i, spec] of specs.entries()) {
    managed.push({
      spec,
      port: ports[2 * i] as number,
      metricsPort: ports[2 * i + 1] as number,
      child: undefined as unknown as ChildProcess,
      startedAt: 0,
      attempt: 0,
      timer: undefined,
    });
  }
  const endpointEnv = Object.fromEntries(managed.map((m) => [m.spec.endpointEnv, `127.0.0.1:${m.port}`]));
  const logFile = (name: string) => join(runDir, "logs", `${name}.log`);

  const launch = (m: Managed): void => {
    const out = options.logs === "inherit" ? "inherit" : openSync(logFile(m.spec.name), "a");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(REPO_ROOT, "services", m.spec.name, "main.ts")],
      {
        cwd: REPO_ROOT,
        stdio: ["ignore", out, out],
        env: {
          ...process.env,
          ...endpointEnv,
          DERMANOMALY_GRPC_HOST: "127.0.0.1",
          DERMANOMALY_GRPC_PORT: String(m.port),
          DERMANOMALY_METRICS_PORT: String(m.metricsPort),
          DERMANOMALY_NATS_URL: natsUrl,
          DERMANOMALY_ARTIFACTS: `file://${join(runDir, "artifacts")}`,
          DERMANOMALY_WORK_DIR: join(runDir, "work", m.spec.name),
          ...options.env,
        },
      },
    );
    m.child = child;
    m.startedAt = Date.now();
    child.once("exit", (code, signal) => {
      if (stopping || m.child !== child) return;
      if (!started) {
        failStart(
          new Error(
            `Service "${m.spec.name}" exited with code ${code} while starting; see ${logFile(m.spec.name)}`,
          ),
        );
        return;
      }
      m.attempt = Date.now() - m.startedAt >= stableMs ? 1 : m.attempt + 1;
      if (m.attempt > maxRestarts) {
        const line = `Service "${m.spec.name}" exited ${maxRestarts + 1} times in a row; not starting it again`;
        appendLog(m.spec.name, line);
        onCrash({ name: m.spec.name, code });
        return;
      }
      const delayMs = Math.min(maxRestartDelayMs, restartDelayMs * 2 ** (m.attempt - 1));
      const restart = { name: m.spec.name, code, signal, attempt: m.attempt, delayMs };
      appendLog(m.spec.name, restartLine(restart));
      onRestart(restart);
      m.timer = setTimeout(() => {
        m.timer = undefined;
        if (!stopping) launch(m);
      }, delayMs);
    });
  };

  const appendLog = (name: string, line: string): void => {
    if (options.logs === "inherit") return;
    const entry = { level: "warn", time: new Date().toISOString(), service: "stack", msg: line };
    appendFileSync(logFile(name), `${JSON.stringify(entry)}\n`);
  };

  const stop = async (): Promise<void> => {
    stopping = true;
    await Promise.all(
      managed.map(
        (m) =>
          new Promise<void>((done) => {
            clearTimeout(m.timer);
            const child = m.child;
            if (child === undefined || child.exitCode !== null || child.signalCode !== null) return done();
            const force = setTimeout(() => child.kill("SIGKILL"), 15000);
            child.once("exit", () => {
              clearTimeout(force);
              done();
            });
            child.kill("SIGTERM");
          }),
      ),
    );
    await nats?.stop();
  };

  try {
    for (const m of managed) launch(m);
    const services: StackService[] = [];
    for (const m of managed) {
      const address = `127.0.0.1:${m.port}`;
      const timeout = options.readyTimeoutMs ?? 60000;
      const until = Date.now() + timeout;
      // Health checks start once the port is bound: one made before waits out gRPC's reconnect backoff (1 s).
      await Promise.race([portBound(m.port, until), startFailed]);
      const health = await Promise.race([
        waitForServing(address, { totalTimeoutMs: Math.max(0, until - Date.now()) }),
        startFailed,
      ]);
      if (health !== "SERVING") {
        throw new Error(
          `Service "${m.spec.name}" at ${address} is ${health} after ${timeout} ms; see ${logFile(m.spec.name)}`,
        );
      }
      const serviceName =
        (SERVICES as Record<string, { serviceName: string }>)[m.spec.name]?.serviceName ?? "";
      services.push({
        ...m.spec,
        address,
        metricsUrl: `http://127.0.0.1:${m.metricsPort}/metrics`,
        health: await checkHealth(address, { service: serviceName }),
      });
    }
    started = true;
    const byName = (name: string) => {
      const m = managed.find((x) => x.spec.name === name);
      if (m === undefined) throw new RangeError(`No service "${name}" in this stack`);
      return m;
    };
    return {
      natsUrl,
      runDir,
      services,
      endpoints: endpointEnv,
      crashed,
      pid: (name) => byName(name).child.pid,
      kill: (name, signal = "SIGTERM") => void byName(name).child.kill(signal),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
