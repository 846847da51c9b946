# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""References for SigLIP's image preprocessing (issue 19): transformers' SiglipImageProcessor.preprocess,
re-implemented from reading its source (transformers is not installed here), with PIL (Debian
python3-pil 9.4.0) doing the arithmetic it does:

  convert_to_rgb (do_convert_rgb), to_numpy_array (uint8 HWC), resize to exactly size (height, width)
  whatever the aspect ratio (transformers.image_transforms.resize: to_pil_image, PIL resize with
  reducing_gap None, back to uint8), no centre crop, rescale (float64 product, cast to float32),
  normalize ((x - mean) / std in float32 with SigLIP's mean = std = 0.5), channels first.

Inputs are the RGB and palette test images of ../pipelines (written by make_references.py).
Output: duet-core/src/test/resources/dev/duet/image/siglip/references.json: per case the image, the
size, the PIL filter code, and the float32 tensor [3][height][width] as a flat list.

Usage: /usr/bin/python3 tools/preprocessing/make_siglip_references.py
"""
import json
import os

import numpy as np
import PIL
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGES = os.path.join(ROOT, "duet-core/src/test/resources/dev/duet/image/pipelines")
OUT = os.path.join(ROOT, "duet-core/src/test/resources/dev/duet/image/siglip")
# (image, height, width, PIL filter): a shrink that changes the aspect ratio, an enlargement, bilinear
CASES = (("39x23-rgb.png", 16, 12, Image.BICUBIC), ("13x9-rgb.png", 20, 24, Image.BICUBIC),
         ("23x41-rgb.png", 14, 14, Image.BILINEAR), ("39x23-palette.png", 16, 12, Image.BICUBIC))


def siglip(img, height, width, resample):
    if img.mode != "RGB":
        img = img.convert("RGB")
    array = np.array(img)
    array = np.array(Image.fromarray(array).resize((width, height), resample=resample, reducing_gap=None))
    scaled = (array.astype(np.float64) * (1 / 255)).astype(np.float32)
    half = np.array((0.5, 0.5, 0.5), dtype=np.float32)
    normalised = (scaled - half) / half
    return np.ascontiguousarray(normalised.transpose(2, 0, 1))


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for file, height, width, resample in CASES:
        with Image.open(os.path.join(IMAGES, file)) as img:
            img.load()
            tensor = siglip(img, height, width, resample)
        cases.append({"image": file, "height": height, "width": width, "resample": int(resample),
                      "pixels": [float(v) for v in tensor.reshape(-1)]})
    with open(os.path.join(OUT, "references.json"), "w") as f:
        json.dump({"pillow": PIL.__version__, "cases": cases}, f)
    print("wrote", len(cases), "cases with Pillow", PIL.__version__)


if __name__ == "__main__":
    main()
