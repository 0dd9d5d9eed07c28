// The reconstructor service process.
import { serveStage } from "@dermanomaly/runtime";
import { RECONSTRUCTOR_CONFIG, reconstructorStage } from "./mod.ts";

const stage = reconstructorStage();
await serveStage("reconstructor", stage.handlers, { config: RECONSTRUCTOR_CONFIG, startup: stage.startup });
