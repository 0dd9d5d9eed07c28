import * as grpc from "@grpc/grpc-js";
import { loadSync, type PackageDefinition } from "@grpc/proto-loader";
import { clientTls, explainTlsInterceptor } from "./credentials.ts";
import type {
  EncoderTrainerServiceClient,
  EncoderTrainerServiceDefinition,
  EncoderTrainerServiceHandlers,
} from "./gen/dermanomaly/v1/EncoderTrainerService.ts";
import type {
  GanTrainerServiceClient,
  GanTrainerServiceDefinition,
  GanTrainerServiceHandlers,
} from "./gen/dermanomaly/v1/GanTrainerService.ts";
import type {
  OrchestratorServiceClient,
  OrchestratorServiceDefinition,
  OrchestratorServiceHandlers,
} from "./gen/dermanomaly/v1/OrchestratorService.ts";
import type {
  PreprocessServiceClient,
  PreprocessServiceDefinition,
  PreprocessServiceHandlers,
} from "./gen/dermanomaly/v1/PreprocessService.ts";
import type {
  ReconstructorServiceClient,
  ReconstructorServiceDefinition,
  ReconstructorServiceHandlers,
} from "./gen/dermanomaly/v1/ReconstructorService.ts";
import type {
  ReporterServiceClient,
  ReporterServiceDefinition,
  ReporterServiceHandlers,
} from "./gen/dermanomaly/v1/ReporterService.ts";
import type {
  ScorerServiceClient,
  ScorerServiceDefinition,
  ScorerServiceHandlers,
} from "./gen/dermanomaly/v1/ScorerService.ts";
import { LOADER_OPTIONS, PROTO_FILES } from "./loader_options.ts";
import type { ProtoGrpcType } from "./types.ts";

/**
 * The seven services: short name (also the `JobRef.service` of their jobs), fully qualified gRPC service name,
 * default port, and the environment variable that holds the endpoint (`host:port`) clients should use.
 */
export const SERVICES = {
  preprocess: {
    name: "preprocess",
    serviceName: "dermanomaly.v1.PreprocessService",
    port: 50051,
    endpointEnv: "DERMANOMALY_PREPROCESS_ENDPOINT",
  },
  "gan-trainer": {
    name: "gan-trainer",
    serviceName: "dermanomaly.v1.GanTrainerService",
    port: 50052,
    endpointEnv: "DERMANOMALY_GAN_TRAINER_ENDPOINT",
  },
  "encoder-trainer": {
    name: "encoder-trainer",
    serviceName: "dermanomaly.v1.EncoderTrainerService",
    port: 50053,
    endpointEnv: "DERMANOMALY_ENCODER_TRAINER_ENDPOINT",
  },
  reconstructor: {
    name: "reconstructor",
    serviceName: "dermanomaly.v1.ReconstructorService",
    port: 50054,
    endpointEnv: "DERMANOMALY_RECONSTRUCTOR_ENDPOINT",
  },
  scorer: {
    name: "scorer",
    serviceName: "dermanomaly.v1.ScorerService",
    port: 50055,
    endpointEnv: "DERMANOMALY_SCORER_ENDPOINT",
  },
  reporter: {
    name: "reporter",
    serviceName: "dermanomaly.v1.ReporterService",
    port: 50056,
    endpointEnv: "DERMANOMALY_REPORTER_ENDPOINT",
  },
  orchestrator: {
    name: "orchestrator",
    serviceName: "dermanomaly.v1.OrchestratorService",
    port: 50057,
    endpointEnv: "DERMANOMALY_ORCHESTRATOR_ENDPOINT",
  },
} as const;

/** Short name of a service, e.g. `"gan-trainer"`. */
export type ServiceName = keyof typeof SERVICES;

/** Every short name, in pipeline order. */
export const SERVICE_NAMES: readonly ServiceName[] = Object.keys(SERVICES) as ServiceName[];

/** The generated typed client of each service. */
export interface ServiceClients {
  preprocess: PreprocessServiceClient;
  "gan-trainer": GanTrainerServiceClient;
  "encoder-trainer": EncoderTrainerServiceClient;
  reconstructor: ReconstructorServiceClient;
  scorer: ScorerServiceClient;
  reporter: ReporterServiceClient;
  orchestrator: OrchestratorServiceClient;
}

/** The generated service definition (method table) of each service. */
export interface ServiceDefinitions {
  preprocess: PreprocessServiceDefinition;
  "gan-trainer": GanTrainerServiceDefinition;
  "encoder-trainer": EncoderTrainerServiceDefinition;
  reconstructor: ReconstructorServiceDefinition;
  scorer: ScorerServiceDefinition;
  reporter: ReporterServiceDefinition;
  orchestrator: OrchestratorServiceDefinition;
}

/** The generated handler table a server implements for each service. */
export interface ServiceImplementations {
  preprocess: PreprocessServiceHandlers;
  "gan-trainer": GanTrainerServiceHandlers;
  "encoder-trainer": EncoderTrainerServiceHandlers;
  reconstructor: ReconstructorServiceHandlers;
  scorer: ScorerServiceHandlers;
  reporter: ReporterServiceHandlers;
  orchestrator: OrchestratorServiceHandlers;
}

/** The job methods every service has, with identical signatures on `JobRef`. */
export const JOB_METHODS = ["Watch", "Cancel", "GetJob"] as const;

/**
 * The part of any service client a generic job manager needs: `Watch`, `Cancel`, `GetJob` (and their lower-case
 * aliases). Every client in {@linkcode ServiceClients} is assignable to it.
 */
export type JobServiceClient = Pick<
  ServiceClients[ServiceName],
  "Watch" | "watch" | "Cancel" | "cancel" | "GetJob" | "getJob"
>;

/** The job handlers every service implements; a generic job manager can provide them for any service. */
export type JobServiceHandlers = Pick<ServiceImplementations[ServiceName], (typeof JOB_METHODS)[number]>;

/** gRPC's default receive limit (4 MiB) is too small for images; both directions default to this many bytes. */
export const DEFAULT_MAX_MESSAGE_BYTES: number = 64 * 1024 * 1024;

let packageDefinition: PackageDefinition | undefined;
let grpcObject: ProtoGrpcType | undefined;
const constructors = new Map<ServiceName, grpc.ServiceClientConstructor>();

function assertServiceName(name: string): asserts name is ServiceName {
  if (!Object.hasOwn(SERVICES, name)) {
    throw new TypeError(`Unknown service "${name}": expected one of ${Object.keys(SERVICES).join(", ")}`);
  }
}

/** Every contract file loaded with `@grpc/proto-loader` and {@linkcode LOADER_OPTIONS}, once per process. */
export function loadPackageDefinition(): PackageDefinition {
  packageDefinition ??= loadSync(PROTO_FILES, LOADER_OPTIONS);
  return packageDefinition;
}

/** Every contract as `grpc.loadPackageDefinition()` returns it, typed; loaded once per process. */
export function loadProto(): ProtoGrpcType {
  grpcObject ??= grpc.loadPackageDefinition(loadPackageDefinition()) as unknown as ProtoGrpcType;
  return grpcObject;
}

/**
 * The grpc-js service definition of a service, to pass to `server.addService()`.
 *
 * @example
 * ```ts
 * server.addService(loadServiceDefinition("scorer"), handlers);
 * ```
 */
export function loadServiceDefinition<N extends ServiceName>(name: N): ServiceDefinitions[N] {
  assertServiceName(name);
  return loadPackageDefinition()[SERVICES[name].serviceName] as unknown as ServiceDefinitions[N];
}

/** Options of {@linkcode createClient}. */
export interface ClientOptions {
  /**
   * Channel credentials.
   *
   * @default from the environment (`clientTls({ env })`): plaintext unless `DERMANOMALY_GRPC_TLS_CA` is set, then
   *   TLS, mutual with `DERMANOMALY_GRPC_TLS_CLIENT_CERT` and `_KEY`
   */
  credentials?: grpc.ChannelCredentials;
  /**
   * Environment the TLS settings (`CLIENT_TLS_ENV`) are read from when `credentials` is not given.
   *
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Largest message the client accepts, in bytes (`grpc.max_receive_message_length`).
   *
   * @default DEFAULT_MAX_MESSAGE_BYTES (64 MiB)
   */
  maxReceiveMessageBytes?: number;
  /**
   * Largest message the client sends, in bytes (`grpc.max_send_message_length`).
   *
   * @default DEFAULT_MAX_MESSAGE_BYTES (64 MiB)
   */
  maxSendMessageBytes?: number;
  /**
   * Further channel options; they override the two limits above when they name the same keys.
   *
   * @default {}
   */
  channelOptions?: grpc.ChannelOptions;
}

/**
 * A typed client of one service. Its TLS settings come from the environment unless `credentials` are given, and a
 * call that fails on a TLS handshake says why (UNAVAILABLE, with the cause first in its details).
 *
 * @example
 * ```ts
 * const client = createClient("preprocess", "127.0.0.1:50051");
 * client.getJob({ id: "j1", service: "preprocess" }, (err, progress) => console.log(progress?.state));
 * ```
 * @throws {TypeError} for an unknown service or an empty address
 * @throws {RangeError} for a size limit that is not an integer >= -1
 * @throws {StatusError} when the TLS settings of the environment name a missing or unusable file
 */
export function createClient<N extends ServiceName>(
  name: N,
  address: string,
  options: ClientOptions = {},
): ServiceClients[N] {
  assertServiceName(name);
  if (typeof address !== "string" || address === "") {
    throw new TypeError(`Cannot create a "${name}" client: address must be a non-empty string`);
  }
  const {
    maxReceiveMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
    maxSendMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
    channelOptions = {},
  } = options;
  for (const [key, value] of [
    ["maxReceiveMessageBytes", maxReceiveMessageBytes],
    ["maxSendMessageBytes", maxSendMessageBytes],
  ] as const) {
    if (!Number.isInteger(value) || value < -1) {
      throw new RangeError(
        `Cannot create a "${name}" client: ${key} must be an integer >= -1, got "${value}"`,
      );
    }
  }
  let Ctor = constructors.get(name);
  if (Ctor === undefined) {
    Ctor = grpc.makeClientConstructor(loadServiceDefinition(name), SERVICES[name].serviceName);
    constructors.set(name, Ctor);
  }
  const tls =
    options.credentials === undefined
      ? clientTls(options.env === undefined ? {} : { env: options.env })
      : { credentials: options.credentials, channelOptions: {}, mutual: false };
  const interceptors = (channelOptions as grpc.ClientOptions).interceptors ?? [];
  return new Ctor(address, tls.credentials, {
    "grpc.max_receive_message_length": maxReceiveMessageBytes,
    "grpc.max_send_message_length": maxSendMessageBytes,
    ...tls.channelOptions,
    ...channelOptions,
    interceptors: [explainTlsInterceptor(tls), ...interceptors],
  }) as unknown as ServiceClients[N];
}

/** Options of {@linkcode serviceEndpoint}. */
export interface ServiceEndpointOptions {
  /**
   * Environment to read the endpoint variable from.
   *
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Host used with the default port when the variable is unset or empty.
   *
   * @default "127.0.0.1"
   */
  host?: string;
}

/** The endpoint configured for a service (its `endpointEnv` variable), else `host:<default port>`. */
export function serviceEndpoint(name: ServiceName, options: ServiceEndpointOptions = {}): string {
  assertServiceName(name);
  const { env = process.env, host = "127.0.0.1" } = options;
  const configured = env[SERVICES[name].endpointEnv]?.trim();
  return configured ? configured : `${host}:${SERVICES[name].port}`;
}
