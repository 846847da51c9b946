/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

/**
 * A tower's pooling by row selection: of states [B][T][D], row {@code pooled[b]} of sequence b
 * (CLIP's text tower: the EOS row; its vision tower: the CLS row 0; a BERT sentence encoder's CLS
 * pooling: row 0). Its tangent is the same selection, and its cotangent and gradient the scatter
 * back. Or by the mean of each sequence's first {@code keys[b]} rows (sentence-transformers' mean
 * pooling over the attention mask), a linear map too: its tangent is the same mean, its
 * cotangent spreads {@code dPooled / keys} over those rows.
 */
public final class Pooling {

    private Pooling() {
    }

    /** The pooled rows [B][D] of x [B][T][D]. */
    public static float[] select(float[] x, int rows, int width, int[] pooled) {
        float[] out = new float[pooled.length * width];
        for (int b = 0; b < pooled.length; b++) {
            System.arraycopy(x, (b * rows + pooled[b]) * width, out, b * width, width);
        }
        return out;
    }

    /** The gradient [B][T][D] of x from that of the pooled rows [B][D]: zero off the pooled rows. */
    public static float[] scatter(float[] dPooled, int rows, int width, int[] pooled) {
        float[] dX = new float[pooled.length * rows * width];
        for (int b = 0; b < pooled.length; b++) {
            System.arraycopy(dPooled, b * width, dX, (b * rows + pooled[b]) * width, width);
        }
        return dX;
    }

    /** The mean [B][D] of the first {@code keys[b]} rows of each sequence of x [B][T][D]. */
    public static float[] mean(float[] x, int rows, int width, int[] keys) {
        float[] out = new float[keys.length * width];
        for (int b = 0; b < keys.length; b++) {
            for (int r = 0; r < keys[b]; r++) {
                int from = (b * rows + r) * width;
                for (int i = 0; i < width; i++) {
                    out[b * width + i] += x[from + i];
                }
            }
            for (int i = 0; i < width; i++) {
                out[b * width + i] /= keys[b];
            }
        }
        return out;
    }

    /** The cotangent [B][T][D] of x from that of the means [B][D]: {@code dPooled / keys} on the first keys rows, zero after. */
    public static float[] meanScatter(float[] dPooled, int rows, int width, int[] keys) {
        float[] dX = new float[keys.length * rows * width];
        for (int b = 0; b < keys.length; b++) {
            for (int r = 0; r < keys[b]; r++) {
                int to = (b * rows + r) * width;
                for (int i = 0; i < width; i++) {
                    dX[to + i] = dPooled[b * width + i] / keys[b];
                }
            }
        }
        return dX;
    }
}
