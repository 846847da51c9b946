/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

/**
 * 8-bit RGB to the float32 CHW tensor: {@code x = (float) (u8 * rescaleFactor)} (a double
 * product rounded once, as transformers' {@code rescale} does; for 1/255 it equals torchvision's
 * float32 {@code u8 / 255f} for every byte), then {@code (x - mean) / std} in float32.
 */
public final class PixelNormalizer {

    // [3][256]: every byte value's normalised float per channel
    private final float[][] table = new float[3][256];

    public PixelNormalizer(PreprocessorConfig config) {
        float[] mean = config.imageMean();
        float[] std = config.imageStd();
        for (int c = 0; c < 3; c++) {
            for (int u = 0; u < 256; u++) {
                float x = config.doRescale() ? (float) (u * config.rescaleFactor()) : (float) u;
                table[c][u] = config.doNormalize() ? (x - mean[c]) / std[c] : x;
            }
        }
    }

    /** [3][height][width] flattened: channel, then row, then column. */
    public float[] toChw(RgbImage image) {
        int plane = image.width() * image.height();
        float[] chw = new float[Math.multiplyExact(plane, 3)];
        byte[] hwc = image.pixels();
        for (int c = 0; c < 3; c++) {
            float[] lookup = table[c];
            for (int i = 0; i < plane; i++) {
                chw[c * plane + i] = lookup[hwc[i * 3 + c] & 0xFF];
            }
        }
        return chw;
    }
}
