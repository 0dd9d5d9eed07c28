import type { Command } from "../cli.ts";
import { calibrate } from "./calibrate.ts";
import { dataset, synth } from "./dataset.ts";
import { encoderExport, encoderImport, encoderInspect } from "./encoder.ts";
import { evaluate } from "./evaluate.ts";
import { exportOnnx } from "./export_onnx.ts";
import { ganExport, ganImport, ganInspect, generate } from "./gan.ts";
import { pipeline } from "./pipeline.ts";
import { reconstruct } from "./reconstruct.ts";
import { score } from "./score.ts";
import { scorePhotos } from "./score_photos.ts";
import { status, up } from "./stack.ts";
import { trainEncoder } from "./train_encoder.ts";
import { trainGan } from "./train_gan.ts";
import { tsne } from "./tsne.ts";

/** Every CLI command, in help order. */
export const COMMANDS: readonly Command[] = [
  up,
  status,
  pipeline,
  synth,
  dataset,
  trainGan,
  ganInspect,
  ganImport,
  ganExport,
  generate,
  trainEncoder,
  encoderInspect,
  encoderImport,
  encoderExport,
  exportOnnx,
  reconstruct,
  score,
  calibrate,
  scorePhotos,
  evaluate,
  tsne,
];
