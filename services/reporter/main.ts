// The reporter service process.
import { serveStage } from "@dermanomaly/runtime";
import { reporterHandlers } from "./mod.ts";

await serveStage("reporter", reporterHandlers);
