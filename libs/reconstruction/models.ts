import { Code, StatusError } from "@dermanomaly/contracts";
import {
  type ExecutionProvider,
  type GraphOptimizationLevel,
  METADATA_KEYS,
  type ModelSession,
  modelDigest,
  openSession,
  readModelInfo,
} from "@dermanomaly/onnx";
import { Reconstructor, type ReconstructorOptions } from "./reconstructor.ts";

/** Where the three exported models are. */
export interface ModelPaths {
  readonly encoder: string;
  readonly generator: string;
  readonly discriminator: string;
}

/** Options of {@link openReconstructionModels}. */
export interface OpenModelsOptions extends ReconstructorOptions {
  /** ONNX Runtime intra-op threads per session; 0 = one per core. @default 0 */
  threads?: number;
  /** Execution provider. @default process.env.DERMANOMALY_ORT_PROVIDER, else "cpu" */
  provider?: ExecutionProvider;
  /**
   * ONNX Runtime's graph optimisation level per model. `all` adds the NCHWc layout transform: on the paper-size
   * networks at 256 (1 thread, CPU time per image, AVX-512) it takes G from about 520 to 440 ms and D from 515 to
   * 425 ms, but leaves E at about 330 ms while its load takes 8 s instead of 0.5 s and peaks at 2.4 GiB instead of
   * 0.95 GiB (the 810 MiB of weights are copied and re-laid out; with `extended` they stay mapped from the file).
   * @default { encoder: "extended", generator: "all", discriminator: "all" }
   */
  optimization?: Partial<Record<keyof ModelPaths, GraphOptimizationLevel>>;
}

const DEFAULT_OPTIMIZATION: Record<keyof ModelPaths, GraphOptimizationLevel> = {
  encoder: "extended",
  generator: "all",
  discriminator: "all",
};

/** Open models ready to reconstruct, with what the set's metadata records about them. */
export interface ReconstructionModels {
  readonly reconstructor: Reconstructor;
  readonly sessions: {
    readonly encoder: ModelSession;
    readonly generator: ModelSession;
    readonly discriminator: ModelSession;
  };
  /** Each model's digest (`@dermanomaly/onnx`'s modelDigest: the file and its external data). */
  readonly digests: { readonly encoder: string; readonly generator: string; readonly discriminator: string };
  /** Which generator of the GAN checkpoint the generator model is (its metadata; `G_ema` when not recorded). */
  readonly generator: "G_ema" | "G";
  /** `random` when the generator takes noise inputs, else `const`. */
  readonly noiseMode: "const" | "random";
  /**
   * The same models with a reconstructor that takes these options too: `noiseSeed` (e.g. one seed per work item, so
   * that who reconstructs an item does not change its noise), `refine` (latent refinement); same sessions, so only
   * the original's `close()` releases them.
   */
  with(extra: Pick<ReconstructorOptions, "noiseSeed" | "refine">): ReconstructionModels;
  /** Releases the three sessions. */
  close(): Promise<void>;
}

/**
 * Opens the encoder, generator and discriminator models in ONNX Runtime and checks that they fit together. The
 * discriminator's minibatch-stddev group size comes from its exported config unless given.
 *
 * @throws {StatusError} NOT_FOUND for a missing model; FAILED_PRECONDITION when the encoder's latent or image size
 * does not match the generator's (both named); INVALID_ARGUMENT for a file that is not a loadable model
 */
export async function openReconstructionModels(
  paths: ModelPaths,
  options: OpenModelsOptions = {},
): Promise<ReconstructionModels> {
  const infos = {
    encoder: await readModelInfo(paths.encoder),
    generator: await readModelInfo(paths.generator),
    discriminator: await readModelInfo(paths.discriminator),
  };
  for (const role of ["encoder", "generator", "discriminator"] as const) {
    const network = infos[role].metadata[METADATA_KEYS.network];
    if (network !== undefined && network !== role) {
      throw new StatusError(
        Code.FAILED_PRECONDITION,
        `"${paths[role]}" is a ${network} model where the ${role} is expected`,
      );
    }
  }
  let group = options.mbstdGroupSize;
  if (group === undefined) {
    // NVIDIA's default group applies to a model that does not record its config.
    let parsed: unknown;
    try {
      parsed = (
        JSON.parse(infos.discriminator.metadata[METADATA_KEYS.config] ?? "{}") as { mbstdGroupSize?: unknown }
      ).mbstdGroupSize;
    } catch {
      parsed = undefined;
    }
    group = typeof parsed === "number" ? parsed : 4;
  }
  const mbstdGroupSize = group;
  const sessionOptions = {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.provider === undefined ? {} : { provider: options.provider }),
  };
  const opened: ModelSession[] = [];
  try {
    const open = async (role: keyof ModelPaths) => {
      const level = options.optimization?.[role] ?? DEFAULT_OPTIMIZATION[role];
      const s = await openSession(paths[role], { ...sessionOptions, graphOptimizationLevel: level });
      opened.push(s);
      return s;
    };
    const sessions = {
      encoder: await open("encoder"),
      generator: await open("generator"),
      discriminator: await open("discriminator"),
    };
    const reconstructor = Reconstructor.create(
      {
        encoder: sessions.encoder.session,
        generator: sessions.generator.session,
        discriminator: sessions.discriminator.session,
      },
      { ...options, mbstdGroupSize },
    );
    const digests = {
      encoder: await modelDigest(paths.encoder),
      generator: await modelDigest(paths.generator),
      discriminator: await modelDigest(paths.discriminator),
    };
    const generator = infos.generator.metadata[METADATA_KEYS.generator] === "G" ? "G" : "G_ema";
    const close = async () => {
      for (const s of opened) await s.session.release();
    };
    const models = (r: Reconstructor): ReconstructionModels => ({
      reconstructor: r,
      sessions,
      digests,
      generator,
      noiseMode: r.noiseMode,
      with: (extra) =>
        models(
          Reconstructor.create(
            {
              encoder: sessions.encoder.session,
              generator: sessions.generator.session,
              discriminator: sessions.discriminator.session,
            },
            { ...options, ...r.options, ...extra, mbstdGroupSize },
          ),
        ),
      close,
    });
    return models(reconstructor);
  } catch (err) {
    for (const s of opened) await s.session.release().catch(() => {});
    throw err;
  }
}
