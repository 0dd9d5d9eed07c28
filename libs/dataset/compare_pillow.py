"""Compares a prepared data set folder with what dataset_tool.py's PIL path makes of the same photos.

    python3 libs/dataset/compare_pillow.py SOURCE_DIR DATASET_DIR

For each image in DATASET_DIR/manifest.json: open the source with Pillow, convert to RGB, take the central square
(stylegan3 dataset_tool.py's `center-crop`), resize with `PIL.Image.LANCZOS`, and compare with the written PNG.
Prints how many are identical, the largest per-channel difference and the PSNR (mean, min) in dB.
"""

import json
import sys

import numpy as np
import PIL.Image


def reference(path, width, height):
    img = np.array(PIL.Image.open(path).convert("RGB"))
    h, w = img.shape[:2]
    crop = min(h, w)
    img = img[(h - crop) // 2 : (h + crop) // 2, (w - crop) // 2 : (w + crop) // 2]
    return np.array(PIL.Image.fromarray(img, "RGB").resize((width, height), PIL.Image.LANCZOS))


def main(source, dataset):
    manifest = json.load(open(f"{dataset}/manifest.json"))
    settings = manifest["settings"]
    if settings["transform"] != "center-crop":
        sys.exit(f"Only the center-crop transform is compared, got '{settings['transform']}'")
    psnrs, identical, worst = [], 0, 0
    for image in manifest["images"]:
        want = reference(f"{source}/{image['source']}", settings["width"], settings["height"]).astype(np.float64)
        have = np.array(PIL.Image.open(f"{dataset}/{image['file']}").convert("RGB")).astype(np.float64)
        diff = np.abs(have - want)
        worst = max(worst, diff.max())
        identical += int(diff.max() == 0)
        mse = (diff**2).mean()
        psnrs.append(float("inf") if mse == 0 else 10 * np.log10(255**2 / mse))
    print(
        f"resampler {settings['resampler']}, {settings['width']}x{settings['height']}: identical "
        f"{identical}/{len(psnrs)}, max |diff| {worst:.0f}, PSNR mean {np.mean(psnrs):.1f} dB, "
        f"min {np.min(psnrs):.1f} dB (Pillow {PIL.__version__})"
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
