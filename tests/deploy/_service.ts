// A stage started as its own process, as a container runs it (node --import tsx services/<name>/main.ts), for the
// deployment tests: mutual TLS between processes, start-up failures, clients written in other languages.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitForServing } from "@dermanomaly/client";
import type { ServiceName } from "@dermanomaly/contracts";
import { freePorts } from "@dermanomaly/testing";
import { ROOT } from "./_code.ts";

/** The files deploy/tls/make-certs.sh writes, by name. */
export interface Certificates {
  dir: string;
  ca: string;
  serviceCert: string;
  serviceKey: string;
  natsCert: string;
  natsKey: string;
  clientCert: string;
  clientKey: string;
}

/** Runs deploy/tls/make-certs.sh (the operators' script) into a new temporary folder. */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), "dermanomaly-certs-"));
  execFileSync("bash", [join(ROOT, "deploy", "tls", "make-certs.sh"), dir, "dermanomaly", "2"], {
    stdio: "pipe",
  });
  const at = (f: string) => join(dir, f);
  return {
    dir,
    ca: at("ca.crt"),
    serviceCert: at("dermanomaly.crt"),
    serviceKey: at("dermanomaly.key"),
    natsCert: at("nats.crt"),
    natsKey: at("nats.key"),
    clientCert: at("client.crt"),
    clientKey: at("client.key"),
  };
}

/** A service process. */
export interface ServiceProcess {
  /** `localhost:<port>` of its gRPC port. */
  address: string;
  port: number;
  /** `127.0.0.1:<port>` of its plaintext health port. */
  healthAddress: string;
  /** What it printed (JSON log lines and errors). */
  output(): string;
  stop(): Promise<void>;
}

/** The exit of a process that was expected to stop by itself, with what it printed. */
export interface Exit {
  code: number | null;
  /** What it printed, JSON log lines turned back into their messages. */
  output: string;
}

/** A process's output with each JSON log line replaced by its message (so that messages read as written). */
export function readableLog(output: string): string {
  return output
    .split("\n")
    .map((line) => {
      try {
        return String((JSON.parse(line) as { msg?: unknown }).msg ?? line);
      } catch {
        return line;
      }
    })
    .join("\n");
}

function start(
  service: ServiceName,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "services", service, "main.ts")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? tmpdir(), ...env },
  });
  let output = "";
  child.stdout?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  return { child, output: () => output };
}

/** Common settings of a test service: loopback ports, artifacts and scratch space in `dir`, quiet logs. */
async function baseEnv(dir: string, natsUrl: string): Promise<Record<string, string>> {
  const [grpc, health] = await freePorts(2);
  return {
    DERMANOMALY_GRPC_HOST: "127.0.0.1",
    DERMANOMALY_GRPC_PORT: String(grpc),
    DERMANOMALY_GRPC_HEALTH_PORT: String(health),
    DERMANOMALY_METRICS_PORT: "0",
    DERMANOMALY_NATS_URL: natsUrl,
    DERMANOMALY_ARTIFACTS: `file://${join(dir, "artifacts")}`,
    DERMANOMALY_WORK_DIR: join(dir, "work"),
    DERMANOMALY_LOG_LEVEL: "info",
  };
}

/** Starts `service` as a process and waits until its plaintext health port says SERVING. */
export async function startServiceProcess(
  service: ServiceName,
  options: { natsUrl: string; env?: Record<string, string> },
): Promise<ServiceProcess> {
  const dir = mkdtempSync(join(tmpdir(), `dermanomaly-${service}-`));
  const env = { ...(await baseEnv(dir, options.natsUrl)), ...options.env };
  const { child, output } = start(service, env);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(force);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const healthAddress = `127.0.0.1:${env["DERMANOMALY_GRPC_HEALTH_PORT"]}`;
  const controller = new AbortController();
  void exited.then(() => controller.abort());
  const status = await waitForServing(healthAddress, {
    totalTimeoutMs: 60_000,
    signal: controller.signal,
    env: {},
  });
  if (status !== "SERVING") {
    await stop();
    throw new Error(`${service} did not start (${status}):\n${output()}`);
  }
  const port = Number(env["DERMANOMALY_GRPC_PORT"]);
  return { address: `localhost:${port}`, port, healthAddress, output, stop };
}

/** Starts `service` with settings that must stop it, and resolves when it has exited (60 s at most). */
export async function startFailingService(
  service: ServiceName,
  options: { natsUrl: string; env: Record<string, string> },
): Promise<Exit> {
  const dir = mkdtempSync(join(tmpdir(), `dermanomaly-${service}-`));
  const { child, output } = start(service, { ...(await baseEnv(dir, options.natsUrl)), ...options.env });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  clearTimeout(timer);
  rmSync(dir, { recursive: true, force: true });
  return { code, output: readableLog(output()) };
}
