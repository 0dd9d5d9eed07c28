// Entry point of the `dermanomaly` CLI (`pnpm dermanomaly ...` at the repository root).
import { runCli } from "./cli.ts";

process.exitCode = await runCli(process.argv.slice(2));
