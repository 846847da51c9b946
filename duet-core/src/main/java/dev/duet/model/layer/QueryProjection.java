/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Gemm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Matrix;
import dev.duet.tensor.Parallel;

/** The fused Q/K/V projection of the attention layers ({@link TransformerBlock}, {@link AttentionPool}), weight [3D][D]. */
final class QueryProjection {

    private QueryProjection() {
    }

    /**
     * The fused Q/K/V projection of {@code sequences} sequences x [S][T][D] into out [S][T][3D]:
     * keys and values for every row, queries only for rows [queryFrom, queryFrom + queryCount)
     * (the others keep what the array held: attention never reads them). The last block before
     * pooling needs one query row, which saves a third of its projection. bias may be null
     * (tangents).
     */
    static void project(Parallel parallel, float[] weight, int width, float[] out, float[] x, float[] bias,
                        int sequences, int rows, int queryFrom, int queryCount) {
        int d = width;
        if (queryCount == rows) {
            if (bias == null) {
                Linear.tangent(parallel, out, x, weight, sequences * rows, d, 3 * d);
            } else {
                Linear.forward(parallel, out, x, weight, bias, sequences * rows, d, 3 * d);
            }
            return;
        }
        int n = sequences * rows;
        if (bias != null) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(bias, d, out, r * 3 * d + d, 2 * d);
            }
            for (int s = 0; s < sequences; s++) {
                for (int q = queryFrom; q < queryFrom + queryCount; q++) {
                    System.arraycopy(bias, 0, out, (s * rows + q) * 3 * d, d);
                }
            }
        }
        Matrix qkvWeight = Matrix.of(weight, 3 * d, d);
        Matrix outputs = Matrix.of(out, n, 3 * d);
        Gemm.multiply(parallel, Matrix.of(x, n, d), qkvWeight.rows(d, 2 * d).t(), outputs.cols(d, 2 * d), bias != null);
        for (int q = queryFrom; q < queryFrom + queryCount; q++) {
            // row q of every sequence: stride T rows
            Gemm.multiply(parallel, Matrix.strided(x, q * d, sequences, d, rows * d), qkvWeight.rows(0, d).t(),
                    Matrix.strided(out, q * 3 * d, sequences, d, rows * 3 * d), bias != null);
        }
    }

}
