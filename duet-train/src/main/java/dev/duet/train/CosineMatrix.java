/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * The cosine of every image with every text of a batch, from raw embeddings, with its gradient
 * rule: the part both losses over pairs share ({@link ContrastiveLoss}, {@link SigmoidLoss}).
 * B images and C = B + N texts (the B captions, then N hard negatives) are L2-normalised
 * ({@link RowNormalization}), and {@code cos[i][j] = f_i . e_j}. Computed in double.
 *
 * @param e       [C][P] the normalised texts
 * @param f       [B][P] the normalised images
 * @param values  [B][C] the cosines, [image][text]
 */
record CosineMatrix(int pairs, int columns, int dim, double[] e, double[] f, double[] textNorms, double[] imageNorms,
                    double[] values) {

    /** The gradients by the raw embeddings: dText [C][P], dImages [B][P]. */
    record Gradients(float[] dText, float[] dImages) {
    }

    /**
     * @param text   [C][P] raw text embeddings, the hard negatives last
     * @param images [B][P] raw image embeddings
     */
    static CosineMatrix of(float[] text, float[] images, int pairs, int columns, int dim) {
        if (text.length != columns * dim || images.length != pairs * dim || pairs < 1) {
            throw new IllegalArgumentException("expected " + columns + " text and " + pairs + " image embeddings of "
                    + dim + ", got " + text.length + " and " + images.length + " values");
        }
        double[] textNorms = new double[columns];
        double[] imageNorms = new double[pairs];
        double[] e = RowNormalization.forward(text, columns, dim, textNorms);
        double[] f = RowNormalization.forward(images, pairs, dim, imageNorms);
        double[] values = new double[pairs * columns];
        for (int i = 0; i < pairs; i++) {
            for (int j = 0; j < columns; j++) {
                double cosine = 0;
                for (int k = 0; k < dim; k++) {
                    cosine += f[i * dim + k] * e[j * dim + k];
                }
                values[i * columns + j] = cosine;
            }
        }
        return new CosineMatrix(pairs, columns, dim, e, f, textNorms, imageNorms, values);
    }

    /**
     * The gradient rule from dCosines [B][C]: {@code df_i = sum_j dcos_ij e_j}, {@code de_j = sum_i dcos_ij f_i},
     * then back through the normalisation.
     */
    Gradients backward(double[] dCosines) {
        double[] dE = new double[columns * dim];
        double[] dF = new double[pairs * dim];
        for (int i = 0; i < pairs; i++) {
            for (int j = 0; j < columns; j++) {
                double dCosine = dCosines[i * columns + j];
                for (int k = 0; k < dim; k++) {
                    dF[i * dim + k] += dCosine * e[j * dim + k];
                    dE[j * dim + k] += dCosine * f[i * dim + k];
                }
            }
        }
        return new Gradients(RowNormalization.backward(dE, e, textNorms, columns, dim),
                RowNormalization.backward(dF, f, imageNorms, pairs, dim));
    }
}
