import {
  Code,
  createClient,
  type JobRef,
  type JobRef__Output,
  type Progress__Output,
  type ServiceClients,
  type ServiceName,
  serviceEndpoint,
} from "@dermanomaly/contracts";
import type { ClientReadableStream, ServiceError } from "@grpc/grpc-js";

/** The start method of each service a pipeline runs jobs on. */
const START_METHODS = {
  preprocess: "StartPrepareDataset",
  "gan-trainer": "StartTraining",
  "encoder-trainer": "StartTraining",
  reconstructor: "StartReconstruction",
  scorer: "StartScoring",
  reporter: "StartReport",
} as const satisfies Partial<Record<ServiceName, string>>;

/** A service a pipeline starts jobs on. */
export type JobService = keyof typeof START_METHODS;

/** gRPC codes after which a call may succeed when tried again (the service restarting, NATS away). */
const TRANSIENT: readonly number[] = [Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED, Code.ABORTED, Code.CANCELLED];

/** Whether a failed call may succeed when tried again later. */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "number" ? TRANSIENT.includes(code) : true;
}

/** Options of {@linkcode StageCalls}. */
export interface StageCallsOptions {
  /** `host:port` of each service. @default `serviceEndpoint(name)`: its `DERMANOMALY_<SERVICE>_ENDPOINT`, else its default port */
  endpoints?: Partial<Record<ServiceName, string>>;
  /** Deadline of a unary call, in ms (a start checks its request, which may read inputs). @default 120000 */
  deadlineMs?: number;
}

/** Calls to the stage services on behalf of pipelines: starting, reading, watching and cancelling their jobs. */
export class StageCalls {
  readonly #clients = new Map<ServiceName, ServiceClients[ServiceName]>();
  readonly #endpoints: Partial<Record<ServiceName, string>>;
  readonly #deadlineMs: number;

  constructor(options: StageCallsOptions = {}) {
    this.#endpoints = options.endpoints ?? {};
    this.#deadlineMs = options.deadlineMs ?? 120_000;
  }

  /** The client of a service (one channel per service, kept). */
  client<N extends ServiceName>(name: N): ServiceClients[N] {
    let client = this.#clients.get(name);
    if (client === undefined) {
      client = createClient(name, this.#endpoints[name] ?? serviceEndpoint(name));
      this.#clients.set(name, client);
    }
    return client as ServiceClients[N];
  }

  #unary<Res>(service: ServiceName, method: string, request: unknown): Promise<Res> {
    const client = this.client(service) as unknown as Record<
      string,
      (req: unknown, options: { deadline: Date }, cb: (err: ServiceError | null, res: Res) => void) => void
    >;
    return new Promise((resolve, reject) => {
      const call = client[method];
      if (call === undefined) {
        reject(new TypeError(`Service "${service}" has no method "${method}"`));
        return;
      }
      call.call(client, request, { deadline: new Date(Date.now() + this.#deadlineMs) }, (err, res) =>
        err ? reject(err) : resolve(res),
      );
    });
  }

  /** Starts a job of `service` (its `Start*` method) and returns its reference. */
  start(service: JobService, request: unknown): Promise<JobRef__Output> {
    return this.#unary(service, START_METHODS[service], request);
  }

  /** A job's latest progress. */
  getJob(job: JobRef): Promise<Progress__Output> {
    return this.#unary(job.service as ServiceName, "GetJob", job);
  }

  /** Cancels a job. */
  async cancel(job: JobRef): Promise<void> {
    await this.#unary(job.service as ServiceName, "Cancel", job);
  }

  /** Any other unary method of a service (e.g. the scorer's `Calibrate`). */
  call<Res>(service: ServiceName, method: string, request: unknown): Promise<Res> {
    return this.#unary(service, method, request);
  }

  /** A job's progress stream (`Watch`); cancel the stream to stop. */
  watch(job: JobRef): ClientReadableStream<Progress__Output> {
    return this.client(job.service as ServiceName).Watch(job) as ClientReadableStream<Progress__Output>;
  }

  /** Closes every channel. */
  close(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
