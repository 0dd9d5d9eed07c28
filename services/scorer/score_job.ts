import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ArtifactRef } from "@dermanomaly/artifacts";
import {
  Code,
  type ModelVersion,
  type ScoreSheet,
  type StartScoringRequest__Output,
  StatusError,
} from "@dermanomaly/contracts";
import type { SetImageKind } from "@dermanomaly/reconstruction";
import {
  defineStageJob,
  localNamedInput,
  now,
  outputFolder,
  outputLocation,
  type StageContext,
} from "@dermanomaly/runtime";
import {
  type GenerationFeatures,
  type ReferenceLatents,
  readReferenceLatents,
  scoreReconstructionSet,
  writeScoreSheet,
} from "@dermanomaly/scoring";
import { type GenerationModels, openGenerationModels } from "./generation_features.ts";
import { findCachedModels, localModel } from "./model_input.ts";
import { scoringSettings, wireSpec } from "./options.ts";
import { localReconstructionSet } from "./set_input.ts";

type Request = StartScoringRequest__Output;

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function invalid(message: string): StatusError {
  return new StatusError(Code.INVALID_ARGUMENT, message);
}

/** Where the sheets of a job go: the key prefix in the store and, for a path, the local folder. */
function sheetPlace(request: Request, jobId: string): { prefix: string; dir?: string } {
  const dest = outputLocation(request.output, `scores/${jobId}`);
  if (dest.kind === "path") return { prefix: `scores/${jobId}/`, dir: dest.path };
  return { prefix: dest.key.endsWith("/") ? dest.key : `${dest.key}/` };
}

/**
 * Scoring jobs (`StartScoring`): fetch the reconstruction set (only the files the scores read), score every image
 * with each spec through `@dermanomaly/scoring` (afs generating the reference neighbours with the set's own G and D
 * on ONNX Runtime), write one sheet per spec (`<tag>.xlsx` with `scores` and `meta`, `<tag>.csv`), store them,
 * announce them with `scores_computed`.
 */
export function scoringJob(ctx: StageContext<StageContext["config"], "scorer">) {
  return defineStageJob(ctx, {
    kind: "score",
    // Everything that can be refused without reading the set is refused on the call.
    async check(request: Request) {
      const settings = scoringSettings(request);
      const location = request.reconstruction;
      if (!location?.kind) {
        throw invalid(
          "reconstruction is required: a set folder, a store key prefix, or an artifact of the set",
        );
      }
      if (location.kind === "path" && !existsSync(location.path ?? "")) {
        throw new StatusError(Code.NOT_FOUND, `reconstruction path "${location.path}" does not exist`);
      }
      if (location.kind === "key") {
        const key = location.key ?? "";
        const tensors = `${key.endsWith("/") ? key : `${key}/`}reconstruction_set.safetensors`;
        if (!(await ctx.artifacts.exists(tensors))) {
          throw new StatusError(
            Code.NOT_FOUND,
            `reconstruction key "${key}" holds no reconstruction set (no "${tensors}")`,
          );
        }
      }
      if (settings.needsReference && !request.referenceLatents?.kind) {
        const tags = settings.resolved
          .filter((r) => (r.method === "afs" || r.method === "als") && !r.originalOwnClassSearch)
          .map((r) => r.tag);
        throw invalid(
          `${tags.join(", ")} search reference latents: give reference_latents (latent_vectors.csv of the normal training images)`,
        );
      }
      for (const [field, l] of [
        ["reference_latents", request.referenceLatents],
        ["generator", request.generator],
        ["discriminator", request.discriminator],
      ] as const) {
        if (l?.kind === "path" && !existsSync(l.path ?? "")) {
          throw new StatusError(Code.NOT_FOUND, `${field} path "${l.path}" does not exist`);
        }
      }
      if (!settings.needsModels && (request.generator?.kind || request.discriminator?.kind)) {
        throw invalid("generator and discriminator are only used by afs: leave them unset");
      }
      if (settings.needsModels && Boolean(request.generator?.kind) !== Boolean(request.discriminator?.kind)) {
        throw invalid("Give both generator and discriminator for afs, or neither (the set's own models)");
      }
      outputLocation(request.output, "scores/pending");
    },
    async run(job) {
      const { request, report } = job;
      const settings = scoringSettings(request);
      const store = job.artifacts;
      report({ message: "Fetching the reconstruction set", unit: "images" });
      const images: SetImageKind[] = [
        ...(settings.images.input ? (["input"] as const) : []),
        ...(settings.images.reconstruction ? (["reconstruction"] as const) : []),
      ];
      const { set, source, ref } = await localReconstructionSet(request.reconstruction, {
        store,
        workDir: job.scratch,
        images,
      });
      const inputs: ArtifactRef[] = [ref];
      const models: ModelVersion[] = [];
      const { gan, encoder } = set.info.lineage;
      if (gan !== null) models.push({ role: "gan", artifact: gan });
      if (encoder !== null) models.push({ role: "encoder", artifact: encoder });

      let reference: ReferenceLatents | undefined;
      if (settings.needsReference) {
        const latents = await localNamedInput(request.referenceLatents, {
          store,
          workDir: job.scratch,
          field: "reference_latents",
        });
        reference = await readReferenceLatents(latents.path, { source: latents.source });
        inputs.push(latents.ref);
      }
      let generation: GenerationModels | undefined;
      try {
        let generationFeatures: GenerationFeatures | undefined;
        if (settings.needsModels) {
          // The set's own models: as given (checked below), else from the reconstructor's model cache.
          const given = request.generator?.kind
            ? { generator: request.generator, discriminator: request.discriminator }
            : await findCachedModels(store, set.info.lineage.onnx);
          if (given === undefined) {
            throw new StatusError(
              Code.FAILED_PRECONDITION,
              `afs needs the set's generator and discriminator ONNX models (sha256 ${set.info.lineage.onnx.generator} and ${set.info.lineage.onnx.discriminator}), which the reconstructor's model cache does not hold: give them as generator and discriminator`,
            );
          }
          const g = await localModel(given.generator, { store, workDir: job.scratch, field: "generator" });
          const d = await localModel(given.discriminator, {
            store,
            workDir: job.scratch,
            field: "discriminator",
          });
          generation = await openGenerationModels({ generator: g.path, discriminator: d.path }, set.info, {
            ...(settings.provider === undefined ? {} : { provider: settings.provider }),
          });
          generationFeatures = generation.features;
          models.push({ role: "generator", artifact: { ...g.ref, sha256: generation.digests.generator } });
          models.push({
            role: "discriminator",
            artifact: { ...d.ref, sha256: generation.digests.discriminator },
          });
        }
        report({ message: "Scoring", unit: "images", done: 0, total: 0 });
        const scored = await scoreReconstructionSet(set, settings.specs, {
          classMap: settings.classMap,
          ...(reference === undefined ? {} : { reference }),
          ...(generationFeatures === undefined ? {} : { generationFeatures }),
          batchSize: settings.batchSize,
          setSource: source,
          meta: { produced_by: `${job.job.service}/${job.job.id}` },
          signal: job.signal,
          onProgress: (p) => report({ done: p.done, total: p.total, unit: "images" }),
        });
        const count = scored.sheets[0]?.scores.length ?? 0;
        report({ message: "Writing the sheets" });
        // Every sheet is written (and checked) locally before any is stored: a refused sheet stores nothing.
        const written = [];
        for (const sheet of scored.sheets) {
          job.signal.throwIfAborted();
          written.push(await writeScoreSheet(sheet, join(job.scratch, "sheets", `${sheet.tag}.xlsx`)));
        }
        const folder = outputFolder(store, sheetPlace(request, job.job.id ?? ""));
        const sheets: ScoreSheet[] = [];
        const outputs: ArtifactRef[] = [];
        for (const [k, sheet] of scored.sheets.entries()) {
          job.signal.throwIfAborted();
          const files = written[k] as (typeof written)[number];
          const xlsx = await folder.put(`${sheet.tag}.xlsx`, { file: files.xlsx }, { mediaType: XLSX });
          const csv = await folder.put(
            `${sheet.tag}.csv`,
            { file: files.csv as string },
            { mediaType: "text/csv" },
          );
          outputs.push(xlsx, csv);
          sheets.push({
            tag: sheet.tag,
            spec: wireSpec(settings.resolved[k] as (typeof settings.resolved)[number]),
            xlsx,
            csv,
            rows: sheet.scores.length,
          });
        }
        const lineage = job.lineage({
          inputs,
          models,
          config: {
            reconstruction: source,
            scores: settings.resolved,
            classMap: settings.classMap,
            batchSize: settings.batchSize,
          },
        });
        await job.publish(
          "scoresComputed",
          { job: job.job, at: now(), sheets, count, lineage, leftOut: scored.leftOut.length },
          `${job.job.id}:scores_computed`,
        );
        return {
          done: count,
          total: count,
          unit: "images",
          message: `Scored ${count} images with ${sheets.map((s) => s.tag).join(", ")}${
            scored.leftOut.length > 0 ? `; left out ${scored.leftOut.length} of other classes` : ""
          }`,
          metrics: { scored: count, left_out: scored.leftOut.length, sheets: sheets.length },
          outputs,
        };
      } finally {
        await generation?.close();
      }
    },
  });
}
