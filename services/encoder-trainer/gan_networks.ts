import { basename } from "node:path";
import { Code, isStatusError, StatusError } from "@dermanomaly/contracts";
import type { GanNetworks, GeneratorChoice } from "@dermanomaly/encoder";
import { Discriminator, type DiscriminatorConfig, Generator, type GeneratorConfig } from "@dermanomaly/gan";
import { loadNetworkFile, type NetworkWeights } from "@dermanomaly/gan/nvidia";

/** The weights of the GAN networks an encoder run needs: its generator, and D when the loss has a feature term. */
export interface GanWeights {
  /** The chosen generator. */
  G: NetworkWeights<GeneratorConfig>;
  /** The discriminator, when the loss needs it. */
  D?: NetworkWeights<DiscriminatorConfig>;
}

/** Options of {@linkcode loadGanWeights}. */
export interface LoadGanWeightsOptions {
  /** The generator E trains against. */
  generator: GeneratorChoice;
  /** Whether the loss needs the discriminator's features (`izif` with kappa > 0). */
  needsD: boolean;
  /** The data set E trains on, whose resolution the GAN must have. @default not checked */
  dataset?: { name: string; resolution: number };
  /** How the file is named in messages. @default the file's name */
  name?: string;
}

/**
 * Reads the networks of a GAN checkpoint (a gan-trainer snapshot or an NVIDIA pickle) that an encoder run needs, and
 * checks that the file can train one: a GAN, with the chosen generator, D when the loss needs it, unconditional, at
 * the data set's resolution.
 *
 * @throws {StatusError} NOT_FOUND for a missing file; INVALID_ARGUMENT for a file that is not a GAN checkpoint or
 * lacks a network the run needs; FAILED_PRECONDITION when its resolution is not the data set's (both named)
 */
export async function loadGanWeights(path: string, options: LoadGanWeightsOptions): Promise<GanWeights> {
  const name = options.name ?? basename(path);
  const { generator, needsD } = options;
  let nets: Awaited<ReturnType<typeof loadNetworkFile>>;
  try {
    nets = await loadNetworkFile(path, { networks: needsD ? [generator, "D"] : [generator] });
  } catch (err) {
    if (isStatusError(err) && err.code === Code.INVALID_ARGUMENT)
      throw new StatusError(Code.INVALID_ARGUMENT, `The gan file is not a GAN checkpoint: ${err.message}`, {
        cause: err,
      });
    throw err;
  }
  const G = nets[generator];
  if (G === undefined) {
    const other = generator === "G" ? "G_ema" : "G";
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `GAN checkpoint "${name}" holds no generator ${generator}: choose the generator ${other}, or a snapshot ` +
        `that holds ${generator}`,
    );
  }
  if (needsD && nets.D === undefined) {
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `GAN checkpoint "${name}" holds no discriminator D, which the izif loss needs for its feature term: use a ` +
        "full training snapshot (G, D and G_ema), or the izi loss",
    );
  }
  if (G.config.cDim !== 0)
    throw new StatusError(
      Code.INVALID_ARGUMENT,
      `GAN checkpoint "${name}" holds a conditional generator (${G.config.cDim} classes): the encoder trains ` +
        "against unconditional ones",
    );
  const res = G.config.resolution;
  const data = options.dataset;
  if (data !== undefined && data.resolution !== res) {
    throw new StatusError(
      Code.FAILED_PRECONDITION,
      `GAN checkpoint "${name}" makes ${res}x${res} images but data set "${data.name}" holds ` +
        `${data.resolution}x${data.resolution} images: prepare the data set at ${res}x${res}, or use a GAN ` +
        `trained at ${data.resolution}x${data.resolution}`,
    );
  }
  return { G, ...(needsD && nets.D !== undefined && { D: nets.D }) };
}

/** The networks of {@linkcode loadGanWeights}'s weights, on the current TF.js backend (dispose them when done). */
export function buildGanNetworks(weights: GanWeights, generator: GeneratorChoice): GanNetworks {
  const G = new Generator(weights.G.config);
  let D: Discriminator | undefined;
  try {
    G.loadStateDict(weights.G.stateDict);
    if (weights.D !== undefined) {
      D = new Discriminator(weights.D.config);
      D.loadStateDict(weights.D.stateDict);
    }
  } catch (err) {
    G.dispose();
    D?.dispose();
    throw err;
  }
  return { [generator]: G, ...(D && { D }) };
}

/** Frees the networks of {@linkcode buildGanNetworks}. */
export function disposeGanNetworks(nets: GanNetworks): void {
  nets.G?.dispose();
  nets.G_ema?.dispose();
  nets.D?.dispose();
}
