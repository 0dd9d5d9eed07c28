import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running nats-server with JetStream, started for one test file or one local stack. */
export interface NatsServer {
  /** Client URL, e.g. `nats://127.0.0.1:41234`. */
  readonly url: string;
  /** Port the server listens on (loopback only). */
  readonly port: number;
  /** JetStream store directory. */
  readonly storeDir: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and, unless `keepStore`, removes the store. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), keeping the store, to simulate a crash; `start` it again with the same store. */
  kill(): Promise<void>;
}

/** Options of {@linkcode startNatsServer}. */
export interface StartNatsServerOptions {
  /** JetStream store directory. @default a new temporary directory */
  storeDir?: string;
  /** Port to listen on. @default a free loopback port */
  port?: number;
  /** Keep the store directory when stopping. @default false when the directory was created here */
  keepStore?: boolean;
  /** How long to wait for the server to accept connections, in ms. @default 10000 */
  readyTimeoutMs?: number;
  /** Executable to run. @default `nats-server` from PATH */
  command?: string;
  /** More arguments, e.g. `["-c", "cluster.conf"]` for a configuration file (users, TLS, a cluster). @default [] */
  args?: readonly string[];
}

const INSTALL_HINT =
  "nats-server was not found on PATH. Install it with `sudo apt-get install -y nats-server` (Debian/Ubuntu) " +
  "or put the nats-server binary on PATH";

/** Whether a `nats-server` executable can be run. */
export function natsServerAvailable(command = "nats-server"): boolean {
  const r = spawnSync(command, ["--version"], { stdio: "ignore" });
  return r.error === undefined && r.status === 0;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("No port"))));
    });
  });
}

/**
 * `count` distinct TCP ports on 127.0.0.1 that were free a moment ago. A port found free is not reserved, and the
 * system may hand the same one out again before anything binds it: ports needed together are asked for together.
 */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * Starts a real nats-server with JetStream on loopback and waits until it is ready (it logs
 * "Server is ready"). Used by every integration test and by the local stack.
 *
 * @example
 * ```ts
 * const nats = await startNatsServer();
 * try { ... connect({ servers: nats.url }) ... } finally { await nats.stop(); }
 * ```
 */
export async function startNatsServer(options: StartNatsServerOptions = {}): Promise<NatsServer> {
  const command = options.command ?? "nats-server";
  if (!natsServerAvailable(command)) throw new Error(INSTALL_HINT);
  const ownStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), "dermanomaly-nats-"));
  const keepStore = options.keepStore ?? !ownStore;
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    command,
    ["-js", "-sd", storeDir, "-a", "127.0.0.1", "-p", String(port), ...(options.args ?? [])],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`nats-server did not become ready in ${options.readyTimeoutMs ?? 10000} ms:\n${log}`));
    }, options.readyTimeoutMs ?? 10000);
    child.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("Server is ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with code ${code} before it was ready:\n${log}`));
    });
  });
  child.stderr?.resume();
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  let stopped = false;
  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    if (!stopped) {
      stopped = true;
      child.kill(signal);
      const force = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(force);
    }
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    async stop() {
      await terminate("SIGTERM");
      if (!keepStore) rmSync(storeDir, { recursive: true, force: true });
    },
    async kill() {
      await terminate("SIGKILL");
    },
  };
}
