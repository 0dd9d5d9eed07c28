import { CLIENT_TLS_ENV } from "@dermanomaly/contracts";
import { LOG_LEVELS } from "./log.ts";
import type { LogLevel } from "./types.ts";

/** How one environment variable is read: its parser, default and what it expects. */
export interface ConfigField<T> {
  /** What a valid value looks like, for error messages and `describe()`, e.g. `an integer 0-65535`. */
  readonly expected: string;
  /** Value when the variable is unset or empty; without one the variable is required. */
  readonly default: T | undefined;
  /** What the variable is for. */
  readonly description: string;
  /** Converts the raw text; returns `undefined` when it is not valid. */
  parse(raw: string): T | undefined;
}

/** Common options of the field helpers. */
export interface FieldOptions<T> {
  /** Value when the variable is unset or empty. @default undefined (the variable is required) */
  default?: T;
  /** What the variable is for. @default "" */
  description?: string;
}

/** A map from environment variable name to its field. */
export type ConfigSchema = Record<string, ConfigField<unknown>>;

/** The values a schema loads to, keyed by variable name. */
export type ConfigValues<S extends ConfigSchema> = {
  [K in keyof S]: S[K] extends ConfigField<infer T> ? T : never;
};

/** One variable that was missing or invalid. */
export interface ConfigProblem {
  /** Environment variable name. */
  name: string;
  /** What is wrong, e.g. `DERMANOMALY_GRPC_PORT must be an integer 0-65535, got "abc"`. */
  message: string;
}

/** Thrown by {@linkcode ConfigSpec.load} when variables are missing or invalid; lists every one of them. */
export class ConfigError extends Error {
  /** Every problem found, in schema order. */
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    const n = problems.length;
    super(
      `Invalid configuration (${n} problem${n === 1 ? "" : "s"}):\n${problems.map((p) => `  ${p.message}`).join("\n")}`,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** A validated configuration schema; see {@linkcode defineConfig}. */
export interface ConfigSpec<S extends ConfigSchema> {
  /** The fields, by variable name. */
  readonly schema: S;
  /** Reads, converts and validates the variables; throws one {@linkcode ConfigError} listing every problem. */
  load(env?: Record<string, string | undefined>): ConfigValues<S>;
  /** One line per variable: name, what it expects, default and description (for `--help` and manifests). */
  describe(): string;
}

/**
 * Declares the environment variables a program reads. Load once at start so a bad deployment fails at once with
 * a message naming every variable that is wrong.
 *
 * @example
 * ```ts
 * const spec = defineConfig({ ...SERVICE_CONFIG, DERMANOMALY_WORKERS: int({ default: 2, min: 1 }) });
 * const config = spec.load(); // config.DERMANOMALY_GRPC_PORT: number
 * ```
 */
export function defineConfig<S extends ConfigSchema>(schema: S): ConfigSpec<S> {
  return {
    schema,
    load(env = process.env) {
      const out: Record<string, unknown> = {};
      const problems: ConfigProblem[] = [];
      for (const [name, field] of Object.entries(schema)) {
        const raw = env[name];
        if (raw === undefined || raw.trim() === "") {
          if (field.default === undefined) {
            problems.push({ name, message: `${name} is required: expected ${field.expected}` });
          } else {
            out[name] = field.default;
          }
          continue;
        }
        const value = field.parse(raw.trim());
        if (value === undefined) {
          problems.push({ name, message: `${name} must be ${field.expected}, got ${JSON.stringify(raw)}` });
        } else {
          out[name] = value;
        }
      }
      if (problems.length > 0) throw new ConfigError(problems);
      return out as ConfigValues<S>;
    },
    describe() {
      return Object.entries(schema)
        .map(([name, f]) => {
          const def = f.default === undefined ? "required" : `default ${JSON.stringify(f.default)}`;
          return `${name}: ${f.expected} (${def})${f.description ? `. ${f.description}` : ""}`;
        })
        .join("\n");
    },
  };
}

function field<T>(
  expected: string,
  options: FieldOptions<T>,
  parse: (raw: string) => T | undefined,
): ConfigField<T> {
  return { expected, default: options.default, description: options.description ?? "", parse };
}

/** Options of {@linkcode int}. */
export interface IntOptions extends FieldOptions<number> {
  /** Smallest value allowed. @default Number.MIN_SAFE_INTEGER */
  min?: number;
  /** Largest value allowed. @default Number.MAX_SAFE_INTEGER */
  max?: number;
}

/** A decimal integer within `[min, max]`. */
export function int(options: IntOptions = {}): ConfigField<number> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  const range =
    options.min !== undefined && options.max !== undefined
      ? ` ${min}-${max}`
      : options.min !== undefined
        ? ` >= ${min}`
        : options.max !== undefined
          ? ` <= ${max}`
          : "";
  return field(`an integer${range}`, options, (raw) => {
    if (!/^[+-]?\d+$/.test(raw)) return undefined;
    const n = Number(raw);
    return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
  });
}

/** A TCP port, 0-65535 (0: pick a free one, or "off" where the variable says so). */
export function port(options: FieldOptions<number> = {}): ConfigField<number> {
  return int({ ...options, min: 0, max: 65535 });
}

/** Options of {@linkcode str}. */
export interface StrOptions extends FieldOptions<string> {
  /** Pattern the value must match. @default any text */
  pattern?: RegExp;
  /** How to describe the pattern in errors. @default "text matching <pattern>" */
  expected?: string;
}

/** Free text, optionally matching a pattern. */
export function str(options: StrOptions = {}): ConfigField<string> {
  const pattern = options.pattern;
  const expected = options.expected ?? (pattern ? `text matching ${pattern}` : "text");
  return field(expected, options, (raw) => (pattern === undefined || pattern.test(raw) ? raw : undefined));
}

/** Options of {@linkcode url}. */
export interface UrlOptions extends FieldOptions<string> {
  /** Allowed schemes, without `:`. @default any scheme */
  protocols?: readonly string[];
}

/** An absolute URL; kept as text (normalised by `new URL`). Several URLs may be given comma-separated. */
export function url(options: UrlOptions = {}): ConfigField<string> {
  const protocols = options.protocols;
  const expected = protocols ? `a URL (${protocols.map((p) => `${p}://`).join(", ")})` : "an absolute URL";
  return field(expected, options, (raw) => {
    const parts = raw.split(",").map((s) => s.trim());
    for (const part of parts) {
      let parsed: URL;
      try {
        parsed = new URL(part);
      } catch {
        return undefined;
      }
      if (protocols && !protocols.includes(parsed.protocol.replace(/:$/, ""))) return undefined;
    }
    return parts.join(",");
  });
}

/** A boolean: `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off` (any case). */
export function bool(options: FieldOptions<boolean> = {}): ConfigField<boolean> {
  return field("a boolean (true, false, 1, 0, yes, no)", options, (raw) => {
    const v = raw.toLowerCase();
    if (["true", "1", "yes", "on"].includes(v)) return true;
    if (["false", "0", "no", "off"].includes(v)) return false;
    return undefined;
  });
}

/** One of a fixed list of words. */
export function oneOf<const T extends string>(
  values: readonly T[],
  options: FieldOptions<T> = {},
): ConfigField<T> {
  if (values.length === 0) throw new RangeError("oneOf() needs at least one value");
  const expected = `one of ${values.map((v) => `"${v}"`).join(", ")}`;
  return field(expected, options, (raw) =>
    (values as readonly string[]).includes(raw) ? (raw as T) : undefined,
  );
}

/** The variables every service reads. Extend it with the service's own: `defineConfig({ ...SERVICE_CONFIG, ... })`. */
export const SERVICE_CONFIG = {
  DERMANOMALY_GRPC_HOST: str({ default: "0.0.0.0", description: "Address the gRPC server binds to" }),
  DERMANOMALY_GRPC_PORT: port({ default: 50051, description: "gRPC port; 0 picks a free one" }),
  DERMANOMALY_METRICS_PORT: port({
    default: 9464,
    description: "Prometheus /metrics and /healthz port; 0 turns it off",
  }),
  DERMANOMALY_NATS_URL: url({
    default: "nats://127.0.0.1:4222",
    protocols: ["nats", "tls"],
    description: "NATS server(s), comma-separated",
  }),
  DERMANOMALY_LOG_LEVEL: oneOf(LOG_LEVELS as readonly LogLevel[], {
    default: "info",
    description: "Lowest level logged",
  }),
  DERMANOMALY_MAX_MESSAGE_BYTES: int({
    default: 64 * 1024 * 1024,
    min: 1024,
    max: 2 ** 31 - 1,
    description: "Largest gRPC message sent or received",
  }),
  DERMANOMALY_SHUTDOWN_GRACE_MS: int({
    default: 10_000,
    min: 0,
    max: 3_600_000,
    description: "How long SIGTERM waits for in-flight calls and jobs before forcing the server down",
  }),
  DERMANOMALY_GRPC_HEALTH_PORT: port({
    default: 0,
    description:
      "Plaintext port serving only grpc.health.v1 (for Kubernetes gRPC probes, which cannot speak TLS); 0 turns it off",
  }),
  DERMANOMALY_GRPC_TLS_CERT: str({
    default: "",
    description:
      "PEM certificate chain the gRPC server presents; with DERMANOMALY_GRPC_TLS_KEY it turns TLS on",
  }),
  DERMANOMALY_GRPC_TLS_KEY: str({ default: "", description: "PEM private key of DERMANOMALY_GRPC_TLS_CERT" }),
  DERMANOMALY_GRPC_TLS_CLIENT_CA: str({
    default: "",
    description:
      "PEM CA bundle client certificates must chain to; when set, a client without one is refused (mutual TLS)",
  }),
  [CLIENT_TLS_ENV.ca]: str({
    default: "",
    description:
      "PEM CA bundle of the servers this service calls (other stages); when set, its calls use TLS",
  }),
  [CLIENT_TLS_ENV.cert]: str({
    default: "",
    description: "PEM certificate chain this service presents when it calls a mutual-TLS server",
  }),
  [CLIENT_TLS_ENV.key]: str({ default: "", description: `PEM private key of ${CLIENT_TLS_ENV.cert}` }),
  [CLIENT_TLS_ENV.serverName]: str({
    default: "",
    description: "Name the called servers' certificates carry, when it differs from the host dialled",
  }),
  DERMANOMALY_NATS_USER: str({ default: "", description: "NATS user name (with DERMANOMALY_NATS_PASSWORD)" }),
  DERMANOMALY_NATS_PASSWORD: str({ default: "", description: "NATS password of DERMANOMALY_NATS_USER" }),
  DERMANOMALY_NATS_TOKEN: str({ default: "", description: "NATS authentication token" }),
  DERMANOMALY_NATS_NKEY_FILE: str({
    default: "",
    description: "File holding the NATS user's NKey seed (SU...)",
  }),
  DERMANOMALY_NATS_CREDS_FILE: str({
    default: "",
    description: "NATS credentials file (user JWT and NKey seed)",
  }),
  DERMANOMALY_NATS_TLS_CA: str({
    default: "",
    description: "PEM CA bundle of the NATS servers' certificates; when set, the connection uses TLS",
  }),
  DERMANOMALY_NATS_TLS_CERT: str({
    default: "",
    description:
      "PEM client certificate for NATS servers that verify clients (with DERMANOMALY_NATS_TLS_KEY)",
  }),
  DERMANOMALY_NATS_TLS_KEY: str({ default: "", description: "PEM private key of DERMANOMALY_NATS_TLS_CERT" }),
  DERMANOMALY_NATS_REPLICAS: int({
    default: 1,
    min: 1,
    max: 5,
    description:
      "Copies JetStream keeps of every stream, KV bucket and object store this service creates (3 in a 3-node cluster)",
  }),
} satisfies ConfigSchema;

/** The common service configuration, as loaded from {@linkcode SERVICE_CONFIG}. */
export type ServiceConfig = ConfigValues<typeof SERVICE_CONFIG>;

/** Loads {@linkcode SERVICE_CONFIG} from `env` (all defaults when nothing is set). */
export function loadServiceConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  return defineConfig(SERVICE_CONFIG).load(env);
}
