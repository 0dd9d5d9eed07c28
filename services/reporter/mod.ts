/**
 * The reporter stage: score sheets evaluated (metrics equal to scikit-learn's, thresholds median, Youden, max-F1 or
 * calibrated), plotted with the numbers beside each plot, and gathered with the images of the reconstruction sets and
 * a t-SNE of the latents into `report.html` (`StartReport`); a t-SNE of a latents file alone (`StartTsne`). Outputs
 * are stored whole and announced with `report_ready`. Nothing here loads TF.js.
 *
 * @example
 * ```ts
 * import { serveStage } from "@dermanomaly/runtime";
 * import { reporterHandlers } from "@dermanomaly/service-reporter";
 * await serveStage("reporter", reporterHandlers);
 * ```
 *
 * @module
 */
import type { ServiceImplementations } from "@dermanomaly/contracts";
import type { AsyncHandlers, StageContext } from "@dermanomaly/runtime";
import { reportJob } from "./report_job.ts";
import { tsneJob } from "./tsne_job.ts";

export * from "./options.ts";
export * from "./report_job.ts";
export * from "./store_folder.ts";
export * from "./tsne_job.ts";

/** The reporter's methods: `StartReport`, `StartTsne` (Watch, Cancel and GetJob come from the kit). */
export function reporterHandlers(
  ctx: StageContext<StageContext["config"], "reporter">,
): Partial<AsyncHandlers<ServiceImplementations["reporter"]>> {
  const reports = reportJob(ctx);
  const tsne = tsneJob(ctx);
  return {
    StartReport: (request) => reports.start(request),
    StartTsne: (request) => tsne.start(request),
  };
}
