#!/usr/bin/env bash
# The main job on the built-in synthetic data: installs what is missing, draws a synthetic dermoscopy set, and runs
# the whole method through the orchestrator (data sets -> StyleGAN2-ADA -> izif encoder -> reconstructions -> scores
# -> calibration on held-out naevi -> report), ending with the AUC of each score and the report's path.
#
# A local stack of every service is started for the run (set DERMANOMALY_*_ENDPOINT to use deployed services).
# Settings (environment): RUN_DIR (default .runs/demo), DEMO_STYLE (a or b: which synthetic renderer), DEMO_SEED,
# DEMO_TRAIN, DEMO_TEST (naevi for training; naevi and as many melanomas for testing), DEMO_PRESET (default demo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

run_dir=${RUN_DIR:-.runs/demo}
style=${DEMO_STYLE:-a}
seed=${DEMO_SEED:-0}
train=${DEMO_TRAIN:-400}
test=${DEMO_TEST:-250}
preset=${DEMO_PRESET:-demo}
images="$run_dir.images"
rm -rf "$run_dir" "$images"

start=$(date +%s)
echo "== synthetic dermoscopy images, style $style: $train naevi to learn from; $test naevi and $test melanomas to score"
pnpm -s dermanomaly synth --out "$images" --style "$style" --seed "$seed" \
  --train-nev "$train" --test-nev "$test" --test-mel "$test" --size 400x300

echo "== the pipeline, preset $preset"
pnpm -s dermanomaly pipeline --data "$images" --preset "$preset" --out "$run_dir" --seed "$seed"

echo "Done in $(($(date +%s) - start)) s: open $run_dir/report.html"
