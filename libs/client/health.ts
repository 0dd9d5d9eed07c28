import * as grpc from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

/** Serving status of a gRPC service as `grpc.health.v1` reports it, or `UNREACHABLE` when no answer came. */
export type HealthStatus = "SERVING" | "NOT_SERVING" | "UNKNOWN" | "SERVICE_UNKNOWN" | "UNREACHABLE";

// grpc-health-check ships the service definition but no typed client: the one call used here, typed by hand.
interface HealthCheck {
  check(
    request: { service: string },
    options: grpc.CallOptions,
    callback: (err: grpc.ServiceError | null, response?: { status: string }) => void,
  ): void;
}

const HealthClient = grpc.makeGenericClientConstructor(healthService as grpc.ServiceDefinition, "Health");

/** Options of {@linkcode checkHealth}. */
export interface CheckHealthOptions {
  /** Service name to ask about; `""` is the whole server. @default "" */
  service?: string;
  /** Deadline of the call, in ms. @default 2000 */
  timeoutMs?: number;
}

/** Asks `address` (host:port) for its `grpc.health.v1` status. */
export function checkHealth(address: string, options: CheckHealthOptions = {}): Promise<HealthStatus> {
  const client = new HealthClient(address, grpc.credentials.createInsecure());
  const deadline = Date.now() + (options.timeoutMs ?? 2000);
  return new Promise<HealthStatus>((resolve) => {
    client.waitForReady(deadline, (readyErr) => {
      if (readyErr) {
        client.close();
        resolve("UNREACHABLE");
        return;
      }
      (client as unknown as HealthCheck).check(
        { service: options.service ?? "" },
        { deadline },
        (err, res) => {
          client.close();
          if (err) resolve(err.code === grpc.status.NOT_FOUND ? "SERVICE_UNKNOWN" : "UNREACHABLE");
          else resolve((res?.status ?? "UNKNOWN") as HealthStatus);
        },
      );
    });
  });
}

/** Polls {@linkcode checkHealth} until SERVING or the timeout; returns the last status seen. */
export async function waitForServing(
  address: string,
  options: CheckHealthOptions & { totalTimeoutMs?: number; signal?: AbortSignal } = {},
): Promise<HealthStatus> {
  const until = Date.now() + (options.totalTimeoutMs ?? 30000);
  let last: HealthStatus = "UNREACHABLE";
  while (Date.now() < until && !options.signal?.aborted) {
    last = await checkHealth(address, { ...options, timeoutMs: Math.min(options.timeoutMs ?? 1000, 1000) });
    if (last === "SERVING") return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  return last;
}
