import { clientTls, explainTlsFailure } from "@dermanomaly/contracts";
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
  /**
   * Environment of the TLS settings (`DERMANOMALY_GRPC_TLS_CA`, `_CLIENT_CERT`, `_CLIENT_KEY`, `_SERVER_NAME`), as
   * every client reads them. @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Told why the answer is UNREACHABLE (a TLS failure comes with what to do about it). @default none */
  onUnreachable?: (cause: string) => void;
}

/**
 * Asks `address` (host:port) for its `grpc.health.v1` status, over TLS when the environment configures it.
 *
 * @throws {StatusError} when the TLS settings name a missing or unusable file
 */
export function checkHealth(address: string, options: CheckHealthOptions = {}): Promise<HealthStatus> {
  const tls = clientTls(options.env === undefined ? {} : { env: options.env });
  const client = new HealthClient(address, tls.credentials, tls.channelOptions);
  const deadline = Date.now() + (options.timeoutMs ?? 2000);
  const unreachable = (cause: string): HealthStatus => {
    const why = explainTlsFailure(cause, { mutual: tls.mutual });
    options.onUnreachable?.(why === undefined ? cause : `TLS: ${why} (${cause.trim()})`);
    return "UNREACHABLE";
  };
  const check = (callDeadline: number, done: (err: grpc.ServiceError | null, status?: string) => void) =>
    (client as unknown as HealthCheck).check(
      { service: options.service ?? "" },
      { deadline: callDeadline },
      (err, res) => done(err, res?.status),
    );
  return new Promise<HealthStatus>((resolve) => {
    client.waitForReady(deadline, (readyErr) => {
      if (readyErr) {
        // waitForReady only says the deadline passed; a call that fails at once carries the connection's last error.
        check(Date.now() + 500, (err) => {
          client.close();
          resolve(unreachable(err?.details ?? readyErr.message));
        });
        return;
      }
      check(deadline, (err, status) => {
        client.close();
        if (err) resolve(err.code === grpc.status.NOT_FOUND ? "SERVICE_UNKNOWN" : unreachable(err.details));
        else resolve((status ?? "UNKNOWN") as HealthStatus);
      });
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
