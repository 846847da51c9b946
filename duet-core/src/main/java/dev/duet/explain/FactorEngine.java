/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.tensor.Parallel;

/**
 * Computes a tower's factor U by forward-mode tangents integrated along the straight path
 * from the reference state to the input state (docs/method.md §6): one tangent per input row,
 * all tangents of a path point batched through that point's shared primal, the points' terms
 * added in node order ({@link PathNodes}).
 */
final class FactorEngine {

    /** Largest tangent buffer, in floats, before directions are split into chunks (bounds the heap). */
    static final int MAX_CHUNK_FLOATS = 12 << 20;

    private final Parallel parallel;

    FactorEngine(Parallel parallel) {
        this.parallel = parallel;
    }

    /**
     * U under the options' rule, adaptive or fixed ({@link AdaptiveRule#integrate}); x and reference are
     * [T][D] states entering the slice's first block, referenceEmbedding the slice's raw embedding of
     * the reference.
     */
    Factor integrate(TowerSlice slice, float[] x, float[] reference, float[] referenceEmbedding, ExplainOptions options) {
        return AdaptiveRule.integrate(options,
                (rule, screened) -> compute(slice, x, reference, referenceEmbedding, rule, options.normalization()),
                Factor::residual,
                () -> new DensePath(parallel, slice, x, reference, referenceEmbedding, options.normalization()));
    }

    /**
     * U for a fixed rule; x and reference are [T][D] states entering the slice's first block,
     * referenceEmbedding the slice's raw embedding of the reference (computed once per explainer).
     */
    Factor compute(TowerSlice slice, float[] x, float[] reference, float[] referenceEmbedding, QuadratureRule rule,
                   Normalization normalization) {
        int width = slice.width();
        int dim = slice.projectionDim();
        int rows = slice.rows();
        float[] delta = Vectors.difference(x, reference);
        // rows whose state equals the reference's contribute nothing (BOS of a causal text tower)
        int[] sourceRows = java.util.stream.IntStream.range(0, rows)
                .filter(r -> !Vectors.isZero(delta, r * width, width)).toArray();
        float[] directionRows = new float[sourceRows.length * width];
        for (int s = 0; s < sourceRows.length; s++) {
            System.arraycopy(delta, sourceRows[s] * width, directionRows, s * width, width);
        }
        float[] inputEmbedding = slice.embedding(parallel, x);
        double inputNorm = Vectors.norm(inputEmbedding);
        double[] accumulated = new double[sourceRows.length * dim];
        PathNodes.sum(parallel, slice, rule, reference, delta, (kernels, point, weight) -> {
            TowerSlice.Jvp jvp = slice.jvp(kernels, point, directionRows, sourceRows, MAX_CHUNK_FLOATS);
            double[] term = new double[accumulated.length];
            accumulate(term, jvp, weight, normalization, inputNorm, dim);
            return term;
        }, term -> Vectors.addTo(accumulated, term));
        float[] factorRows = new float[rows * dim];
        for (int s = 0; s < sourceRows.length; s++) {
            for (int p = 0; p < dim; p++) {
                factorRows[sourceRows[s] * dim + p] = (float) accumulated[s * dim + p];
            }
        }
        double[] change = Factor.embeddingChange(normalization, inputEmbedding, referenceEmbedding);
        return new Factor(factorRows, rows, dim, inputEmbedding, referenceEmbedding, normalization,
                rule.quadrature(), rule.size(), residual(accumulated, sourceRows.length, dim, change));
    }

    /** Adds {@code weight * J v} for every direction, J the normalisation's Jacobian ({@link Normalization}). */
    private static void accumulate(double[] accumulated, TowerSlice.Jvp jvp, double weight, Normalization normalization,
                                   double inputNorm, int dim) {
        float[] z = jvp.embedding();
        double norm = Vectors.norm(z);
        int directions = jvp.tangents().length / dim;
        for (int s = 0; s < directions; s++) {
            normalization.addJacobianTimes(accumulated, s * dim, jvp.tangents(), s * dim, z, norm, inputNorm, weight);
        }
    }

    private static double residual(double[] accumulated, int directions, int dim, double[] change) {
        double sum = 0;
        for (int p = 0; p < dim; p++) {
            double total = 0;
            for (int s = 0; s < directions; s++) {
                total += accumulated[s * dim + p];
            }
            double difference = total - change[p];
            sum += difference * difference;
        }
        return Math.sqrt(sum);
    }
}
