import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Options } from "@grpc/proto-loader";

/** Folder holding `dermanomaly/v1/*.proto`, the single source of truth for every contract. */
export const PROTO_DIR: string = join(import.meta.dirname, "../../proto");

/** Every contract file, relative to {@linkcode PROTO_DIR}, sorted. */
export const PROTO_FILES: string[] = readdirSync(join(PROTO_DIR, "dermanomaly/v1"))
  .filter((f) => f.endsWith(".proto"))
  .sort()
  .map((f) => `dermanomaly/v1/${f}`);

/**
 * How messages look in JavaScript. The generated types in gen/ assume exactly these options, so the loader and
 * the generator share them: camelCase fields, 64-bit integers as numbers, enums as their names, defaults filled in.
 */
export const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

/** Command-line form of {@linkcode LOADER_OPTIONS} for `proto-loader-gen-types`. */
export const GEN_ARGS: string[] = [
  "--longs=Number",
  "--enums=String",
  "--defaults",
  "--oneofs",
  "--includeComments",
  "--grpcLib=@grpc/grpc-js",
  "--importFileExtension=.ts",
  "-I=proto", // relative to the repository root, so generated headers do not depend on the checkout path
];
