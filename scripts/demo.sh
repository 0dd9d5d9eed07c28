#!/usr/bin/env bash
# The main job on the built-in synthetic data: installs what is missing, then runs every stage that exists so far,
# each through its service (a local stack is started for each command; set DERMANOMALY_*_ENDPOINT to use deployed
# services instead). Outputs go under .runs/demo/ and the artifact store under .runs/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

out=.runs/demo
rm -rf "$out"
mkdir -p "$out"

echo "== 1. synthetic dermoscopy images (naevi for training; naevi and melanomas for testing)"
pnpm -s dermanomaly synth --out "$out/images" --train-nev 200 --test-nev 40 --test-mel 40 --size 600x450 --seed 0

echo "== 2. training set: centre crop, Lanczos to 256x256 (dataset_tool parity)"
pnpm -s dermanomaly dataset --source "$out/images/train_set/NEV" --dest "$out/trainset.zip" \
  --transform center-crop --resolution 256x256

echo "== 3. test set with labels from the class folders (NEV=0, MEL=1)"
pnpm -s dermanomaly dataset --source "$out/images/test_set" --dest "$out/testset.zip" \
  --transform center-crop --resolution 256x256 --class-map NEV=0,MEL=1

echo "Done: outputs under $out"
