/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

/** L2 normalisation and cosine similarity of embedding rows, accumulated in double. */
public final class Embeddings {

    private Embeddings() {
    }

    public static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** Each row divided by its L2 norm. */
    public static float[][] normalized(float[][] rows) {
        return normalized(rows, 0);
    }

    /** Each row divided by the larger of its L2 norm and {@code floor} (PyTorch's {@code F.normalize(eps=floor)}). */
    public static float[][] normalized(float[][] rows, double floor) {
        float[][] result = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            double norm = Math.max(Math.sqrt(dot(rows[r], rows[r])), floor);
            result[r] = new float[rows[r].length];
            for (int i = 0; i < result[r].length; i++) {
                result[r][i] = (float) (rows[r][i] / norm);
            }
        }
        return result;
    }
}
