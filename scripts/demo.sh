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

echo "== 4. StyleGAN2-ADA on the naevi (a short CPU run at 32x32: the full method is 256x256, --kimg 50 on a GPU)"
pnpm -s dermanomaly dataset --source "$out/images/train_set/NEV" --dest "$out/trainset32.zip" \
  --transform center-crop --resolution 32x32
pnpm -s dermanomaly train-gan --data "$out/trainset32.zip" --outdir "$out/gan" --cfg stylegan2 --batch 8 \
  --gamma 0.05 --map-depth 2 --glr 0.0025 --dlr 0.0025 --cbase 2048 --cmax 128 --kimg 0.2 --tick 0.1 --snap 1 --seed 0

echo "== 5. samples of the last snapshot (seeds as NVIDIA's gen_images.py, constant noise)"
snapshot=$(ls -1 "$out"/gan/*/network-snapshot-*.safetensors | sort | tail -n 1)
pnpm -s dermanomaly generate --gan "$snapshot" --seeds 0-15 --out "$out/samples.png" --noise-mode const

echo "Done: outputs under $out (the encoder, reconstruction, scoring and report stages come next)"
