/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * L2 normalisation of embedding rows for the losses, in double, with its gradient rule:
 * {@code e = z / |z|} forward, {@code dz = (de - e (e . de)) / |z|} backward (docs/method.md
 * §4: the Jacobian is symmetric, so the tangent rule is also the gradient rule). Shapes: z, e, de, dz [rows][dim], norms [rows].
 */
final class RowNormalization {

    private RowNormalization() {
    }

    /** Returns e and writes each row's |z| into {@code norms}. */
    static double[] forward(float[] z, int rows, int dim, double[] norms) {
        double[] e = new double[rows * dim];
        for (int r = 0; r < rows; r++) {
            double squares = 0;
            for (int k = 0; k < dim; k++) {
                squares += (double) z[r * dim + k] * z[r * dim + k];
            }
            norms[r] = Math.sqrt(squares);
            for (int k = 0; k < dim; k++) {
                e[r * dim + k] = z[r * dim + k] / norms[r];
            }
        }
        return e;
    }

    /** dz from de, row by row. */
    static float[] backward(double[] dE, double[] e, double[] norms, int rows, int dim) {
        float[] dZ = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            double projection = 0;
            for (int k = 0; k < dim; k++) {
                projection += e[r * dim + k] * dE[r * dim + k];
            }
            for (int k = 0; k < dim; k++) {
                dZ[r * dim + k] = (float) ((dE[r * dim + k] - e[r * dim + k] * projection) / norms[r]);
            }
        }
        return dZ;
    }
}
