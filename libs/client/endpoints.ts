import { join } from "node:path";
import { CLIENT_TLS_ENV, SERVICES, type ServiceName } from "@dermanomaly/contracts";
import { type LocalStack, removeStackData, type StackServiceSpec, startLocalStack } from "./stack.ts";

/** Where the CLI finds each service it needs. */
export interface Endpoints {
  /** `host:port` of each service. */
  addresses: Partial<Record<ServiceName, string>>;
  /** The local stack started for this command, when no endpoint was configured (stop it when done). */
  stack?: LocalStack;
  /**
   * Whether the services' artifact store outlives the command: false for a local stack whose store is removed once
   * the command succeeds (see {@linkcode WithServicesOptions.results}). The command must then name its outputs by
   * the paths the user chose, never by their store URI, which would point at nothing.
   */
  storeKept: boolean;
}

/**
 * Where a command's results end up, which decides what becomes of its local stack's run folder when it succeeds:
 * - `delivered`: every output it reports is also written to a path the user chose (`--dest`, `--out`, `--outdir`),
 *   or comes back in the reply; the stack's artifact store, NATS store and scratch are removed, its logs kept;
 * - `store`: some result lives only in the stack's artifact store (a `key:` destination): the folder is kept, and
 *   the command says so.
 */
export type CommandResults = "delivered" | "store";

/** Options of {@linkcode withServices}. */
export interface WithServicesOptions {
  /** Run folder of the local stack; a folder given here is never removed. @default `stack-<time>` in `runsDir()` */
  runDir?: string;
  /** Told of the local stack once it serves. */
  onStackStart?: (stack: LocalStack) => void;
  /** Where the command's results end up (see {@linkcode CommandResults}). @default "store" */
  results?: CommandResults;
}

/** Set to keep every local stack's run folder whole. */
export const KEEP_STACK_ENV = "DERMANOMALY_KEEP_STACK";

/** Whether `DERMANOMALY_KEEP_STACK` asks to keep run folders (set, and neither empty, `0` nor `false`). */
export function keepStackRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env[KEEP_STACK_ENV] ?? "").trim().toLowerCase();
  return v !== "" && v !== "0" && v !== "false";
}

/** The line that tells where a kept run folder is, and how to take it up again or remove it. */
function keptForResume(runDir: string): string {
  return (
    `Kept ${runDir}: \`pnpm dermanomaly up --run-dir ${runDir}\` starts its stack again (unfinished jobs ` +
    `resume, logs/ says what happened); \`rm -rf ${runDir}\` removes it\n`
  );
}

/**
 * What a command's outcome means for the run folder: a resolved exit code of 0 or a resolved reply is a success;
 * any other exit code (the job failed, was cancelled) is not.
 */
function succeeded(result: unknown): boolean {
  return typeof result !== "number" || result === 0;
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
 *
 * `fn` resolves with an exit code (0 for success) or a reply (a success). A local stack's run folder loses its
 * artifact store, NATS store and scratch once it stopped after a success whose results were `delivered` (its logs
 * stay). After a failure, an interruption or a crash, with `store` results, with a `runDir` given, or with
 * `DERMANOMALY_KEEP_STACK` set, it is kept whole, and its path printed.
 */
export async function withServices<T>(
  needed: readonly ServiceName[],
  fn: (endpoints: Endpoints) => Promise<T>,
  options: WithServicesOptions = {},
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
    return fn({ addresses: configured, storeKept: true });
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
  // A folder the caller named is theirs to keep; DERMANOMALY_KEEP_STACK keeps every folder.
  let keptWhole: string | undefined;
  if (options.runDir !== undefined) keptWhole = "the run folder given";
  else if (keepStackRequested()) keptWhole = `${KEEP_STACK_ENV} is set`;
  const storeKept = keptWhole !== undefined || (options.results ?? "store") === "store";
  // An interrupted command's folder is what `up --run-dir` resumes its jobs from: kept whole.
  let interrupted = false;
  const stopOnSignal = () => {
    interrupted = true;
    stopping = stack.stop().then(() => void process.stderr.write(keptForResume(stack.runDir)));
    exitAfterStack(130);
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  let result: { value: T } | undefined;
  try {
    const addresses = Object.fromEntries(stack.services.map((s) => [s.name, s.address])) as Partial<
      Record<ServiceName, string>
    >;
    result = { value: await fn({ addresses, stack, storeKept }) };
    return result.value;
  } finally {
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
    await stack.stop();
    // A signal's own handler has said what became of the folder.
    if (!interrupted)
      await settleRunFolder(stack.runDir, {
        succeeded: result !== undefined && succeeded(result.value),
        storeKept,
        ...(keptWhole !== undefined && { keptWhole }),
      });
  }
}

/** Removes a stopped stack's bulky parts after a delivered success, or says why its folder stays and where. */
async function settleRunFolder(
  runDir: string,
  outcome: { succeeded: boolean; storeKept: boolean; keptWhole?: string },
): Promise<void> {
  if (!outcome.succeeded) {
    process.stderr.write(keptForResume(runDir));
  } else if (outcome.keptWhole !== undefined) {
    process.stderr.write(`Kept ${runDir} (${outcome.keptWhole})\n`);
  } else if (outcome.storeKept) {
    process.stderr.write(
      `Kept ${runDir}: its artifacts are the only copy of the results (\`rm -rf ${runDir}\` once done with them)\n`,
    );
  } else {
    try {
      await removeStackData(runDir);
      process.stderr.write(
        `Removed the local stack's artifacts, NATS data and scratch; its logs stay in ${join(runDir, "logs")}\n`,
      );
    } catch (err) {
      // The command's work is done: a folder that would not go is worth a line, not a failure.
      process.stderr.write(
        `Could not remove the local stack's data in ${runDir}: ${(err as Error).message}\n`,
      );
    }
  }
}
