// The encoder-trainer service process.
import { serveStage } from "@dermanomaly/runtime";
import { ENCODER_TRAINER_CONFIG, encoderTrainerHandlers } from "./mod.ts";

await serveStage("encoder-trainer", encoderTrainerHandlers, { config: ENCODER_TRAINER_CONFIG });
