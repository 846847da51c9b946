/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.tensor.Parallel;

/**
 * A tower's straight path {@code x_r + t delta} seen through one dense tangent per node
 * (docs/method.md §5), delta = x - x_r [T][D] the whole difference: a rule's integral
 * {@code sum_k w_k J_N(z_k) J_k delta} [P], J_k the slice's Jacobian at node k and J_N the
 * normalisation's, and the embedding as the attributions see it at any point of the path.
 *
 * <p>A factor's rows integrate {@code J_k delta_s} for each row s of delta, and the rows of delta add
 * up to delta, so by linearity the dense integral is the sum of the factor's rows: its distance from
 * the mapped embedding's change is the factor's own completeness residual, at one tangent per node
 * instead of one per row (or one cotangent per caption row in reverse mode). The adaptive rule
 * ({@link AdaptiveRule}) chooses its panels with it before paying for the rows.
 */
final class DensePath implements AdaptiveRule.Path {

    private final Parallel parallel;
    private final TowerSlice slice;
    private final float[] reference;
    private final float[] delta;
    private final float[] inputEmbedding;
    private final float[] referenceEmbedding;
    private final Normalization normalization;
    private final double inputNorm;

    /**
     * The path from {@code reference} to {@code x} (both [T][D] states entering the slice),
     * {@code referenceEmbedding} the slice's raw embedding of the reference.
     */
    DensePath(Parallel parallel, TowerSlice slice, float[] x, float[] reference, float[] referenceEmbedding,
              Normalization normalization) {
        this.parallel = parallel;
        this.slice = slice;
        this.reference = reference;
        this.delta = Vectors.difference(x, reference);
        this.inputEmbedding = slice.embedding(parallel, x);
        this.referenceEmbedding = referenceEmbedding;
        this.normalization = normalization;
        this.inputNorm = Vectors.norm(inputEmbedding);
    }

    /** {@inheritDoc} One forward and one dense tangent per node. */
    @Override
    public double[] integral(QuadratureRule rule) {
        double[] total = new double[inputEmbedding.length];
        PathNodes.sum(parallel, slice, rule, reference, delta, (kernels, point, weight) -> {
            TowerSlice.Primal primal = slice.forward(kernels, point);
            float[] z = primal.embedding();
            double[] term = new double[z.length];
            normalization.addJacobianTimes(term, 0, slice.denseTangent(kernels, primal, delta), 0, z, Vectors.norm(z),
                    inputNorm, weight);
            return term;
        }, term -> Vectors.addTo(total, term));
        return total;
    }

    /** {@inheritDoc} The ends are the input's and the reference's embeddings; a point between costs one forward. */
    @Override
    public double[] mapped(double t) {
        if (t == 0 || t == 1) {
            return Factor.mapped(normalization, t == 0 ? referenceEmbedding : inputEmbedding, inputEmbedding);
        }
        float step = (float) t;
        float[] point = new float[reference.length];
        for (int i = 0; i < point.length; i++) {
            point[i] = reference[i] + step * delta[i];
        }
        return Factor.mapped(normalization, slice.embedding(parallel, point), inputEmbedding);
    }
}
