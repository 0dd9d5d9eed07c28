import { join } from "node:path";
import type { StartTsneRequest } from "@dermanomaly/contracts";
import type { Command } from "../cli.ts";
import { location, optionalInt, optionalNumber, parseClassMap, requireString } from "./_args.ts";
import { runJob } from "./_job.ts";

type Values = Parameters<Command["run"]>[0];

function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === "string" ? v : undefined;
}

/** The `StartTsne` request the options describe. */
export function tsneRequest(values: Values): StartTsneRequest {
  const set = str(values, "reconstruction");
  const classMap = str(values, "class-map");
  return {
    requestId: str(values, "request-id") ?? "",
    tsne: {
      latents: location(requireString(values, "latents")),
      perplexity: optionalNumber(values, "perplexity") ?? 0,
      seed: optionalInt(values, "seed") ?? 0,
    },
    classMap: classMap === undefined ? {} : parseClassMap(classMap),
    ...(set === undefined ? {} : { reconstructionSet: location(set) }),
    output: location(requireString(values, "out")),
  };
}

/** `tsne`: a t-SNE of encoder latents (`tSNE.py`) through the reporter service. */
export const tsne: Command = {
  path: ["tsne"],
  summary:
    "Embed encoder latents with t-SNE (perplexity 30, seeded): tsne.png, tsne.csv and its trustworthiness",
  usage:
    "--latents latent_vectors.csv [--reconstruction DIR] [--class-map NEV=0,MEL=1] [--perplexity 30] [--seed 0] " +
    "--out DIR|key:PREFIX/ [--request-id ID]",
  options: {
    latents: { type: "string" },
    reconstruction: { type: "string" },
    "class-map": { type: "string" },
    perplexity: { type: "string" },
    seed: { type: "string" },
    out: { type: "string" },
    "request-id": { type: "string" },
  },
  async run(values) {
    const request = tsneRequest(values);
    return runJob("reporter", {
      start: (client, done) => client.StartTsne(request, done),
      // A path --out gets every file; a key leaves them in the store alone.
      results: request.output?.path === undefined ? "store" : "delivered",
      report({ last }) {
        console.log(`points: ${last.metrics["points"] ?? 0}`);
        console.log(`trustworthiness: ${(last.metrics["tsne_trustworthiness"] ?? 0).toFixed(4)}`);
        const out = request.output as { path?: string };
        for (const o of last.outputs) {
          const name = decodeURIComponent(new URL(o.uri).pathname).split("/").slice(-2).join("/");
          console.log(
            `file: ${out.path === undefined ? o.uri : join(out.path, name.startsWith("graphics/") ? name : (name.split("/").pop() as string))}`,
          );
        }
        return 0;
      },
    });
  },
};
