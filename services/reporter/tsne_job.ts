import { join } from "node:path";
import { Code, type StartTsneRequest__Output, StatusError } from "@dermanomaly/contracts";
import { evaluateSheets, type ImageClass } from "@dermanomaly/evaluation";
import { readLatents } from "@dermanomaly/evaluation/internal";
import {
  aboutSource,
  defineStageJob,
  localNamedInput,
  now,
  outputLocation,
  type StageContext,
} from "@dermanomaly/runtime";
import { tsneJobSettings } from "./options.ts";
import { checkPathExists, mainOutputs, outputPlace, readSet } from "./report_job.ts";
import { storeFolder } from "./store_folder.ts";

/**
 * The class of an image for the t-SNE colours when no set names it: the folder part of its `image_name`
 * (`MEL/ISIC_1.jpg`), labelled by the class map; images without one are `unknown` (label -1).
 */
export function classFromName(
  name: string,
  classMap: Readonly<Record<string, number>>,
): ImageClass | undefined {
  const slash = name.lastIndexOf("/");
  if (slash <= 0) return undefined;
  const folder = name.slice(0, slash).split("/").pop() as string;
  const label = classMap[folder];
  return { class: folder, label: label ?? -1 };
}

/**
 * t-SNE jobs (`StartTsne`): the latents of a `latent_vectors.csv` embedded (Barnes-Hut, seeded) with their
 * trustworthiness, drawn by class, stored with `tsne.csv` and `summary.json`, announced with `report_ready`.
 */
export function tsneJob(ctx: StageContext<StageContext["config"], "reporter">) {
  return defineStageJob(ctx, {
    kind: "tsne",
    check(request: StartTsneRequest__Output) {
      tsneJobSettings(request);
      checkPathExists("tsne.latents", request.tsne?.latents);
      checkPathExists("reconstruction_set", request.reconstructionSet);
      outputLocation(request.output, "tsne/pending");
    },
    async run(job) {
      const { request, report } = job;
      const settings = tsneJobSettings(request);
      const place = outputPlace(request.output, `tsne/${job.job.id}`);
      report({ message: "Reading the latents", unit: "steps" });
      const file = await localNamedInput(settings.latents, {
        store: job.artifacts,
        workDir: job.scratch,
        field: "tsne.latents",
      });
      const latents = await readLatents(file.path).catch((err: unknown) => {
        throw aboutSource(err, file);
      });
      const inputs = [file.ref];
      const classes = new Map<string, ImageClass>();
      if (request.reconstructionSet?.kind) {
        const { set, ref } = await readSet(job, request.reconstructionSet, "reconstruction_set");
        inputs.push(ref);
        for (const image of set.images) {
          const label = settings.classMap[image.className];
          classes.set(image.imageName, { class: image.className, label: label ?? -1 });
        }
      }
      for (const name of latents.names) {
        const c = classes.has(name) ? undefined : classFromName(name, settings.classMap);
        if (c !== undefined) classes.set(name, c);
      }
      if (latents.matrix.rows < 4) {
        throw new StatusError(
          Code.INVALID_ARGUMENT,
          `Latents file '${file.source}' has ${latents.matrix.rows} rows: a t-SNE needs at least 4`,
        );
      }
      const out = join(job.scratch, "tsne");
      report({ message: "Embedding", done: 0, total: 2 });
      const { summary } = await evaluateSheets([], {
        out,
        tsne: {
          latents,
          classes,
          seed: settings.seed,
          ...(settings.perplexity === undefined ? {} : { perplexity: settings.perplexity }),
        },
        signal: job.signal,
        onProgress: (p) => report({ done: p.done, total: p.total }),
      });
      const stored = await storeFolder(job.artifacts, place, out, { signal: job.signal });
      const tsne = summary.tsne;
      await job.publish(
        "reportReady",
        {
          job: job.job,
          at: now(),
          sheets: [],
          summary: stored.get("summary.json") ?? null,
          tsnePlot: (tsne && stored.get(tsne.files["png"] ?? "")) ?? null,
          tsneCsv: (tsne && stored.get(tsne.files["csv"] ?? "")) ?? null,
          tsneTrustworthiness: tsne?.trustworthiness ?? 0,
          lineage: job.lineage({
            inputs,
            config: { perplexity: tsne?.perplexity, seed: settings.seed, classMap: settings.classMap },
            seed: settings.seed,
          }),
        },
        `${job.job.id}:report_ready`,
      );
      return {
        done: stored.size,
        total: stored.size,
        unit: "files",
        message: `t-SNE of ${latents.matrix.rows} latents, trustworthiness ${(tsne?.trustworthiness ?? 0).toFixed(3)}`,
        metrics: { points: latents.matrix.rows, tsne_trustworthiness: tsne?.trustworthiness ?? 0 },
        outputs: mainOutputs(stored),
      };
    },
  });
}
