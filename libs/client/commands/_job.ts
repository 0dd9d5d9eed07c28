// The shapes the commands that call a service share: a client of it for the call (withClient), and one job started,
// followed to its end and reported (runJob).
import {
  createClient,
  type JobRef__Output,
  type JobServiceClient,
  type Progress__Output,
  type ServiceClients,
  type ServiceName,
} from "@dermanomaly/contracts";
import { type CommandResults, type Endpoints, withServices } from "../endpoints.ts";
import { type FollowJobOptions, followJob } from "../progress.ts";

/** A job that ended, as its command's report sees it. */
export interface EndedJob<N extends ServiceName> {
  readonly job: JobRef__Output;
  /** Its last progress (state, metrics, outputs). */
  readonly last: Progress__Output;
  /** The service's client, still open (e.g. for a further call about the job). */
  readonly client: ServiceClients[N];
  /** Whether the services' artifact store outlives the command (see {@linkcode Endpoints.storeKept}). */
  readonly storeKept: boolean;
}

/** Options of {@linkcode withClient}. */
export interface WithClientOptions {
  /** Where the command's results end up (see {@linkcode CommandResults}). */
  readonly results: CommandResults;
  /** The services the command needs up (e.g. the scorer and the reconstructor it calls). @default the one service */
  readonly services?: readonly ServiceName[];
}

/** What {@linkcode runJob} runs. */
export interface JobCommand<N extends ServiceName> extends WithClientOptions {
  /** The Start call, e.g. `(c, done) => c.StartTraining(request, done)`. */
  start(client: ServiceClients[N], done: (err: Error | null, job?: JobRef__Output) => void): void;
  /**
   * Prints the outcome of a job that SUCCEEDED and resolves to the exit code. A job that failed or was cancelled
   * has had its state and error printed by the follower; `onFailure` (if any) adds to it, and the code is 1.
   */
  report(ended: EndedJob<N>): number | Promise<number>;
  onFailure?(ended: EndedJob<N>): void;
  /** Options of the follower (metrics shown beside the bar ...). @default {} */
  readonly follow?: FollowJobOptions;
  /** Called before the job starts, once the endpoints are known (e.g. to upload local inputs). */
  before?(endpoints: Endpoints): Promise<void>;
  /** Called once the job started. */
  started?(job: JobRef__Output): void;
}

/**
 * Runs `call` with a client of `service` (a deployed one, or a local stack started for the call), closed after:
 * the shape of every command that calls a service.
 */
export function withClient<N extends ServiceName, T>(
  service: N,
  call: (client: ServiceClients[N], endpoints: Endpoints) => Promise<T>,
  options: WithClientOptions,
): Promise<T> {
  return withServices(
    options.services ?? [service],
    async (endpoints) => {
      const client = createClient(service, endpoints.addresses[service] as string) as ServiceClients[N];
      try {
        return await call(client, endpoints);
      } finally {
        client.close();
      }
    },
    { results: options.results },
  );
}

/**
 * Starts one job on `service` (a local stack of it when no endpoint is configured), follows it to its end with a
 * progress bar, and resolves to the exit code its report gives: the shape of every job command.
 */
export function runJob<N extends ServiceName>(service: N, command: JobCommand<N>): Promise<number> {
  return withClient(
    service,
    async (client, endpoints) => {
      await command.before?.(endpoints);
      const job = await new Promise<JobRef__Output>((ok, fail) =>
        command.start(client, (err, res) => (err ? fail(err) : ok(res as JobRef__Output))),
      );
      command.started?.(job);
      const last = await followJob(client as unknown as JobServiceClient, job, command.follow ?? {});
      const ended = { job, last, client, storeKept: endpoints.storeKept };
      if (last.state !== "JOB_STATE_SUCCEEDED") {
        command.onFailure?.(ended);
        return 1;
      }
      return await command.report(ended);
    },
    command,
  );
}
