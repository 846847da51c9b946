/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.tensor.Parallel;

/**
 * A tower's completeness residual from one dense tangent per path node (docs/method.md §5):
 * {@code | sum_k w_k J_N(z_k) J_k delta - (N(z(x)) - N(z(x_r))) |}, with delta = x - x_r [T][D]
 * the whole difference, J_k the slice's Jacobian at node k and J_N the normalisation's.
 *
 * <p>A factor's rows integrate {@code J_k delta_s} for each row s of delta, and the rows of delta add
 * up to delta, so by linearity this is the residual of the factor itself: the residual of a rule at
 * one tangent per node instead of one per row (or one cotangent per caption row in reverse mode).
 * The adaptive rule uses it to skip node counts that would miss the tolerance before paying for
 * them in full.
 */
final class DenseResidual {

    private final double[] total;
    private final Normalization normalization;
    private final double inputNorm;

    /** An empty integral of a slice whose raw embedding at the input has norm {@code inputNorm}. */
    DenseResidual(int dim, Normalization normalization, double inputNorm) {
        this.total = new double[dim];
        this.normalization = normalization;
        this.inputNorm = inputNorm;
    }

    /** Adds a node's term, from {@link #term}. */
    void add(double[] term) {
        Vectors.addTo(total, term);
    }

    /** Node k's term {@code w_k J_N(z_k) J_k delta} [P] at the primal's point. */
    double[] term(Parallel parallel, TowerSlice slice, TowerSlice.Primal primal, float[] delta, double weight) {
        float[] z = primal.embedding();
        float[] tangent = slice.denseTangent(parallel, primal, delta);
        double[] term = new double[total.length];
        normalization.addJacobianTimes(term, 0, tangent, 0, z, Vectors.norm(z), inputNorm, weight);
        return term;
    }

    /** The distance of the integral so far from the embedding's change [P]. */
    double against(double[] change) {
        double sum = 0;
        for (int p = 0; p < total.length; p++) {
            sum += (total[p] - change[p]) * (total[p] - change[p]);
        }
        return Math.sqrt(sum);
    }

    /**
     * The residual of {@code rule}'s integral on the straight path from {@code reference} to {@code x}
     * (both [T][D] states entering the slice), {@code referenceEmbedding} the slice's raw embedding of
     * the reference: one forward and one dense tangent per node.
     */
    static double of(Parallel parallel, TowerSlice slice, float[] x, float[] reference, float[] referenceEmbedding,
                     QuadratureRule rule, Normalization normalization) {
        float[] delta = Vectors.difference(x, reference);
        float[] inputEmbedding = slice.embedding(parallel, x);
        DenseResidual integral = new DenseResidual(slice.projectionDim(), normalization, Vectors.norm(inputEmbedding));
        PathNodes.sum(parallel, slice, rule, reference, delta,
                (kernels, point, weight) -> integral.term(kernels, slice, slice.forward(kernels, point), delta, weight),
                integral::add);
        return integral.against(Factor.embeddingChange(normalization, inputEmbedding, referenceEmbedding));
    }
}
