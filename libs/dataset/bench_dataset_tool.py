"""Times stylegan3's own dataset_tool.py preparation (its PIL path) inside this process, for `pnpm bench preprocess`.

    /usr/bin/python3 libs/dataset/bench_dataset_tool.py STYLEGAN3_SRC SOURCE DEST RESOLUTION

Imports dataset_tool from the stylegan3 checkout STYLEGAN3_SRC (nothing of it is copied here) and runs its
`convert_dataset` command on SOURCE into DEST with `--transform=center-crop --resolution=RESxRES`, timing the call
alone: Python's start-up and the imports of numpy, PIL and click are left out, as the bench leaves out ours. Prints
one JSON line: wall seconds, process CPU seconds and the number of images in DEST.
"""

import json
import sys
import time
import zipfile


def main(src, source, dest, resolution):
    sys.path.insert(0, src)
    import dataset_tool  # noqa: E402 (from the checkout given on the command line)

    args = [f"--source={source}", f"--dest={dest}", "--transform=center-crop", f"--resolution={resolution}x{resolution}"]
    wall, cpu = time.perf_counter(), time.process_time()
    dataset_tool.convert_dataset.main(args=args, standalone_mode=False)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    with zipfile.ZipFile(dest) as z:
        images = sum(1 for name in z.namelist() if name.endswith(".png"))
    print(json.dumps({"sec": wall, "cpu": cpu, "images": images}))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
