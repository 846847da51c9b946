/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

/**
 * One input's whole contribution to its attributions (docs/method.md §3): the matrix
 * {@code U} stored row-wise, one row {@code u_i} [P] per input row (token, or CLS then patches),
 * so that {@code A = U V^T} in this layout. Also the raw embeddings of the input and of the
 * reference state (pooled at the input's row), which the completeness terms need.
 *
 * @param residual {@code |sum_i u_i - (F(x) - F(x_r))|}: the tower's own completeness error
 * @param rule the fixed rule of the integral ({@link Quadrature#GAUSS_LEGENDRE} for the adaptive mode)
 * @param nodes the number of quadrature nodes used
 */
public record Factor(float[] rows, int rowCount, int dim, float[] inputEmbedding, float[] referenceEmbedding,
                     Normalization normalization, Quadrature rule, int nodes, double residual) {

    public Factor {
        if (rows.length != rowCount * dim || inputEmbedding.length != dim || referenceEmbedding.length != dim) {
            throw new IllegalArgumentException("factor of " + rowCount + " rows x " + dim + " has inconsistent arrays");
        }
    }

    /** Everything but the rows: what an explanation keeps of this factor. */
    public PathIntegral integral() {
        return new PathIntegral(inputEmbedding, referenceEmbedding, normalization, rule, nodes, residual);
    }

    /** Row i of U: the contribution of input row i, [P]. */
    public float[] row(int i) {
        float[] row = new float[dim];
        System.arraycopy(rows, i * dim, row, 0, dim);
        return row;
    }

    /** F(x) - F(x_r) for this normalisation: the vector the rows of a factor add up to (docs/method.md §3). */
    static double[] embeddingChange(Normalization normalization, float[] input, float[] reference) {
        double[] mappedInput = mapped(normalization, input, input);
        double[] mappedReference = mapped(normalization, reference, input);
        double[] change = new double[input.length];
        for (int i = 0; i < change.length; i++) {
            change[i] = mappedInput[i] - mappedReference[i];
        }
        return change;
    }

    /** The embedding as F sees it: L2-normalised (exact), or divided by |input| (published). */
    static double[] mapped(Normalization normalization, float[] embedding, float[] input) {
        double norm = normalization == Normalization.EXACT ? Vectors.norm(embedding) : Vectors.norm(input);
        double[] mapped = new double[embedding.length];
        for (int i = 0; i < mapped.length; i++) {
            mapped[i] = embedding[i] / norm;
        }
        return mapped;
    }
}
