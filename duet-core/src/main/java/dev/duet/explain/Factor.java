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
 * @param rows               U, [rowCount][dim] row-major
 * @param rowCount           the input's rows: tokens, or the image's rows at the cut
 * @param dim                P: the embedding's width
 * @param inputEmbedding     the tower's raw (unnormalised) embedding of the input, [P]
 * @param referenceEmbedding its raw embedding of the reference state, pooled at the input's row, [P]
 * @param normalization      where the normalisation entered the rows
 * @param rule               the fixed rule of the integral ({@link Quadrature#GAUSS_LEGENDRE}, on panels, for the adaptive mode)
 * @param nodes              the number of quadrature nodes used
 * @param residual           {@code |sum_i u_i - (F(x) - F(x_r))|}: the tower's own completeness error
 */
public record Factor(float[] rows, int rowCount, int dim, float[] inputEmbedding, float[] referenceEmbedding,
                     Normalization normalization, Quadrature rule, int nodes, double residual) {

    /**
     * Checks the arrays' lengths.
     *
     * @throws IllegalArgumentException if {@code rows} is not rowCount x dim long or an embedding not dim long
     */
    public Factor {
        if (rows.length != rowCount * dim || inputEmbedding.length != dim || referenceEmbedding.length != dim) {
            throw new IllegalArgumentException("factor of " + rowCount + " rows x " + dim + " has inconsistent arrays");
        }
    }

    /**
     * {@return the factor of these rows and this path integral: the inverse of {@link #integral()}}
     *
     * @param rows     U, [rowCount][dim] row-major
     * @param rowCount the input's rows
     * @param dim      P: the embedding's width
     * @param integral the embeddings, normalisation, rule, nodes and residual the rows were integrated with
     */
    public static Factor of(float[] rows, int rowCount, int dim, PathIntegral integral) {
        return new Factor(rows, rowCount, dim, integral.inputEmbedding(), integral.referenceEmbedding(),
                integral.normalization(), integral.rule(), integral.nodes(), integral.residual());
    }

    /** {@return everything but the rows: what an explanation keeps of this factor} */
    public PathIntegral integral() {
        return new PathIntegral(inputEmbedding, referenceEmbedding, normalization, rule, nodes, residual);
    }

    /**
     * {@return row i of U: the contribution of input row i, [P] (a fresh array)}
     *
     * @param i the row, 0..rowCount - 1
     */
    public float[] row(int i) {
        float[] row = new float[dim];
        System.arraycopy(rows, i * dim, row, 0, dim);
        return row;
    }

    /**
     * {@return this factor with rows [from, rowCount) explained as one: row {@code from} holds their sum, the later
     * rows are zero} A pull-back skips zero rows, so a group of inputs that no one reads apart (SigLIP's padding)
     * costs one row; by linearity the rows still add up to the embedding change, so completeness is unchanged.
     *
     * @param from the group's first row, 0..rowCount - 1
     */
    public Factor withRowsSummedInto(int from) {
        if (from < 0 || from >= rowCount) {
            throw new IllegalArgumentException("rows from " + from + " of " + rowCount);
        }
        float[] summed = rows.clone();
        for (int row = from + 1; row < rowCount; row++) {
            for (int j = 0; j < dim; j++) {
                summed[from * dim + j] += summed[row * dim + j];
                summed[row * dim + j] = 0;
            }
        }
        return new Factor(summed, rowCount, dim, inputEmbedding, referenceEmbedding, normalization, rule, nodes, residual);
    }

    /** {@return the rows that are not zero: what a pull-back of this factor's rows costs} */
    public int nonZeroRows() {
        int count = 0;
        for (int row = 0; row < rowCount; row++) {
            count += Vectors.isZero(rows, row * dim, dim) ? 0 : 1;
        }
        return count;
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
