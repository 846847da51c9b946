# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""Lossy WebP files and what Pillow 9.4 (libwebp 1.2.4) decodes them to, for WebpLossyGap.java.

Writes NAME.webp and NAME.rgb (PIL's convert("RGB") bytes, HWC) into the folder given:
grey (a grey 128x96 image, quality 80: only luma), noisy90 (a colour 128x96 image with noise,
quality 90) and house (the fixture drawing img2_sun_and_house.png, quality 80).
Usage: /usr/bin/python3 tools/preprocessing/webp_lossy_gap.py OUT_DIR SHARED_DIR
"""
import os
import sys

import numpy as np
from PIL import Image


def save(out, name, image, quality):
    path = os.path.join(out, name + ".webp")
    image.save(path, "WEBP", quality=quality)
    np.array(Image.open(path).convert("RGB")).tofile(os.path.join(out, name + ".rgb"))


def main():
    out, shared = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(3)
    y, x = np.mgrid[0:96, 0:128].astype(float)
    colour = np.stack([128 + 100 * np.sin(x / 7), 128 + 100 * np.cos(y / 9), 128 + 80 * np.sin((x + y) / 11)], -1)
    colour = np.clip(colour + rng.normal(0, 20, colour.shape), 0, 255).astype(np.uint8)
    save(out, "noisy90", Image.fromarray(colour), 90)
    grey = np.clip(128 + 100 * np.sin(x / 7) * np.cos(y / 5) + rng.normal(0, 20, x.shape), 0, 255).astype(np.uint8)
    save(out, "grey", Image.fromarray(np.stack([grey] * 3, -1)), 80)
    save(out, "house", Image.open(os.path.join(shared, "fixtures/images/img2_sun_and_house.png")).convert("RGB"), 80)


if __name__ == "__main__":
    main()
