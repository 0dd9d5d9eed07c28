import { type ParseArgsConfig, parseArgs } from "node:util";
import { COMMANDS } from "./commands/mod.ts";

/** One CLI command: its options (node's parseArgs form), help text and implementation. */
export interface Command {
  /** Words that select it, e.g. `["gan", "inspect"]`. */
  path: string[];
  /** One-line summary for `--help`. */
  summary: string;
  /** Usage line(s) after the command words. */
  usage: string;
  /** Options, as node's `util.parseArgs` takes them. */
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Runs the command; resolves to the exit code. */
  run(
    values: Record<string, string | boolean | (string | boolean)[] | undefined>,
    positionals: string[],
  ): Promise<number>;
}

/** An error whose message is meant for the user as is (bad option, missing file): printed without a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.path.join(" ").length));
  return [
    "dermanomaly: skin-lesion anomaly detection (StyleGAN2-ADA + f-AnoGAN)",
    "",
    "Usage: pnpm dermanomaly <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`),
    "",
    "Services: with no DERMANOMALY_<SERVICE>_ENDPOINT variables set, a command starts a local stack",
    "(nats-server and the services it needs) for its own duration. Set them (host:port) to use deployed services.",
    "The stack's folder (.runs/stack-<time>, or under DERMANOMALY_RUNS_DIR) keeps only its logs/ once a command",
    "succeeded with every result in your paths; it stays whole after a failure, an interruption, a key: output, or",
    "with DERMANOMALY_KEEP_STACK=1 (`up --run-dir` takes it up again).",
    "Run `pnpm dermanomaly <command> --help` for a command's options.",
  ].join("\n");
}

function commandHelp(c: Command): string {
  const lines = [`Usage: pnpm dermanomaly ${c.path.join(" ")} ${c.usage}`, "", c.summary, "", "Options:"];
  for (const [name, o] of Object.entries(c.options)) {
    const def = (o as { default?: unknown }).default;
    lines.push(
      `  --${name}${o.type === "string" ? " VALUE" : ""}${def !== undefined ? ` (default ${String(def)})` : ""}`,
    );
  }
  return lines.join("\n");
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const command = [...COMMANDS]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((w, i) => argv[i] === w));
  if (command === undefined) {
    const asked = argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help";
    (asked ? console.log : console.error)(
      asked ? help() : `Unknown command "${argv.join(" ")}"\n\n${help()}`,
    );
    return asked ? 0 : 2;
  }
  const rest = argv.slice(command.path.length);
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(commandHelp(command));
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    return await command.run(values, positionals);
  } catch (err) {
    const e = err as Error & { code?: unknown; details?: string };
    if (e.name === "UsageError" || (typeof e.code === "string" && e.code.startsWith("ERR_PARSE_ARGS"))) {
      console.error(`${e.message}\n\n${commandHelp(command)}`);
      return 2;
    }
    // gRPC errors carry the service's actionable message in `details`.
    console.error(`dermanomaly ${command.path.join(" ")}: ${e.details ?? e.message}`);
    if (process.env["DERMANOMALY_DEBUG"]) console.error(e.stack);
    return 1;
  }
}
