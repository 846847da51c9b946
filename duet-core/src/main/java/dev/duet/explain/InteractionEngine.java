/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.tensor.Parallel;

/**
 * Computes {@code A = U^T V} of a caption's factor U against an image without forming V, by
 * reverse mode (docs/method.md §7): at each path point of the image
 * tower, the cotangent {@code u_i} of the normalised embedding is pulled back to the image
 * state, {@code g_i = J^T u_i} [T][D], and {@code A_ij += w_k g_i[row j] . dy[row j]}. Same
 * A as {@link FactorEngine} gives through V, at one cotangent per caption row instead of one
 * tangent per image row. The image tower's own completeness residual is its dense path's
 * ({@link DensePath}), which the adaptive rule has computed when it chose the nodes; for a fixed rule
 * it is NaN. The explanation's own completeness error, sum of A against the four-term target, is
 * there either way.
 */
final class InteractionEngine {

    /** A [text rows][image rows], row-major, and the image tower's integral. */
    record Result(float[] interactions, PathIntegral image) {
    }

    private final Parallel parallel;

    InteractionEngine(Parallel parallel) {
        this.parallel = parallel;
    }

    /**
     * A for the caption rows {@code u} [textRowCount][P] (one caption's U, or several captions' stacked: each
     * row is pulled back on its own, so a row's interactions do not depend on the rows beside it but for
     * rounding). y and reference are [T][D] states entering the image slice's first block, referenceEmbedding
     * the slice's raw embedding of the reference; {@code imageResidual} is the image tower's residual
     * under the rule, from its {@link DensePath} (NaN when not known).
     */
    Result compute(float[] u, int textRowCount, TowerSlice slice, float[] y, float[] reference,
                   float[] referenceEmbedding, QuadratureRule rule, Normalization normalization, double imageResidual) {
        int width = slice.width();
        int dim = slice.projectionDim();
        int rows = slice.rows();
        float[] delta = Vectors.difference(y, reference);
        // rows of U that are zero (BOS of a causal text tower) have zero interactions
        int[] textRows = java.util.stream.IntStream.range(0, textRowCount)
                .filter(r -> !Vectors.isZero(u, r * dim, dim)).toArray();
        float[] inputEmbedding = slice.embedding(parallel, y);
        double inputNorm = Vectors.norm(inputEmbedding);
        double[] interactions = new double[textRowCount * rows];
        int chunk = slice.cotangentsPerChunk(Math.max(1, textRows.length), FactorEngine.MAX_CHUNK_FLOATS);
        PathNodes.sum(parallel, slice, rule, reference, delta, (kernels, point, weight) -> {
            TowerSlice.Primal primal = slice.forward(kernels, point);
            float[] z = primal.embedding();
            double norm = Vectors.norm(z);
            double[] term = new double[interactions.length];
            for (int start = 0; start < textRows.length; start += chunk) {
                int count = Math.min(chunk, textRows.length - start);
                // cotangents of the raw embedding: the normalisation's Jacobian is symmetric
                float[] cotangents = new float[count * dim];
                double[] cotangent = new double[dim];
                for (int s = 0; s < count; s++) {
                    java.util.Arrays.fill(cotangent, 0);
                    normalization.addJacobianTimes(cotangent, 0, u, textRows[start + s] * dim, z, norm,
                            inputNorm, 1);
                    for (int p = 0; p < dim; p++) {
                        cotangents[s * dim + p] = (float) cotangent[p];
                    }
                }
                float[] pulledBack = slice.cotangents(kernels, primal, cotangents, count);
                int first = start;
                kernels.forRange(count, 1, (from, to) -> {
                    for (int s = from; s < to; s++) {
                        int target = textRows[first + s] * rows;
                        for (int j = 0; j < rows; j++) {
                            term[target + j] = weight * dot(pulledBack, (s * rows + j) * width, delta, j * width, width);
                        }
                    }
                });
            }
            return term;
        }, term -> Vectors.addTo(interactions, term));
        float[] a = new float[interactions.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) interactions[i];
        }
        return new Result(a, new PathIntegral(inputEmbedding, referenceEmbedding, normalization, rule.quadrature(),
                rule.size(), imageResidual));
    }

    private static double dot(float[] a, int aAt, float[] b, int bAt, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (double) a[aAt + i] * b[bAt + i];
        }
        return sum;
    }
}
