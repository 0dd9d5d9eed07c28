import { connect, type NatsConnection } from "@nats-io/transport-node";
import { createLogger } from "./log.ts";
import type { Logger } from "./types.ts";

/** Options of {@linkcode connectNats}. */
export interface ConnectNatsOptions {
  /** Connection name shown by the server (e.g. the service name). @default "dermanomaly" */
  name?: string;
  /** Where connection events (disconnect, reconnect, errors) are logged. @default a JSON logger named `name` */
  log?: Logger;
  /** Keep trying when no server answers at first, instead of failing. @default false */
  waitForServer?: boolean;
}

/**
 * Connects to NATS the way every service does: the comma-separated URLs of `DERMANOMALY_NATS_URL`, reconnecting
 * for ever once connected, and logging connection events.
 *
 * @example
 * ```ts
 * const nc = await connectNats(config.DERMANOMALY_NATS_URL, { name: "preprocess", log });
 * svc.onShutdown(() => nc.drain());
 * ```
 */
export async function connectNats(
  servers: string,
  options: ConnectNatsOptions = {},
): Promise<NatsConnection> {
  const name = options.name ?? "dermanomaly";
  const log = (options.log ?? createLogger(name)).child({ component: "nats" });
  const list = servers
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (list.length === 0) throw new TypeError("NATS server list is empty");
  const nc = await connect({
    servers: list,
    name,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: options.waitForServer ?? false,
  });
  log.info("Connected to NATS", { server: nc.getServer() });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect" || status.type === "error" || status.type === "staleConnection") {
        log.warn("NATS connection event", { event: status });
      } else if (status.type !== "ping" && status.type !== "reconnecting") {
        log.info("NATS connection event", { event: status });
      }
    }
  })();
  return nc;
}
