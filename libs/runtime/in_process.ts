import { join } from "node:path";
import { createClient, type ServiceClients, type ServiceName } from "@dermanomaly/contracts";
import type { RunningService } from "./server.ts";
import { serveStage } from "./stage.ts";

/** Where {@linkcode serveStageInProcess} puts a stage. */
export interface InProcessStageOptions {
  /** NATS server with JetStream. */
  natsUrl: string;
  /** Folder for the stage's artifacts (`artifacts/`) and scratch files (`work/`). */
  root: string;
  /** @default "warn" */
  logLevel?: string;
}

/**
 * Runs a stage in this process on a free loopback port (no metrics port, no signal handlers), as tests and
 * embedding programs need it, and returns it once it reports SERVING, with a typed client to it.
 */
export async function serveStageInProcess<N extends ServiceName>(
  name: N,
  build: Parameters<typeof serveStage<N>>[1],
  options: InProcessStageOptions,
): Promise<{ service: RunningService; client: ServiceClients[N] }> {
  const service = await serveStage(name, build, {
    handleSignals: false,
    env: {
      DERMANOMALY_GRPC_HOST: "127.0.0.1",
      DERMANOMALY_GRPC_PORT: "0",
      DERMANOMALY_METRICS_PORT: "0",
      DERMANOMALY_NATS_URL: options.natsUrl,
      DERMANOMALY_LOG_LEVEL: options.logLevel ?? "warn",
      DERMANOMALY_ARTIFACTS: `file://${join(options.root, "artifacts")}`,
      DERMANOMALY_WORK_DIR: join(options.root, "work"),
    },
  });
  while (!service.serving) await new Promise((r) => setTimeout(r, 20));
  return { service, client: createClient(name, service.address) };
}
