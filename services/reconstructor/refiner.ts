import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { resolveStore } from "@dermanomaly/artifacts";
import {
  Code,
  type ExportedModels__Output,
  type LatentRefinement__Output,
  StatusError,
} from "@dermanomaly/contracts";
import type { ReconstructionModels, RefineReconstructions } from "@dermanomaly/reconstruction";
import type { Logger } from "@dermanomaly/runtime";
import type { NatsConnection } from "@nats-io/transport-node";

/** Adam steps a request may ask for per image. */
export const MAX_REFINE_STEPS = 1000;
/** Adam's learning rate when a request says 0. */
export const DEFAULT_REFINE_LR = 0.02;

/** A checked latent refinement: `steps` Adam steps at rate `lr`, with D's features weighted `kappa` (0: none). */
export interface RefineSettings {
  steps: number;
  lr: number;
  kappa: number;
}

/**
 * The refinement a request asks for, or undefined for none (unset, or 0 steps).
 *
 * @throws {StatusError} INVALID_ARGUMENT for too many steps, a negative or non-finite rate, or refinement with
 * random noise (it optimises against the generator's const noise)
 */
export function refineSettings(
  refine: LatentRefinement__Output | null | undefined,
  noiseMode: "const" | "random" | undefined,
): RefineSettings | undefined {
  if (!refine || refine.steps === 0) return undefined;
  const invalid = (m: string) => new StatusError(Code.INVALID_ARGUMENT, m);
  if (refine.steps > MAX_REFINE_STEPS)
    throw invalid(`models.refine.steps must be at most ${MAX_REFINE_STEPS}, got "${refine.steps}"`);
  if (!(Number.isFinite(refine.lr) && refine.lr >= 0))
    throw invalid(
      `models.refine.lr must be a positive number (0 = ${DEFAULT_REFINE_LR}), got "${refine.lr}"`,
    );
  if (noiseMode === "random")
    throw invalid(
      "models.refine needs the generator's const noise: use NOISE_MODE_CONST, or no refinement with NOISE_MODE_RANDOM",
    );
  if (!(Number.isFinite(refine.kappa) && refine.kappa >= 0))
    throw invalid(`models.refine.kappa must be 0 (pixels only) or positive, got "${refine.kappa}"`);
  return { steps: refine.steps, lr: refine.lr === 0 ? DEFAULT_REFINE_LR : refine.lr, kappa: refine.kappa };
}

/** Options of {@link Refiners}. */
export interface RefinersOptions {
  /** The connection to NATS, to read a GAN checkpoint (`ExportedModels.gan`) from an object store. */
  nc: NatsConnection;
  /** Local folder the checkpoint is downloaded to. */
  dir: string;
  log: Logger;
}

type Gan = typeof import("@dermanomaly/gan");
type Tf = typeof import("@dermanomaly/tf");

interface Networks {
  readonly G: InstanceType<Gan["Generator"]>;
  readonly D: InstanceType<Gan["Discriminator"]>;
}

interface Loaded {
  readonly key: string;
  readonly networks: Promise<Networks>;
}

const dispose = (n: Networks | undefined): void => {
  n?.G.dispose();
  n?.D.dispose();
};

/**
 * Latent refinement on TF.js for one replica: TF.js (the backend `DERMANOMALY_TF_BACKEND` names, else the best that
 * starts) and the networks of the models' GAN checkpoint (the exported models' G_ema or G, and D) are loaded on
 * first use, so a replica that never refines never loads TF.js. One checkpoint's networks are kept; models from
 * another checkpoint replace them. Batches refine one at a time (TF.js runs one graph at a time per process).
 */
export class Refiners {
  readonly #o: RefinersOptions;
  #loaded: Loaded | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: RefinersOptions) {
    this.#o = options;
  }

  /**
   * `models` with the refinement `requested` asks for (none: `models` as they are, and no settings), checked against
   * the noise mode the models run with (which may come from the encoder's lineage); its networks from the GAN
   * checkpoint of `exported`.
   *
   * @throws {StatusError} INVALID_ARGUMENT as {@link refineSettings}; FAILED_PRECONDITION when no TF.js backend
   * starts; as `loadNetworkFile` for the checkpoint
   */
  async refined(
    models: ReconstructionModels,
    exported: ExportedModels__Output,
    requested: LatentRefinement__Output | null | undefined,
  ): Promise<{ models: ReconstructionModels; settings?: RefineSettings }> {
    const settings = refineSettings(requested, models.noiseMode);
    if (settings === undefined) return { models };
    // Loaded now, so that a checkpoint or backend that cannot serve fails before any image.
    await this.#serial(() => this.#networks(exported));
    return { models: models.with({ refine: await this.#refiner(exported, settings) }), settings };
  }

  async #refiner(exported: ExportedModels__Output, settings: RefineSettings): Promise<RefineReconstructions> {
    const { tf } = (await import("@dermanomaly/tf")) as Tf;
    const { refineLatents } = (await import("@dermanomaly/gan")) as Gan;
    return (x, z, n) =>
      this.#serial(async () => {
        // Taken per batch inside the serial section: networks are only ever swapped there, never under a batch.
        const { G, D } = await this.#networks(exported);
        const { resolution: r, zDim } = G.config;
        const started = performance.now();
        const out = tf.tidy(() => {
          const images = tf.transpose(tf.tensor4d(x, [n, 3, r, r]), [0, 2, 3, 1]);
          const refined = refineLatents(
            G,
            images as Parameters<typeof refineLatents>[1],
            tf.tensor2d(z, [n, zDim]),
            {
              steps: settings.steps,
              lr: settings.lr,
              ...(settings.kappa > 0 && {
                kappa: settings.kappa,
                features: (img) => D.forward(img).features,
              }),
            },
          );
          tf.dispose(refined.w);
          return tf.transpose(refined.images, [0, 3, 1, 2]);
        });
        const data = (await out.data()) as Float32Array;
        out.dispose();
        this.#o.log.debug("Refined a batch", {
          images: n,
          steps: settings.steps,
          ms: Math.round(performance.now() - started),
        });
        return data;
      });
  }

  /** Frees the networks, once the batch in progress (if any) is done. */
  async close(): Promise<void> {
    await this.#serial(async () => {
      const loaded = this.#loaded;
      this.#loaded = undefined;
      if (loaded) dispose(await loaded.networks.catch(() => undefined));
    });
  }

  #serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(f, f);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #networks(exported: ExportedModels__Output): Promise<Networks> {
    const choice = exported.generatorChoice === "GENERATOR_CHOICE_G" ? "G" : "G_ema";
    const key = `${exported.gan?.sha256 || exported.gan?.uri}:${choice}`;
    if (this.#loaded?.key !== key) {
      const previous = this.#loaded;
      this.#loaded = { key, networks: this.#load(exported, choice) };
      this.#loaded.networks.catch(() => {
        if (this.#loaded?.key === key) this.#loaded = undefined;
      });
      if (previous) dispose(await previous.networks.catch(() => undefined));
    }
    return await this.#loaded!.networks;
  }

  async #load(exported: ExportedModels__Output, choice: "G" | "G_ema"): Promise<Networks> {
    if (!exported.gan)
      throw new StatusError(Code.INVALID_ARGUMENT, "The exported models name no GAN checkpoint");
    const { initBackend } = (await import("@dermanomaly/tf")) as Tf;
    try {
      await initBackend({ log: false });
    } catch (err) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `Latent refinement needs TF.js, and no backend starts here: ${(err as Error).message}`,
        { cause: err },
      );
    }
    const { Discriminator, Generator } = (await import("@dermanomaly/gan")) as Gan;
    const { loadNetworkFile } = await import("@dermanomaly/gan/nvidia");
    await mkdir(this.#o.dir, { recursive: true });
    const path = join(this.#o.dir, `gan-${exported.gan.sha256 || "checkpoint"}`);
    // The checkpoint's own store: a file the stack was given, or any object store of the cluster.
    const store = await resolveStore(exported.gan, { nats: this.#o.nc });
    try {
      await store.getToFile(exported.gan, path);
    } finally {
      await store.close();
    }
    try {
      const nets = await loadNetworkFile(path, { networks: [choice, "D"] });
      const g = nets[choice];
      const d = nets.D;
      if (g === undefined || d === undefined)
        throw new StatusError(
          Code.INVALID_ARGUMENT,
          `The GAN checkpoint "${exported.gan.uri}" holds no ${g === undefined ? choice : "D"}`,
        );
      const G = new Generator(g.config);
      G.loadStateDict(g.stateDict);
      const D = new Discriminator(d.config);
      D.loadStateDict(d.stateDict);
      this.#o.log.info("Refinement networks loaded", { gan: exported.gan.uri, generator: choice });
      return { G, D };
    } finally {
      await rm(path, { force: true });
    }
  }
}
