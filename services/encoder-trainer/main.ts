// The encoder-trainer service: serves health and the job methods, and reports its service NOT_SERVING until its stage's
// operations arrive (serveStage does so for a stage that provides none of them).
import { serveStage } from "@dermanomaly/runtime";

await serveStage("encoder-trainer", () => ({}));
