#!/usr/bin/env bash
# Trains the base generator the `demo` preset fine-tunes (services/orchestrator/presets/demo_base_32.safetensors),
# as the original fine-tuned NVIDIA's FFHQ weights: a 32x32 StyleGAN2 (cbase 2048, cmax 128, map-depth 2) on 2000
# synthetic naevi of both styles, drawn with seeds the demo never uses (1000 and 2000; the demo draws with seed 0),
# so the demo's test images are not among them. Hours on a 2-core CPU; minutes on a GPU node.
#
# Two stages: STAGE1_KIMG on style a alone from random weights, then STAGE2_KIMG on both styles resumed from the
# first stage's last snapshot. The committed file was made so, with one difference: its second stage ran in three
# parts (22.2 kimg; then 6.1 kimg with --resume from the 22.2-kimg snapshot and --seed 2; then 30.3 kimg with --resume
# from that part's 6-kimg snapshot and --seed 3; each part's Adam state and augmentation probability starting
# afresh), 68.2 kimg in all (9.6 + 22.2 + 6.1 + 30.3), about 3.5 hours of a busy 2-core CPU. The file's own metadata
# (its `source`: the snapshot it was exported from, that file's digest, the training configuration and kimg) records
# the last part.
#
# Settings (environment): BASE_DIR (default .runs/demo-base), STAGE1_KIMG (default 9.6), STAGE2_KIMG (default 58.6),
# OUT (default services/orchestrator/presets/demo_base_32.safetensors).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

dir=${BASE_DIR:-.runs/demo-base}
stage1=${STAGE1_KIMG:-9.6}
stage2=${STAGE2_KIMG:-58.6}
out=${OUT:-services/orchestrator/presets/demo_base_32.safetensors}
gan=(--batch 16 --gamma 0.05 --map-depth 2 --cbase 2048 --cmax 128 --tick 1 --snap 2 --mirror)
mkdir -p "$dir"

echo "== 1000 naevi of each synthetic style (600x450), seeds 1000 (style a) and 2000 (style b)"
for spec in a:1000 b:2000; do
  style=${spec%%:*}
  [ -d "$dir/$style" ] || pnpm -s dermanomaly synth --out "$dir/$style" --style "$style" --seed "${spec##*:}" \
    --train-nev 1000 --test-nev 0 --test-mel 0 --size 600x450
done
mkdir -p "$dir/ab/NEV"
for style in a b; do
  for f in "$dir/$style"/train_set/NEV/*.jpg; do
    to="$dir/ab/NEV/${style}_$(basename "$f")"
    [ -e "$to" ] || cp "$f" "$to"
  done
done

echo "== 32x32 centre crops"
[ -f "$dir/a32.zip" ] || pnpm -s dermanomaly dataset --source "$dir/a/train_set/NEV" --dest "$dir/a32.zip" --resolution 32x32
[ -f "$dir/ab32.zip" ] || pnpm -s dermanomaly dataset --source "$dir/ab/NEV" --dest "$dir/ab32.zip" --resolution 32x32

echo "== stage 1: $stage1 kimg on style a from random weights"
pnpm -s dermanomaly train-gan --data "$dir/a32.zip" --outdir "$dir/stage1" "${gan[@]}" --kimg "$stage1" --seed 0
first=$(ls "$dir"/stage1/*/network-snapshot-*.safetensors | sort | tail -1)

echo "== stage 2: $stage2 kimg on both styles, resumed from $first"
pnpm -s dermanomaly train-gan --data "$dir/ab32.zip" --outdir "$dir/stage2" "${gan[@]}" --kimg "$stage2" --seed 1 \
  --resume "$first"
last=$(ls "$dir"/stage2/*/network-snapshot-*.safetensors | sort | tail -1)

# G, D and G_ema without the optimizer state: what a fine-tuning needs, at half the size.
pnpm -s dermanomaly gan export "$last" --out "$out" --network all
echo "Wrote $out from $last"
