import type { Command } from "../cli.ts";
import { dataset, synth } from "./dataset.ts";
import { ganExport, ganImport, ganInspect, generate } from "./gan.ts";
import { status, up } from "./stack.ts";
import { trainGan } from "./train_gan.ts";

/** Every CLI command, in help order. */
export const COMMANDS: readonly Command[] = [
  up,
  status,
  synth,
  dataset,
  trainGan,
  ganInspect,
  ganImport,
  ganExport,
  generate,
];
