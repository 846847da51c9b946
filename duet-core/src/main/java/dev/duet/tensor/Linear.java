/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * Affine map {@code y = x W^T + b} with W in the checkpoint layout [out][in], and its
 * tangent and gradient rules. Shapes: x [rows][in], y [rows][out], b [out] (may be null).
 */
public final class Linear {

    private Linear() {
    }

    public static void forward(Parallel parallel, float[] y, float[] x, float[] weight, float[] bias,
                               int rows, int in, int out) {
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bias, 0, y, r * out, out);
            }
        }
        Gemm.multiply(parallel, Matrix.of(x, rows, in), Matrix.of(weight, out, in).t(), Matrix.of(y, rows, out), bias != null);
    }

    /** Tangent rule: {@code t_y = t_x W^T}; the rows of all tangent directions go through one product. */
    public static void tangent(Parallel parallel, float[] tY, float[] tX, float[] weight, int rows, int in, int out) {
        Gemm.multiply(parallel, Matrix.of(tX, rows, in), Matrix.of(weight, out, in).t(), Matrix.of(tY, rows, out), false);
    }

    /**
     * Gradient rule: {@code dx = dy W} (written, or skipped when dx is null),
     * {@code dW += dy^T x} and {@code db += colsum(dy)} (skipped when null: frozen parameters).
     */
    public static void backward(Parallel parallel, float[] dx, float[] dWeight, float[] dBias, float[] dy, float[] x,
                                float[] weight, int rows, int in, int out) {
        if (dx != null) {
            Gemm.multiply(parallel, Matrix.of(dy, rows, out), Matrix.of(weight, out, in), Matrix.of(dx, rows, in), false);
        }
        if (dWeight != null) {
            Gemm.multiply(parallel, Matrix.of(dy, rows, out).t(), Matrix.of(x, rows, in), Matrix.of(dWeight, out, in), true);
        }
        if (dBias != null) {
            ColumnSums.add(parallel, dBias, dy, rows, out);
        }
    }
}
