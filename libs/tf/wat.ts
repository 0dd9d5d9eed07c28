// WebAssembly's text format to its binary, with wabt: for the hand-written kernels (the heap modules here, and the
// encoder's own). A module of its own, without TF.js, so that a library that only assembles kernels loads no backend.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

let wabtReady: ReturnType<typeof import("wabt")> | undefined;

/**
 * The binary of a WebAssembly module in the text format (`(module ...)`), with SIMD and bulk memory, assembled by
 * wabt; `threads` allows shared memories (which wabt's validator refuses whatever the features: V8 validates those
 * when it compiles).
 * @throws {Error} when the text does not parse or validate (a programming error, not an input one)
 */
export async function assembleWat(
  name: string,
  text: string,
  options: { threads?: boolean } = {},
): Promise<Uint8Array> {
  wabtReady ??= (require("wabt") as typeof import("wabt"))();
  const wabt = await wabtReady;
  const threads = options.threads ?? false;
  const parsed = wabt.parseWat(`${name}.wat`, text, { simd: true, bulk_memory: true, threads });
  try {
    if (!threads) parsed.validate();
    return parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
}
