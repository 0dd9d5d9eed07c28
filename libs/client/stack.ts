import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { join, resolve } from "node:path";
import { SERVICES } from "@dermanomaly/contracts";
import { freePort, startNatsServer } from "@dermanomaly/testing";
import { checkHealth, type HealthStatus, waitForServing } from "./health.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** One service to run in the local stack. */
export interface StackServiceSpec {
  /** Short name, e.g. `preprocess`; also the folder under `services/`. */
  name: string;
  /** Environment variable through which clients find it, e.g. `DERMANOMALY_PREPROCESS_ENDPOINT`. */
  endpointEnv: string;
}

/** A service process of a running stack. */
export interface StackService extends StackServiceSpec {
  /** `127.0.0.1:<port>`. */
  address: string;
  /** Prometheus metrics URL. */
  metricsUrl: string;
  /**
   * The service's own health when the stack finished starting: SERVING, or NOT_SERVING for a stage none of whose
   * operations is built yet (its process runs and answers health and the job methods).
   */
  health: HealthStatus;
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
  /** Resolves when any service process exits on its own (a crash), with its name and exit code. */
  crashed: Promise<{ name: string; code: number | null }>;
  /** Stops every service (SIGTERM, drained), then nats-server. */
  stop(): Promise<void>;
}

/** Options of {@linkcode startLocalStack}. */
export interface StartLocalStackOptions {
  /** Folder for artifacts, logs and the NATS store. @default `.runs/stack-<time>` under the repository */
  runDir?: string;
  /** Connect to this NATS instead of starting nats-server. */
  natsUrl?: string;
  /** Where service logs go: `inherit` prints them, `file` writes `<runDir>/logs/<name>.log`. @default "file" */
  logs?: "inherit" | "file";
  /** How long to wait for each service to report SERVING, in ms. @default 60000 */
  readyTimeoutMs?: number;
  /** Extra environment for every service. */
  env?: Record<string, string>;
}

/**
 * Starts nats-server on a free loopback port and every given service as its own process (as a cluster would run
 * them), waits until each process reports SERVING (health of the server, `""`), and returns their endpoints with
 * each service's own health. Stop it with `stop()`.
 */
export async function startLocalStack(
  specs: readonly StackServiceSpec[],
  options: StartLocalStackOptions = {},
): Promise<LocalStack> {
  const runDir = resolve(
    options.runDir ?? join(REPO_ROOT, ".runs", `stack-${new Date().toISOString().replace(/[:.]/g, "-")}`),
  );
  mkdirSync(join(runDir, "logs"), { recursive: true });
  const nats =
    options.natsUrl === undefined
      ? await startNatsServer({ storeDir: join(runDir, "nats"), keepStore: true })
      : undefined;
  const natsUrl = options.natsUrl ?? nats!.url;
  const children: { spec: StackServiceSpec; child: ChildProcess; address: string; metricsUrl: string }[] = [];
  let onCrash: (v: { name: string; code: number | null }) => void = () => {};
  const crashed = new Promise<{ name: string; code: number | null }>((r) => {
    onCrash = r;
  });
  let stopping = false;

  const stop = async (): Promise<void> => {
    stopping = true;
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
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
    for (const spec of specs) {
      const port = await freePort();
      const metricsPort = await freePort();
      const logFile = join(runDir, "logs", `${spec.name}.log`);
      const out = options.logs === "inherit" ? "inherit" : openSync(logFile, "a");
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(REPO_ROOT, "services", spec.name, "main.ts")],
        {
          cwd: REPO_ROOT,
          stdio: ["ignore", out, out],
          env: {
            ...process.env,
            DERMANOMALY_GRPC_HOST: "127.0.0.1",
            DERMANOMALY_GRPC_PORT: String(port),
            DERMANOMALY_METRICS_PORT: String(metricsPort),
            DERMANOMALY_NATS_URL: natsUrl,
            DERMANOMALY_ARTIFACTS: `file://${join(runDir, "artifacts")}`,
            DERMANOMALY_WORK_DIR: join(runDir, "work", spec.name),
            ...options.env,
          },
        },
      );
      child.once("exit", (code) => {
        if (!stopping) onCrash({ name: spec.name, code });
      });
      children.push({
        spec,
        child,
        address: `127.0.0.1:${port}`,
        metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      });
    }
    const services: StackService[] = [];
    const failed = crashed.then(({ name, code }) => {
      throw new Error(
        `Service "${name}" exited with code ${code} while starting; see ${join(runDir, "logs", `${name}.log`)}`,
      );
    });
    for (const { spec, address, metricsUrl } of children) {
      const health = await Promise.race([
        waitForServing(address, { totalTimeoutMs: options.readyTimeoutMs ?? 60000 }),
        failed,
      ]);
      if (health !== "SERVING") {
        throw new Error(
          `Service "${spec.name}" at ${address} is ${health} after ${options.readyTimeoutMs ?? 60000} ms; ` +
            `see ${join(runDir, "logs", `${spec.name}.log`)}`,
        );
      }
      const serviceName = (SERVICES as Record<string, { serviceName: string }>)[spec.name]?.serviceName ?? "";
      services.push({
        ...spec,
        address,
        metricsUrl,
        health: await checkHealth(address, { service: serviceName }),
      });
    }
    failed.catch(() => {}); // crashes after start are reported through `crashed`
    const endpoints = Object.fromEntries(services.map((s) => [s.endpointEnv, s.address]));
    return { natsUrl, runDir, services, endpoints, crashed, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
