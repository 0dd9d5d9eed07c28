import type { CalibrateRequest, CalibrateResponse__Output } from "@dermanomaly/contracts";
import type { Command } from "../cli.ts";
import { location, optionalNumber, requireString } from "./_args.ts";
import { withClient } from "./_job.ts";

type Values = Parameters<Command["run"]>[0];

/** The `Calibrate` request the options describe (the quantile as given: the service checks it). */
export function calibrateRequest(values: Values): CalibrateRequest {
  return {
    scores: location(requireString(values, "scores")),
    quantile: optionalNumber(values, "q") ?? 0,
    output: location(requireString(values, "out")),
  };
}

/** `calibrate`: a threshold and normalisation fitted on held-out normal images' scores, as `calibration.json`. */
export const calibrate: Command = {
  path: ["calibrate"],
  summary:
    "Fit a decision threshold (quantile q) and score normalisation on a score sheet of held-out normal images",
  usage: "--scores normals.xlsx|normals.csv|key:KEY [--q 0.95] --out calibration.json|key:KEY",
  options: {
    scores: { type: "string" },
    q: { type: "string" },
    out: { type: "string" },
  },
  async run(values) {
    const request = calibrateRequest(values);
    // A path --out gets calibration.json; a key leaves it in the store alone.
    const results = request.output?.path === undefined ? "store" : "delivered";
    const res = await withClient(
      "scorer",
      (client) =>
        new Promise<CalibrateResponse__Output>((ok, fail) =>
          client.Calibrate(request, (err, r) => (err ? fail(err) : ok(r as CalibrateResponse__Output))),
        ),
      { results },
    );
    const c = res.calibration;
    if (c !== null) {
      console.log(`score: ${c.tag}${c.method === "" ? "" : ` (${c.method})`}`);
      console.log(`threshold: ${c.threshold} (quantile ${c.quantile} of ${c.count} normal scores)`);
      console.log(
        `normalisation: min ${c.normMin}, max ${c.normMax} (threshold ${c.thresholdNormalised} normalised)`,
      );
    }
    const out = String(values["out"]);
    console.log(`calibration: ${out.startsWith("key:") ? res.artifact?.uri : location(out).path}`);
    return 0;
  },
};
