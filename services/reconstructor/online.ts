import {
  Code,
  type ImageReconstruction,
  type OnlineImage__Output,
  type ReconstructRequest__Output,
  type ReconstructResponse,
  StatusError,
} from "@dermanomaly/contracts";
import { encodePng, type RgbImage } from "@dermanomaly/imaging";
import { type ReconstructionModels, readInputImage } from "@dermanomaly/reconstruction";
import { AsyncQueue, type CallContext } from "@dermanomaly/runtime";
import type { ModelCache } from "./model_cache.ts";
import type { ModelStore } from "./model_store.ts";
import { checkModels } from "./options.ts";
import { type Refiners, refineSettings } from "./refiner.ts";

/** What the online stream works with. */
export interface OnlineContext {
  readonly models: ModelStore;
  readonly cache: ModelCache;
  /** Latent refinement (streams whose models ask for it). */
  readonly refiners: Refiners;
  /** Most images run as one batch. */
  readonly batchSize: number;
}

/**
 * The `Reconstruct` stream: the models named by the first message are made ready (exported and cached when they are
 * not yet) and lent from the session cache for the stream's duration; images run in batches of those that arrived
 * while the previous batch ran (up to `batchSize`), and their results go back in the order the images came.
 */
export async function* reconstructStream(
  o: OnlineContext,
  requests: AsyncIterable<ReconstructRequest__Output>,
  call: CallContext,
): AsyncIterable<ReconstructResponse> {
  const it = requests[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  if (!first.value.models) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      "The first message of a Reconstruct stream must name the models (models.gan and models.encoder)",
    );
  }
  const choice = checkModels(first.value.models);
  refineSettings(first.value.models.refine, choice.noiseMode); // refused on the call when it cannot run
  const exported = await o.models.resolve(first.value.models, { signal: call.signal });
  const lease = await o.cache.acquire(exported);
  const pending = new AsyncQueue<OnlineImage__Output>();
  // Requests are read while batches run, so that images sent meanwhile form the next batch.
  const reading = (async () => {
    if (first.value.image) pending.push(first.value.image);
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      if (next.value.models) {
        throw new StatusError(
          Code.INVALID_ARGUMENT,
          "Only the first message of a Reconstruct stream names the models; start a new stream for other models",
        );
      }
      if (next.value.image) pending.push(next.value.image);
    }
  })().then(
    () => pending.close(),
    (err: unknown) => pending.fail(err),
  );
  try {
    // A noise mode taken from the encoder's lineage is known only now.
    const { models } = await o.refiners.refined(lease.models, exported, first.value.models.refine);
    yield { models: { models: exported } };
    for (;;) {
      const batch = await pending.take(o.batchSize);
      if (batch === null) break;
      call.signal.throwIfAborted();
      for (const result of await reconstructOnline(models, batch)) yield { result };
    }
    await reading;
  } finally {
    lease.release();
  }
}

/**
 * Reconstructs a batch of encoded images: those that decode to the networks' size run together; the others get a
 * result that says why they were not reconstructed. Results come in input order.
 */
export async function reconstructOnline(
  models: ReconstructionModels,
  images: readonly OnlineImage__Output[],
): Promise<ImageReconstruction[]> {
  const rec = models.reconstructor;
  const inputs = await Promise.all(images.map((i) => readInputImage(i.data, rec.resolution)));
  const ok = inputs.flatMap((input) => (input.ok ? [input.image] : []));
  const results = await rec.reconstruct(ok);
  let k = 0;
  return await Promise.all(
    inputs.map(async (input, i): Promise<ImageReconstruction> => {
      const id = images[i]!.id;
      if (!input.ok) return { id, error: `${input.reason}: ${input.message}`, reason: input.reason };
      const r = results[k++]!;
      const [png, reconstruction, residual] = await Promise.all(
        [input.image, r.reconstruction, r.residual].map((image: RgbImage) => encodePng(image)),
      );
      return {
        id,
        z: Array.from(r.z),
        input: png!,
        reconstruction: reconstruction!,
        residual: residual!,
        featuresReal: Array.from(r.featuresReal),
        featuresRec: Array.from(r.featuresRec),
        logitReal: r.logitReal,
        logitRec: r.logitRec,
        pixelMse: r.pixelMse,
        pixelPairwise: r.pixelPairwise,
        featuresMse: r.featuresMse,
        featuresPairwise: r.featuresPairwise,
      };
    }),
  );
}
