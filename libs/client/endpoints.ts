import { CLIENT_TLS_ENV, SERVICES, type ServiceName } from "@dermanomaly/contracts";
import { type LocalStack, type StackServiceSpec, startLocalStack } from "./stack.ts";

/** Where the CLI finds each service it needs. */
export interface Endpoints {
  /** `host:port` of each service. */
  addresses: Partial<Record<ServiceName, string>>;
  /** The local stack started for this command, when no endpoint was configured (stop it when done). */
  stack?: LocalStack;
}

/** The local stack being stopped for a signal, if any. */
let stopping: Promise<void> | undefined;

/**
 * Exits the process with `code` once a local stack that a signal is stopping has stopped (at once when none is):
 * exiting before would leave its nats-server and services running.
 */
export function exitAfterStack(code: number): void {
  void (stopping ?? Promise.resolve()).finally(() => process.exit(code));
}

/** The stack entries of the given services (all seven by default). */
export function stackSpecs(
  names: readonly ServiceName[] = Object.keys(SERVICES) as ServiceName[],
): StackServiceSpec[] {
  return names.map((n) => ({ name: SERVICES[n].name, endpointEnv: SERVICES[n].endpointEnv }));
}

/** Endpoints configured through `DERMANOMALY_<SERVICE>_ENDPOINT` variables. */
export function configuredEndpoints(
  env: NodeJS.ProcessEnv = process.env,
): Partial<Record<ServiceName, string>> {
  const out: Partial<Record<ServiceName, string>> = {};
  for (const [name, s] of Object.entries(SERVICES) as [ServiceName, (typeof SERVICES)[ServiceName]][]) {
    const v = env[s.endpointEnv];
    if (v !== undefined && v !== "") out[name] = v;
  }
  return out;
}

/**
 * Runs `fn` with the endpoints of `needed` services: the configured ones when any `DERMANOMALY_*_ENDPOINT` is set
 * (each needed one must then be; clients reach them over TLS when `DERMANOMALY_GRPC_TLS_CA` is set), otherwise a
 * local stack of just those services, started for the call and stopped after it (also on Ctrl-C).
 */
export async function withServices<T>(
  needed: readonly ServiceName[],
  fn: (endpoints: Endpoints) => Promise<T>,
  options: { runDir?: string; onStackStart?: (stack: LocalStack) => void } = {},
): Promise<T> {
  const configured = configuredEndpoints();
  if (Object.keys(configured).length > 0) {
    const missing = needed.filter((n) => configured[n] === undefined);
    if (missing.length > 0) {
      throw new Error(
        `Endpoints are configured, but not for ${missing.map((n) => SERVICES[n].endpointEnv).join(", ")}: ` +
          "set them too, or unset every DERMANOMALY_*_ENDPOINT to run a local stack",
      );
    }
    return fn({ addresses: configured });
  }
  // The local stack serves plaintext on loopback: TLS settings meant for deployed services would fail every call.
  const tlsSet = Object.values(CLIENT_TLS_ENV).filter((name) => (process.env[name] ?? "").trim() !== "");
  if (tlsSet.length > 0) {
    throw new Error(
      `${tlsSet.join(", ")} ${tlsSet.length === 1 ? "is" : "are"} set but no DERMANOMALY_*_ENDPOINT is: TLS settings ` +
        "are for deployed services, so set their endpoints too, or unset the TLS settings to run a local stack",
    );
  }
  process.stderr.write(`Starting a local stack (${needed.join(", ")})...\n`);
  const stack = await startLocalStack(
    stackSpecs(needed),
    options.runDir === undefined ? {} : { runDir: options.runDir },
  );
  options.onStackStart?.(stack);
  const stopOnSignal = () => {
    stopping = stack.stop();
    exitAfterStack(130);
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    const addresses = Object.fromEntries(stack.services.map((s) => [s.name, s.address])) as Partial<
      Record<ServiceName, string>
    >;
    return await fn({ addresses, stack });
  } finally {
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
    await stack.stop();
  }
}
