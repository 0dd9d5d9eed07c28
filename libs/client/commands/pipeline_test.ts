import assert from "node:assert/strict";
import { resolve } from "node:path";
import { test } from "node:test";
import type { StartPipelineRequest } from "@dermanomaly/contracts";
// The CLI's module first, as the CLI loads it: the commands import its UsageError, and it imports the commands.
import { UsageError } from "../cli.ts";
import { pipelineRequest, setOverride } from "./pipeline.ts";

test("`pipeline` options become a StartPipelineRequest with local paths and typed overrides", () => {
  const request = pipelineRequest({
    data: "photos",
    out: "run",
    preset: "tiny",
    resume: "ffhq.pkl",
    seed: "7",
    holdout: "0.2",
    set: [
      "train_gan.kimg=0.5",
      "train_gan.aug=AUGMENT_MODE_NOAUG",
      "report.tsne.perplexity=5",
      "train_gan.mirror=true",
    ],
  });
  assert.deepEqual(request, {
    requestId: "",
    name: "",
    preset: "tiny",
    data: { path: resolve("photos") },
    resume: { path: resolve("ffhq.pkl") },
    seed: 7,
    holdoutFraction: 0.2,
    trainGan: { kimg: 0.5, aug: "AUGMENT_MODE_NOAUG", mirror: true },
    report: { tsne: { perplexity: 5 } },
  });
});

test("`pipeline` refuses missing or doubled data, no --out, and --set values the contract does not allow", () => {
  assert.throws(
    () => pipelineRequest({ out: "r" }),
    /--data DIR is required \(train_set\/NEV and test_set\/<class> inside\)/,
  );
  assert.throws(
    () => pipelineRequest({ data: "d", train: "t", test: "u", out: "r" }),
    /Give --data, or --train and --test, not both/,
  );
  assert.throws(() => pipelineRequest({ data: "d" }), /--out RUN_DIR is required/);
  const cases: [string, RegExp][] = [
    ["kimg=1", /--set must look like train_gan\.kimg=0\.5/],
    ["gan.kimg=1", /--set gan: the sections are prepare, train_gan, train_encoder/],
    ["train_gan.kimgs=1", /--set train_gan\.kimgs: no such field in StartGanTrainingRequest/],
    ["train_gan.kimg=lots", /--set train_gan\.kimg must be a number, got "lots"/],
    ["train_gan.aug=MAGIC", /--set train_gan\.aug must be one of AUGMENT_MODE_UNSPECIFIED/],
    ["score.scores=izif", /--set score\.scores is a list or message/],
  ];
  for (const [assignment, message] of cases) {
    const request: StartPipelineRequest = {};
    assert.throws(
      () => setOverride(request, assignment),
      (err: Error) => err instanceof UsageError && message.test(err.message),
      assignment,
    );
  }
});
