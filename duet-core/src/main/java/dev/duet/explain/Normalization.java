/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

/** Where the L2 normalisation of the embeddings enters the attributions (docs/method.md §4). */
public enum Normalization {
    /** inside each tower: the entries add up to the four-term cosine identity */
    EXACT,
    /** the published code: Jacobians of unnormalised embeddings, divided by the input pair's norms */
    PUBLISHED;

    /**
     * Adds {@code weight * J v} to {@code out[outAt ..]}, J the Jacobian at the raw embedding z [P]
     * (of norm {@code norm}) of what the attributions see: {@code z / |z|} in exact mode, so
     * {@code J v = (v - e (e . v)) / |z|}, and {@code z / |z(input)|} in published mode. J is
     * symmetric, so this is also {@code J^T v}: the tangent and the cotangent rule in one.
     */
    void addJacobianTimes(double[] out, int outAt, float[] v, int vAt, float[] z, double norm, double inputNorm,
                          double weight) {
        int dim = z.length;
        if (this == EXACT) {
            double projection = 0;
            for (int p = 0; p < dim; p++) {
                projection += z[p] / norm * v[vAt + p];
            }
            for (int p = 0; p < dim; p++) {
                out[outAt + p] += weight * ((v[vAt + p] - z[p] / norm * projection) / norm);
            }
        } else {
            for (int p = 0; p < dim; p++) {
                out[outAt + p] += weight * v[vAt + p] / inputNorm;
            }
        }
    }
}
